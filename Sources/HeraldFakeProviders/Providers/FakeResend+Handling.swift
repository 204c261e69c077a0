#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels
import HeraldJSON

/// Request handling of the fake Resend.
extension FakeResend {
    /// Resend's error body: `{"statusCode":…,"message":…,"name":…}`.
    static func error(status: Int, name: String, message: String, headers: ChannelHeaders = ChannelHeaders())
        -> FakeHTTPResponse
    {
        .json(status, ["statusCode": JSONValue(status), "message": .string(message), "name": .string(name)], headers: headers)
    }

    /// Answers one request against the fake's state (called under the state lock).
    static func handle(_ request: FakeHTTPRequest, state: inout State, apiKey: String, now: Date) -> FakeHTTPResponse {
        guard request.path == "/emails" else {
            return error(status: 404, name: "not_found", message: "The requested endpoint does not exist.")
        }
        guard request.method == "POST" else {
            return error(status: 405, name: "method_not_allowed", message: "Method is not allowed for the requested path.")
        }
        guard let authorization = request.headers["Authorization"], authorization.hasPrefix("Bearer ") else {
            return error(status: 401, name: "missing_api_key", message: "Missing API key in the authorization header.")
        }
        guard authorization.dropFirst("Bearer ".count) == apiKey else {
            return error(status: 403, name: "invalid_api_key", message: "API key is invalid")
        }
        guard request.mediaType == "application/json", let body = request.json, body.objectValue != nil else {
            return error(status: 422, name: "validation_error", message: "Invalid JSON body; Content-Type must be application/json.")
        }
        let key = request.headers["Idempotency-Key"]
        if let key {
            guard !key.isEmpty, key.count <= 256 else {
                return error(status: 400, name: "invalid_idempotency_key", message: "The key must be between 1-256 chars.")
            }
            state.idempotency = state.idempotency.filter { now.timeIntervalSince($0.value.at) < 86_400 }
            if let previous = state.idempotency[key] {
                guard previous.fingerprint == request.body else {
                    return error(
                        status: 409, name: "invalid_idempotent_request",
                        message: "Same idempotency key used with a different request payload.")
                }
                return previous.response
            }
        }
        if !state.failures.isEmpty { return state.failures.removeFirst() }

        for field in ["from", "to", "subject"] where body[field] == nil || body[field] == .null {
            return error(status: 422, name: "missing_required_field", message: "Missing `\(field)` field.")
        }
        let recipients = body["to"]?.arrayValue?.compactMap(\.stringValue) ?? body["to"]?.stringValue.map { [$0] } ?? []
        guard !recipients.isEmpty, recipients.count <= 50 else {
            return error(status: 422, name: "validation_error", message: "`to` must have 1 to 50 addresses.")
        }
        var tags: [ChannelHeader] = []
        for tag in body["tags"]?.arrayValue ?? [] {
            guard let name = tag["name"]?.stringValue, let value = tag["value"]?.stringValue,
                ResendEmailPreset.isValidTag(name), ResendEmailPreset.isValidTag(value)
            else {
                return error(
                    status: 422, name: "validation_error",
                    message: "Tags should only contain ASCII letters, numbers, underscores, or dashes.")
            }
            tags.append(ChannelHeader(name: name, value: value))
        }

        let id = FakeSupport.uuid()
        let outcome = state.outcomes[recipients[0]] ?? state.defaultOutcome
        state.emails.append(
            Email(id: id, body: body, tags: tags, outcome: outcome, pendingEvents: events(for: outcome), reportedEvents: []))
        let response = FakeHTTPResponse.json(200, ["id": .string(id)])
        if let key { state.idempotency[key] = (request.body, response, now) }
        return response
    }

    /// The webhook event types a scripted outcome produces, in order.
    static func events(for outcome: ScriptedOutcome) -> [String] {
        switch outcome {
        case .delivered: ["email.sent", "email.delivered"]
        case .opened: ["email.sent", "email.delivered", "email.opened"]
        case .clicked: ["email.sent", "email.delivered", "email.opened", "email.clicked"]
        case .bounced: ["email.sent", "email.bounced"]
        case .complained: ["email.sent", "email.delivered", "email.complained"]
        case .failed: ["email.failed"]
        case .noReceipt: []
        }
    }
}
