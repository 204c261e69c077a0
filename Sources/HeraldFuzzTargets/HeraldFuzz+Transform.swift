import HeraldEvents
import HeraldJSON

extension HeraldFuzz {
    /// The event every transform input is applied to: values that need escaping, nesting, arrays and numbers.
    private static let transformEvent: EventEnvelope = {
        let detail: JSONValue =
            (try? JSONValue(
                parsing: #"""
                    {"quote":"say \"hi\" \\ <b>","n":-1.5e3,"flag":true,"none":null,"list":[1,"two",{"three":[3]}],
                     "object":{"a b":"c\"d","e":["f\\g"],"h":{}},"unicode":"é\u0000ß\ud83d\ude00","":"empty key"}
                    """#)) ?? .null
        return EventEnvelope(
            id: "6f1e\"id", detailType: "Fuzz \"type\"", source: "fuzz.source", account: "123456789012",
            time: UTCTime(secondsSince1970: 1_700_000_000), region: "eu-west-1", resources: ["arn:x", "arn:\"y\""],
            detail: detail.objectValue ?? JSONObject())
    }()

    private static let transformPaths: [String: String] = [
        "s": "$.detail.quote", "n": "$.detail.n", "o": "$.detail.object", "a": "$.detail.list", "b": "$.detail.flag",
        "z": "$.detail.none", "m": "$.detail.missing", "u": "$.detail.unicode", "e": "$", "w": "$.detail.list[*]",
    ]

    /// Transform: line 1 is a JSONPath, the rest an input template. A parsed path renders (`init(segments:)`) to
    /// text that parses back to the same segments, and evaluates the same on the envelope as on its JSON; a
    /// template that the transformer says produces JSON renders valid JSON.
    static func checkTransform(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "transform", invariant: invariant, detail: detail)
        }
        let input = FuzzInput(data, lineCount: 1)
        let pathText = input.text(0)
        var paths = transformPaths
        if let path = try? JSONPath(parsing: pathText) {
            let rendered = JSONPath(segments: path.segments)
            let reparsed = Result { () throws(JSONPathError) in try JSONPath(parsing: rendered.description) }
            guard case .success(let again) = reparsed, again.segments == path.segments else {
                return finding(
                    "path-render-round-trip",
                    "\(pathText.debugDescription) -> \(path.segments) rendered \(rendered.description.debugDescription) -> \(reparsed)")
            }
            let fromEnvelope = path.evaluate(in: transformEvent)
            let fromJSON = path.evaluate(in: transformEvent.jsonValue)
            if fromEnvelope != fromJSON {
                return finding("path-envelope-vs-json", "\(pathText): \(String(describing: fromEnvelope)) vs \(String(describing: fromJSON))")
            }
            paths["v"] = pathText
        }
        let template = String(decoding: input.rest, as: UTF8.self)
        guard let transformer = try? InputTransformer(inputPathsMap: paths, inputTemplate: template) else { return nil }
        let context = TransformContext(
            ruleArn: "arn:aws:events:eu-west-1:123456789012:rule/\"r\"", ruleName: "r\\1",
            ingestionTime: UTCTime(secondsSince1970: 1_700_000_001))
        let payload = transformer.transform(transformEvent, context: context)
        if transformer.producesJSON, (try? JSONValue(parsing: payload.bytes)) == nil {
            return finding("json-template-renders-invalid-json", "template \(template.debugDescription) rendered \(payload.text.debugDescription)")
        }
        let target = TargetInput.transformer(transformer)
        if target.payload(for: transformEvent, context: context).bytes != payload.bytes {
            return finding("target-input-differs", template)
        }
        return nil
    }
}
