import Foundation

/// An event bus (`EventBus` / `DescribeEventBusResponse`). The `default` bus always exists.
public struct EventBus: Sendable, Equatable, Codable {
    /// The bus name (1–256 characters of `[/\.\-_A-Za-z0-9]`).
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:event-bus/NAME`.
    public var arn: String
    /// Optional description (≤ 512 characters).
    public var description: String?
    /// KMS key identifier; recorded only (Herald does not encrypt with KMS).
    public var kmsKeyIdentifier: String?
    /// Bus-level dead-letter queue.
    public var deadLetterConfig: DeadLetterConfig?
    /// Bus logging settings; recorded only.
    public var logConfig: LogConfig?
    /// Resource policy JSON, if any; recorded only.
    public var policy: String?
    /// When the bus was created.
    public var creationTime: Date
    /// When the bus was last changed.
    public var lastModifiedTime: Date

    /// Creates a bus record.
    public init(
        name: String, arn: String, description: String? = nil, kmsKeyIdentifier: String? = nil,
        deadLetterConfig: DeadLetterConfig? = nil, logConfig: LogConfig? = nil, policy: String? = nil,
        creationTime: Date, lastModifiedTime: Date
    ) {
        self.name = name
        self.arn = arn
        self.description = description
        self.kmsKeyIdentifier = kmsKeyIdentifier
        self.deadLetterConfig = deadLetterConfig
        self.logConfig = logConfig
        self.policy = policy
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
    }

    /// The name of the bus every account has.
    public static let defaultName = "default"

    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "Arn", description = "Description", kmsKeyIdentifier = "KmsKeyIdentifier"
        case deadLetterConfig = "DeadLetterConfig", logConfig = "LogConfig", policy = "Policy"
        case creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
    }
}

/// The members of a `CreateEventBus` request that Herald records.
public struct CreateEventBusInput: Sendable, Equatable, Codable {
    /// The new bus's name.
    public var name: String?
    /// Partner event source; Herald has no partner sources, so giving one is refused.
    public var eventSourceName: String?
    /// Optional description.
    public var description: String?
    /// KMS key identifier (recorded only).
    public var kmsKeyIdentifier: String?
    /// Bus-level dead-letter queue.
    public var deadLetterConfig: DeadLetterConfig?
    /// Logging settings (recorded only).
    public var logConfig: LogConfig?
    /// Tags to attach.
    public var tags: [Tag]?

    /// Creates the input.
    public init(
        name: String?, eventSourceName: String? = nil, description: String? = nil, kmsKeyIdentifier: String? = nil,
        deadLetterConfig: DeadLetterConfig? = nil, logConfig: LogConfig? = nil, tags: [Tag]? = nil
    ) {
        self.name = name
        self.eventSourceName = eventSourceName
        self.description = description
        self.kmsKeyIdentifier = kmsKeyIdentifier
        self.deadLetterConfig = deadLetterConfig
        self.logConfig = logConfig
        self.tags = tags
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", eventSourceName = "EventSourceName", description = "Description"
        case kmsKeyIdentifier = "KmsKeyIdentifier", deadLetterConfig = "DeadLetterConfig", logConfig = "LogConfig"
        case tags = "Tags"
    }
}
