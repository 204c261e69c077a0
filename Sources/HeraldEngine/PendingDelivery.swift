import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldStorage

/// One event on its way to one target: a fresh event from the log or a due retry.
struct PendingDelivery: Sendable {
    let sequence: UInt64
    let ingestionTime: UTCTime
    /// The event, shared with the other deliveries of it.
    let event: DeliveredEvent
    // Borrowed from the shared event (a plain getter would copy the envelope's members on every use).
    var envelope: EventEnvelope { _read { yield event.envelope } }
    var envelopeJSON: [UInt8] { _read { yield event.envelopeJSON } }
    /// Attempts so far this round and the age budget's origin (the ingestion time).
    var state: DeliveryState<UTCTime>
    /// Whether the event came from the retry queue (success must then remove its retry entry).
    let isRetry: Bool
    /// Attempts recorded before this one, over the event's whole history for the target (redrives included).
    let priorAttempts: Int

    /// Decodes a log record; nil (and a reason) when it is not a Herald event.
    static func decode(_ record: LogRecord) -> Result<(bus: String, json: JSONValue, envelopeJSON: [UInt8]), DecodeFailure> {
        record.payload.withUnsafeBytes { decode(sequence: record.sequence, payload: $0) }
    }

    /// Decodes a log record's payload in place (see ``EventLog/read(from:limit:maxBytes:visit:)``).
    static func decode(sequence: UInt64, payload: UnsafeRawBufferPointer) -> Result<(bus: String, json: JSONValue, envelopeJSON: [UInt8]), DecodeFailure> {
        let stored: StoredEvent
        do {
            stored = try StoredEvent(decoding: payload)
        } catch {
            return .failure(DecodeFailure(message: "log record \(sequence) is not a Herald event: \(error)"))
        }
        do {
            return .success((stored.busName, try JSONValue(parsing: stored.envelopeJSON), stored.envelopeJSON))
        } catch {
            return .failure(DecodeFailure(message: "log record \(sequence) has invalid envelope JSON: \(error)"))
        }
    }

    init(record: LogRecord, json: JSONValue, envelopeJSON: [UInt8], retry: RetryEntry?) throws(EventEnvelopeError) {
        let event = DeliveredEvent(envelope: try EventEnvelope(json: json), envelopeJSON: envelopeJSON)
        self.init(sequence: record.sequence, ingestTime: record.ingestTime, event: event, retry: retry)
    }

    /// A delivery of a fresh event whose envelope is already parsed (see ``DecodedEventCache``).
    init(sequence: UInt64, ingestTime: UInt64, decoded: DecodedEventCache.Decoded) throws(EventEnvelopeError) {
        self.init(sequence: sequence, ingestTime: ingestTime, event: try decoded.event.get(), retry: nil)
    }

    private init(sequence: UInt64, ingestTime: UInt64, event: DeliveredEvent, retry: RetryEntry?) {
        self.sequence = sequence
        ingestionTime = UTCTime(nanosecondsSince1970: Int64(ingestTime) * 1_000_000)
        self.event = event
        state = DeliveryState(ageOrigin: ingestionTime, attempts: Int(retry?.attemptsThisRound ?? 0))
        isRetry = retry != nil
        priorAttempts = Int(retry?.attemptCount ?? 0)
    }
}

/// A log record that could not be decoded.
struct DecodeFailure: Error, Sendable {
    let message: String
}

/// The result of one attempt.
struct AttemptOutcome: Sendable {
    var delivery: PendingDelivery
    let verdict: AttemptVerdict
    /// The failure record stored with retries and dead letters (nil on success).
    let failure: FailureAttempt?
    let response: DeliveryResponse?
    /// When the attempt started.
    let startedAt: UTCTime
    /// What the delivery observer recognized (and the channel preset added) about the attempt.
    var annotation: DeliveryAnnotation? = nil
    /// False when nothing was sent because the target stopped (removed, or Herald shutting down) while the event
    /// waited for its rate limit: no outcome is recorded, so a fresh event stays ahead of the cursor and a retry in the
    /// queue, both sent again after a restart if the target still exists.
    var sent = true

    /// The outcome of an event not sent because its target stopped while it waited (see ``sent``).
    static func notSent(_ delivery: PendingDelivery, at time: UTCTime) -> AttemptOutcome {
        AttemptOutcome(
            delivery: delivery, verdict: .retryable(FailureReason(message: "target stopped"), retryAfter: nil), failure: nil,
            response: nil, startedAt: time, sent: false)
    }
}
