import HeraldEvents
import HeraldJSON

/// The payload Herald stores in the event log for one event: the bus it was put on and its envelope.
///
/// Layout (format 1): `0x01`, the bus name's UTF-8 length as a big-endian `UInt16`, the bus name, then the
/// envelope's compact JSON exactly as targets receive it (number literals preserved). Storage treats it as opaque
/// bytes; `Docs/storage.md` documents it beside the log record header.
public struct StoredEvent: Sendable, Hashable {
    /// The payload format this build writes.
    public static let formatVersion: UInt8 = 1

    /// The bus the event was put on (its name, not its ARN).
    public var busName: String
    /// The event's envelope JSON bytes.
    public var envelopeJSON: [UInt8]

    public init(busName: String, envelopeJSON: [UInt8]) {
        self.busName = busName
        self.envelopeJSON = envelopeJSON
    }

    /// The encoded payload.
    public var bytes: [UInt8] {
        let bus = Array(busName.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(3 + bus.count + envelopeJSON.count)
        out.append(Self.formatVersion)
        out.append(UInt8(truncatingIfNeeded: bus.count >> 8))
        out.append(UInt8(truncatingIfNeeded: bus.count))
        out += bus
        out += envelopeJSON
        return out
    }

    /// Decodes a payload read from the log.
    /// - Throws: ``StoredEventError`` for an unknown format or truncated bytes.
    public init(decoding payload: [UInt8]) throws(StoredEventError) {
        let decoded = payload.withUnsafeBytes { bytes in Result { () throws(StoredEventError) in try StoredEvent(decoding: bytes) } }
        self = try decoded.get()
    }

    /// Decodes a payload in place (e.g. straight from the log's memory map), copying out only the envelope bytes.
    /// - Throws: ``StoredEventError`` for an unknown format or truncated bytes.
    public init(decoding payload: UnsafeRawBufferPointer) throws(StoredEventError) {
        guard let version = payload.first else { throw .truncated }
        guard version == Self.formatVersion else { throw .unknownFormat(version) }
        guard payload.count >= 3 else { throw .truncated }
        let length = Int(payload[1]) << 8 | Int(payload[2])
        guard payload.count >= 3 + length else { throw .truncated }
        self.busName = String(decoding: UnsafeRawBufferPointer(rebasing: payload[3..<(3 + length)]), as: UTF8.self)
        self.envelopeJSON = Array(payload[(3 + length)...])
    }

    /// Parses the envelope.
    public func envelope() throws(EventEnvelopeError) -> EventEnvelope {
        try EventEnvelope(parsing: envelopeJSON)
    }
}

/// A log payload that is not a ``StoredEvent``.
public enum StoredEventError: Error, Sendable, Equatable {
    case unknownFormat(UInt8)
    case truncated
}
