import HeraldEvents
import HeraldJSON
import Testing

@Suite struct JSONPathTests {
    let document = try! JSONValue(parsing: #"""
        {"detail-type":"x","detail":{"items":[{"sku":"A","qty":1},{"sku":"B","qty":2.50}],"a.b":"dotted","o'k":true,"nested":{"deep":{"v":null}}}}
        """#)

    @Test(arguments: [
        ("$", nil as String?),
        ("$.detail-type", #""x""#),
        ("$.detail.items[1].qty", "2.50"),
        ("$.detail.items[0]", #"{"sku":"A","qty":1}"#),
        ("$['detail']['a.b']", #""dotted""#),
        (#"$["detail"]["o'k"]"#, "true"),
        ("$.detail['o\\'k']", "true"),
        ("$.detail.nested.deep.v", "null"),
        ("$.detail.items[*].sku", #"["A","B"]"#),
        ("$.detail.items.*.qty", "[1,2.50]"),
        ("$.detail.missing[*]", "[]"),
    ])
    func evaluates(path: String, expected: String?) throws {
        let compiled = try JSONPath(parsing: path)
        let result = compiled.evaluate(in: document)
        if let expected {
            #expect(result?.jsonText == expected)
        } else {
            #expect(result == document)
        }
    }

    @Test(arguments: ["$.missing", "$.detail.items[5]", "$.detail.items.sku", "$.detail-type[0]", "$.detail.nested.deep.v.w"])
    func missingPathsSelectNothing(path: String) throws {
        #expect(try JSONPath(parsing: path).evaluate(in: document) == nil)
    }

    @Test(arguments: ["", "detail", "$.", "$..a", "$.a[", "$.a[x]", "$.a['b'", "$.a b", "$[-1]", "$.a]"])
    func rejectsMalformedPaths(path: String) {
        #expect(throws: JSONPathError.self) { try JSONPath(parsing: path) }
    }

    @Test func canonicalDescriptionQuotesAwkwardNames() {
        let path = JSONPath(segments: [.member("detail"), .member("a.b"), .index(2), .wildcard])
        #expect(path.description == "$.detail['a.b'][2][*]")
    }
}

@Suite struct JSONPathEnvelopeTests {
    @Test(arguments: [
        "$", "$.id", "$.detail-type", "$.time", "$.resources", "$.resources[1]", "$.resources[*]", "$.detail",
        "$.detail.items[*].sku", "$.detail.items[0]", "$.replay-name", "$.nope", "$.*", "$['detail']['a b']", "$.version",
    ])
    func envelopeEvaluationMatchesWholeEventEvaluation(path: String) throws {
        var event = EventEnvelope(
            id: "1", detailType: "d", source: "s", account: "a", time: UTCTime(secondsSince1970: Int64(86_400)), region: "r",
            resources: ["arn:1", "arn:2"], detail: ["items": [["sku": "A"], ["sku": "B"]], "a b": 1.50])
        let compiled = try JSONPath(parsing: path)
        #expect(compiled.evaluate(in: event) == compiled.evaluate(in: event.jsonValue))
        event.replayName = "rp"
        #expect(compiled.evaluate(in: event) == compiled.evaluate(in: event.jsonValue))
    }
}
