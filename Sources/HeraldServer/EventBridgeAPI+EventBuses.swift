import Foundation
import HeraldCatalog

/// `EventBus` / `DescribeEventBusResponse` as EventBridge answers them.
private struct EventBusOutput: Encodable {
    var Name: String
    var Arn: String
    var Description: String?
    var KmsKeyIdentifier: String?
    var DeadLetterConfig: DeadLetterConfig?
    var Policy: String?
    var LogConfig: LogConfig?
    var CreationTime: Date
    var LastModifiedTime: Date

    init(_ bus: EventBus, full: Bool) {
        Name = bus.name
        Arn = bus.arn
        Description = bus.description
        KmsKeyIdentifier = full ? bus.kmsKeyIdentifier : nil
        DeadLetterConfig = full ? bus.deadLetterConfig : nil
        Policy = bus.policy
        LogConfig = full ? bus.logConfig : nil
        CreationTime = bus.creationTime
        LastModifiedTime = bus.lastModifiedTime
    }
}

/// Requests naming a bus.
private struct EventBusNameRequest: Decodable {
    var Name: String?
    var Description: String?
    var KmsKeyIdentifier: String?
    var DeadLetterConfig: DeadLetterConfig?
    var LogConfig: LogConfig?
}

/// `ListEventBuses` input.
private struct ListEventBusesRequest: Decodable {
    var NamePrefix: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `CreateEventBus`: decodes the input, applies it and encodes the output.
    func createEventBus(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var EventBusArn: String
            var Description: String?
            var KmsKeyIdentifier: String?
            var DeadLetterConfig: DeadLetterConfig?
            var LogConfig: LogConfig?
        }
        let input = try Self.decode(CreateEventBusInput.self, from: body, operation: "CreateEventBus")
        let bus = try await catalog.createEventBus(input)
        return try Self.encode(Output(
            EventBusArn: bus.arn, Description: bus.description, KmsKeyIdentifier: bus.kmsKeyIdentifier,
            DeadLetterConfig: bus.deadLetterConfig, LogConfig: bus.logConfig
        ))
    }

    /// `DescribeEventBus`: decodes the input, applies it and encodes the output.
    func describeEventBus(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(EventBusNameRequest.self, from: body, operation: "DescribeEventBus")
        let bus = try await catalog.describeEventBus(nameOrArn: input.Name)
        return try Self.encode(EventBusOutput(bus, full: true))
    }

    /// `UpdateEventBus`: decodes the input, applies it and encodes the output.
    func updateEventBus(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Arn: String
            var Name: String
            var KmsKeyIdentifier: String?
            var Description: String?
            var DeadLetterConfig: DeadLetterConfig?
            var LogConfig: LogConfig?
        }
        let input = try Self.decode(EventBusNameRequest.self, from: body, operation: "UpdateEventBus")
        let bus = try await catalog.updateEventBus(
            nameOrArn: input.Name, description: input.Description, kmsKeyIdentifier: input.KmsKeyIdentifier,
            deadLetterConfig: input.DeadLetterConfig, logConfig: input.LogConfig
        )
        return try Self.encode(Output(
            Arn: bus.arn, Name: bus.name, KmsKeyIdentifier: bus.kmsKeyIdentifier, Description: bus.description,
            DeadLetterConfig: bus.deadLetterConfig, LogConfig: bus.logConfig
        ))
    }

    /// `ListEventBuses`: decodes the input, applies it and encodes the output.
    func listEventBuses(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var EventBuses: [EventBusOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ListEventBusesRequest.self, from: body, operation: "ListEventBuses")
        let page = try await catalog.listEventBuses(
            namePrefix: input.NamePrefix, page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(EventBuses: page.items.map { EventBusOutput($0, full: false) }, NextToken: page.nextToken))
    }

    /// `DeleteEventBus`: decodes the input, applies it and encodes the output.
    func deleteEventBus(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(EventBusNameRequest.self, from: body, operation: "DeleteEventBus")
        try await catalog.deleteEventBus(name: input.Name)
        return try Self.encode(EmptyOutput())
    }
}
