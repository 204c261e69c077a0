import HeraldChannels
import HeraldEvents

/// The catalog key scheme of the receipts module (every key starts with `receipts/`).
///
/// - `receipts/dispatch/<provider>/<message id>` → ``DispatchRecord`` JSON
/// - `receipts/status/<provider>/<message id>` → the recorded status JSON (``ReceiptStatusRecord``)
/// - `receipts/pending/<sent at, 20-digit ns>/<provider>/<message id>` → empty; present while a dispatched
///   message has neither a settling receipt nor an emitted `ReceiptOverdue` (the overdue check range-reads it)
/// - `receipts/seen/<receipt id>` → JSON of what was done with the receipt (dedupe)
///
/// Path components are escaped (`%` → `%25`, `/` → `%2F`) so a message id can never break the scheme.
enum ReceiptKeys {
    /// Prefix of every key the module writes.
    static let root = "receipts/"
    /// Prefix of the pending (overdue-candidate) index.
    static let pendingPrefix = "receipts/pending/"
    /// Longest accepted provider or message id, in UTF-8 bytes (keeps keys under the catalog's 511-byte limit).
    static let maxComponentBytes = 200

    /// `receipts/dispatch/<provider>/<message id>`.
    static func dispatch(provider: String, messageID: String) -> String {
        "receipts/dispatch/" + messagePath(provider: provider, messageID: messageID)
    }

    /// `receipts/status/<provider>/<message id>`.
    static func status(provider: String, messageID: String) -> String {
        "receipts/status/" + messagePath(provider: provider, messageID: messageID)
    }

    /// `receipts/pending/<sent ns>/<provider>/<message id>`.
    static func pending(sentAt: UTCTime, provider: String, messageID: String) -> String {
        pendingPrefix + timeComponent(sentAt) + "/" + messagePath(provider: provider, messageID: messageID)
    }

    /// The first pending key strictly after every entry sent at or before `time`.
    static func pendingUpperBound(_ time: UTCTime) -> String {
        pendingPrefix + timeComponent(time) + "0"
    }

    /// `receipts/seen/<receipt id>`; ids longer than 300 bytes are replaced by their SHA-256.
    static func seen(_ receiptID: ReceiptID) -> String {
        let text = receiptID.value
        if text.utf8.count > 300 { return "receipts/seen/h:" + ChannelDigest.sha256Hex(text.utf8) }
        return "receipts/seen/" + text
    }

    /// `<provider>/<message id>`, escaped: also the lock key of a message.
    static func messagePath(provider: String, messageID: String) -> String {
        escape(provider) + "/" + escape(messageID)
    }

    /// The 20-digit, zero-padded nanosecond time (negative times sort as 0).
    static func timeComponent(_ time: UTCTime) -> String {
        let digits = String(max(0, time.nanosecondsSince1970))
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    /// Checks that a provider and message id can be stored.
    static func validate(provider: String, messageID: String) throws(ReceiptStoreError) {
        guard !provider.isEmpty, provider.utf8.count <= 64 else {
            throw .invalidRecord("provider must be 1...64 bytes, got \(provider.utf8.count)")
        }
        guard !messageID.isEmpty, messageID.utf8.count <= maxComponentBytes else {
            throw .invalidRecord("provider message id must be 1...\(maxComponentBytes) bytes, got \(messageID.utf8.count)")
        }
    }

    private static func escape(_ component: String) -> String {
        guard component.contains(where: { $0 == "/" || $0 == "%" }) else { return component }
        var result = ""
        for character in component {
            switch character {
            case "%": result += "%25"
            case "/": result += "%2F"
            default: result.append(character)
            }
        }
        return result
    }
}
