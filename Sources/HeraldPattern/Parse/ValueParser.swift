import HeraldJSON

/// Validates one field's pattern array and its operator objects.
struct ValueParser {
    /// The guard rails.
    let limits: PatternLimits
    /// The dotted field path, for error messages.
    let path: String

    /// An error at `where_`.
    func fail(_ kind: PatternError.Kind, _ where_: String, _ message: String) -> PatternError {
        PatternError(kind: kind, path: where_, message: message)
    }

    /// Validates a pattern array.
    func parseValues(_ elements: [JSONValue]) throws(PatternError) -> [ValueMatcher] {
        guard !elements.isEmpty else { throw fail(.invalidStructure, path, "Empty arrays are not allowed") }
        guard elements.count <= limits.maximumValuesPerField else {
            throw fail(.limitExceeded, path, "More than \(limits.maximumValuesPerField) values for one field")
        }
        var matchers: [ValueMatcher] = []
        matchers.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let location = "\(path)[\(index)]"
            switch element {
            case .string(let text):
                matchers.append(.string(ByteString(text), ipAddress: IPRange(exactAddress: text)))
            case .number(let number):
                matchers.append(.number(PatternNumber(literal: number.literal)))
            case .bool(let flag):
                matchers.append(.bool(flag))
            case .null:
                matchers.append(.null)
            case .object(let object):
                matchers.append(try parseOperator(object, location: location))
            case .array:
                throw fail(.invalidStructure, location, "Match value must be String, number, true, false, or null")
            }
        }
        return matchers
    }

    private func parseOperator(_ object: JSONObject, location: String) throws(PatternError) -> ValueMatcher {
        guard let member = object.first else { throw fail(.invalidOperator, location, "Match expression name not found") }
        guard object.count == 1 else { throw fail(.invalidOperator, location, "Only one key allowed in match expression") }
        let here = "\(location).\(member.key)"
        let value = member.value
        switch member.key {
        case "exactly":
            guard case .string(let text) = value else { throw fail(.invalidValue, here, "exactly match pattern must be a string") }
            return .exactly(ByteString(text))
        case "prefix", "suffix":
            let isPrefix = member.key == "prefix"
            switch value {
            case .string(let text):
                return isPrefix ? .prefix(ByteString(text)) : .suffix(ByteString(text))
            case .object(let inner):
                guard inner.count == 1, let only = inner.first, only.key == "equals-ignore-case" else {
                    throw fail(.invalidValue, here, "Unsupported \(member.key) pattern: only equals-ignore-case is allowed")
                }
                guard case .string(let text) = only.value else {
                    throw fail(.invalidValue, "\(here).equals-ignore-case", "equals-ignore-case match pattern must be a string")
                }
                let pattern = IgnoreCasePattern(text)
                return isPrefix ? .prefixIgnoreCase(pattern) : .suffixIgnoreCase(pattern)
            default:
                throw fail(.invalidValue, here, "\(member.key) match pattern must be a string")
            }
        case "equals-ignore-case":
            guard case .string(let text) = value else {
                throw fail(.invalidValue, here, "equals-ignore-case match pattern must be a string")
            }
            return .equalsIgnoreCase(IgnoreCasePattern(text))
        case "wildcard":
            guard case .string(let text) = value else { throw fail(.invalidValue, here, "wildcard match pattern must be a string") }
            return .wildcard(try parseWildcard(text, here))
        case "numeric":
            guard case .array(let terms) = value else { throw fail(.invalidValue, here, "Value of numeric must be an array.") }
            return .numeric(try parseNumeric(terms, here))
        case "anything-but":
            return .anythingBut(try parseAnythingBut(value, here))
        case "exists":
            guard case .bool(let flag) = value else {
                throw fail(.invalidValue, here, "exists match pattern must be either true or false.")
            }
            return .exists(flag)
        case "cidr":
            guard case .string(let text) = value else { throw fail(.invalidValue, here, "cidr match pattern must be a string") }
            switch IPRange.parse(cidr: text) {
            case .success(let range): return .cidr(range)
            case .failure(let error): throw fail(.invalidValue, here, error.reason)
            }
        default:
            throw fail(.invalidOperator, location, "Unrecognized match type \(member.key)")
        }
    }

    /// Validates a wildcard value.
    func parseWildcard(_ text: String, _ here: String) throws(PatternError) -> WildcardPattern {
        switch WildcardPattern.parse(text) {
        case .success(let pattern):
            guard pattern.starCount <= limits.maximumWildcardStars else {
                throw fail(.limitExceeded, here, "More than \(limits.maximumWildcardStars) wildcard characters")
            }
            return pattern
        case .failure(let error):
            throw fail(.invalidValue, here, error.reason)
        }
    }

    /// A comparable number operand, or an error.
    func comparable(_ value: JSONValue?, _ here: String, _ what: String) throws(PatternError) -> Double {
        guard case .number(let number)? = value else { throw fail(.invalidValue, here, "Value of \(what) must be numeric") }
        guard let double = ComparableNumber.value(ofLiteral: number.literal) else {
            throw fail(.invalidValue, here, "Value of \(what) is not a number the matcher can compare: \(number.literal)")
        }
        return double
    }
}
