#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels

/// What a fake provider reports back for a message it accepted, when told to deliver receipts.
public enum ScriptedOutcome: String, Sendable, Hashable, CaseIterable {
    /// Twilio: `sent`, `delivered`. Resend: `email.sent`, `email.delivered`.
    case delivered
    /// Twilio: `sent`, `delivered`, `read`. Resend: … `email.opened`.
    case opened
    /// Twilio: `sent`, `delivered`, `read`. Resend: … `email.opened`, `email.clicked`.
    case clicked
    /// Twilio: `sent`, `undelivered` (30003). Resend: `email.sent`, `email.bounced`.
    case bounced
    /// Twilio: `sent`, `delivered`. Resend: `email.sent`, `email.delivered`, `email.complained`.
    case complained
    /// Twilio: `failed` (30008). Resend: `email.failed`.
    case failed
    /// No callback at all.
    case noReceipt
}

/// The result of one callback a fake provider made to Herald.
public struct CallbackAttempt: Sendable, Hashable {
    /// The URL called.
    public var url: String
    /// The provider status or event type reported.
    public var reportedStatus: String
    /// Herald's HTTP status, when it answered.
    public var responseStatus: Int?
    /// The transport error, when it did not.
    public var error: String?

    /// Whether Herald answered 2xx.
    public var accepted: Bool { responseStatus.map { (200...299).contains($0) } ?? false }
}

/// Small helpers shared by the fakes: clock reading, ids and date formats.
enum FakeSupport {
    /// Unix seconds of a date, rounded down.
    static func seconds(_ date: Date) -> Int64 {
        Int64(date.timeIntervalSince1970.rounded(.down))
    }

    /// Unix milliseconds of a date, rounded down.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    /// `prefix` followed by `hexDigits` random lowercase hex digits (Twilio SIDs: `SM` + 32).
    static func randomID(prefix: String, hexDigits: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef")
        return prefix + String((0..<hexDigits).map { _ in digits[Int(generator.next() % 16)] })
    }

    /// A random RFC 4122 version-4 UUID in lowercase (Resend email ids).
    static func uuid() -> String {
        UUID().uuidString.lowercased()
    }

    /// RFC 2822 date as Twilio writes it: `Thu, 30 Jul 2015 20:12:31 +0000`.
    static func rfc2822(_ date: Date) -> String {
        let iso = RFC3339.format(unixMilliseconds: milliseconds(date))  // yyyy-MM-ddTHH:mm:ss.SSSZ
        let chars = Array(iso)
        let year = String(chars[0..<4])
        let month = Int(String(chars[5..<7])) ?? 1
        let day = String(chars[8..<10])
        let time = String(chars[11..<19])
        let days = Int(seconds(date).quotientAndRemainderFlooring(86_400))
        let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let weekday = weekdays[((days % 7) + 7) % 7]
        return "\(weekday), \(day) \(months[max(0, min(11, month - 1))]) \(year) \(time) +0000"
    }

    /// `YYMMDDhhmm` as in Twilio's `RawDlrDoneDate`.
    static func rawDlrDoneDate(_ date: Date) -> String {
        let chars = Array(RFC3339.format(unixMilliseconds: milliseconds(date)))
        return String(chars[2..<4]) + String(chars[5..<7]) + String(chars[8..<10]) + String(chars[11..<13])
            + String(chars[14..<16])
    }
}

/// Floor division for the date helpers.
extension Int64 {
    /// Floor division.
    func quotientAndRemainderFlooring(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }
}
