import HeraldEngine
import HeraldJSON
import HeraldStorage

/// A log record decoded once for archive matching: the stored event, its parsed envelope and its `replay-name`.
public struct DecodedLogEvent: Sendable {
    /// The record's sequence.
    public let sequence: UInt64
    /// The record's ingest time (ms since the epoch).
    public let ingestTime: UInt64
    /// The stored bus name and envelope bytes.
    public let stored: StoredEvent
    /// The parsed envelope.
    public let json: JSONValue
    /// The envelope's `replay-name`, set on events a replay re-injected.
    public let replayName: String?

    /// Decodes `record`; `nil` when the payload is not a stored event or its envelope is not a JSON object.
    public init?(_ record: LogRecord) {
        guard let stored = try? StoredEvent(decoding: record.payload) else { return nil }
        self.init(record, stored: stored)
    }

    /// Parses the envelope of `record`, whose payload was already decoded as `stored`; `nil` when the envelope
    /// is not a JSON object.
    public init?(_ record: LogRecord, stored: StoredEvent) {
        guard let json = try? JSONValue(parsing: stored.envelopeJSON), case .object = json else { return nil }
        self.sequence = record.sequence
        self.ingestTime = record.ingestTime
        self.stored = stored
        self.json = json
        if case .string(let name)? = json["replay-name"] { replayName = name } else { replayName = nil }
    }
}
