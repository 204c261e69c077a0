/// The `equals-ignore-case` language of AWS's matcher, compiled.
///
/// For each UTF-16 unit `c` of the pattern the event must contain either `toLowerCase(c)` or
/// `toUpperCase(c)` (Java, `Locale.ROOT`, full string mappings of the one-unit string), as UTF-8.
/// A surrogate unit maps to `?` (what Java's UTF-8 encoder writes for a lone surrogate). There is no
/// case folding: `ß` matches `ß` and `SS` only, `ǅ` matches `ǆ` and `Ǆ` only.
public struct IgnoreCasePattern: Sendable, Hashable {
    /// For each pattern unit, its one or two distinct UTF-8 alternatives.
    public let units: [[[UInt8]]]

    /// Compiles the pattern text.
    public init(_ text: String) {
        var units: [[[UInt8]]] = []
        for unit in text.utf16 {
            guard let scalar = Unicode.Scalar(UInt32(unit)), !UTF16.isLeadSurrogate(unit), !UTF16.isTrailSurrogate(unit)
            else {
                units.append([[UInt8(ascii: "?")]])
                continue
            }
            let lower = Array(scalar.properties.lowercaseMapping.utf8)
            let upper = Array(scalar.properties.uppercaseMapping.utf8)
            units.append(lower == upper ? [lower] : [lower, upper])
        }
        self.units = units
    }

    /// The positions in `bytes` reachable after matching every unit starting at `start`, walking
    /// forwards (`reversed == false`) or backwards from the end.
    private func reachable(_ bytes: UnsafeBufferPointer<UInt8>, reversed: Bool) -> [Int] {
        var positions: [Int] = [reversed ? bytes.count : 0]
        let unitOrder: [[[UInt8]]] = reversed ? units.reversed() : units
        for alternatives in unitOrder {
            var next: [Int] = []
            for position in positions {
                for alternative in alternatives {
                    if reversed {
                        let start = position - alternative.count
                        guard start >= 0 else { continue }
                        if UnsafeBufferPointer(rebasing: bytes[start..<position]).elementsEqual(alternative), !next.contains(start) {
                            next.append(start)
                        }
                    } else {
                        let end = position + alternative.count
                        guard end <= bytes.count else { continue }
                        if UnsafeBufferPointer(rebasing: bytes[position..<end]).elementsEqual(alternative), !next.contains(end) {
                            next.append(end)
                        }
                    }
                }
            }
            if next.isEmpty { return [] }
            positions = next
        }
        return positions
    }

    /// Whether the whole of `text` matches.
    public func matchesWhole(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { bytes in reachable(bytes, reversed: false).contains(bytes.count) }
    }

    /// Whether `text` starts with a match.
    public func matchesPrefix(of text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { !reachable($0, reversed: false).isEmpty }
    }

    /// Whether `text` ends with a match.
    public func matchesSuffix(of text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { !reachable($0, reversed: true).isEmpty }
    }
}
