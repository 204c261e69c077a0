extension JSONValue {
    /// Indented JSON text for people: members in document order, number literals and string escapes as
    /// ``JSONValue`` serialises them (so `12000.50` stays `12000.50`), two spaces per level; the bytes as UTF-8 text
    /// unchanged when they are not valid JSON.
    public static func indentedText(of bytes: [UInt8]) -> String {
        guard let value = try? JSONValue(parsing: bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        value.writeIndented(indent: 0, to: &out)
        return out
    }

    /// Appends the indented text of this value at nesting level `indent`.
    func writeIndented(indent: Int, to out: inout String) {
        let inner = String(repeating: "  ", count: indent + 1)
        switch self {
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += inner + JSONValue.quoted(member.key) + ": "
                member.value.writeIndented(indent: indent + 1, to: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                item.writeIndented(indent: indent + 1, to: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        default:
            out += jsonText
        }
    }
}
