import HeraldJSON

extension HeraldFuzz {
    /// JSON: `JSONValue(parsing:)`, the `JSONReader` tree builder and the `JSONReader` skipper accept exactly
    /// the same documents and build equal values; serializing and re-parsing gives an equal value and the same
    /// bytes again; top-level keys read as bytes equal the parsed keys.
    static func checkJSON(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "json", invariant: invariant, detail: detail)
        }
        let tree = Result { () throws(JSONError) in try JSONValue(parsing: data) }
        let pulled = Result { () throws(JSONError) in try JSONTreeReader.parse(data, skipping: false) }
        let skipped = Result { () throws(JSONError) in try JSONTreeReader.parse(data, skipping: true) }
        switch (tree, pulled) {
        case (.success(let a), .success(let b)) where a != b:
            return finding("reader-tree-differs", "JSONValue \(a.jsonText) vs JSONReader \(b.jsonText)")
        case (.success, .failure(let error)):
            return finding("reader-rejects-valid", "JSONReader: \(error)")
        case (.failure(let error), .success(let value)):
            return finding("reader-accepts-invalid", "JSONValue: \(error); JSONReader built \(value.jsonText)")
        default:
            break
        }
        switch (tree, skipped) {
        case (.success, .failure(let error)):
            return finding("skip-rejects-valid", "skipValue: \(error)")
        case (.failure(let error), .success):
            return finding("skip-accepts-invalid", "JSONValue: \(error); skipValue accepted")
        default:
            break
        }
        guard case .success(let value) = tree else { return nil }
        let bytes = value.jsonBytes
        let reparsed: JSONValue
        do {
            reparsed = try JSONValue(parsing: bytes)
        } catch {
            return finding("serialized-not-json", "\(error) in \(String(decoding: bytes, as: UTF8.self))")
        }
        if reparsed != value {
            return finding("round-trip-differs", "\(value.jsonText) became \(reparsed.jsonText)")
        }
        if reparsed.jsonBytes != bytes {
            return finding("serialization-not-stable", "\(value.jsonText) vs \(reparsed.jsonText)")
        }
        if case .object(let object) = value {
            let keys = try? JSONTreeReader.topLevelKeys(data)
            if keys != object.keys {
                return finding("byte-keys-differ", "\(String(describing: keys)) vs \(object.keys)")
            }
        }
        return nil
    }
}
