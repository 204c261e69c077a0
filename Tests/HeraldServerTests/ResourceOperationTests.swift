import Foundation
import HeraldServer
import HummingbirdTesting
import Testing

@Suite struct ResourceOperationTests {
    @Test func eventBusesAndTags() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let created = try await client.ok("CreateEventBus", json(["Name": "shop", "Description": "orders", "Tags": [["Key": "team", "Value": "a"]]]))
            let arn = try #require(created["EventBusArn"] as? String)
            #expect(arn == "arn:aws:events:us-east-1:000000000000:event-bus/shop")
            #expect(try await client.call("CreateEventBus", json(["Name": "shop"])).errorType == "ResourceAlreadyExistsException")
            let described = try await client.ok("DescribeEventBus", json(["Name": "shop"]))
            #expect(described["Description"] as? String == "orders")
            #expect(described["CreationTime"] as? Double == ServerFixtures.now.timeIntervalSince1970)
            let all = try await client.ok("ListEventBuses")
            #expect((all["EventBuses"] as? [[String: Any]])?.compactMap { $0["Name"] as? String } == ["default", "shop"])
            let updated = try await client.ok("UpdateEventBus", json(["Name": "shop", "Description": "new"]))
            #expect(updated["Description"] as? String == "new")

            let tags = try await client.ok("ListTagsForResource", json(["ResourceARN": arn]))
            #expect((tags["Tags"] as? [[String: String]]) == [["Key": "team", "Value": "a"]])
            _ = try await client.ok("TagResource", json(["ResourceARN": arn, "Tags": [["Key": "env", "Value": "dev"]]]))
            _ = try await client.ok("UntagResource", json(["ResourceARN": arn, "TagKeys": ["team"]]))
            let after = try await client.ok("ListTagsForResource", json(["ResourceARN": arn]))
            #expect((after["Tags"] as? [[String: String]]) == [["Key": "env", "Value": "dev"]])
            #expect(try await client.call("TagResource", json(["ResourceARN": "arn:nope", "Tags": [[String: String]]()])).errorType == "ResourceNotFoundException")

