/// A validated `wildcard` pattern: literal byte runs separated by `*` (any run of bytes, maybe empty).
///
/// `\*` is a literal star and `\\` a literal backslash; `**`, a trailing `\` and any other `\x` are invalid.
public struct WildcardPattern: Sendable, Hashable {
    /// The literal segments; a `*` sits between each pair of consecutive segments.
    public let segments: [[UInt8]]

    /// Parses and validates a wildcard pattern.
    /// - Returns: the pattern, or a reason it is invalid.
    public static func parse(_ text: String) -> Result<WildcardPattern, WildcardFormatError> {
        var segments: [[UInt8]] = [[]]
        var bytes = Array(text.utf8)[...]
        var previousWasStar = false
        while let byte = bytes.popFirst() {
            if byte == UInt8(ascii: "\\") {
                guard let escaped = bytes.popFirst() else {
                    return .failure(WildcardFormatError(reason: "Wildcard pattern ends with an unescaped backslash"))
                }
                guard escaped == UInt8(ascii: "*") || escaped == UInt8(ascii: "\\") else {
                    return .failure(WildcardFormatError(reason: "Invalid escape in wildcard pattern: only \\* and \\\\ are allowed"))
                }
                segments[segments.count - 1].append(escaped)
                previousWasStar = false
            } else if byte == UInt8(ascii: "*") {
                guard !previousWasStar else {
                    return .failure(WildcardFormatError(reason: "Consecutive wildcard characters are not allowed"))
                }
                segments.append([])
                previousWasStar = true
            } else {
                segments[segments.count - 1].append(byte)
                previousWasStar = false
            }
        }
        return .success(WildcardPattern(segments: segments))
    }

    private init(segments: [[UInt8]]) {
        self.segments = segments
    }

    /// The number of `*` wildcards.
    public var starCount: Int { segments.count - 1 }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { matches(bytes: $0) }
    }

    /// Whether the bytes match the whole pattern (greedy star matching, O(n·m) worst case).
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = segments.first, let last = segments.last else { return false }
        if segments.count == 1 { return bytes.elementsEqual(first) }
        guard bytes.count >= first.count + last.count,
            bytes.starts(with: first),
            UnsafeBufferPointer(rebasing: bytes[(bytes.count - last.count)...]).elementsEqual(last)
        else { return false }
        var position = first.count
        let end = bytes.count - last.count
        for segment in segments.dropFirst().dropLast() {
            guard let found = Self.find(segment, in: bytes, from: position, to: end) else { return false }
            position = found + segment.count
        }
        return true
    }

    private static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) -> Int? {
        if needle.isEmpty { return from }
        guard end - from >= needle.count else { return nil }
        var start = from
        while start + needle.count <= end {
            if bytes[start] == needle[0], UnsafeBufferPointer(rebasing: bytes[start..<(start + needle.count)]).elementsEqual(needle) {
                return start
            }
            start += 1
        }
        return nil
    }
}

/// Why a `wildcard` operand is invalid.
public struct WildcardFormatError: Error, Sendable, Hashable {
    /// A human-readable reason.
    public let reason: String
}
