/// When the ledger feed holds its work back so that a delivery burst has the box: while the outcome journal grows
/// faster than ``busyRate`` entries per second (delivery is busy), the feed waits — but never more than ``maximumDelay``
/// at a stretch (then it catches up before it may wait again), never when it is far behind, and never when the storage
/// map is filling up. So the ledger is at most a few seconds stale, and a burst's deliveries do not share the CPU,
/// the disk and the log's one writer with the ledger's SQLite inserts, journal reads and trims.
///
/// A value type driven by the feed's loop with the clock and the journal position it reads (tests drive it by hand).
struct LedgerDeferral {
    /// Journal entries per second above which delivery counts as busy.
    static let busyRate: Double = 5_000
    /// The longest the feed waits at a stretch.
    static let maximumDelay: Duration = .seconds(3)
    /// How long the feed sleeps between checks while it waits.
    static let checkInterval: Duration = .milliseconds(200)

    private var lastJournalNext: UInt64?
    private var lastCheck: ContinuousClock.Instant?
    private var deferringSince: ContinuousClock.Instant?
    /// Set when a stretch reached ``maximumDelay``: the feed must catch up before it waits again.
    private var mustCatchUp = false

    /// Whether the feed should wait now.
    ///
    /// - Parameters:
    ///   - journalNext: the journal's next sequence (how many outcomes have been written so far).
    ///   - farBehind: the feed is past its catch-up lag, or the storage map is filling up (read only when delivery is
    ///     busy: it costs storage and SQLite reads).
    ///   - now: the current time.
    mutating func shouldWait(journalNext: UInt64, farBehind: @autoclosure () -> Bool, now: ContinuousClock.Instant) -> Bool {
        let previous = (lastJournalNext, lastCheck)
        lastJournalNext = journalNext
        lastCheck = now
        guard !mustCatchUp, let previousNext = previous.0, let previousCheck = previous.1 else {
            deferringSince = nil
            return false
        }
        let elapsed = previousCheck.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds > 0, Double(journalNext &- previousNext) / seconds > Self.busyRate, !farBehind() else {
            deferringSince = nil
            return false
        }
        let since = deferringSince ?? now
        deferringSince = since
        guard since.duration(to: now) < Self.maximumDelay else {
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
