import Foundation
import HeraldJSON

/// Replays: start one from an archive by name, read its state, cancel it.
extension EventBridgeClient {
    /// Starts replaying archive `archive`'s events from `from` to `to` (milliseconds since the epoch) back onto the
    /// archive's bus, optionally only to the targets of `rules` (names of rules on that bus).
    ///
    /// Looks up the archive (`DescribeArchive`) for its ARN and bus, and each rule (`DescribeRule`) for its ARN.
    /// - Returns: The replay as `StartReplay` answers it, with the name filled in.
    /// - Throws: ``AdminClientError/server(status:code:message:)`` when the archive, a rule or the replay is refused
    ///   (e.g. `ResourceNotFoundException`, `ResourceAlreadyExistsException`, `ValidationException`).
    public func startReplay(name: String, archive: String, from: UInt64, to: UInt64, rules: [String])
        async throws(AdminClientError) -> EventBridgeReplay
    {
        let described: EventBridgeArchive = try await call(
            "DescribeArchive", .object(JSONObject([("ArchiveName", .string(archive))])))
        guard let archiveArn = described.ArchiveArn else {
            throw .invalidResponse("DescribeArchive answered no ArchiveArn for '\(archive)'")
        }
        let bus = EventBridgeTableRenderer.busName(of: described.EventSourceArn)
        var filterArns: [String] = []
        for rule in rules {
            let answer: EventBridgeRule = try await call(
                "DescribeRule", .object(JSONObject([("Name", .string(rule)), ("EventBusName", .string(bus))])))
            guard let arn = answer.Arn else { throw .invalidResponse("DescribeRule answered no Arn for '\(rule)'") }
            filterArns.append(arn)
        }
        var destination = JSONObject([("Arn", .string(described.EventSourceArn))])
        if !filterArns.isEmpty { destination.append(key: "FilterArns", value: .array(filterArns.map(JSONValue.string))) }
        let input = JSONObject([
            ("ReplayName", .string(name)), ("EventSourceArn", .string(archiveArn)),
            ("EventStartTime", Self.seconds(from)), ("EventEndTime", Self.seconds(to)),
            ("Destination", .object(destination)),
        ])
        var replay: EventBridgeReplay = try await call("StartReplay", .object(input))
        replay.ReplayName = name
        return replay
    }

    /// `DescribeReplay`.
    public func describeReplay(name: String) async throws(AdminClientError) -> EventBridgeReplay {
        try await call("DescribeReplay", .object(JSONObject([("ReplayName", .string(name))])))
    }

    /// `CancelReplay`; the answer carries the new state (usually `CANCELLING`).
    public func cancelReplay(name: String) async throws(AdminClientError) -> EventBridgeReplay {
        var replay: EventBridgeReplay = try await call("CancelReplay", .object(JSONObject([("ReplayName", .string(name))])))
        replay.ReplayName = name
        return replay
    }

    /// Milliseconds since the epoch as a JSON number of seconds (`1795362884.5`).
    static func seconds(_ milliseconds: UInt64) -> JSONValue {
        let text = "\(milliseconds / 1000).\(String(format: "%03d", Int(milliseconds % 1000)))"
        return .number(JSONNumber(literal: text) ?? JSONNumber(Int(milliseconds / 1000)))
    }
}
