import HeraldEvents
import HeraldJSON
import Testing

@Suite struct FormURLEncoderTests {
    @Test func encodesTwilioMessage() throws {
        let body: JSONValue = [
            "To": "+15558675310",
            "From": "+15017122661",
            "Body": "P1: db-1 down & 50% lost ~ ok? ünïcode",
            "StatusCallback": "https://herald.example/webhooks/twilio?incident_id=INC-1",
            "MaxPrice": .number(JSONNumber(literal: "0.50")!),
            "Skip": nil,
            "Flag": true,
        ]
        let encoded = String(decoding: try FormURLEncoder.encode(body), as: UTF8.self)
        #expect(encoded == "To=%2B15558675310&From=%2B15017122661"
            + "&Body=P1%3A%20db-1%20down%20%26%2050%25%20lost%20~%20ok%3F%20%C3%BCn%C3%AFcode"
            + "&StatusCallback=https%3A%2F%2Fherald.example%2Fwebhooks%2Ftwilio%3Fincident_id%3DINC-1"
            + "&MaxPrice=0.50&Flag=true")
    }

    @Test func arraysRepeatTheKey() throws {
        let encoded = try FormURLEncoder.encode(["MediaUrl": ["a b", "c"], "n": [1, 2]])
        #expect(String(decoding: encoded, as: UTF8.self) == "MediaUrl=a%20b&MediaUrl=c&n=1&n=2")
    }

    @Test func rejectsNestedValuesAndNonObjects() {
        #expect(throws: FormEncodingError.nestedValue(key: "tags")) { try FormURLEncoder.encode(["tags": ["k": "v"]]) }
        #expect(throws: FormEncodingError.nestedValue(key: "list")) { try FormURLEncoder.encode(["list": [["k": "v"]]]) }
        #expect(throws: FormEncodingError.notAnObject) { try FormURLEncoder.encode(["a"]) }
    }
}
