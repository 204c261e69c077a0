import HeraldJSON

/// Writes an envelope's compact JSON text member by member, in EventBridge's order, into one buffer: the same bytes
/// as `EventEnvelope.jsonValue.jsonBytes`, without building the ``JSONValue``.
struct EnvelopeWriter {
    /// The text written so far.
    var output: [UInt8] = []

    /// Creates a writer whose buffer holds `capacity` bytes before growing.
    init(capacity: Int) {
        output.reserveCapacity(capacity)
    }

    /// Writes `{"version":…,"id":…,…,"resources":[…],"detail":` — everything before the detail's value.
    mutating func writeHead(
        version: String, id: String, detailType: String, source: String, account: String, time: UTCTime, region: String,
        resources: [String]
    ) {
        output.append(contentsOf: #"{"version":"#.utf8)
        JSONValue.writeString(version, to: &output)
        output.append(contentsOf: #","id":"#.utf8)
        JSONValue.writeString(id, to: &output)
        output.append(contentsOf: #","detail-type":"#.utf8)
        JSONValue.writeString(detailType, to: &output)
        output.append(contentsOf: #","source":"#.utf8)
        JSONValue.writeString(source, to: &output)
        output.append(contentsOf: #","account":"#.utf8)
        JSONValue.writeString(account, to: &output)
        output.append(contentsOf: #","time":"#.utf8)
        writeTime(time)
        output.append(contentsOf: #","region":"#.utf8)
        JSONValue.writeString(region, to: &output)
        output.append(contentsOf: #","resources":["#.utf8)
        for (position, resource) in resources.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONValue.writeString(resource, to: &output)
        }
        output.append(contentsOf: #"],"detail":"#.utf8)
    }

    /// Writes `time` as a JSON string with whole seconds (``UTCTime/iso8601String``), digit by digit for the years
    /// 0000–9999 and through the string otherwise.
    mutating func writeTime(_ time: UTCTime) {
        let civil = CivilDateTime(time)
        guard (0...9999).contains(civil.year) else {
            JSONValue.writeString(time.iso8601String, to: &output)
            return
        }
        output.append(UInt8(ascii: "\""))
        writeDigits(civil.year, 4)
        output.append(UInt8(ascii: "-"))
        writeDigits(civil.month, 2)
        output.append(UInt8(ascii: "-"))
        writeDigits(civil.day, 2)
        output.append(UInt8(ascii: "T"))
        writeDigits(civil.hour, 2)
        output.append(UInt8(ascii: ":"))
        writeDigits(civil.minute, 2)
        output.append(UInt8(ascii: ":"))
        writeDigits(civil.second, 2)
        output.append(contentsOf: #"Z""#.utf8)
    }

    /// Writes the `count` lowest decimal digits of a non-negative `value`, zero-padded.
    private mutating func writeDigits(_ value: Int, _ count: Int) {
        var divisor = 1
        for _ in 1..<count { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            output.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
