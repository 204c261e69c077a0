import HeraldAdmin

// The values the templates render. Every field is already formatted text; the templates HTML-escape all of it.

/// The layout around every page.
struct LayoutView {
    var title: String
    var refreshSeconds: Int?
    var showLogout: Bool
    var csrf: String
    var flash: String?
    var body: String
}

/// One target as a table row or detail block.
struct TargetView {
    var name: String
    var href: String
    var state: String
    var problem: String?
    var cursor: String
    var lag: String
    var lagAge: String?
    var inFlight: String
    var sent: String
    var succeeded: String
    var retried: String
    var deadLettered: String
    var retrySize: String
    var retryNextDue: String?
    var dlqSize: String
    var lastError: String
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
    var uptime: String
    var now: String
    var logFirst: String
    var logLast: String
    var storedEvents: String
    var diskUsed: String
    var diskMap: String
    var diskFill: String
    var diskFile: String
    var hasTargets: Bool
    var targets: [TargetView]

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
    var sequence: String
    var href: String
    var eventID: String
    var source: String
    var detailType: String
    var reason: String
    var attempts: String
    var lastStatus: String
    var lastError: String
    var deadLetteredAt: String
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
    var name: String
    var csrf: String
    var report: TargetView?
    var hasEntries: Bool
    var entries: [EntryRowView]
    var emptyText: String
    var firstHref: String?
    var nextHref: String?
}

/// One attempt of a dead letter.
struct AttemptView {
    var number: String
    var at: String
    var status: String
    var latency: String
    var error: String
    var excerpt: String
}

/// The dead-letter page.
struct EntryPageView {
    var target: String
    var targetHref: String
    var sequence: String
    var csrf: String
    var eventID: String
    var bus: String
    var source: String
    var detailType: String
    var reason: String
    var attemptCount: String
    var firstAttemptAt: String
    var deadLetteredAt: String
    var redriveCount: String
    var envelope: String
    var attempts: [AttemptView]

    /// Formats an entry's details.
    init(_ detail: DeadLetterDetail, csrf: String) {
        let summary = detail.summary
        target = summary.target
        targetHref = ConsoleFormat.targetHref(summary.target)
        sequence = String(summary.sequence)
        self.csrf = csrf
        eventID = summary.eventID
        bus = detail.bus
        source = summary.source
        detailType = summary.detailType
        reason = summary.reason
        attemptCount = String(summary.attempts)
        firstAttemptAt = detail.firstAttemptAt
        deadLetteredAt = summary.deadLetteredAt
        redriveCount = String(summary.redriveCount)
        envelope = detail.envelope.isEmpty ? "(the stored event could not be decoded)" : detail.envelope
        attempts = detail.attempts.enumerated().map { index, attempt in
            AttemptView(
                number: String(index + 1), at: attempt.at, status: attempt.statusCode.map(String.init) ?? "—",
                latency: ConsoleFormat.milliseconds(attempt.latencyMilliseconds), error: attempt.error,
                excerpt: attempt.responseExcerpt)
        }
    }
}

/// The confirmation step of a DLQ action.
struct ConfirmView {
    var heading: String
    var question: String
    var warning: String?
    var action: String
    var csrf: String
    var target: String
    var sequence: String?
    var buttonLabel: String
    var buttonClass: String
    var cancelHref: String
}

/// The login page.
struct LoginView {
    var message: String?
    var csrf: String
    var next: String
}

/// An error page.
struct ErrorView {
    var heading: String
    var message: String
}
