/// A JSON value as parsed from (or serialised to) JSON text.
///
/// Numbers keep their literal text exactly as written (see ``JSONNumber``), so `3.0e2` and
/// `12345678901234567890` survive a parse/serialise round trip unchanged. Objects keep their members in
/// document order, including duplicate keys (see ``JSONObject``).
///
/// Equality and hashing are structural: two values are equal when they have the same shape, the same
/// member order and the same number literals (`1` and `1.0` are different values).
public enum JSONValue: Sendable, Hashable {
    /// A JSON object, members in document order.
    case object(JSONObject)
    /// A JSON array.
    case array([JSONValue])
    /// A JSON string (already unescaped).
    case string(String)
    /// A JSON number, kept as its literal text.
    case number(JSONNumber)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
}

extension JSONValue {
    /// The string payload, or `nil` if this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The object payload, or `nil` if this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The array payload, or `nil` if this is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number payload, or `nil` if this is not a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The number payload converted to the nearest `Double`, or `nil` if this is not a number.
    public var doubleValue: Double? {
        numberValue?.doubleValue
    }

    /// The boolean payload, or `nil` if this is not a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Whether this is the JSON literal `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key` if this is an object that has one (the last one wins for duplicate keys),
    /// else `nil`.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }

    /// The element at `index` if this is an array and the index is in range, else `nil`.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text of this value (same as ``jsonText``).
    public var description: String { jsonText }
}
