import HeraldEvents
import HeraldJSON

/// The event a scheduled rule emits, as EventBridge builds it.
public enum ScheduledEvent {
    /// `source: aws.events`, `detail-type: Scheduled Event`, `resources: [rule ARN]`, `detail: {}`,
    /// `time` = the scheduled fire time.
    ///
    /// - Parameters:
    ///   - ruleArn: the scheduled rule's ARN.
    ///   - fireTime: when the schedule fired.
    ///   - id: the new event's id.
    ///   - account: the bus's account.
    ///   - region: the bus's region.
    public static func envelope(ruleArn: String, fireTime: UTCTime, id: String, account: String, region: String) -> EventEnvelope {
        EventEnvelope(
            id: id,
            detailType: "Scheduled Event",
            source: "aws.events",
            account: account,
            time: fireTime,
            region: region,
            resources: [ruleArn],
            detail: JSONObject()
        )
    }
}
