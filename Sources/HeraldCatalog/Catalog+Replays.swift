import Foundation

extension Catalog {
    /// How many replays may be `STARTING` or `RUNNING` at once (AWS's quota).
    public static let maxActiveReplays = 10

    /// 9999-12-31T23:59:59Z in seconds since 1970: the latest replay bound (botocore reads years up to 9999).
    static let latestReplayTime: TimeInterval = 253_402_300_799

    /// `StartReplay`: records a replay in state `STARTING`; the replay engine executes it and reports progress
    /// through ``updateReplay(name:state:reason:lastReplayedTime:)``.
    /// - Throws: `ValidationException` (an unknown archive too, as AWS answers), `ResourceAlreadyExistsException`,
    ///   `LimitExceededException`.
    public func startReplay(_ input: StartReplayInput) throws(CatalogError) -> Replay {
        var v = ShapeValidator()
        v.string(input.replayName, "replayName", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(input.description, "description", max: 512)
        v.string(input.eventSourceArn, "eventSourceArn", required: true, min: 1, max: 1600, pattern: ModelPattern.eventBusArn)
        v.required(input.eventStartTime, "eventStartTime")
        v.required(input.eventEndTime, "eventEndTime")
        v.required(input.destination, "destination")
        if let destination = input.destination { v.string(destination.arn, "destination.arn", required: true, min: 1, max: 1600) }
        try v.check()
        guard let name = input.replayName, let source = input.eventSourceArn, let start = input.eventStartTime,
            let end = input.eventEndTime, let destination = input.destination, let destinationArn = destination.arn
        else { throw .validation("ReplayName, EventSourceArn, EventStartTime, EventEndTime and Destination are required.") }
        // Times botocore can read back (it parses years 1–9999) and Herald can compare with ingest times (from 1970):
        // an infinite or far-off bound was stored and then broke every ListReplays of the SDKs.
        for (member, time) in [("EventStartTime", start), ("EventEndTime", end)] {
            let seconds = time.timeIntervalSince1970
            guard seconds.isFinite, seconds >= 0, seconds <= Self.latestReplayTime else {
                throw .validation("Parameter \(member) is not valid. Reason: must be a time from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z.")
            }
        }
        guard let archive = state.archive(arn: source) else {
            let name = source.split(separator: "/", maxSplits: 1).dropFirst().first.map(String.init) ?? source
            throw .validation("Parameter EventSourceArn is not valid. Reason: Archive \(name) does not exist.")
        }
        guard start < end else {
            throw .validation("Parameter EventEndTime is not valid. Reason: EventStartTime must be earlier than EventEndTime.")
        }
        guard destinationArn.contains(":event-bus/") else {
            throw .validation("Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.")
        }
        guard destinationArn == archive.eventSourceArn, let bus = state.eventBus(arn: destinationArn) else {
            throw .validation("Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.")
        }
        for filter in destination.filterArns ?? [] where state.rule(arn: filter)?.eventBusName != bus.name {
            throw .validation("Parameter Destination.FilterArns is not valid. Reason: rule \(filter) does not exist on event bus \(bus.name).")
        }
        guard state.replays[name] == nil else { throw .resourceAlreadyExists("Replay \(name) already exists.") }
        guard state.replays.values.filter({ $0.state.isActive }).count < Self.maxActiveReplays else {
            throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(Self.maxActiveReplays) active replays).")
        }
        let replay = Replay(
            name: name, arn: arns.replay(name), description: input.description, state: .starting, eventSourceArn: source,
            destination: destination, eventStartTime: start, eventEndTime: end, replayStartTime: now()
        )
        try saveReplay(replay)
        return replay
    }

    /// `DescribeReplay`.
    public func describeReplay(name: String?) throws(CatalogError) -> Replay { try requireReplay(name) }

    /// `CancelReplay`: moves a `STARTING` or `RUNNING` replay to `CANCELLING`.
    /// - Throws: `ResourceNotFoundException`, `IllegalStatusException` for a finished replay.
    public func cancelReplay(name: String?) throws(CatalogError) -> Replay {
        var replay = try requireReplay(name)
        guard replay.state.isActive else {
            throw .illegalStatus("Replay \(replay.name) is in state \(replay.state.rawValue) and cannot be cancelled.")
        }
        replay.state = .cancelling
        replay.stateReason = "Cancelled by request."
        try saveReplay(replay)
        return replay
    }

    /// `ListReplays`, filtered by name prefix, state and archive, sorted by name.
    public func listReplays(namePrefix: String?, state replayState: String?, eventSourceArn: String?, page: PageRequest) throws(CatalogError) -> Page<Replay> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 64, pattern: ModelPattern.name)
        v.enumeration(replayState, "state", allowed: ReplayState.allCases.map(\.rawValue))
        v.string(eventSourceArn, "eventSourceArn", min: 1, max: 1600, pattern: ModelPattern.eventBusArn)
        try v.check()
        try Self.checkOneFilter([namePrefix, replayState, eventSourceArn], operation: "ListReplays")
        let items = state.replays.values.filter {
            $0.name.hasPrefix(namePrefix ?? "") && (replayState == nil || $0.state.rawValue == replayState)
                && (eventSourceArn == nil || $0.eventSourceArn == eventSourceArn)
        }.sorted { $0.name < $1.name }
        return try Paginator.page(items, key: \.name, page)
    }

    /// Records the replay engine's progress. Terminal states (`COMPLETED`, `CANCELLED`, `FAILED`) set the end time.
    /// A progress report (`RUNNING`) never overrides a `CANCELLING` request made meanwhile: the state stays
    /// `CANCELLING` (the progress time is still recorded) so the engine sees the cancellation before its next batch.
    public func updateReplay(name: String, state newState: ReplayState, reason: String?, lastReplayedTime: Date?) throws(CatalogError) {
        var replay = try requireReplay(name)
        if !(replay.state == .cancelling && newState == .running) { replay.state = newState }
        if let reason { replay.stateReason = reason }
        if let lastReplayedTime { replay.eventLastReplayedTime = lastReplayedTime }
        if !newState.isActive && newState != .cancelling && replay.replayEndTime == nil { replay.replayEndTime = now() }
        try saveReplay(replay)
    }

    private func saveReplay(_ replay: Replay) throws(CatalogError) {
        var next = state
        next.replays[replay.name] = replay
        try commit(next, [CatalogRecords.key(replay: replay.name): try CatalogRecords.encode(replay)])
    }

    private func requireReplay(_ name: String?) throws(CatalogError) -> Replay {
        var v = ShapeValidator()
        v.string(name, "replayName", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        try v.check()
        guard let name, let replay = state.replays[name] else { throw .resourceNotFound("Replay \(name ?? "") does not exist.") }
        return replay
    }
}
