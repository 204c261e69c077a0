import Foundation
import HeraldCatalog

/// `Replay` / `DescribeReplayResponse`.
private struct ReplayOutput: Encodable {
    var ReplayName: String
    var ReplayArn: String?
    var Description: String?
    var State: String
    var StateReason: String?
    var EventSourceArn: String
    var Destination: ReplayDestination?
    var EventStartTime: Date
    var EventEndTime: Date
    var EventLastReplayedTime: Date?
    var ReplayStartTime: Date
    var ReplayEndTime: Date?

    init(_ replay: Replay, detailed: Bool) {
        ReplayName = replay.name
        ReplayArn = detailed ? replay.arn : nil
        Description = detailed ? replay.description : nil
        State = replay.state.rawValue
        StateReason = replay.stateReason
        EventSourceArn = replay.eventSourceArn
        Destination = detailed ? replay.destination : nil
        EventStartTime = replay.eventStartTime
        EventEndTime = replay.eventEndTime
        EventLastReplayedTime = replay.eventLastReplayedTime
        ReplayStartTime = replay.replayStartTime
        ReplayEndTime = replay.replayEndTime
    }
}

/// Requests naming a replay, and `ListReplays`.
private struct ReplayNameRequest: Decodable {
    var ReplayName: String?
    var NamePrefix: String?
    var State: String?
    var EventSourceArn: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `StartReplay`: decodes the input, applies it and encodes the output.
    func startReplay(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var ReplayArn: String
            var State: String
            var StateReason: String?
            var ReplayStartTime: Date
        }
        let input = try Self.decode(StartReplayInput.self, from: body, operation: "StartReplay")
        let replay = try await catalog.startReplay(input)
        return try Self.encode(Output(
            ReplayArn: replay.arn, State: replay.state.rawValue, StateReason: replay.stateReason,
            ReplayStartTime: replay.replayStartTime
        ))
    }

    /// `DescribeReplay`: decodes the input, applies it and encodes the output.
    func describeReplay(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ReplayNameRequest.self, from: body, operation: "DescribeReplay")
        return try Self.encode(ReplayOutput(try await catalog.describeReplay(name: input.ReplayName), detailed: true))
    }

    /// `CancelReplay`: decodes the input, applies it and encodes the output.
    func cancelReplay(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var ReplayArn: String
            var State: String
            var StateReason: String?
        }
        let input = try Self.decode(ReplayNameRequest.self, from: body, operation: "CancelReplay")
        let replay = try await catalog.cancelReplay(name: input.ReplayName)
        return try Self.encode(Output(ReplayArn: replay.arn, State: replay.state.rawValue, StateReason: replay.stateReason))
    }

    /// `ListReplays`: decodes the input, applies it and encodes the output.
    func listReplays(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Replays: [ReplayOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ReplayNameRequest.self, from: body, operation: "ListReplays")
        let page = try await catalog.listReplays(
            namePrefix: input.NamePrefix, state: input.State, eventSourceArn: input.EventSourceArn,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(Replays: page.items.map { ReplayOutput($0, detailed: false) }, NextToken: page.nextToken))
    }
}
