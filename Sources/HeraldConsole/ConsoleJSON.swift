import HeraldJSON

/// Indented JSON text for people: members in document order, number literals and string escapes as
/// ``HeraldJSON/JSONValue`` serialises them, two spaces per level.
enum ConsoleJSON {
    /// The indented text of `bytes`, or the bytes as UTF-8 text unchanged when they are not valid JSON.
    static func pretty(_ bytes: [UInt8]) -> String {
        guard let value = try? JSONValue(parsing: bytes) else { return String(decoding: bytes, as: UTF8.self) }
        var out = ""
        write(value, indent: 0, to: &out)
        return out
    }

    /// Appends the indented text of `value` at nesting level `indent`.
    static func write(_ value: JSONValue, indent: Int, to out: inout String) {
        let inner = String(repeating: "  ", count: indent + 1)
        switch value {
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (index, member) in object.members.enumerated() {
                out += inner + JSONValue.quoted(member.key) + ": "
                write(member.value, indent: indent + 1, to: &out)
                out += index == object.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "}"
        case .array(let items) where !items.isEmpty:
            out += "[\n"
            for (index, item) in items.enumerated() {
                out += inner
                write(item, indent: indent + 1, to: &out)
                out += index == items.count - 1 ? "\n" : ",\n"
            }
            out += String(repeating: "  ", count: indent) + "]"
        default:
            out += value.jsonText
        }
    }
}
