import HeraldJSON

/// Builds the envelope of a replayed event: the archived envelope's bytes unchanged, plus a `replay-name` member.
enum ReplayedEnvelope {
    /// `envelope` (a JSON object) with `"replay-name": replayName` appended as its last member; `nil` when
    /// `envelope` does not end with `}`.
    static func adding(replayName: String, to envelope: [UInt8]) -> [UInt8]? {
        var end = envelope.count
        while end > 0, isWhitespace(envelope[end - 1]) { end -= 1 }
        guard end > 0, envelope[end - 1] == UInt8(ascii: "}") else { return nil }
        var output = Array(envelope[..<(end - 1)])
        var last = output.count
        while last > 0, isWhitespace(output[last - 1]) { last -= 1 }
        guard last > 0 else { return nil }
        if output[last - 1] != UInt8(ascii: "{") { output.append(UInt8(ascii: ",")) }
        output.append(contentsOf: "\"replay-name\":".utf8)
        JSONValue.writeString(replayName, to: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
