import Foundation
import HeraldCatalog
import Testing

@Suite struct ResourceCatalogTests {
    static let basic = ConnectionAuthParameters(
        basicAuthParameters: BasicAuthParameters(username: "AC123", password: "s3cret"),
        invocationHttpParameters: ConnectionHttpParameters(headerParameters: [
            ConnectionParameter(key: "X-Token", value: "hidden", isValueSecret: true),
            ConnectionParameter(key: "X-Plain", value: "shown", isValueSecret: false),
        ])
    )

    @Test func eventBusLifecycle() async throws {
        let catalog = try CatalogFixtures.catalog()
        let bus = try await catalog.createEventBus(CreateEventBusInput(name: "shop", description: "orders", tags: [Tag(key: "team", value: "a")]))
        #expect(bus.arn == "arn:aws:events:us-east-1:000000000000:event-bus/shop")
        #expect(await catalogError { _ = try await catalog.createEventBus(CreateEventBusInput(name: "shop")) }?.code == "ResourceAlreadyExistsException")
        #expect(await catalogError { _ = try await catalog.createEventBus(CreateEventBusInput(name: "a/b")) }?.code == "ValidationException")
        #expect(try await catalog.listTags(arn: bus.arn) == [Tag(key: "team", value: "a")])
        // By ARN: this region and account's finds the bus; another region's or account's does not quietly use it.
        #expect(try await catalog.describeEventBus(nameOrArn: bus.arn).name == "shop")
        for foreign in ["arn:aws:events:eu-west-1:000000000000:event-bus/shop", "arn:aws:events:us-east-1:111111111111:event-bus/shop"] {
            let error = await catalogError { _ = try await catalog.describeEventBus(nameOrArn: foreign) }
            #expect(error == .resourceNotFound("Event bus \(foreign) does not exist."))
        }
        #expect(await catalogError { _ = try await catalog.putRule(CatalogFixtures.rule("x", bus: "arn:aws:events:eu-west-1:000000000000:event-bus/shop")) }?.code == "ResourceNotFoundException")
        #expect(try await catalog.listEventBuses(namePrefix: nil, page: PageRequest()).items.map(\.name) == ["default", "shop"])
        _ = try await catalog.putRule(CatalogFixtures.rule("r", bus: "shop"))
        #expect(await catalogError { try await catalog.deleteEventBus(name: "shop") }?.code == "ValidationException")
        try await catalog.deleteRule(name: "r", eventBusName: "shop", force: false)
        // An archive on the bus refuses the delete as a rule does (AWS: an archive is a managed rule of its bus).
        _ = try await catalog.createArchive(ArchiveInput(archiveName: "kept", eventSourceArn: bus.arn))
        #expect(await catalogError { try await catalog.deleteEventBus(name: "shop") }
            == .validation("Event bus shop still has archives (kept); delete them before deleting the bus."))
        try await catalog.deleteArchive(name: "kept")
        try await catalog.deleteEventBus(name: "shop")
        try await catalog.deleteEventBus(name: "shop")
        #expect(await catalogError { try await catalog.deleteEventBus(name: "default") } == .validation("Cannot delete event bus default."))
        #expect(await catalogError { _ = try await catalog.describeEventBus(nameOrArn: "shop") }?.code == "ResourceNotFoundException")
    }

    @Test func connectionsKeepSecretsButRedactThem() async throws {
        let catalog = try CatalogFixtures.catalog()
        let created = try await catalog.createConnection(CreateConnectionInput(name: "twilio", authorizationType: "BASIC", authParameters: Self.basic))
        #expect(created.arn == "arn:aws:events:us-east-1:000000000000:connection/twilio/id-1")
        #expect(created.state == .authorized)
        #expect(created.authParameters.basicAuthParameters?.password == "s3cret")
        let redacted = created.redactedAuthParameters
        #expect(redacted.basicAuthParameters == BasicAuthParameters(username: "AC123", password: nil))
        #expect(redacted.invocationHttpParameters?.headerParameters?.map(\.value) == [nil, "shown"])

        let missing = await catalogError {
            _ = try await catalog.createConnection(CreateConnectionInput(name: "k", authorizationType: "API_KEY", authParameters: Self.basic))
        }
        #expect(missing?.code == "ValidationException")
        let badType = await catalogError {
            _ = try await catalog.createConnection(CreateConnectionInput(name: "k", authorizationType: "TOKEN", authParameters: Self.basic))
        }
        #expect(badType?.message.contains("enum value set: [BASIC, OAUTH_CLIENT_CREDENTIALS, API_KEY]") == true)

        let updated = try await catalog.updateConnection(UpdateConnectionInput(
            name: "twilio", authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: nil, password: "new"))
        ))
        #expect(updated.authParameters.basicAuthParameters == BasicAuthParameters(username: "AC123", password: "new"))
        let deauthorized = try await catalog.deauthorizeConnection(name: "twilio")
        #expect(deauthorized.state == .deauthorized)
        // The secret leaves the store (what the operation is for); the name stays, and an update must give it again.
        #expect(try await catalog.describeConnection(name: "twilio").authParameters.basicAuthParameters == BasicAuthParameters(username: "AC123", password: nil))
        let refused = await catalogError {
            _ = try await catalog.updateConnection(UpdateConnectionInput(name: "twilio", description: "no secret given"))
        }
        #expect(refused?.code == "ValidationException")
        #expect(try await catalog.describeConnection(name: "twilio").state == .deauthorized)
        #expect(try await catalog.listConnections(namePrefix: nil, state: "DEAUTHORIZED", page: PageRequest()).items.count == 1)
        #expect(try await catalog.deleteConnection(name: "twilio").state == .deleting)
        #expect(await catalogError { _ = try await catalog.describeConnection(name: "twilio") }?.code == "ResourceNotFoundException")
    }

    @Test func apiDestinationsNeedAConnection() async throws {
        let catalog = try CatalogFixtures.catalog()
        let connection = try await catalog.createConnection(CreateConnectionInput(name: "c", authorizationType: "BASIC", authParameters: Self.basic))
        let input = ApiDestinationInput(
            name: "sms", connectionArn: connection.arn, invocationEndpoint: "https://api.example.com/2010-04-01/Accounts/*/Messages.json",
            httpMethod: "POST"
        )
        let destination = try await catalog.createApiDestination(input)
        #expect(destination.invocationRateLimitPerSecond == 300)
        #expect(destination.arn == "arn:aws:events:us-east-1:000000000000:api-destination/sms/id-2")
        #expect(await catalogError { _ = try await catalog.createApiDestination(input) }?.code == "ResourceAlreadyExistsException")
        var ghost = input
        ghost.name = "ghost"
        ghost.connectionArn = "arn:aws:events:us-east-1:000000000000:connection/none/abc"
        #expect(await catalogError { _ = try await catalog.createApiDestination(ghost) }?.code == "ResourceNotFoundException")
        var badMethod = input
        badMethod.name = "m"
        badMethod.httpMethod = "FETCH"
        #expect(await catalogError { _ = try await catalog.createApiDestination(badMethod) }?.code == "ValidationException")
        for endpoint in ["ftp://x/y", "mailto:ops@example.com", "https://", "example.com/x"] {
            var notHTTP = input
            notHTTP.name = "n"
            notHTTP.invocationEndpoint = endpoint
            #expect(await catalogError { _ = try await catalog.createApiDestination(notHTTP) }?.code == "ValidationException", "\(endpoint)")
        }
        var plainHTTP = input
        plainHTTP.name = "local"
        plainHTTP.invocationEndpoint = "HTTP://127.0.0.1:9000/hook"
        _ = try await catalog.createApiDestination(plainHTTP)
        let updated = try await catalog.updateApiDestination(ApiDestinationInput(name: "sms", invocationRateLimitPerSecond: 5))
        #expect(updated.invocationRateLimitPerSecond == 5)
        #expect(try await catalog.listApiDestinations(namePrefix: "s", connectionArn: nil, page: PageRequest()).items.map(\.name) == ["sms"])
        try await catalog.deleteApiDestination(name: "sms")
        #expect(await catalogError { _ = try await catalog.describeApiDestination(name: "sms") }?.code == "ResourceNotFoundException")
    }

    @Test func archivesAndReplays() async throws {
        let catalog = try CatalogFixtures.catalog()
        let busArn = "arn:aws:events:us-east-1:000000000000:event-bus/default"
        let archive = try await catalog.createArchive(ArchiveInput(archiveName: "all", eventSourceArn: busArn, eventPattern: #"{"source":["com.app"]}"#))
        #expect(archive.state == .enabled)
        #expect(archive.arn == "arn:aws:events:us-east-1:000000000000:archive/all")
        #expect(await catalogError { _ = try await catalog.createArchive(ArchiveInput(archiveName: "x", eventSourceArn: busArn, eventPattern: "[]")) }?.code == "InvalidEventPatternException")
        try await catalog.recordArchiveStatistics(name: "all", eventCount: 3, sizeBytes: 300)
        #expect(try await catalog.describeArchive(name: "all").eventCount == 3)

        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let input = StartReplayInput(
            replayName: "r1", eventSourceArn: archive.arn, eventStartTime: start, eventEndTime: start.addingTimeInterval(60),
            destination: ReplayDestination(arn: busArn)
        )
        let replay = try await catalog.startReplay(input)
        #expect(replay.state == .starting)
        #expect(await catalogError { _ = try await catalog.startReplay(input) }?.code == "ResourceAlreadyExistsException")
        var backwards = input
        backwards.replayName = "r2"
        backwards.eventEndTime = start.addingTimeInterval(-1)
        #expect(await catalogError { _ = try await catalog.startReplay(backwards) }?.code == "ValidationException")
        #expect(try await catalog.cancelReplay(name: "r1").state == .cancelling)
        try await catalog.updateReplay(name: "r1", state: .cancelled, reason: nil, lastReplayedTime: start)
        let done = try await catalog.describeReplay(name: "r1")
        #expect(done.state == .cancelled)
        #expect(done.replayEndTime != nil)
        #expect(await catalogError { _ = try await catalog.cancelReplay(name: "r1") }?.code == "IllegalStatusException")
        #expect(try await catalog.listReplays(namePrefix: nil, state: "CANCELLED", eventSourceArn: nil, page: PageRequest()).items.count == 1)

        // Bounds the SDKs cannot read back, an unknown archive, a destination that is no bus: ValidationException in
        // AWS's words, nothing stored.
        func refusal(_ change: (inout StartReplayInput) -> Void) async -> String? {
            var bad = input
            bad.replayName = "bad"
            change(&bad)
            return await catalogError { _ = try await catalog.startReplay(bad) }.map { "\($0.code): \($0.message)" }
        }
        #expect(await refusal { $0.eventEndTime = Date(timeIntervalSince1970: .infinity) }?.contains("Parameter EventEndTime is not valid") == true)
        #expect(await refusal { $0.eventStartTime = Date(timeIntervalSince1970: -1e12) }?.hasPrefix("ValidationException: Parameter EventStartTime") == true)
        #expect(await refusal { $0.eventEndTime = Date(timeIntervalSince1970: 1e20) }?.contains("9999-12-31T23:59:59Z") == true)
        #expect(await refusal { $0.eventSourceArn = "arn:aws:events:us-east-1:000000000000:archive/nosuch" }
            == "ValidationException: Parameter EventSourceArn is not valid. Reason: Archive nosuch does not exist.")
        #expect(await refusal { $0.destination = ReplayDestination(arn: "default") }
            == "ValidationException: Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.")
        #expect(await catalogError { _ = try await catalog.describeReplay(name: "bad") }?.code == "ResourceNotFoundException")
        // One filter at a time, as AWS allows.
        #expect(await catalogError {
            _ = try await catalog.listReplays(namePrefix: "r", state: "CANCELLED", eventSourceArn: nil, page: PageRequest())
        }?.message.hasPrefix("At most one filter is allowed for ListReplays") == true)
        #expect(await catalogError {
            _ = try await catalog.listArchives(namePrefix: "a", eventSourceArn: busArn, state: nil, page: PageRequest())
        }?.message.hasPrefix("At most one filter is allowed for ListArchives") == true)
    }

    @Test func tagsOnRules() async throws {
        let catalog = try CatalogFixtures.catalog()
        let rule = try await catalog.putRule(PutRuleInput(name: "r", eventPattern: #"{"source":["a"]}"#, tags: [Tag(key: "a", value: "1")]))
        try await catalog.tagResource(arn: rule.arn, tags: [Tag(key: "a", value: "2"), Tag(key: "b", value: "3")])
        #expect(try await catalog.listTags(arn: rule.arn) == [Tag(key: "a", value: "2"), Tag(key: "b", value: "3")])
        try await catalog.untagResource(arn: rule.arn, keys: ["a"])
        #expect(try await catalog.listTags(arn: rule.arn) == [Tag(key: "b", value: "3")])
        #expect(await catalogError { try await catalog.tagResource(arn: "arn:aws:events:us-east-1:000000000000:rule/none", tags: []) }?.code == "ResourceNotFoundException")
        let reserved = await catalogError { try await catalog.tagResource(arn: rule.arn, tags: [Tag(key: "AWS:x", value: "v")]) }
        #expect(reserved?.code == "ValidationException")
        #expect(reserved?.message.contains("reserved prefix aws:") == true)
    }

    @Test func snapshotsArePublishedWithIncreasingVersions() async throws {
        let catalog = try CatalogFixtures.catalog()
        let stream = await catalog.updates()
        var iterator = stream.makeAsyncIterator()
        let first = await iterator.next()
        #expect(first?.version == 0)
        _ = try await catalog.putRule(CatalogFixtures.rule("r"))
        let second = await iterator.next()
        #expect(second?.version == 1)
        #expect(second?.rules[RuleKey(bus: "default", name: "r")] != nil)
        await catalog.finishUpdates()
        #expect(await iterator.next() == nil)
    }
}
