import HeraldAdmin

// The values the templates render. Every field is already formatted text; the templates HTML-escape all of it.

/// The layout around every page.
struct LayoutView {
    /// The page title.
    var title: String
    /// Seconds between automatic reloads, or `nil` for none.
    var refreshSeconds: Int?
    /// Whether to show the log-out button.
    var showLogout: Bool
    /// The CSRF token for the page's forms.
    var csrf: String
    /// A one-time message from the previous action.
    var flash: String?
    /// The page template's output (already escaped HTML).
    var body: String
}

/// One target as a table row or detail block.
struct TargetView {
    /// The target's `BUS/RULE/ID`.
    var name: String
    /// The link to the item's page.
    var href: String
    /// `running`, `paused`, `stopped` or `not-running`.
    var state: String
    /// Why the target cannot run, if it cannot.
    var problem: String?
    /// The next log sequence the target considers.
    var cursor: String
    /// Log events at or after the cursor.
    var lag: String
    /// Age of the oldest pending event, when behind.
    var lagAge: String?
    /// Requests being sent now.
    var inFlight: String
    /// Requests sent since start.
    var sent: String
    /// Successful deliveries since start.
    var succeeded: String
    /// Retries scheduled since start.
    var retried: String
    /// Events dead-lettered since start.
    var deadLettered: String
    /// Entries in the retry queue.
    var retrySize: String
    /// When the earliest retry is due.
    var retryNextDue: String?
    /// Entries in the dead-letter queue.
    var dlqSize: String
    /// The last failure's text.
    var lastError: String
    /// The last failure's time.
    var lastErrorAt: String?

    /// Formats an admin target report.
    init(_ report: TargetReport) {
        name = report.target
        href = ConsoleFormat.targetHref(report.target)
        state = report.state
        problem = report.problem
        cursor = report.cursor.map(String.init) ?? "—"
        lag = String(report.lagEvents)
        lagAge = report.oldestPendingAgeSeconds.map(ConsoleFormat.duration)
        inFlight = String(report.inFlight)
        sent = String(report.sent)
        succeeded = String(report.succeeded)
        retried = String(report.retried)
        deadLettered = String(report.deadLettered)
        retrySize = String(report.retryQueueSize)
        retryNextDue = report.retryNextDueAt
        dlqSize = String(report.dlqSize)
        lastError = report.lastError ?? ""
        lastErrorAt = report.lastErrorAt
    }
}

/// The status page.
struct StatusView {
    /// Time since the process started.
    var uptime: String
    /// The server's current time.
    var now: String
    /// The lowest stored sequence.
    var logFirst: String
    /// The highest sequence appended.
    var logLast: String
    /// Events currently stored.
    var storedEvents: String
    /// Bytes in use inside the map.
    var diskUsed: String
    /// The map size (the hard limit).
    var diskMap: String
    /// The map's fill ratio.
    var diskFill: String
    /// The data file's size.
    var diskFile: String
    /// Whether any target has state.
    var hasTargets: Bool
    /// One row per target.
    var targets: [TargetView]
    /// How often the page reloads itself, if it does.
    var refreshing: String?

    /// Formats an admin status report.
    init(_ report: AdminStatusReport) {
        uptime = ConsoleFormat.duration(report.uptimeSeconds)
        now = report.now
        logFirst = report.log.firstSequence.map(String.init) ?? "—"
        logLast = String(report.log.lastSequence)
        storedEvents = String(report.log.storedEvents)
        diskUsed = ConsoleFormat.bytes(report.disk.usedBytes)
        diskMap = ConsoleFormat.bytes(report.disk.mapSizeBytes)
        diskFill = ConsoleFormat.percent(report.disk.fillRatio)
        diskFile = ConsoleFormat.bytes(report.disk.dataFileBytes)
        targets = report.targets.map(TargetView.init)
        hasTargets = !targets.isEmpty
    }
}

/// One dead letter in a target's listing.
struct EntryRowView {
    /// The log sequence.
    var sequence: String
    /// The link to the item's page.
    var href: String
    /// The event id.
    var eventID: String
    /// The event's `source`.
    var source: String
    /// The event's `detail-type`.
    var detailType: String
    /// Why it was dead-lettered.
    var reason: String
    /// Every attempt, oldest first.
    var attempts: String
    /// HTTP status of the last attempt.
    var lastStatus: String
    /// The last failure's text.
    var lastError: String
    /// When the entry was dead-lettered.
    var deadLetteredAt: String
    /// How often it was redriven before.
    var redriveCount: String

    /// Formats a summary.
    init(_ summary: DeadLetterSummary) {
        sequence = String(summary.sequence)
        href = ConsoleFormat.entryHref(target: summary.target, sequence: summary.sequence)
        eventID = summary.eventID
        source = summary.source
        detailType = summary.detailType
        reason = summary.reason
        attempts = String(summary.attempts)
        lastStatus = summary.lastStatus.map(String.init) ?? "—"
        lastError = summary.lastError ?? ""
        deadLetteredAt = summary.deadLetteredAt
        redriveCount = String(summary.redriveCount)
    }
}

/// The target page.
struct TargetPageView {
    /// The target's `BUS/RULE/ID`.
    var name: String
    /// The CSRF token for the page's forms.
    var csrf: String
    /// The target's figures, if it has stored state.
    var report: TargetView?
    /// Whether there is at least one row.
    var hasEntries: Bool
    /// The rows of the page.
    var entries: [EntryRowView]
    /// What to say when the page has no entries.
    var emptyText: String
    /// The first page's link, when not on it.
    var firstHref: String?
    /// The next page's link, if there is one.
    var nextHref: String?
}
