import HeraldAdmin

/// One attempt of a dead letter.
struct AttemptView {
    /// The attempt's 1-based number.
    var number: String
    /// When the attempt was made.
    var at: String
    /// The HTTP status or step outcome.
    var status: String
    /// Request latency.
    var latency: String
    /// The attempt's error text.
    var error: String
    /// The start of the response body.
    var excerpt: String
}

/// The dead-letter page.
struct EntryPageView {
    /// The target's name.
    var target: String
    /// The target's page, when the name is `BUS/RULE/ID`.
    var targetHref: String
    /// The log sequence.
    var sequence: String
    /// The CSRF token for the page's forms.
    var csrf: String
    /// The event id.
    var eventID: String
    /// The bus the event was put on.
    var bus: String
    /// The event's `source`.
    var source: String
    /// The event's `detail-type`.
    var detailType: String
    /// Why it was dead-lettered.
    var reason: String
    /// Attempts made, over every redrive.
    var attemptCount: String
    /// When the first attempt was made.
    var firstAttemptAt: String
    /// When the entry was dead-lettered.
    var deadLetteredAt: String
    /// How often it was redriven before.
    var redriveCount: String
    /// The event JSON as stored, indented.
    var envelope: String
    /// Every attempt, oldest first.
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
        envelope = detail.envelope.isEmpty
            ? "(the stored event could not be decoded)" : ConsoleJSON.pretty(Array(detail.envelope.utf8))
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
    /// The page heading.
    var heading: String
    /// What the action will do.
    var question: String
    /// A warning shown above the confirm button, if any.
    var warning: String?
    /// The form's POST path.
    var action: String
    /// The CSRF token for the page's forms.
    var csrf: String
    /// The target's name.
    var target: String
    /// The log sequence.
    var sequence: String?
    /// The confirm button's text.
    var buttonLabel: String
    /// The confirm button's CSS class (`danger` for a purge).
    var buttonClass: String
    /// Where Cancel leads back to.
    var cancelHref: String
}

/// The login page.
struct LoginView {
    /// An error or notice to show, if any.
    var message: String?
    /// The CSRF token for the page's forms.
    var csrf: String
    /// Where to go after logging in.
    var next: String
}

/// An error page.
struct ErrorView {
    /// The page heading.
    var heading: String
    /// An error or notice to show, if any.
    var message: String
}
