#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels
import HeraldJSON

/// Request handling of the fake Twilio.
extension FakeTwilio {
    /// Twilio's error body: `{"code":…,"message":…,"more_info":…,"status":…}`.
    static func error(status: Int, code: Int, message: String) -> FakeHTTPResponse {
        .json(
            status,
            [
                "code": JSONValue(code), "message": .string(message),
                "more_info": .string("https://www.twilio.com/docs/errors/\(code)"), "status": JSONValue(status),
            ])
    }

    /// Answers one request against the fake's state (called under the state lock).
    static func handle(
        _ request: FakeHTTPRequest, state: inout State, accountSID: String, authToken: String,
        apiKeys: [String: String], now: Date
    ) -> FakeHTTPResponse {
        let prefix = "/2010-04-01/Accounts/"
        guard request.path.hasPrefix(prefix), request.path.hasSuffix("/Messages.json") else {
            return error(status: 404, code: 20404, message: "The requested resource \(request.path) was not found")
        }
        guard request.method == "POST" else {
            return error(status: 405, code: 20004, message: "Method not allowed")
        }
        guard let credentials = request.headers["Authorization"].flatMap(BasicAuth.decode),
            (credentials.username == accountSID && credentials.password == authToken)
                || (!credentials.password.isEmpty && apiKeys[credentials.username] == credentials.password)
        else {
            return error(status: 401, code: 20003, message: "Authenticate")
        }
        let pathSID = request.path.dropFirst(prefix.count).dropLast("/Messages.json".count)
        guard pathSID == accountSID else {
            return error(status: 404, code: 20404, message: "The requested resource \(request.path) was not found")
        }
        if !state.failures.isEmpty { return state.failures.removeFirst() }

        // Twilio only reads form bodies; anything else leaves it without a `To`.
        let form = request.mediaType == "application/x-www-form-urlencoded" ? FormURLEncoding.decode(request.body) : []
        func value(_ name: String) -> String? { form.first { $0.name == name && !$0.value.isEmpty }?.value }
        guard let to = value("To") else {
            return error(status: 400, code: 21604, message: "A 'To' phone number is required.")
        }
        guard isAddress(to) else {
            return error(status: 400, code: 21211, message: "The 'To' number \(to) is not a valid phone number.")
        }
        let from = value("From")
        let service = value("MessagingServiceSid")
        guard from != nil || service != nil else {
            return error(status: 400, code: 21603, message: "A 'From' or 'MessagingServiceSid' parameter is required.")
        }
        let media = form.filter { $0.name == "MediaUrl" }.map(\.value)
        guard value("Body") != nil || !media.isEmpty || value("ContentSid") != nil else {
            return error(status: 400, code: 21602, message: "Message body is required.")
        }
        if let body = value("Body"), body.count > 1600 {
            return error(status: 400, code: 21617, message: "The concatenated message body exceeds the 1600 character limit.")
        }
        let callback = value("StatusCallback")
        if let callback, callback.split(separator: "/").dropFirst(1).first?.contains("_") == true {
            return error(status: 400, code: 21609, message: "Invalid StatusCallback: \(callback)")
        }

        let sid = FakeSupport.randomID(prefix: media.isEmpty ? "SM" : "MM")
        let outcome = state.outcomes[to] ?? state.defaultOutcome
        state.messages.append(
            Message(
                sid: sid, to: to, from: from, messagingServiceSID: service, body: value("Body"),
                statusCallback: callback, outcome: outcome, pendingStatuses: statuses(for: outcome), reportedStatuses: []))

        let date = JSONValue.string(FakeSupport.rfc2822(now))
        let uri = "/2010-04-01/Accounts/\(accountSID)/Messages/\(sid)"
        let optional: (String?) -> JSONValue = { $0.map(JSONValue.string) ?? .null }
        let body: JSONValue = .object(
            JSONObject([
                ("account_sid", .string(accountSID)), ("api_version", "2010-04-01"), ("body", optional(value("Body"))),
                ("date_created", date), ("date_sent", .null), ("date_updated", date), ("direction", "outbound-api"),
                ("error_code", .null), ("error_message", .null), ("from", optional(from)),
                ("messaging_service_sid", optional(service)), ("num_media", .string(String(media.count))),
                ("num_segments", .string(String(max(1, ((value("Body") ?? "").count + 152) / 153)))),
                ("price", .null), ("price_unit", "USD"), ("sid", .string(sid)),
                ("status", service != nil && from == nil ? "accepted" : "queued"),
                ("subresource_uris", ["media": .string(uri + "/Media.json")]), ("to", .string(to)),
                ("uri", .string(uri + ".json")),
            ]))
        return .json(201, body)
    }

    /// The statuses a scripted outcome reports, in order.
    static func statuses(for outcome: ScriptedOutcome) -> [String] {
        switch outcome {
        case .delivered, .complained: ["sent", "delivered"]
        case .opened, .clicked: ["sent", "delivered", "read"]
        case .bounced: ["sent", "undelivered"]
        case .failed: ["failed"]
        case .noReceipt: []
        }
    }

    /// E.164 (`+` and 8–15 digits), optionally behind a channel prefix such as `whatsapp:`.
    static func isAddress(_ text: String) -> Bool {
        let number = text.hasPrefix("whatsapp:") ? String(text.dropFirst("whatsapp:".count)) : text
        guard number.hasPrefix("+") else { return false }
        let digits = number.dropFirst()
        return (8...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }
}