            _ = try await client.ok("DeleteEventBus", json(["Name": "shop"]))
            #expect(try await client.call("DescribeEventBus", json(["Name": "shop"])).errorType == "ResourceNotFoundException")
            #expect(try await client.call("DeleteEventBus", json(["Name": "default"])).errorType == "ValidationException")
        }
    }

    @Test func connectionsNeverReturnSecrets() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let auth: [String: Any] = [
                "OAuthParameters": [
                    "ClientParameters": ["ClientID": "client", "ClientSecret": "top-secret"],
                    "AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "POST",
                ],
                "InvocationHttpParameters": ["HeaderParameters": [["Key": "X-Secret", "Value": "hidden-value", "IsValueSecret": true]]],
            ]
            let created = try await client.ok("CreateConnection", json(["Name": "crm", "AuthorizationType": "OAUTH_CLIENT_CREDENTIALS", "AuthParameters": auth]))
            #expect(created["ConnectionState"] as? String == "AUTHORIZED")
            let arn = try #require(created["ConnectionArn"] as? String)
            #expect(arn.hasPrefix("arn:aws:events:us-east-1:000000000000:connection/crm/"))

            let raw = try await client.call("DescribeConnection", json(["Name": "crm"]))
            let text = String(decoding: try JSONSerialization.data(withJSONObject: raw.json), as: UTF8.self)
            #expect(!text.contains("top-secret"))
            #expect(!text.contains("hidden-value"))
            let params = try #require(raw.json["AuthParameters"] as? [String: Any])
            #expect(((params["OAuthParameters"] as? [String: Any])?["ClientParameters"] as? [String: String]) == ["ClientID": "client"])
            #expect(raw.json["SecretArn"] is String)

            let missing = try await client.call("CreateConnection", json(["Name": "x", "AuthorizationType": "BASIC", "AuthParameters": [String: Any]()]))
            #expect(missing.errorType == "ValidationException")
            _ = try await client.ok("UpdateConnection", json(["Name": "crm", "Description": "d"]))
            #expect(try await client.ok("DeauthorizeConnection", json(["Name": "crm"]))["ConnectionState"] as? String == "DEAUTHORIZED")
            let list = try await client.ok("ListConnections", json(["ConnectionState": "DEAUTHORIZED"]))
            #expect((list["Connections"] as? [[String: Any]])?.count == 1)

            let destination = try await client.ok("CreateApiDestination", json([
                "Name": "crm-sync", "ConnectionArn": arn, "InvocationEndpoint": "https://crm.example.com/sync", "HttpMethod": "POST",
                "InvocationRateLimitPerSecond": 10,
            ]))
            #expect(destination["ApiDestinationState"] as? String == "ACTIVE")
            let describedDestination = try await client.ok("DescribeApiDestination", json(["Name": "crm-sync"]))
            #expect(describedDestination["InvocationRateLimitPerSecond"] as? Int == 10)
            _ = try await client.ok("UpdateApiDestination", json(["Name": "crm-sync", "HttpMethod": "PUT"]))
            let destinations = try await client.ok("ListApiDestinations", json(["ConnectionArn": arn]))
            #expect((destinations["ApiDestinations"] as? [[String: Any]])?.first?["HttpMethod"] as? String == "PUT")
            _ = try await client.ok("DeleteApiDestination", json(["Name": "crm-sync"]))
            #expect(try await client.call("DescribeApiDestination", json(["Name": "crm-sync"])).errorType == "ResourceNotFoundException")
            #expect(try await client.ok("DeleteConnection", json(["Name": "crm"]))["ConnectionState"] as? String == "DELETING")
            #expect(try await client.call("DescribeConnection", json(["Name": "crm"])).errorType == "ResourceNotFoundException")
        }
    }

    @Test func archivesAndReplays() async throws {
        try await ServerFixtures.withClient(try ServerFixtures.makeAPI()) { client in
            let bus = "arn:aws:events:us-east-1:000000000000:event-bus/default"
            let archive = try await client.ok("CreateArchive", json(["ArchiveName": "all", "EventSourceArn": bus, "RetentionDays": 7]))
            #expect(archive["State"] as? String == "ENABLED")
            let archiveArn = try #require(archive["ArchiveArn"] as? String)
            #expect(try await client.ok("DescribeArchive", json(["ArchiveName": "all"]))["RetentionDays"] as? Int == 7)
            _ = try await client.ok("UpdateArchive", json(["ArchiveName": "all", "RetentionDays": 30]))
            #expect((try await client.ok("ListArchives")["Archives"] as? [[String: Any]])?.first?["RetentionDays"] as? Int == 30)
            #expect(try await client.call("CreateArchive", json(["ArchiveName": "p", "EventSourceArn": bus, "EventPattern": "{"])).errorType == "InvalidEventPatternException")

            let started = try await client.ok("StartReplay", json([
                "ReplayName": "replay-1", "EventSourceArn": archiveArn, "EventStartTime": 1_700_000_000, "EventEndTime": 1_700_003_600,
                "Destination": ["Arn": bus],
            ]))
            #expect(started["State"] as? String == "STARTING")
            let described = try await client.ok("DescribeReplay", json(["ReplayName": "replay-1"]))
            #expect(described["EventStartTime"] as? Double == 1_700_000_000)
            #expect((described["Destination"] as? [String: Any])?["Arn"] as? String == bus)
            #expect((try await client.ok("ListReplays")["Replays"] as? [[String: Any]])?.count == 1)
            #expect(try await client.ok("CancelReplay", json(["ReplayName": "replay-1"]))["State"] as? String == "CANCELLING")
            #expect(try await client.call("DescribeReplay", json(["ReplayName": "ghost"])).errorType == "ResourceNotFoundException")
            _ = try await client.ok("DeleteArchive", json(["ArchiveName": "all"]))
            #expect(try await client.call("DescribeArchive", json(["ArchiveName": "all"])).errorType == "ResourceNotFoundException")
        }
    }
}
