import HeraldJSON

extension ValueParser {
    /// Validates a `numeric` operand list.
    func parseNumeric(_ terms: [JSONValue], _ here: String) throws(PatternError) -> NumericRange {
        guard case .string(let first)? = terms.first else {
            throw fail(.invalidValue, here, "Invalid member in numeric match: expected an operator")
        }
        let operand = terms.count > 1 ? terms[1] : nil
        switch first {
        case "=":
            let value = try comparable(operand, here, first)
            guard terms.count == 2 else { throw fail(.invalidValue, here, "Too many elements in numeric expression") }
            return NumericRange(lower: .init(value: value, inclusive: true), upper: .init(value: value, inclusive: true))
        case "<", "<=":
            let value = try comparable(operand, here, first)
            guard terms.count == 2 else { throw fail(.invalidValue, here, "Too many elements in numeric expression") }
            return NumericRange(lower: nil, upper: .init(value: value, inclusive: first == "<="))
        case ">", ">=":
            let bottom = try comparable(operand, here, first)
            let lower = NumericRange.Bound(value: bottom, inclusive: first == ">=")
            if terms.count == 2 { return NumericRange(lower: lower, upper: nil) }
            guard case .string(let second) = terms[2] else {
                throw fail(.invalidValue, here, "Bad value in numeric range: expected < or <=")
            }
            guard second == "<" || second == "<=" else {
                throw fail(.invalidValue, here, "Bad numeric range operator: \(second)")
            }
            let top = try comparable(terms.count > 3 ? terms[3] : nil, here, second)
            guard terms.count == 4 else { throw fail(.invalidValue, here, "Too many terms in numeric range expression") }
            guard bottom < top else {
                throw fail(.invalidValue, here, "Bottom must be less than top in numeric range")
            }
            return NumericRange(lower: lower, upper: .init(value: top, inclusive: second == "<="))
        default:
            throw fail(.invalidValue, here, "Unrecognized numeric range operator: \(first)")
        }
    }

    /// Validates an `anything-but` value.
    func parseAnythingBut(_ value: JSONValue, _ here: String) throws(PatternError) -> AnythingBut {
        switch value {
        case .string(let text):
            return .strings([ByteString(text)])
        case .number:
            return .numbers([try comparable(value, here, "anything-but")])
        case .array(let elements):
            guard elements.count <= limits.maximumValuesPerField else {
                throw fail(.limitExceeded, here, "More than \(limits.maximumValuesPerField) values for one field")
            }
            if !elements.isEmpty, elements.allSatisfy({ $0.stringValue != nil }) {
                return .strings(Set(elements.compactMap { $0.stringValue.map(ByteString.init) }))
            }
            if !elements.isEmpty, elements.allSatisfy({ $0.numberValue != nil }) {
                var numbers: Set<Double> = []
                for element in elements { numbers.insert(try comparable(element, here, "anything-but")) }
                return .numbers(numbers)
            }
            throw fail(
                .invalidValue, here,
                "Inside anything but list, either all values are number or string, mixed type is not supported")
        case .object(let object):
            guard let member = object.first else { throw fail(.invalidValue, here, "Anything-But expression name not found") }
            guard object.count == 1 else { throw fail(.invalidValue, here, "Only one key allowed in match expression") }
            let inner = "\(here).\(member.key)"
            let texts = try stringList(member.value, inner, allowEmptyStrings: member.key != "prefix" && member.key != "suffix")
            switch member.key {
            case "prefix": return .prefixes(texts)
            case "suffix": return .suffixes(texts)
            case "equals-ignore-case": return .equalsIgnoreCase(texts.map(IgnoreCasePattern.init))
            case "wildcard":
                var patterns: [WildcardPattern] = []
                for text in texts { patterns.append(try parseWildcard(text, inner)) }
                return .wildcards(patterns)
            default:
                throw fail(.invalidValue, inner, "Unsupported anything-but pattern: \(member.key)")
            }
        case .bool, .null:
            throw fail(.invalidValue, here, "Value of anything-but must be an array or single string/number value.")
        }
    }

    /// A string or a non-empty list of strings (AWS's matcher crashes on `[]`, so it is invalid).
    private func stringList(_ value: JSONValue, _ here: String, allowEmptyStrings: Bool) throws(PatternError) -> [String] {
        let texts: [String]
        switch value {
        case .string(let text):
            texts = [text]
        case .array(let elements):
            guard !elements.isEmpty else { throw fail(.invalidValue, here, "Empty arrays are not allowed") }
            texts = elements.compactMap(\.stringValue)
            guard texts.count == elements.count else { throw fail(.invalidValue, here, "Values must be strings") }
        default:
            throw fail(.invalidValue, here, "Value must be a string or a list of strings")
        }
        if !allowEmptyStrings, texts.contains(where: \.isEmpty) {
            throw fail(.invalidValue, here, "Null prefix/suffix not allowed")
        }
        return texts
    }
}
