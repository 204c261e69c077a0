import HeraldChannels
import HeraldJSON

/// Recognizes a successful Twilio or Resend send from what the delivery engine has after an attempt — the request
/// URL and body it sent, the response status and the (possibly truncated) response body — so that API destinations
/// built from Connections and InputTransformers (not only channel presets) get dispatch records.
///
/// - Twilio: `POST …/2010-04-01/Accounts/<sid>/Messages.json` (any host, so fakes work); message id = the
///   response's `sid`; recipient = form `To`; channel `whatsapp` when `To` starts with `whatsapp:`, else `sms`;
///   correlation id = the ``twilioCorrelationParameter`` of the form's `StatusCallback` URL.
/// - Resend: `POST …/emails` whose JSON request has `to` (or any request to `api.resend.com/emails`); message id =
///   the response's `id`; recipient = `to` (joined by `,`); correlation id = the first tag named in
///   ``resendCorrelationTags`` (array or object form).
///
/// Twilio's recipient falls back to the response's `to` when the request body is not at hand.
///
/// The response id is read from the JSON body, or, when the body excerpt was cut short, from the first
/// `"sid": "…"` / `"id": "…"` member in the text.
public struct ProviderSendRecognizer: Sendable, Hashable {
    /// The `StatusCallback` query parameter carrying the correlation id (the Twilio preset's, default `cid`).
    public var twilioCorrelationParameter: String
    /// Resend tag names carrying the correlation id, in order.
    public var resendCorrelationTags: [String]

    /// Creates a recognizer.
    /// - Parameters:
    ///   - twilioCorrelationParameter: Callback URL parameter.
    ///   - resendCorrelationTags: Tag names.
    public init(twilioCorrelationParameter: String = "cid", resendCorrelationTags: [String] = ["correlation_id", "incident_id"]) {
        self.twilioCorrelationParameter = twilioCorrelationParameter
        self.resendCorrelationTags = resendCorrelationTags
    }

    /// Recognizes a send, or returns `nil` (not a provider send, not 2xx, or no message id in the response).
    /// - Parameters:
    ///   - requestURL: The absolute URL the request went to.
    ///   - requestBody: The request body sent.
    ///   - responseStatus: The HTTP status.
    ///   - responseBody: The response body (an excerpt is enough when it holds the id).
    public func recognize(requestURL: String, requestBody: [UInt8], responseStatus: Int, responseBody: [UInt8])
        -> SentMessage?
    {
        guard (200..<300).contains(responseStatus) else { return nil }
        let path = Self.path(of: requestURL)
        if Self.isTwilioMessages(path) {
            guard let sid = Self.member("sid", in: responseBody) else { return nil }
            let message = twilio(requestBody: requestBody, responseBody: responseBody)
            return SentMessage(message, providerMessageID: sid)
        }
        if Self.endsWith(path, "/emails") {
            guard let id = Self.member("id", in: responseBody),
                let message = resend(requestBody: requestBody, knownHost: Self.host(of: requestURL) == "api.resend.com")
            else { return nil }
            return SentMessage(message, providerMessageID: id)
        }
        return nil
    }

    /// What a Twilio or Resend request was addressed to, whatever the answer (for attempts that failed: no message
    /// id, no dispatch record, but the ledger still knows the channel, recipient and incident); `nil` for other
    /// requests.
    /// - Parameters:
    ///   - requestURL: The absolute URL the request went to.
    ///   - requestBody: The request body sent.
    public func addressed(requestURL: String, requestBody: [UInt8]) -> AddressedMessage? {
        let path = Self.path(of: requestURL)
        if Self.isTwilioMessages(path) { return twilio(requestBody: requestBody, responseBody: []) }
        if Self.endsWith(path, "/emails") {
            return resend(requestBody: requestBody, knownHost: Self.host(of: requestURL) == "api.resend.com")
        }
        return nil
    }

    private func twilio(requestBody: [UInt8], responseBody: [UInt8]) -> AddressedMessage {
        let form = FormURLEncoding.decode(requestBody)
        let to = form.first { $0.name == "To" }?.value ?? (responseBody.isEmpty ? nil : Self.member("to", in: responseBody))
        let callback = form.first { $0.name == "StatusCallback" }?.value
        let correlation = callback.flatMap { url -> String? in
            guard let question = url.firstIndex(of: "?") else { return nil }
            var query = url[url.index(after: question)...]
            if let hash = query.firstIndex(of: "#") { query = query[query.startIndex..<hash] }
            return FormURLEncoding.decode(String(query)).first { $0.name == twilioCorrelationParameter }?.value
        }
        let channel = (to?.hasPrefix("whatsapp:") ?? false) ? "whatsapp" : "sms"
        return AddressedMessage(provider: "twilio", channel: channel, recipient: to, correlationID: correlation)
    }

