import HeraldJSON

/// Indented JSON text for people (``HeraldJSON/JSONValue/indentedText(of:)``): members in document order, number
/// literals and string escapes kept, two spaces per level.
enum ConsoleJSON {
    /// The indented text of `bytes`, or the bytes as UTF-8 text unchanged when they are not valid JSON.
    static func pretty(_ bytes: [UInt8]) -> String {
        JSONValue.indentedText(of: bytes)
    }
}
