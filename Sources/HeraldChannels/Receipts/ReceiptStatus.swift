/// A normalized delivery status, across providers.
///
/// Lifecycle ranking (higher replaces lower): queued (also `accepted`, `scheduled`) < sending < sent <
/// delivery_delayed < delivered < read = opened < clicked. Terminal statuses — failed, undelivered, bounced,
/// complained, suppressed, canceled — end the lifecycle: once one is recorded nothing replaces it, and a terminal
/// status replaces any non-terminal one (an email can bounce or be marked as spam after `delivered`).
public enum ReceiptStatus: String, Sendable, Hashable, CaseIterable {
    /// Accepted by the provider, not yet sent (`queued`, `accepted`, `scheduled`).
    case queued
    /// Being handed to the carrier.
    case sending
    /// Handed to the carrier / mail server.
    case sent
    /// Delivery is being retried by the provider (Resend `email.delivery_delayed`).
    case deliveryDelayed = "delivery_delayed"
    /// Delivered to the handset / mailbox.
    case delivered
    /// Read (WhatsApp).
    case read
    /// Opened (email).
    case opened
    /// A link was clicked (email).
    case clicked
    /// Failed before delivery (terminal).
    case failed
    /// The carrier could not deliver (terminal).
    case undelivered
    /// The mailbox rejected the email (terminal).
    case bounced
    /// The recipient marked the email as spam (terminal).
    case complained
    /// Not sent because the address is on a suppression list (terminal).
    case suppressed
    /// Canceled before sending (terminal).
    case canceled
    /// A status this version does not know; never replaces a known status.
    case unknown

    /// Whether the status ends the lifecycle.
    public var isTerminal: Bool {
        switch self {
        case .failed, .undelivered, .bounced, .complained, .suppressed, .canceled: true
        default: false
        }
    }

    /// Whether the status reports a failure.
    public var isFailure: Bool { isTerminal }

    /// Position in the progress lifecycle (terminal statuses rank above every progress status; unknown is -1).
    public var rank: Int {
        switch self {
        case .unknown: -1
        case .queued: 0
        case .sending: 1
        case .sent: 2
        case .deliveryDelayed: 3
        case .delivered: 4
        case .read, .opened: 5
        case .clicked: 6
        case .failed, .undelivered, .bounced, .complained, .suppressed, .canceled: 100
        }
    }

    /// Whether a newly received status may replace the recorded one. Late and repeated callbacks never move a
    /// message backwards: a non-terminal status must rank strictly higher; a terminal status replaces any
    /// non-terminal one; nothing replaces a terminal status; `unknown` replaces nothing and is replaced by anything.
    /// - Parameters:
    ///   - current: The recorded status (`nil` when nothing is recorded yet).
    ///   - new: The newly received status.
    /// - Returns: `true` if `new` should become the recorded status.
    public static func canReplace(_ current: ReceiptStatus?, with new: ReceiptStatus) -> Bool {
        guard let current else { return true }
        if new == .unknown { return false }
        if current.isTerminal { return false }
        if new.isTerminal { return true }
        return new.rank > current.rank
    }

    /// The EventBridge `detail-type` Herald uses when it re-ingests a receipt with this status.
    /// `Bounce`, `Open` (opened and WhatsApp read), `Click`, `Complaint`; everything else `DeliveryStatus`.
    public var detailType: String {
        switch self {
        case .bounced: "Bounce"
        case .opened, .read: "Open"
        case .clicked: "Click"
        case .complained: "Complaint"
        default: "DeliveryStatus"
        }
    }

    /// Maps a Twilio `MessageStatus`/`SmsStatus` value (case-insensitive).
    /// - Parameter value: The provider value.
    /// - Returns: The normalized status (`unknown` for values this version does not know).
    public static func twilio(_ value: String) -> ReceiptStatus {
        switch value.lowercased() {
        case "queued", "accepted", "scheduled": .queued
        case "sending": .sending
        case "sent": .sent
        case "delivered", "partially_delivered": .delivered
        case "read": .read
        case "failed": .failed
        case "undelivered": .undelivered
        case "canceled": .canceled
        default: .unknown
        }
    }

    /// Maps a Resend webhook `type` (e.g. `email.delivered`).
    /// - Parameter type: The event type.
    /// - Returns: The normalized status, or `nil` for non-email-status events (contacts, domains, inbound mail).
    public static func resend(_ type: String) -> ReceiptStatus? {
        switch type {
        case "email.scheduled": .queued
        case "email.sent": .sent
        case "email.delivery_delayed", "email.delivered_delayed": .deliveryDelayed
        case "email.delivered": .delivered
        case "email.opened": .opened
        case "email.clicked": .clicked
        case "email.bounced": .bounced
        case "email.complained": .complained
        case "email.failed": .failed
        case "email.suppressed": .suppressed
        default: nil
        }
    }
}
