/// A target's live delivery figures, for `herald status` and the metrics.
public struct TargetStatus: Sendable, Equatable {
    public enum State: String, Sendable {
        case running, paused, stopped
    }

    public var state: State = .running
    /// Requests sent (first attempts and retries).
    public var sent: UInt64 = 0
    public var succeeded: UInt64 = 0
    public var retried: UInt64 = 0
    public var deadLettered: UInt64 = 0
    public var inFlight: Int = 0
    /// The last failure, if any: time (ms since the epoch) and text.
    public var lastError: (time: UInt64, message: String)?

    public init() {}

    public static func == (lhs: TargetStatus, rhs: TargetStatus) -> Bool {
        lhs.state == rhs.state && lhs.sent == rhs.sent && lhs.succeeded == rhs.succeeded && lhs.retried == rhs.retried
            && lhs.deadLettered == rhs.deadLettered && lhs.inFlight == rhs.inFlight
            && lhs.lastError?.time == rhs.lastError?.time && lhs.lastError?.message == rhs.lastError?.message
    }
}
