/// What the predefined InputTransformer variables resolve to for one delivery.
public struct TransformContext: Sendable, Hashable {
    /// `<aws.events.rule-arn>`: the ARN of the rule that matched.
    public var ruleArn: String
    /// `<aws.events.rule-name>`: the name of the rule that matched.
    public var ruleName: String
    /// `<aws.events.event.ingestion-time>`: when Herald received the event (written as ISO 8601).
    public var ingestionTime: UTCTime

    /// Creates a context.
    public init(ruleArn: String, ruleName: String, ingestionTime: UTCTime) {
        self.ruleArn = ruleArn
        self.ruleName = ruleName
        self.ingestionTime = ingestionTime
    }
}
