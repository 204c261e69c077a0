import HeraldChannels
import HeraldEvents
import HeraldJSON

extension HeraldFuzz {
    /// Form: the input as an `application/x-www-form-urlencoded` body and, when it parses, as a JSON object
    /// payload. Decoding then re-encoding (HeraldChannels' `FormURLEncoding`) then decoding gives the same
    /// parameters; percent-decoding undoes both escapers; the event-side `FormURLEncoder` produces a body that
    /// decodes to the object's scalar members (nulls dropped, arrays repeated).
    static func checkForm(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "form", invariant: invariant, detail: detail)
        }
        let parameters = FormURLEncoding.decode(data)
        let encoded = FormURLEncoding.encode(parameters)
        let again = FormURLEncoding.decode(encoded)
        if again != parameters {
            return finding("decode-encode-decode", "\(parameters) -> \(encoded) -> \(again)")
        }
        let text = String(decoding: data, as: UTF8.self)
        for (name, escaped) in [
            ("escape", FormURLEncoding.escape(text)), ("escapeNodeQuerystring", FormURLEncoding.escapeNodeQuerystring(text)),
            ("percentEncode", FormURLEncoder.percentEncode(text)),
        ] {
            let decoded = FormURLEncoding.percentDecode(Array(escaped.utf8), plusAsSpace: true)
            if decoded != text { return finding("\(name)-round-trip", "\(text.debugDescription) -> \(escaped) -> \(decoded.debugDescription)") }
        }
        let object: JSONValue
        if let json = try? JSONValue(parsing: data) {
            object = json
        } else {
            object = .object(JSONObject(parameters.map { ($0.name, JSONValue.string($0.value)) }))
        }
        guard let body = try? FormURLEncoder.encode(object), case .object(let members) = object else { return nil }
        var expected: [FormParameter] = []
        for member in members.members {
            switch member.value {
            case .null: continue
            case .array(let elements): expected += elements.compactMap { scalar($0).map { FormParameter(member.key, $0) } }
            default: if let value = scalar(member.value) { expected.append(FormParameter(member.key, value)) }
            }
        }
        let decoded = FormURLEncoding.decode(body)
        if decoded != expected {
            return finding("event-encoder-round-trip", "\(object.jsonText) -> \(String(decoding: body, as: UTF8.self)) -> \(decoded)")
        }
        return nil
    }

    private static func scalar(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .number(let number): number.literal
        case .bool(let flag): flag ? "true" : "false"
        case .null: ""
        case .object, .array: nil
        }
    }
}
