import HeraldEvents
import HeraldJSON
import Testing

/// Cases from the EventBridge user guide ("Amazon EventBridge input transformation") and from behaviour
/// recorded against AWS.
@Suite struct InputTransformerTests {
    /// The user guide's example EC2 event.
    static let ec2Event = EventEnvelope(
        id: "7bf73129-1428-4cd3-a780-95db273d1602",
        detailType: "EC2 Instance State-change Notification",
        source: "aws.ec2",
        account: "123456789012",
        time: UTCTime(iso8601: "2015-11-11T21:29:54Z")!,
        region: "us-east-1",
        resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
        detail: ["instance-id": "i-0123456789", "state": "RUNNING"]
    )
    static let paths = ["instance": "$.detail.instance-id", "state": "$.detail.state"]
    static let context = TransformContext(
        ruleArn: "arn:aws:events:us-east-1:123456789012:rule/example",
        ruleName: "example",
        ingestionTime: UTCTime(iso8601: "2015-11-11T21:29:55Z")!
    )

    func render(_ template: String, paths: [String: String] = paths, event: EventEnvelope = ec2Event) throws -> TransformedPayload {
        try InputTransformer(inputPathsMap: paths, inputTemplate: template).transform(event, context: Self.context)
    }

    @Test(arguments: [
        // Simple string
        (#""instance <instance> is in <state>""#, #""instance i-0123456789 is in RUNNING""#),
        // String with escaped quotes
        (#""instance \"<instance>\" is in <state>""#, #""instance \"i-0123456789\" is in RUNNING""#),
        // Simple JSON
        (#"{"instance" : <instance>, "state": <state>}"#, #"{"instance" : "i-0123456789", "state": "RUNNING"}"#),
        // JSON with strings and variables
        (
            #"{"instance" : <instance>, "state": "<state>", "instanceStatus": "instance \"<instance>\" is in <state>"}"#,
            #"{"instance" : "i-0123456789", "state": "RUNNING", "instanceStatus": "instance \"i-0123456789\" is in RUNNING"}"#
        ),
        // JSON with a mix of variables and static information
        (
            #"{"instance" : <instance>, "state": [ 9, <state>, true ], "Transformed" : "Yes" }"#,
            #"{"instance" : "i-0123456789", "state": [ 9, "RUNNING", true ], "Transformed" : "Yes" }"#
        ),
        // Reserved variables inside a string
        (#""<aws.events.rule-name> triggered""#, #""example triggered""#),
        // API reference: JSON with variables in and out of quotes
        (
            #"{"myInstance": <instance>,"myStatus": "<instance> is in state \"<state>\""}"#,
            #"{"myInstance": "i-0123456789","myStatus": "i-0123456789 is in state \"RUNNING\""}"#
        ),
    ])
    func userGuideExamples(template: String, expected: String) throws {
        let payload = try render(template)
        #expect(payload.text == expected)
        #expect(payload.isJSON)
    }

    @Test func textTemplateIsSentAsText() throws {
        let payload = try render("<instance> is in state <state>")
        #expect(payload.text == "i-0123456789 is in state RUNNING")
        #expect(!payload.isJSON)
    }

    @Test func reservedVariablesAsJSONValues() throws {
        let payload = try render(
            #"{"ruleArn" : <aws.events.rule-arn>, "ruleName" : <aws.events.rule-name>, "originalEvent" : <aws.events.event>, "ingestionTime" : <aws.events.event.ingestion-time>, "full": <aws.events.event.json>}"#
        )
        let json = try #require(payload.json)
        #expect(json["ruleArn"] == "arn:aws:events:us-east-1:123456789012:rule/example")
        #expect(json["ruleName"] == "example")
        #expect(json["ingestionTime"] == "2015-11-11T21:29:55Z")
        // <aws.events.event> has no detail and spells detail-type as detailType, as AWS sends it.
        #expect(json["originalEvent"]?.jsonText
            == #"{"id":"7bf73129-1428-4cd3-a780-95db273d1602","account":"123456789012","detailType":"EC2 Instance State-change Notification","time":"2015-11-11T21:29:54Z","source":"aws.ec2","region":"us-east-1","resources":["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],"version":"0"}"#)
        #expect(json["full"] == Self.ec2Event.jsonValue)
    }

    @Test func missingPathsBecomeEmptyStrings() throws {
        let paths = ["detail-type": "$.detail-type", "command": "$.detail.notinmessage"]
        #expect(try render(#"{"detailType": <detail-type>, "command": <command>}"#, paths: paths).text
            == #"{"detailType": "EC2 Instance State-change Notification", "command": ""}"#)
        #expect(try render(#""info extracted from detail <command>""#, paths: paths).text == #""info extracted from detail ""#)
    }

    @Test func valuesAreEscapedInsideStringsAndLiteralsPreserved() throws {
        let event = EventEnvelope(
            id: "1", detailType: "d", source: "app.cdp", account: "1", time: UTCTime(secondsSince1970: 0), region: "r",
            detail: ["msg": "disk \"full\"\nnow", "amount": .number(JSONNumber(literal: "12000.50")!), "obj": ["k": "v"]])
        let payload = try render(
            #"{"msgtype":"text","text":{"content":"ALERT: <m> (<a>) <o>"},"amount":<a>,"raw":<o>}"#,
            paths: ["m": "$.detail.msg", "a": "$.detail.amount", "o": "$.detail.obj"], event: event)
        #expect(payload.text == #"{"msgtype":"text","text":{"content":"ALERT: disk \"full\"\nnow (12000.50) {k:v}"},"amount":12000.50,"raw":{"k":"v"}}"#)
        #expect(payload.json?["text"]?["content"] == "ALERT: disk \"full\"\nnow (12000.50) {k:v}")
    }

    @Test func nonPlaceholderAngleBracketsStayLiteral() throws {
        let payload = try render(#"{"html":"</p><state> a < b <a href=x>"}"#)
        #expect(payload.text == #"{"html":"</p>RUNNING a < b <a href=x>"}"#)
    }

    @Test func validation() {
        #expect(throws: InputTransformError.undefinedPlaceholder("notdefinedkey")) {
            try InputTransformer(inputPathsMap: Self.paths, inputTemplate: "\"Event with not defined key <notdefinedkey>\"")
        }
        #expect(throws: InputTransformError.reservedVariableName("aws.mine")) {
            try InputTransformer(inputPathsMap: ["aws.mine": "$.id"], inputTemplate: "\"x\"")
        }
        #expect(throws: InputTransformError.invalidVariableName("has space")) {
            try InputTransformer(inputPathsMap: ["has space": "$.id"], inputTemplate: "\"x\"")
        }
        #expect(throws: InputTransformError.placeholderAsObjectKey("state")) {
            try InputTransformer(inputPathsMap: Self.paths, inputTemplate: #"{"<state>": 1}"#)
        }
        #expect(throws: InputTransformError.invalidTemplateLength(0)) {
            try InputTransformer(inputPathsMap: [:], inputTemplate: "")
        }
        let tooMany = Dictionary(uniqueKeysWithValues: (0...100).map { ("v\($0)", "$.id") })
        #expect(throws: InputTransformError.tooManyVariables(101)) {
            try InputTransformer(inputPathsMap: tooMany, inputTemplate: "\"x\"")
        }
        #expect(throws: InputTransformError.self) {
            try InputTransformer(inputPathsMap: ["a": "detail.x"], inputTemplate: "<a>")
        }
        #expect(InputTransformError.undefinedPlaceholder("x").message(targetId: "t1")
            == "InputTemplate for target t1 contains invalid placeholder x.")
    }

    @Test func targetInputVariants() throws {
        #expect(throws: InputTransformError.conflictingInputs) {
            try TargetInput(inputPath: "$.detail", inputTransformer: InputTransformer(inputTemplate: "\"x\""))
        }
        #expect(throws: InputTransformError.self) { try TargetInput(input: "{not json") }
        let event = Self.ec2Event
        #expect(try TargetInput().payload(for: event, context: Self.context).bytes == event.jsonBytes)
        // Input is sent byte for byte as given (whitespace and number spelling kept), like the text of a template.
        #expect(try TargetInput(input: #"{"k": 1.0, "l": [1, 2.50]}"#).payload(for: event, context: Self.context).text == #"{"k": 1.0, "l": [1, 2.50]}"#)
        #expect(try TargetInput(input: #"{"k": 1.0}"#).payload(for: event, context: Self.context).isJSON)
        #expect(try TargetInput(inputPath: "$.detail").payload(for: event, context: Self.context).text
            == #"{"instance-id":"i-0123456789","state":"RUNNING"}"#)
        #expect(try TargetInput(inputPath: "$.detail.state").payload(for: event, context: Self.context).text == #""RUNNING""#)
        #expect(try TargetInput(inputPath: "$.detail.nope").payload(for: event, context: Self.context).text == "null")
    }
}
