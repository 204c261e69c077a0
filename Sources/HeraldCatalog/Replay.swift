import Foundation

/// The lifecycle state of a replay (`ReplayState`).
public enum ReplayState: String, Sendable, Codable, CaseIterable {
    /// States named as EventBridge names them.
    case starting = "STARTING", running = "RUNNING", cancelling = "CANCELLING", completed = "COMPLETED"
    /// Terminal states.
    case cancelled = "CANCELLED", failed = "FAILED"

    /// Whether the replay can still change (and be cancelled).
    public var isActive: Bool { self == .starting || self == .running }
}

/// `ReplayDestination`: the bus to replay into, optionally restricted to some rules.
public struct ReplayDestination: Sendable, Equatable, Codable {
    /// The ARN of the bus receiving the replayed events.
    public var arn: String?
    /// Rule ARNs; when given, only these rules see the replayed events.
    public var filterArns: [String]?

    /// Creates a destination.
    public init(arn: String?, filterArns: [String]? = nil) {
        self.arn = arn
        self.filterArns = filterArns
    }

    enum CodingKeys: String, CodingKey { case arn = "Arn", filterArns = "FilterArns" }
}

/// A replay of an archive's time range into a bus. The catalog records it; the replay engine executes it.
public struct Replay: Sendable, Equatable, Codable {
    /// The replay name.
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:replay/NAME`.
    public var arn: String
    /// Description.
    public var description: String?
    /// The state.
    public var state: ReplayState
    /// Why it is in its state.
    public var stateReason: String?
    /// The ARN of the archive replayed.
    public var eventSourceArn: String
    /// Where the events go.
    public var destination: ReplayDestination
    /// Start of the replayed time range (inclusive).
    public var eventStartTime: Date
    /// End of the replayed time range (exclusive).
    public var eventEndTime: Date
    /// Time of the last event replayed so far.
    public var eventLastReplayedTime: Date?
    /// When the replay started.
    public var replayStartTime: Date
    /// When it finished.
    public var replayEndTime: Date?

    /// Creates a replay record.
    public init(
        name: String, arn: String, description: String? = nil, state: ReplayState = .starting, stateReason: String? = nil,
        eventSourceArn: String, destination: ReplayDestination, eventStartTime: Date, eventEndTime: Date,
        eventLastReplayedTime: Date? = nil, replayStartTime: Date, replayEndTime: Date? = nil
    ) {
        self.name = name
        self.arn = arn
        self.description = description
        self.state = state
        self.stateReason = stateReason
        self.eventSourceArn = eventSourceArn
        self.destination = destination
        self.eventStartTime = eventStartTime
        self.eventEndTime = eventEndTime
        self.eventLastReplayedTime = eventLastReplayedTime
        self.replayStartTime = replayStartTime
        self.replayEndTime = replayEndTime
    }

    enum CodingKeys: String, CodingKey {
        case name = "ReplayName", arn = "ReplayArn", description = "Description", state = "State"
        case stateReason = "StateReason", eventSourceArn = "EventSourceArn", destination = "Destination"
        case eventStartTime = "EventStartTime", eventEndTime = "EventEndTime"
        case eventLastReplayedTime = "EventLastReplayedTime", replayStartTime = "ReplayStartTime"
        case replayEndTime = "ReplayEndTime"
    }
}

/// The members of a `StartReplay` request.
public struct StartReplayInput: Sendable, Equatable, Codable {
    /// The replay name.
    public var replayName: String?
    /// Description.
    public var description: String?
    /// The archive ARN.
    public var eventSourceArn: String?
    /// Start of the time range.
    public var eventStartTime: Date?
    /// End of the time range.
    public var eventEndTime: Date?
    /// The destination.
    public var destination: ReplayDestination?

    /// Creates the input.
    public init(
        replayName: String?, description: String? = nil, eventSourceArn: String?, eventStartTime: Date?,
        eventEndTime: Date?, destination: ReplayDestination?
    ) {
        self.replayName = replayName
        self.description = description
        self.eventSourceArn = eventSourceArn
        self.eventStartTime = eventStartTime
        self.eventEndTime = eventEndTime
        self.destination = destination
    }

    enum CodingKeys: String, CodingKey {
        case replayName = "ReplayName", description = "Description", eventSourceArn = "EventSourceArn"
        case eventStartTime = "EventStartTime", eventEndTime = "EventEndTime", destination = "Destination"
    }
}
