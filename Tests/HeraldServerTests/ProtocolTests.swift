import Foundation
import HeraldServer
import Hummingbird
import HummingbirdTesting
import Testing

@Suite struct ProtocolTests {
    @Test func healthz() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let response = try await client.execute(uri: "/healthz", method: .get)
            #expect(response.status == .ok)
            #expect(String(buffer: response.body) == #"{"status":"ok"}"#)
            let head = try await client.execute(uri: "/healthz", method: .head)
            #expect(head.status == .ok)
        }
    }

    @Test func successAndErrorShapes() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let ok = try await client.call("ListRules")
            #expect(ok.status == 200)
            #expect(ok.headers[.contentType] == "application/x-amz-json-1.1")
            #expect((ok.json["Rules"] as? [Any])?.isEmpty == true)
            let missing = try await client.call("DescribeRule", #"{"Name":"nope"}"#)
            #expect(missing.status == 400)
            #expect(missing.errorType == "ResourceNotFoundException")
            #expect(missing.message == "Rule nope does not exist on EventBus default.")
            #expect(missing.headers[HTTPFields.Element.Name("X-Amzn-ErrorType")!] == "ResourceNotFoundException")
        }
    }

    @Test func malformedJSONWrongTypesAndContentType() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let malformed = try await client.call("PutRule", #"{"Name": "r", "#)
            #expect(malformed.status == 400)
            #expect(malformed.errorType == "SerializationException")
            #expect(malformed.message?.contains("PutRule") == true)
            let wrongType = try await client.call("PutRule", #"{"Name": 5}"#)
            #expect(wrongType.errorType == "SerializationException")
            let notObject = try await client.call("ListRules", "[1,2]")
            #expect(notObject.errorType == "SerializationException")
            let contentType = try await client.call("ListRules", "{}", contentType: "text/plain")
            #expect(contentType.errorType == "SerializationException")
            #expect(contentType.message?.contains("ListRules") == true)
            let empty = try await client.call("ListEventBuses", "")
            #expect(empty.status == 200)
            // Valid JSON with a number its member cannot take is named as such, with the member, not "malformed JSON".
            for body in [#"{"Limit":5.5}"#, #"{"Limit":1e400}"#, #"{"Limit":123456789012345678901234567890}"#] {
                let unfit = try await client.call("ListRules", body)
                #expect(unfit.errorType == "SerializationException", "\(body)")
                #expect(unfit.message?.contains("a number does not fit its member (Limit)") == true, "\(body): \(unfit.message ?? "")")
            }
            let infinite = try await client.call(
                "StartReplay",
                #"{"ReplayName":"x","EventSourceArn":"arn:aws:events:us-east-1:000000000000:archive/a","EventStartTime":1,"EventEndTime":"Infinity","Destination":{"Arn":"arn:aws:events:us-east-1:000000000000:event-bus/default"}}"#)
            #expect(infinite.status == 400)
            #expect(infinite.message?.contains("'Infinity' is not a timestamp") == true, "\(infinite.message ?? "")")
        }
    }

    @Test("every operation reads strict JSON: a trailing comma or a second value is refused and nothing is stored")
    func strictJSONForEveryOperation() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let pattern = #"{\"source\":[\"a\"]}"#
            for body in [#"{"Name":"r","EventPattern":"\#(pattern)",}"#, #"{"Name":"r","EventPattern":"\#(pattern)"} {}"#,
                #"{"Name":"r","EventPattern":"\#(pattern)","Tags":[{"Key":"k","Value":"v"},]}"#] {
                let refused = try await client.call("PutRule", body)
                #expect(refused.status == 400, "\(body)")
                #expect(refused.errorType == "SerializationException", "\(body)")
                #expect(refused.message?.contains("PutRule") == true)
            }
            let listed = try await client.call("ListRules", "{}")
            #expect((listed.json["Rules"] as? [Any])?.isEmpty == true, "\(listed.json)")
            let refusedList = try await client.call("ListRules", #"{"Limit":10,}"#)
            #expect(refusedList.errorType == "SerializationException")
            let accepted = try await client.call("PutRule", #" {"Name":"r","EventPattern":"\#(pattern)"} "#)
            #expect(accepted.status == 200)
        }
    }

    @Test func unknownAndMissingOperations() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let unknown = try await client.call("FlyToTheMoon")
            #expect(unknown.status == 400)
            #expect(unknown.errorType == "UnknownOperationException")
            #expect(unknown.message?.contains("FlyToTheMoon") == true)
            let unimplemented = try await client.call("PutPermission")
            #expect(unimplemented.errorType == "UnknownOperationException")
            #expect(unimplemented.message == "Herald does not implement the EventBridge operation PutPermission.")
            let missing = try await client.call(nil)
            #expect(missing.errorType == "UnknownOperationException")
            #expect(missing.message?.contains("X-Amz-Target") == true)
            let other = try await client.call(nil, extraHeaders: [HTTPFields.Element.Name("X-Amz-Target")!: "DynamoDB_20120810.ListTables"])
            #expect(other.errorType == "UnknownOperationException")
            // The server keeps serving after errors.
            #expect(try await client.call("ListRules").status == 200)
        }
    }

    @Test func oversizedBodyIsRefused() async throws {
        let api = try ServerFixtures.makeAPI(configuration: .init(maxBodyBytes: 1_000))
        try await ServerFixtures.withClient(api) { client in
            let answer = try await client.call("PutRule", json(["Name": "r", "Description": String(repeating: "x", count: 2_000)]))
            #expect(answer.status == 413)
            #expect(answer.errorType == "ValidationException")
        }
    }
}