    private func resend(requestBody: [UInt8], knownHost: Bool) -> AddressedMessage? {
        let request = (try? JSONValue(parsing: requestBody))?.objectValue ?? JSONObject()
        guard request["to"] != nil || knownHost else { return nil }
        let to = request["to"]
        let recipients = to?.arrayValue?.compactMap(\.stringValue) ?? to?.stringValue.map { [$0] } ?? []
        var tags: [String: String] = [:]
        if let array = request["tags"]?.arrayValue {
            for tag in array {
                if let name = tag["name"]?.stringValue, let value = tag["value"]?.stringValue, tags[name] == nil {
                    tags[name] = value
                }
            }
        } else if let object = request["tags"]?.objectValue {
            for member in object { if let value = member.value.stringValue { tags[member.key] = value } }
        }
        let correlation = resendCorrelationTags.lazy.compactMap { tags[$0] }.first.map(ResendCorrelationTag.id(fromValue:))
        return AddressedMessage(
            provider: "resend", channel: "email", recipient: recipients.isEmpty ? nil : recipients.joined(separator: ","),
            correlationID: correlation)
    }

    /// The path of an absolute URL (without query or fragment).
    static func path(of url: String) -> Substring {
        // UTF-8 scans (every delivery asks): `/`, `?` and `#` are ASCII, so their indices are valid String indices.
        let rest = afterScheme(url)
        let bytes = rest.utf8
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return "" }
        let end = bytes[slash...].firstIndex { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") } ?? bytes.endIndex
        return rest[slash..<end]
    }

    /// Whether `text` ends with `suffix`, compared as UTF-8 bytes (no grapheme breaking, which `hasSuffix` does).
    static func endsWith(_ text: Substring, _ suffix: String) -> Bool {
        let bytes = text.utf8
        let count = suffix.utf8.count
        return bytes.count >= count && bytes.suffix(count).elementsEqual(suffix.utf8)
    }

    /// `url` after its first `://` (all of it when there is none). Scans the UTF-8 bytes: this runs for every
    /// delivery, and `firstRange(of:)` on a `String` costs several microseconds.
    static func afterScheme(_ url: String) -> Substring {
        let bytes = url.utf8
        var index = bytes.startIndex
        while let colon = bytes[index...].firstIndex(of: UInt8(ascii: ":")) {
            let rest = bytes[bytes.index(after: colon)...]
            if rest.starts(with: "//".utf8) { return url[bytes.index(colon, offsetBy: 3)...] }
            index = bytes.index(after: colon)
        }
        return Substring(url)
    }

    /// The lowercased host of an absolute URL (without port or user info).
    static func host(of url: String) -> String {
        var rest = afterScheme(url)
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[rest.startIndex..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.lastIndex(of: ":"), !rest.hasSuffix("]") { rest = rest[rest.startIndex..<colon] }
        return rest.lowercased()
    }

    /// Whether `path` is `…/2010-04-01/Accounts/<sid>/Messages.json`.
    static func isTwilioMessages(_ path: Substring) -> Bool {
        // Every delivery asks; most are not Twilio: decide those without splitting the path.
        guard endsWith(path, "/Messages.json") else { return false }
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count >= 4 else { return false }
        let tail = parts.suffix(4)
        let items = Array(tail)
        return items[0] == "2010-04-01" && items[1] == "Accounts" && !items[2].isEmpty && items[3] == "Messages.json"
    }

    /// A top-level string member of a JSON object, also found in a truncated body by scanning for `"name":"…"`.
    static func member(_ name: String, in body: [UInt8]) -> String? {
        if let object = (try? JSONValue(parsing: body))?.objectValue {
            return object[name]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        }
        let text = String(decoding: body, as: UTF8.self)
        var search = text[...]
        let needle = "\"" + name + "\""
        while let found = search.firstRange(of: needle) {
            var rest = search[found.upperBound...].drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            search = search[found.upperBound...]
            guard rest.first == ":" else { continue }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
            guard rest.first == "\"" else { continue }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\""), close != rest.startIndex else { continue }
            let value = rest[rest.startIndex..<close]
            guard !value.contains("\\") else { continue }
            return String(value)
        }
        return nil
    }
}
