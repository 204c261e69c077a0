/// When the ledger feed holds its work back so that a burst has the box: while delivery writes more than
/// ``outcomeRateLimit`` outcomes a second to the journal (default ``busyOutcomeRate``), or ingest appends more than
/// ``eventRateLimit`` events a second to the log (default ``busyEventRate``), the feed waits — but never more than
/// ``maximumDelay`` at a stretch (default 3 s; then it catches up before it may wait again), never when it is more than
/// ``maximumBacklog`` events behind, and never when the storage map is filling up. The three limits are the `ledger:`
/// section's `DeferWhileDeliveryAbove`, `DeferWhileIngestAbove` and `MaximumDeferral` (0 turns a trigger, or the
/// waiting, off).
/// So the ledger is at most a few seconds stale, and a burst's deliveries or ingest do not share the CPU, the disk and
/// the log's one writer with the ledger's SQLite inserts, log and journal reads and trims.
///
/// A value type driven by the feed's loop with the clock and the two write positions it reads (tests drive it by
/// hand).
struct LedgerDeferral {
    /// Delivery outcomes written per second above which delivery counts as busy.
    static let busyOutcomeRate: Double = 5_000
    /// Events appended per second above which ingest counts as busy. Higher than the outcome rate: below it, the feed
    /// in the idle class keeps pace in small steps without showing in ingest's latency (16 one-at-a-time producers at
    /// ~20,000 events/s: ack p99 1.7 ms with the feed trickling along, 2.7 ms when it waited and then caught up in
    /// bulk), while above it (PutEvents batches, pipelined producers) its SQLite work takes CPU that ingest needs.
    static let busyEventRate: Double = 40_000
    /// The backlog (events behind the log's end, or journal entries held in events' worth) past which the feed never
    /// waits: ten times the lag at which it leaves the idle class (``LedgerFeed/catchUpLag``), about three seconds of
    /// the fastest ingest measured on the project's 2-core box.
    static let maximumBacklog: UInt64 = 1_000_000
    /// The longest the feed waits at a stretch, by default.
    static let defaultMaximumDelay: Duration = .seconds(3)
    /// How long the feed sleeps between checks while it waits.
    static let checkInterval: Duration = .milliseconds(200)

    /// Outcomes per second above which delivery counts as busy (0: delivery never makes the feed wait).
    let outcomeRateLimit: Double
    /// Events appended per second above which ingest counts as busy (0: ingest never makes the feed wait).
    let eventRateLimit: Double
    /// The longest the feed waits at a stretch (zero: it never waits).
    let maximumDelay: Duration

    /// Creates a deferral with the given limits (the defaults as measured on the project's 2-core box).
    init(
        outcomeRateLimit: Double = Self.busyOutcomeRate, eventRateLimit: Double = Self.busyEventRate,
        maximumDelay: Duration = Self.defaultMaximumDelay
    ) {
        self.outcomeRateLimit = max(0, outcomeRateLimit)
        self.eventRateLimit = max(0, eventRateLimit)
        self.maximumDelay = max(.zero, maximumDelay)
    }

    private var lastWritten: (journalNext: UInt64, logLast: UInt64)?
    private var lastCheck: ContinuousClock.Instant?
    private var deferringSince: ContinuousClock.Instant?
    /// Set when a stretch reached ``maximumDelay``: the feed must catch up before it waits again.
    private var mustCatchUp = false

    /// Whether the feed should wait now.
    ///
    /// - Parameters:
    ///   - journalNext: the journal's next sequence (how many outcomes have been written so far).
    ///   - logLast: the log's last sequence (how many events have been appended so far).
    ///   - farBehind: the feed is more than ``maximumBacklog`` events behind, or the storage map is filling up (read
    ///     only when the box is busy: it costs storage and SQLite reads).
    ///   - now: the current time.
    mutating func shouldWait(
        journalNext: UInt64, logLast: UInt64, farBehind: @autoclosure () -> Bool, now: ContinuousClock.Instant
    ) -> Bool {
        let previous = (lastWritten, lastCheck)
        lastWritten = (journalNext, logLast)
        lastCheck = now
        guard !mustCatchUp, let previousWritten = previous.0, let previousCheck = previous.1 else {
            deferringSince = nil
            return false
        }
        let elapsed = previousCheck.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let outcomeRate = Double(journalNext &- previousWritten.journalNext) / seconds
        let eventRate = Double(logLast &- previousWritten.logLast) / seconds
        let busy = (outcomeRateLimit > 0 && outcomeRate > outcomeRateLimit) || (eventRateLimit > 0 && eventRate > eventRateLimit)
        guard seconds > 0, maximumDelay > .zero, busy, !farBehind() else {
            deferringSince = nil
            return false
        }
        let since = deferringSince ?? now
        deferringSince = since
        guard since.duration(to: now) < maximumDelay else {
            mustCatchUp = true
            deferringSince = nil
            return false
        }
        return true
    }

    /// The feed has caught up with what was there (a step that did not fill its batch): it may wait again.
    mutating func caughtUp() {
        mustCatchUp = false
    }
}
