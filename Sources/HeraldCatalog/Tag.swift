/// A resource tag (`Tag`): a key of 1–128 characters and a value of 0–256 characters.
public struct Tag: Sendable, Equatable, Codable, Hashable {
    /// The tag key.
    public var key: String
    /// The tag value.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case key = "Key", value = "Value"
    }

    /// Validates a tag list against the service model (`TagList`, `TagKey`, `TagValue`).
    static func validate(_ tags: [Tag]?, _ path: String, into v: inout ShapeValidator) {
        for (index, tag) in (tags ?? []).enumerated() {
            v.string(tag.key, "\(path).\(index + 1).member.key", min: 1, max: 128)
            v.string(tag.value, "\(path).\(index + 1).member.value", min: 0, max: 256)
            // `aws:` is AWS's own prefix (system tags); callers cannot set it.
            if tag.key.lowercased().hasPrefix("aws:") {
                v.fail("\(path).\(index + 1).member.key", value: tag.key, constraint: "not begin with the reserved prefix aws:")
            }
        }
    }
}

/// A dead-letter queue reference (`DeadLetterConfig`).
public struct DeadLetterConfig: Sendable, Equatable, Codable, Hashable {
    /// The ARN of the queue that receives events that could not be delivered.
    public var arn: String?

    /// Creates a dead-letter configuration.
    public init(arn: String?) { self.arn = arn }

    enum CodingKeys: String, CodingKey { case arn = "Arn" }
}

/// Logging settings of an event bus (`LogConfig`); recorded and returned, not acted upon.
public struct LogConfig: Sendable, Equatable, Codable, Hashable {
    /// `NONE` or `FULL`.
    public var includeDetail: String?
    /// `OFF`, `ERROR`, `INFO` or `TRACE`.
    public var level: String?

    /// Creates a log configuration.
    public init(includeDetail: String? = nil, level: String? = nil) {
        self.includeDetail = includeDetail
        self.level = level
    }

    enum CodingKeys: String, CodingKey { case includeDetail = "IncludeDetail", level = "Level" }
}
