import Foundation

/// The lifecycle state of an archive (`ArchiveState`).
public enum ArchiveState: String, Sendable, Codable, CaseIterable {
    /// States named as EventBridge names them.
    case enabled = "ENABLED", disabled = "DISABLED", creating = "CREATING", updating = "UPDATING"
    /// Failure states.
    case createFailed = "CREATE_FAILED", updateFailed = "UPDATE_FAILED"
}

/// An archive of the events sent to a bus (optionally filtered by a pattern), kept for replay.
public struct Archive: Sendable, Equatable, Codable {
    /// The archive name (1–48 characters).
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:archive/NAME`.
    public var arn: String
    /// The ARN of the archived bus.
    public var eventSourceArn: String
    /// Optional description.
    public var description: String?
    /// Optional pattern; only matching events are archived.
    public var eventPattern: String?
    /// The state.
    public var state: ArchiveState
    /// Why the archive is in its state.
    public var stateReason: String?
    /// KMS key identifier (recorded only).
    public var kmsKeyIdentifier: String?
    /// Days to keep events; 0 keeps them forever.
    public var retentionDays: Int
    /// Bytes archived (maintained by the archiver through ``Catalog/recordArchiveStatistics(name:eventCount:sizeBytes:)``).
    public var sizeBytes: Int64
    /// Events archived.
    public var eventCount: Int64
    /// When it was created.
    public var creationTime: Date

    /// Creates an archive record.
    public init(
        name: String, arn: String, eventSourceArn: String, description: String? = nil, eventPattern: String? = nil,
        state: ArchiveState = .enabled, stateReason: String? = nil, kmsKeyIdentifier: String? = nil, retentionDays: Int = 0,
        sizeBytes: Int64 = 0, eventCount: Int64 = 0, creationTime: Date
    ) {
        self.name = name
        self.arn = arn
        self.eventSourceArn = eventSourceArn
        self.description = description
        self.eventPattern = eventPattern
        self.state = state
        self.stateReason = stateReason
        self.kmsKeyIdentifier = kmsKeyIdentifier
        self.retentionDays = retentionDays
        self.sizeBytes = sizeBytes
        self.eventCount = eventCount
        self.creationTime = creationTime
    }

    enum CodingKeys: String, CodingKey {
        case name = "ArchiveName", arn = "ArchiveArn", eventSourceArn = "EventSourceArn", description = "Description"
        case eventPattern = "EventPattern", state = "State", stateReason = "StateReason"
        case kmsKeyIdentifier = "KmsKeyIdentifier", retentionDays = "RetentionDays", sizeBytes = "SizeBytes"
        case eventCount = "EventCount", creationTime = "CreationTime"
    }
}

/// The members of a `CreateArchive` or `UpdateArchive` request.
public struct ArchiveInput: Sendable, Equatable, Codable {
    /// The archive name.
    public var archiveName: String?
    /// The bus ARN (create only).
    public var eventSourceArn: String?
    /// Description.
    public var description: String?
    /// Pattern filtering archived events.
    public var eventPattern: String?
    /// Retention in days (≥ 0).
    public var retentionDays: Int?
    /// KMS key identifier.
    public var kmsKeyIdentifier: String?

    /// Creates the input.
    public init(
        archiveName: String?, eventSourceArn: String? = nil, description: String? = nil, eventPattern: String? = nil,
        retentionDays: Int? = nil, kmsKeyIdentifier: String? = nil
    ) {
        self.archiveName = archiveName
        self.eventSourceArn = eventSourceArn
        self.description = description
        self.eventPattern = eventPattern
        self.retentionDays = retentionDays
        self.kmsKeyIdentifier = kmsKeyIdentifier
    }

    enum CodingKeys: String, CodingKey {
        case archiveName = "ArchiveName", eventSourceArn = "EventSourceArn", description = "Description"
        case eventPattern = "EventPattern", retentionDays = "RetentionDays", kmsKeyIdentifier = "KmsKeyIdentifier"
    }
}
