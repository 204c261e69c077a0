import Foundation
import HeraldServer
import HummingbirdTesting
import Testing

@Suite struct PutEventsTests {
    static func entry(_ source: String = "com.app", detail: String? = #"{"order_amount": 12000.50}"#, bus: String? = nil) -> [String: Any] {
        var entry: [String: Any] = ["Source": source, "DetailType": "OrderPlaced", "Resources": ["arn:x"]]
        if let detail { entry["Detail"] = detail }
        if let bus { entry["EventBusName"] = bus }
        return entry
    }

    @Test func validEntriesAreIngestedAndBadOnesFailAlone() async throws {
        let ingestor = RecordingIngestor()
        let api = try ServerFixtures.makeAPI(ingestor: ingestor)
        try await ServerFixtures.withClient(api) { client in
            var timed = Self.entry()
            timed["Time"] = 1_700_000_000
            let body = json(["Entries": [
                Self.entry(), Self.entry(detail: "{not json"), Self.entry(detail: "[1]"), Self.entry(detail: nil),
                Self.entry(bus: "ghost"), timed,
            ]])
            let answer = try await client.ok("PutEvents", body)
            #expect(answer["FailedEntryCount"] as? Int == 4)
            let entries = try #require(answer["Entries"] as? [[String: Any]])
            #expect(entries.count == 6)
            #expect(entries[0]["EventId"] is String)
            #expect(entries[1]["ErrorCode"] as? String == "MalformedDetail")
            #expect(entries[2]["ErrorCode"] as? String == "MalformedDetail")
            #expect(entries[3]["ErrorCode"] as? String == "InvalidArgument")
            #expect(entries[3]["ErrorMessage"] as? String == "Parameter Detail is not valid. Reason: Detail is a required argument.")
            #expect(entries[4]["ErrorCode"] as? String == "ResourceNotFoundException")
            #expect(entries[5]["EventId"] is String)
        }
        let events = await ingestor.events
        #expect(events.count == 2)
        #expect(events[0].envelope.source == "com.app")
        #expect(events[0].envelope.account == "000000000000")
        #expect(events[0].envelope.region == "us-east-1")
        #expect(events[0].eventBusName == "default")
        #expect(events[0].envelope.detail["order_amount"]?.numberValue?.description == "12000.50")
        #expect(events[1].envelope.time.secondsSince1970 == 1_700_000_000)
        #expect(events[0].envelope.time.secondsSince1970 == Int64(ServerFixtures.now.timeIntervalSince1970))
    }

    @Test func entryCountLimits() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let eleven = try await client.call("PutEvents", json(["Entries": Array(repeating: Self.entry(), count: 11)]))
            #expect(eleven.errorType == "ValidationException")
            #expect(eleven.message == "1 validation error detected: Value '[11 members]' at 'entries' failed to satisfy constraint: "
                + "Member must have length less than or equal to 10")
            let none = try await client.call("PutEvents", json(["Entries": [[String: Any]]()]))
            #expect(none.errorType == "ValidationException")
            // AWS's own message for an empty list.
            #expect(none.message == "1 validation error detected: Value '[]' at 'entries' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1")
            let missing = try await client.call("PutEvents", "{}")
            #expect(missing.message?.contains("Value null at 'entries' failed to satisfy constraint: Member must not be null") == true)
        }
    }

    @Test func sizeLimitIsComputedAsEventBridgeDoes() async throws {
        let ingestor = RecordingIngestor()
        let api = try ServerFixtures.makeAPI(configuration: .init(maxPutEventsSizeBytes: 100), ingestor: ingestor)
        try await ServerFixtures.withClient(api) { client in
            // Source 7 + DetailType 11 + Resources 5 + Time 14 = 37; detail fills the rest up to exactly 100.
            let detail = #"{"k":""# + String(repeating: "é", count: 27) + #"a"}"#  // 6 + 54 + 3 = 63 bytes
            var entry = Self.entry(detail: detail)
            entry["Time"] = 1_700_000_000
            #expect(detail.utf8.count == 63)
            let fits = try await client.ok("PutEvents", json(["Entries": [entry]]))
            #expect(fits["FailedEntryCount"] as? Int == 0)
            entry["Source"] = "com.apps"
            let over = try await client.call("PutEvents", json(["Entries": [entry]]))
            #expect(over.errorType == "ValidationException")
            #expect(over.message == "Total size of the entries in the request is over the limit.")
        }
        #expect(await ingestor.events.count == 1)
    }

    @Test func ingestorFailuresAreReportedPerEntry() async throws {
        let ingestor = RecordingIngestor(failSources: ["com.full"])
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI(ingestor: ingestor)) { client in
            let answer = try await client.ok("PutEvents", json(["Entries": [Self.entry("com.full"), Self.entry()]]))
            let entries = try #require(answer["Entries"] as? [[String: Any]])
            #expect(entries[0]["ErrorCode"] as? String == "ThrottlingException")
            #expect(entries[1]["EventId"] is String)
            #expect(answer["FailedEntryCount"] as? Int == 1)
        }
    }

    @Test func testEventPattern() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let event = json([
                "id": "1", "account": "000000000000", "source": "com.app", "time": "2026-11-22T10:00:00Z",
                "region": "us-east-1", "resources": [String](), "detail-type": "OrderPlaced", "detail": ["order_amount": 12000],
            ])
            let matching = try await client.ok("TestEventPattern", json([
                "EventPattern": #"{"detail":{"order_amount":[{"numeric":[">",10000]}]}}"#, "Event": event,
            ]))
            #expect(matching["Result"] as? Bool == true)
            let notMatching = try await client.ok("TestEventPattern", json(["EventPattern": #"{"source":["other"]}"#, "Event": event]))
            #expect(notMatching["Result"] as? Bool == false)
            let badPattern = try await client.call("TestEventPattern", json(["EventPattern": #"{"source":"x"}"#, "Event": event]))
            #expect(badPattern.errorType == "InvalidEventPatternException")
            let badEvent = try await client.call("TestEventPattern", json(["EventPattern": #"{"source":["x"]}"#, "Event": #"{"source":"x"}"#]))
            #expect(badEvent.errorType == "ValidationException")
        }
    }
}
