/// The journal encoding of ``DeliveryOutcomeRecord``: compact binary (format 2), written on every delivery attempt
/// while the ledger is on, so it must cost next to nothing to write and read.
///
/// Layout: `0x02`; `u64` sequence, `u64` time (ms), `u32` latency (µs), `i32` attempt, `u8` outcome (0 delivered,
/// 1 failed and retrying, 2 dead-lettered), `i32` status (−1: none), all big-endian; then ten strings — event id,
/// bus, rule, target, error (at most 512 characters), provider, provider message id, channel, recipient,
/// correlation id — each a big-endian `u16` byte length (`0xFFFF`: absent) and its UTF-8 bytes (at most 65,534).
/// Records written by earlier builds are JSON objects (they start with `{`); ``init(decoding:)`` reads both.
extension DeliveryOutcomeRecord {
    /// The first byte of a binary record.
    static let binaryFormat: UInt8 = 2

    /// The record in the binary journal format.
    var binaryBytes: [UInt8] {
        let error = error.flatMap { $0.isEmpty ? nil : String($0.prefix(512)) }
        let provider = annotation?.provider, messageID = annotation?.providerMessageID, channel = annotation?.channel
        let recipient = annotation?.recipient, correlationID = annotation?.correlationID
        // One allocation: the exact size is known up front (this runs on every delivery attempt).
        func length(_ string: String?) -> Int { 2 + min(string?.utf8.count ?? 0, 0xFFFE) }
        let size = 1 + 8 + 8 + 4 + 4 + 1 + 4 + length(eventID) + length(bus) + length(rule) + length(target) + length(error)
            + length(provider) + length(messageID) + length(channel) + length(recipient) + length(correlationID)
        var out: [UInt8] = []
        out.reserveCapacity(size)
        out.append(Self.binaryFormat)
        Self.append(sequence, byteCount: 8, to: &out)
        Self.append(time, byteCount: 8, to: &out)
        Self.append(UInt64(latencyMicroseconds), byteCount: 4, to: &out)
        Self.append(UInt64(UInt32(bitPattern: Int32(clamping: attempt))), byteCount: 4, to: &out)
        out.append(outcome.code)
        Self.append(UInt64(UInt32(bitPattern: statusCode.map { Int32(clamping: $0) } ?? -1)), byteCount: 4, to: &out)
        // Written one by one (an array of the ten would be one more allocation per record).
        Self.append(eventID, to: &out)
        Self.append(bus, to: &out)
        Self.append(rule, to: &out)
        Self.append(target, to: &out)
        Self.append(error, to: &out)
        Self.append(provider, to: &out)
        Self.append(messageID, to: &out)
        Self.append(channel, to: &out)
        Self.append(recipient, to: &out)
        Self.append(correlationID, to: &out)
        return out
    }

    /// Appends a length-prefixed string (`0xFFFF` for nil), its bytes copied in one go.
    private static func append(_ string: String?, to out: inout [UInt8]) {
        guard var string else {
            out.append(0xFF)
            out.append(0xFF)
            return
        }
        string.withUTF8 { bytes in
            let count = min(bytes.count, 0xFFFE)
            out.append(UInt8(truncatingIfNeeded: count >> 8))
            out.append(UInt8(truncatingIfNeeded: count))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes.prefix(count)))
        }
    }

    /// Appends the low `byteCount` bytes of `value`, big-endian.
    private static func append(_ value: UInt64, byteCount: Int, to out: inout [UInt8]) {
        for shift in stride(from: (byteCount - 1) * 8, through: 0, by: -8) {
            out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }

    /// Decodes a binary record; nil when it is not one or is truncated.
    init?(binary bytes: [UInt8]) {
        guard bytes.first == Self.binaryFormat else { return nil }
        var index = 1
        func u64() -> UInt64? {
            guard index + 8 <= bytes.count else { return nil }
            defer { index += 8 }
            return bytes[index..<(index + 8)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        func u32() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            defer { index += 4 }
            return bytes[index..<(index + 4)].reduce(0) { $0 << 8 | UInt32($1) }
        }
        func string() -> String?? {
            guard index + 2 <= bytes.count else { return nil }
            let length = Int(bytes[index]) << 8 | Int(bytes[index + 1])
            index += 2
            if length == 0xFFFF { return .some(nil) }
            guard index + length <= bytes.count else { return nil }
            defer { index += length }
            return .some(String(decoding: bytes[index..<(index + length)], as: UTF8.self))
        }
        guard let sequence = u64(), let time = u64(), let latency = u32(), let attempt = u32(), index < bytes.count,
            let outcome = Outcome(code: bytes[index])
        else { return nil }
        index += 1
        guard let status = u32(), let eventID = string() ?? nil, let bus = string() ?? nil, let rule = string() ?? nil,
            let target = string() ?? nil, let error = string(), let provider = string(), let messageID = string(),
            let channel = string(), let recipient = string(), let correlation = string()
        else { return nil }
        let annotation = DeliveryAnnotation(
            provider: provider, providerMessageID: messageID, channel: channel, recipient: recipient, correlationID: correlation)
        let statusCode = Int32(bitPattern: status)
        self.init(
            eventID: eventID, sequence: sequence, bus: bus, rule: rule, target: target, attempt: Int(Int32(bitPattern: attempt)),
            time: time, latencyMicroseconds: latency, outcome: outcome, statusCode: statusCode < 0 ? nil : Int(statusCode),
            error: error, annotation: annotation == DeliveryAnnotation() ? nil : annotation)
    }
}

extension DeliveryOutcomeRecord.Outcome {
    /// The outcome's code in the binary format.
    var code: UInt8 {
        switch self {
        case .delivered: 0
        case .failedRetrying: 1
        case .deadLettered: 2
        }
    }

    /// The outcome with binary code `code`, if any.
    init?(code: UInt8) {
        switch code {
        case 0: self = .delivered
        case 1: self = .failedRetrying
        case 2: self = .deadLettered
        default: return nil
        }
    }
}
