import HeraldJSON

/// Decodes the JSON body of redrive and purge: `{"target": "BUS/RULE/ID", "sequences": [..], "filter": pattern,
/// "dryRun": bool}`. `filter` may be a pattern object or a string holding pattern JSON.
public enum DeadLetterActionDecoder {
    /// Decodes `body`.
    /// - Throws: ``AdminError/badRequest(_:)`` naming the offending member.
    public static func decode(_ body: [UInt8]) throws(AdminError) -> DeadLetterAction {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw .badRequest("the body is not valid JSON: \(error)")
        }
        guard let object = json.objectValue else { throw .badRequest("the body must be a JSON object") }
        let known: Set<String> = ["target", "sequences", "filter", "dryRun"]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw .badRequest("unknown member '\(unknown)' (expected target, sequences, filter, dryRun)")
        }
        guard let target = object["target"]?.stringValue, !target.isEmpty else {
            throw .badRequest("'target' (BUS/RULE/ID) is required")
        }
        var action = DeadLetterAction(target: target)
        switch object["sequences"] {
        case nil, .null?: break
        case .array(let items)?:
            var sequences: [UInt64] = []
            for item in items {
                guard let literal = item.numberValue?.literal, let sequence = UInt64(literal) else {
                    throw .badRequest("'sequences' must hold non-negative integers, got \(item.jsonText)")
                }
                sequences.append(sequence)
            }
            action.sequences = sequences
        default: throw .badRequest("'sequences' must be an array of integers")
        }
        switch object["filter"] {
        case nil, .null?: break
        case .string(let text)?: action.filter = text
        case .object(let pattern)?: action.filter = JSONValue.object(pattern).jsonText
        default: throw .badRequest("'filter' must be an event pattern object (or a string holding one)")
        }
        switch object["dryRun"] {
        case nil, .null?: break
        case .bool(let flag)?: action.dryRun = flag
        default: throw .badRequest("'dryRun' must be true or false")
        }
        return action
    }
}
