#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldChannels
public import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake Resend API on loopback.
///
/// `POST /emails` needs `Authorization: Bearer <api key>` (missing → 401 `missing_api_key`, wrong → 403
/// `invalid_api_key`) and a JSON body (`from`, `to`, `subject` required → 422 `missing_required_field`); it answers
/// `200 {"id": "<uuid>"}`. `Idempotency-Key` is honoured for 24 h: a replay with the same payload returns the original
/// response without sending again, a different payload gets 409 `invalid_idempotent_request`. On command it posts
/// Svix-signed webhooks (`svix-id`, `svix-timestamp`, `svix-signature`) for each email's scripted outcome.
public final class FakeResend: Sendable {
    /// One accepted email.
    public struct Email: Sendable, Hashable {
        /// The email id.
        public var id: String
        /// The request body as received.
        public var body: JSONValue
        /// Tags as name/value pairs.
        public var tags: [ChannelHeader]
        /// The scripted outcome.
        public var outcome: ScriptedOutcome
        /// Event types not yet reported.
        public var pendingEvents: [String]
        /// Event types reported so far.
        public var reportedEvents: [String]
    }

    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var emails: [Email] = []
        var idempotency: [String: (fingerprint: [UInt8], response: FakeHTTPResponse, at: Date)] = [:]
        var outcomes: [String: ScriptedOutcome] = [:]
        var defaultOutcome: ScriptedOutcome = .delivered
        var failures: [FakeHTTPResponse] = []
        var webhookURL: String?
    }

    /// The API key expected as the Bearer token.
    public let apiKey: String
    /// The webhook signing secret (`whsec_…`).
    public let webhookSecret: String
    /// Whether webhooks carry `data.tags` as an array of `{name, value}` instead of an object map.
    public let tagsAsArray: Bool
    private let server: FakeHTTPServer
    private let state: LockedState<State>
    private let clock: @Sendable () -> Date
    private let client: LoopbackHTTPClient

    private init(
        apiKey: String, webhookSecret: String, tagsAsArray: Bool, server: FakeHTTPServer,
        state: LockedState<State>, clock: @escaping @Sendable () -> Date, client: LoopbackHTTPClient
    ) {
        self.apiKey = apiKey
        self.webhookSecret = webhookSecret
        self.tagsAsArray = tagsAsArray
        self.server = server
        self.state = state
        self.clock = clock
        self.client = client
    }

    /// Starts a fake Resend on an ephemeral loopback port.
    /// - Parameters:
    ///   - apiKey: Expected API key.
    ///   - webhookSecret: Svix secret used to sign webhooks.
    ///   - tagsAsArray: Send `data.tags` as `[{name, value}]` instead of an object map.
    ///   - group: Event loops.
    ///   - clock: Time source (webhook timestamps, idempotency expiry).
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        apiKey: String = "re_fake_0123456789", webhookSecret: String = "whsec_ZmFrZS1yZXNlbmQtd2ViaG9vay1zZWNyZXQ=",
        tagsAsArray: Bool = false, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(FakeProviderError) -> FakeResend {
        let state = LockedState(State())
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                return handle(request, state: &current, apiKey: apiKey, now: clock())
            }
        }
        return FakeResend(
            apiKey: apiKey, webhookSecret: webhookSecret, tagsAsArray: tagsAsArray, server: server, state: state,
            clock: clock, client: LoopbackHTTPClient(group: group))
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// `http://127.0.0.1:<port>`: use as the Resend preset's `baseURL`.
    public var baseURL: String { server.baseURL }
    /// Every request received.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }
    /// Every email accepted (idempotent replays are not counted twice).
    public var emails: [Email] { state.withLock { $0.emails } }

    /// Sets Herald's webhook URL (e.g. `http://127.0.0.1:8080/webhooks/resend`).
    /// - Parameter url: The URL.
    public func setWebhookURL(_ url: String) {
        state.withLock { $0.webhookURL = url }
    }

    /// Sets the outcome for a recipient address.
    /// - Parameters:
    ///   - outcome: The outcome.
    ///   - recipient: The address.
    public func setOutcome(_ outcome: ScriptedOutcome, for recipient: String) {
        state.withLock { $0.outcomes[recipient] = outcome }
    }

    /// Sets the outcome for recipients without their own.
    /// - Parameter outcome: The outcome.
    public func setDefaultOutcome(_ outcome: ScriptedOutcome) {
        state.withLock { $0.defaultOutcome = outcome }
    }

    /// Makes the next send fail with Resend's error JSON (e.g. 429 `rate_limit_exceeded` with `retry-after`).
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - name: Error name.
    ///   - message: Error message.
    ///   - retryAfter: Optional `retry-after` seconds.
    public func failNextSend(status: Int, name: String, message: String, retryAfter: Int? = nil) {
        var headers = ChannelHeaders()
        if let retryAfter { headers.append("retry-after", String(retryAfter)) }
        let response = Self.error(status: status, name: name, message: message, headers: headers)
        state.withLock { $0.failures.append(response) }
    }

    /// Posts every pending webhook event of every email to the webhook URL, Svix-signed.
    /// - Returns: One entry per webhook sent (empty when no webhook URL is set).
    public func deliverWebhooks() async -> [CallbackAttempt] {
        let (url, work) = state.withLock { current in
            (current.webhookURL, current.emails.enumerated().filter { !$0.element.pendingEvents.isEmpty })
        }
        guard let url else { return [] }
        var attempts: [CallbackAttempt] = []
        for (index, email) in work {
            for type in email.pendingEvents {
                attempts.append(await post(event: type, email: email, to: url))
                state.withLock { current in
                    current.emails[index].pendingEvents.removeFirst()
                    current.emails[index].reportedEvents.append(type)
                }
            }
        }
        return attempts
    }

    /// Posts one webhook event for an email now (any type, e.g. a repeat or an out-of-order event).
    /// - Parameters:
    ///   - type: Event type, e.g. `email.opened`.
    ///   - emailID: The email id.
    /// - Returns: The attempt.
    /// - Throws: `FakeProviderError.unknownMessage` for an unknown id or when no webhook URL is set.
    public func sendWebhook(type: String, emailID: String) async throws(FakeProviderError) -> CallbackAttempt {
        let (url, email) = state.withLock { ($0.webhookURL, $0.emails.first { $0.id == emailID }) }
        guard let url, let email else { throw .unknownMessage(emailID) }
        return await post(event: type, email: email, to: url)
    }

    /// The webhook body Resend sends for an event of an email.
    /// - Parameters:
    ///   - type: Event type.
    ///   - email: The email.
    /// - Returns: The JSON body.
    public func webhookBody(type: String, email: Email) -> JSONValue {
        let now = RFC3339.format(unixMilliseconds: FakeSupport.milliseconds(clock()))
        var data = JSONObject([
            ("created_at", .string(now)), ("email_id", .string(email.id)), ("from", email.body["from"] ?? .null),
            ("to", email.body["to"].map { $0.arrayValue != nil ? $0 : .array([$0]) } ?? .array([])),
            ("subject", email.body["subject"] ?? .null),
        ])
        if !email.tags.isEmpty {
            data["tags"] =
                tagsAsArray
                ? .array(email.tags.map { ["name": .string($0.name), "value": .string($0.value)] })
                : .object(JSONObject(email.tags.map { ($0.name, JSONValue.string($0.value)) }))
        }
        switch type {
        case "email.bounced":
            data["bounce"] = [
                "message": "The recipient's email provider sent a hard bounce.", "subType": "General", "type": "Permanent",
            ]
        case "email.clicked":
            data["click"] = [
                "ipAddress": "127.0.0.1", "link": "https://example.com/incident", "timestamp": .string(now),
                "userAgent": "Mozilla/5.0",
            ]
        case "email.failed":
            data["failed"] = ["reason": "reached_daily_quota"]
        default:
            break
        }
        return ["type": .string(type), "created_at": .string(now), "data": .object(data)]
    }

    private func post(event type: String, email: Email, to url: String) async -> CallbackAttempt {
        let body = webhookBody(type: type, email: email).jsonBytes
        let messageID = "msg_" + FakeSupport.randomID(prefix: "", hexDigits: 27)
        var headers: ChannelHeaders
        do {
            headers = try SvixSecret(webhookSecret).headers(
                id: messageID, timestamp: FakeSupport.seconds(clock()), body: body)
        } catch {
            return CallbackAttempt(url: url, reportedStatus: type, responseStatus: nil, error: "invalid webhook secret")
        }
        headers.append("Content-Type", "application/json")
        headers.append("User-Agent", "Svix-Webhooks/1.0")
        do {
            let response = try await client.send(ChannelRequest(url: url, headers: headers, body: body))
            return CallbackAttempt(url: url, reportedStatus: type, responseStatus: response.status, error: nil)
        } catch {
            return CallbackAttempt(url: url, reportedStatus: type, responseStatus: nil, error: String(describing: error))
        }
    }
}
