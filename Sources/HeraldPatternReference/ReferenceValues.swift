import HeraldJSON
import HeraldPattern

/// Naive evaluation of one pattern-array element against one leaf.
enum ReferenceValues {
    /// Whether the leaf satisfies the element.
    static func matches(_ matcher: ValueMatcher, _ leaf: JSONValue) -> Bool {
        switch matcher {
        case .string(let text, let ip):
            guard case .string(let value) = leaf else { return false }
            if let ip { return ip.contains(address: value) }
            return bytes(value) == bytes(text.string)
        case .exactly(let text):
            guard case .string(let value) = leaf else { return false }
            return bytes(value) == bytes(text.string)
        case .number(let number):
            guard case .number(let value) = leaf else { return false }
            return number.matches(PatternNumber(literal: value.literal))
        case .bool(let flag):
            return leaf == .bool(flag)
        case .null:
            return leaf == .null
        case .prefix(let text):
            guard case .string(let value) = leaf else { return false }
            return bytes(value).starts(with: bytes(text.string))
        case .suffix(let text):
            guard case .string(let value) = leaf else { return false }
            return hasSuffix(bytes(value), bytes(text.string))
        case .prefixIgnoreCase(let pattern):
            guard case .string(let value) = leaf else { return false }
            return ignoreCase(pattern.units[...], bytes(value)[...], whole: false)
        case .suffixIgnoreCase(let pattern):
            guard case .string(let text) = leaf else { return false }
            let value = bytes(text)
            return (0...value.count).contains { ignoreCase(pattern.units[...], value[$0...], whole: true) }
        case .equalsIgnoreCase(let pattern):
            guard case .string(let value) = leaf else { return false }
            return ignoreCase(pattern.units[...], bytes(value)[...], whole: true)
        case .wildcard(let pattern):
            guard case .string(let value) = leaf else { return false }
            return wildcard(pattern.segments, bytes(value))
        case .anythingBut(let condition):
            return !excluded(condition, leaf)
        case .numeric(let range):
            guard case .number(let value) = leaf, let double = PatternNumber(literal: value.literal).value else { return false }
            return range.contains(double)
        case .exists(let present):
            return present
        case .cidr(let range):
            guard case .string(let value) = leaf else { return false }
            return range.contains(address: value)
        }
    }

    private static func excluded(_ condition: AnythingBut, _ leaf: JSONValue) -> Bool {
        if case .numbers(let values) = condition {
            guard case .number(let value) = leaf, let double = PatternNumber(literal: value.literal).value else { return false }
            return values.contains(double)
        }
        guard case .string(let value) = leaf else { return false }
        let valueBytes = bytes(value)
        switch condition {
        case .numbers: return false
        case .strings(let texts): return texts.contains { bytes($0.string) == valueBytes }
        case .prefixes(let texts): return texts.contains { valueBytes.starts(with: bytes($0)) }
        case .suffixes(let texts): return texts.contains { hasSuffix(valueBytes, bytes($0)) }
        case .equalsIgnoreCase(let patterns): return patterns.contains { ignoreCase($0.units[...], valueBytes[...], whole: true) }
        case .wildcards(let patterns): return patterns.contains { wildcard($0.segments, valueBytes) }
        }
    }

    private static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    private static func hasSuffix(_ value: [UInt8], _ suffix: [UInt8]) -> Bool {
        value.count >= suffix.count && Array(value[(value.count - suffix.count)...]) == suffix
    }

    /// Recursive: try each alternative of the first unit, then the rest.
    private static func ignoreCase(_ units: ArraySlice<[[UInt8]]>, _ value: ArraySlice<UInt8>, whole: Bool) -> Bool {
        guard let alternatives = units.first else { return !whole || value.isEmpty }
        return alternatives.contains { alternative in
            value.starts(with: alternative)
                && ignoreCase(units.dropFirst(), value.dropFirst(alternative.count), whole: whole)
        }
    }

    /// Recursive glob over literal segments separated by stars.
    private static func wildcard(_ segments: [[UInt8]], _ value: [UInt8]) -> Bool {
        func match(_ segment: Int, _ position: Int) -> Bool {
            let literal = segments[segment]
            guard value.count - position >= literal.count, Array(value[position..<(position + literal.count)]) == literal
            else { return false }
            let after = position + literal.count
            if segment == segments.count - 1 { return after == value.count }
            return (after...value.count).contains { match(segment + 1, $0) }
        }
        return match(0, 0)
    }
}
