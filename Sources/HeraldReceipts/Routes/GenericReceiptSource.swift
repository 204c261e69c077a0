#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldChannels
import HeraldJSON

/// A generic webhook source mounted at `POST /webhooks/<name>`: HMAC-verified, JSON body in Herald's documented shape.
///
/// Body (a JSON object): `message_id` (or `provider_message_id`, required), `status` (required), and optional
/// `channel`, `recipient`, `error_code`, `occurred_at` (RFC 3339; default: receive time), `correlation_id`.
/// `status` is looked up in ``statusMap`` first, then as a Herald status name (`delivered`, `bounced`, …,
/// case-insensitive); anything else is `unknown` (recorded, never advances a message).
public struct GenericReceiptSource: Sendable {
    /// The source name: the path segment and the `provider` of its receipts (e.g. `sendgrid-relay`).
    public let name: String
    /// The HMAC verifier.
    public let verifier: HMACEndpointVerifier
    /// Channel used when the body has none and no dispatch record is found.
    public let defaultChannel: String?
    /// Provider status text → Herald status (e.g. `"dlvrd": .delivered`).
    public let statusMap: [String: ReceiptStatus]

    /// Creates a source.
    /// - Parameters:
    ///   - name: Source name (path segment; letters, digits, `-`, `_`, `.`; not `twilio` or `resend`).
    ///   - verification: HMAC settings (secrets, header, encoding, timestamp, id header).
    ///   - defaultChannel: Channel when the body does not say.
    ///   - statusMap: Provider status → Herald status.
    /// - Throws: `ChannelConfigurationError` for a bad name or missing secret.
    public init(
        name: String, verification: HMACEndpointVerifier.Configuration, defaultChannel: String? = nil,
        statusMap: [String: ReceiptStatus] = [:]
    ) throws(ChannelConfigurationError) {
        let allowed = name.unicodeScalars.allSatisfy {
            (("0"..."9").contains($0) || ("a"..."z").contains($0) || ("A"..."Z").contains($0))
                || $0 == "-" || $0 == "_" || $0 == "."
        }
        guard !name.isEmpty, name.utf8.count <= 64, allowed else {
            throw .invalidValue(field: "source name", reason: "1...64 of letters, digits, '-', '_', '.'")
        }
        guard name != "twilio", name != "resend" else {
            throw .invalidValue(field: "source name", reason: "'\(name)' is reserved for the dedicated endpoint")
        }
        self.name = name
        self.verifier = try HMACEndpointVerifier(configuration: verification)
        self.defaultChannel = defaultChannel
        self.statusMap = statusMap
    }

    /// Verifies and normalizes one webhook.
    /// - Parameters:
    ///   - headers: Request headers.
    ///   - body: Raw body.
    ///   - now: Receive time (injected clock).
    /// - Returns: The observation.
    /// - Throws: `ReceiptEndpointError` with the status to answer.
    public func process(headers: ChannelHeaders, body: [UInt8], now: Date) throws(ReceiptEndpointError)
        -> ReceiptObservation
    {
        let verified: VerifiedHMACRequest
        do {
            verified = try verifier.verify(headers: headers, body: body, now: now)
        } catch {
            throw .unauthorized(error)
        }
        guard let object = (try? JSONValue(parsing: body))?.objectValue else {
            throw .malformed(.malformedBody("not a JSON object"))
        }
        guard let messageID = (object["message_id"] ?? object["provider_message_id"])?.stringValue, !messageID.isEmpty
        else { throw .malformed(.missingField("message_id")) }
        // Longer ids cannot be stored (nor ever will be): a 400 tells the sender not to retry, unlike a 503.
        guard messageID.utf8.count <= ReceiptKeys.maxComponentBytes else {
            throw .malformed(.malformedBody("message_id is longer than \(ReceiptKeys.maxComponentBytes) bytes"))
        }
        guard let statusText = object["status"]?.stringValue, !statusText.isEmpty else {
            throw .malformed(.missingField("status"))
        }
        let status = statusMap[statusText] ?? ReceiptStatus(rawValue: statusText.lowercased()) ?? .unknown
        let occurredAt =
            object["occurred_at"]?.stringValue
            ?? RFC3339.format(unixMilliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded(.down)))
        return ReceiptObservation(
            channel: object["channel"]?.stringValue ?? defaultChannel, provider: name, providerMessageID: messageID,
            status: status, providerStatus: statusText, errorCode: Self.text(object["error_code"]),
            recipient: object["recipient"]?.stringValue, occurredAt: occurredAt,
            correlationID: object["correlation_id"]?.stringValue, receiptID: verified.receiptID)
    }

    private static func text(_ value: JSONValue?) -> String? {
        if let string = value?.stringValue { return string }
        return value?.numberValue.map(\.description)
    }
}
