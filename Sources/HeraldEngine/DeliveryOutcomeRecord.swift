import HeraldJSON

/// One delivery attempt's outcome as written to the storage journal (``HeraldStorage/OutcomeJournal``) in the same
/// transaction as the cursor, retry or dead-letter change it caused; read back by the delivery ledger.
///
/// Encoded as a compact JSON object (field names below), so the journal stays readable with standard tools.
public struct DeliveryOutcomeRecord: Sendable, Hashable {
    /// What happened to the attempt.
    public enum Outcome: String, Sendable, Hashable {
        /// The target accepted the event.
        case delivered
        /// The attempt failed and a retry was scheduled.
        case failedRetrying = "failed_retrying"
        /// The event was moved to the dead-letter queue.
        case deadLettered = "dead_lettered"
    }

    /// The event's id.
    public var eventID: String
    /// The event's log sequence.
    public var sequence: UInt64
    /// The bus name.
    public var bus: String
    /// The rule name.
    public var rule: String
    /// The target id.
    public var target: String
    /// 1-based attempt number across the event's whole history for this target (0 when dead-lettered without an
    /// attempt, e.g. its age budget ran out in the retry queue).
    public var attempt: Int
    /// When the attempt started, ms since the epoch.
    public var time: UInt64
    /// How long it took, µs.
    public var latencyMicroseconds: UInt32
    /// The outcome.
    public var outcome: Outcome
    /// HTTP status, when a response arrived.
    public var statusCode: Int?
    /// Error text or dead-letter reason.
    public var error: String?
    /// What the observer recognized (provider message id, recipient…).
    public var annotation: DeliveryAnnotation?

    /// Creates a value.
    public init(
        eventID: String, sequence: UInt64, bus: String, rule: String, target: String, attempt: Int, time: UInt64,
        latencyMicroseconds: UInt32, outcome: Outcome, statusCode: Int? = nil, error: String? = nil,
        annotation: DeliveryAnnotation? = nil
    ) {
        self.eventID = eventID
        self.sequence = sequence
        self.bus = bus
        self.rule = rule
        self.target = target
        self.attempt = attempt
        self.time = time
        self.latencyMicroseconds = latencyMicroseconds
        self.outcome = outcome
        self.statusCode = statusCode
        self.error = error
        self.annotation = annotation
    }

    /// The journal encoding: compact binary (see `DeliveryOutcomeRecord+Binary.swift`).
    public var bytes: [UInt8] { binaryBytes }

    /// Decodes a journal record in either format (binary, or JSON from earlier builds); nil when it is neither.
    public init?(decoding bytes: [UInt8]) {
        if bytes.first == Self.binaryFormat {
            self.init(binary: bytes)
        } else {
            self.init(json: bytes)
        }
    }

    /// Decodes a JSON record.
    init?(json bytes: [UInt8]) {
        guard let value = try? JSONValue(parsing: bytes), let object = value.objectValue,
            let eventID = object["id"]?.stringValue, let sequence = object["seq"]?.numberValue.flatMap({ UInt64($0.literal) }),
            let bus = object["bus"]?.stringValue, let rule = object["rule"]?.stringValue,
            let target = object["target"]?.stringValue, let attempt = object["attempt"]?.numberValue.flatMap({ Int($0.literal) }),
            let time = object["time"]?.numberValue.flatMap({ UInt64($0.literal) }), let outcomeText = object["outcome"]?.stringValue,
            let outcome = Outcome(rawValue: outcomeText)
        else { return nil }
        let annotation = DeliveryAnnotation(
            provider: object["provider"]?.stringValue, providerMessageID: object["provider_message_id"]?.stringValue,
            channel: object["channel"]?.stringValue, recipient: object["recipient"]?.stringValue,
            correlationID: object["correlation_id"]?.stringValue)
        self.init(
            eventID: eventID, sequence: sequence, bus: bus, rule: rule, target: target, attempt: attempt, time: time,
            latencyMicroseconds: UInt32(clamping: Int(object["latency_us"]?.doubleValue ?? 0)), outcome: outcome,
            statusCode: object["status"]?.numberValue.flatMap { Int($0.literal) }, error: object["error"]?.stringValue,
            annotation: annotation == DeliveryAnnotation() ? nil : annotation)
    }
}
