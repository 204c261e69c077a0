#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldChannels
import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake Twilio Messages API on loopback.
///
/// `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` with HTTP Basic (`AccountSid:AuthToken`) and a
/// form-encoded body answers `201` with a Message resource (`sid` `SM…`, `status` `queued`, or `accepted` with a
/// Messaging Service). Bad auth → `401` error 20003; a non-form body (e.g. JSON) → `400` error 21604 (Twilio cannot
/// read `To`); missing sender/body → 21603/21602; a malformed `To` → 21211. On command it calls each message's
/// `StatusCallback` with a form body signed with `X-Twilio-Signature` (HMAC-SHA1 of the auth token), following the
/// scripted outcome for the recipient.
public final class FakeTwilio: Sendable {
    /// One accepted message.
    public struct Message: Sendable, Hashable {
        /// The message SID.
        public var sid: String
        /// `To` as sent.
        public var to: String
        /// `From`, if sent.
        public var from: String?
        /// `MessagingServiceSid`, if sent.
        public var messagingServiceSID: String?
        /// `Body`, if sent.
        public var body: String?
        /// `StatusCallback`, if sent.
        public var statusCallback: String?
        /// The scripted outcome.
        public var outcome: ScriptedOutcome
        /// Statuses not yet reported.
        public var pendingStatuses: [String]
        /// Statuses reported so far.
        public var reportedStatuses: [String]
    }

    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var messages: [Message] = []
        var outcomes: [String: ScriptedOutcome] = [:]
        var defaultOutcome: ScriptedOutcome = .delivered
        var failures: [FakeHTTPResponse] = []
    }

    /// The account SID expected in the path and as the Basic-auth user.
    public let accountSID: String
    /// The auth token expected as the Basic-auth password and used to sign callbacks.
    public let authToken: String
    private let server: FakeHTTPServer
    private let state: LockedState<State>
    private let clock: @Sendable () -> Date
    private let client: LoopbackHTTPClient

    private init(
        accountSID: String, authToken: String, server: FakeHTTPServer, state: LockedState<State>,
        clock: @escaping @Sendable () -> Date, client: LoopbackHTTPClient
    ) {
        self.accountSID = accountSID
        self.authToken = authToken
        self.server = server
        self.state = state
        self.clock = clock
        self.client = client
    }

    /// Starts a fake Twilio on an ephemeral loopback port.
    /// - Parameters:
    ///   - accountSID: Expected account SID.
    ///   - authToken: Expected auth token.
    ///   - apiKeys: API key SID → secret pairs also accepted as Basic credentials.
    ///   - group: Event loops.
    ///   - clock: Time source for dates.
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        accountSID: String = "AC00000000000000000000000000000001", authToken: String = "fake-twilio-auth-token",
        apiKeys: [String: String] = [:], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(FakeProviderError) -> FakeTwilio {
        let state = LockedState(State())
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                return handle(
                    request, state: &current, accountSID: accountSID, authToken: authToken, apiKeys: apiKeys, now: clock())
            }
        }
        return FakeTwilio(
            accountSID: accountSID, authToken: authToken, server: server, state: state, clock: clock,
            client: LoopbackHTTPClient(group: group))
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// `http://127.0.0.1:<port>`: use as the Twilio preset's `baseURL`.
    public var baseURL: String { server.baseURL }
    /// Every request received, in order.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }
    /// Every message accepted, in order.
    public var messages: [Message] { state.withLock { $0.messages } }

    /// Sets the outcome for a recipient (`To` as sent, e.g. `+15550001111` or `whatsapp:+1555…`).
    /// - Parameters:
    ///   - outcome: The outcome.
    ///   - recipient: The recipient.
    public func setOutcome(_ outcome: ScriptedOutcome, for recipient: String) {
        state.withLock { $0.outcomes[recipient] = outcome }
    }

    /// Sets the outcome for recipients without their own.
    /// - Parameter outcome: The outcome.
    public func setDefaultOutcome(_ outcome: ScriptedOutcome) {
        state.withLock { $0.defaultOutcome = outcome }
    }

    /// Makes the next create-message request fail with Twilio's error JSON (e.g. 429/20429, 500).
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - code: Twilio error code.
    ///   - message: Error message.
    public func failNextSend(status: Int, code: Int, message: String) {
        let response = FakeTwilio.error(status: status, code: code, message: message)
        state.withLock { $0.failures.append(response) }
    }

    /// Reports every pending status of every message to its `StatusCallback`, in lifecycle order.
    /// - Returns: One entry per callback made.
    public func deliverReceipts() async -> [CallbackAttempt] {
        let work = state.withLock { current -> [(Int, Message)] in
            current.messages.enumerated().filter { !$0.element.pendingStatuses.isEmpty && $0.element.statusCallback != nil }
                .map { ($0.offset, $0.element) }
        }
        var attempts: [CallbackAttempt] = []
        for (index, message) in work {
            for status in message.pendingStatuses {
                let errorCode: String? =
                    switch status {
                    case "undelivered": "30003"
                    case "failed": "30008"
                    default: nil
                    }
                attempts.append(await callback(message, status: status, errorCode: errorCode))
                state.withLock { current in
                    current.messages[index].pendingStatuses.removeFirst()
                    current.messages[index].reportedStatuses.append(status)
                }
            }
        }
        return attempts
    }

    /// Sends one status callback for a message now (any status, e.g. to test out-of-order delivery).
    /// - Parameters:
    ///   - sid: The message SID.
    ///   - status: The `MessageStatus` to report.
    ///   - errorCode: Optional `ErrorCode`.
    /// - Returns: The callback attempt.
    /// - Throws: `FakeProviderError.unknownMessage` when the SID or its callback URL is unknown.
    public func sendStatusCallback(sid: String, status: String, errorCode: String? = nil)
        async throws(FakeProviderError) -> CallbackAttempt
    {
        guard let message = state.withLock({ $0.messages.first { $0.sid == sid } }), message.statusCallback != nil
        else { throw .unknownMessage(sid) }
        return await callback(message, status: status, errorCode: errorCode)
    }

    /// The form parameters Twilio posts for a status (also used by tests to build expected requests).
    /// - Parameters:
    ///   - message: The message.
    ///   - status: The status.
    ///   - errorCode: Optional error code.
    /// - Returns: The parameters.
    public func callbackParameters(for message: Message, status: String, errorCode: String?) -> [FormParameter] {
        var params = [
            FormParameter("ApiVersion", "2010-04-01"), FormParameter("AccountSid", accountSID),
            FormParameter("SmsSid", message.sid), FormParameter("SmsStatus", status),
            FormParameter("MessageSid", message.sid), FormParameter("MessageStatus", status),
            FormParameter("To", message.to),
        ]
        if let from = message.from { params.append(FormParameter("From", from)) }
        if let service = message.messagingServiceSID { params.append(FormParameter("MessagingServiceSid", service)) }
        if let errorCode { params.append(FormParameter("ErrorCode", errorCode)) }
        if status == "delivered" || status == "undelivered" {
            params.append(FormParameter("RawDlrDoneDate", FakeSupport.rawDlrDoneDate(clock())))
        }
        if message.to.hasPrefix("whatsapp:") {
            params.append(FormParameter("ChannelPrefix", "whatsapp"))
            params.append(FormParameter("ChannelToAddress", String(message.to.dropFirst("whatsapp:".count))))
        }
        return params
    }

    private func callback(_ message: Message, status: String, errorCode: String?) async -> CallbackAttempt {
        let url = message.statusCallback ?? ""
        let params = callbackParameters(for: message, status: status, errorCode: errorCode)
        let signature = TwilioSignature.compute(url: url, parameters: params, key: authToken)
        let request = ChannelRequest(
            url: url,
            headers: [
                "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature,
                "User-Agent": "TwilioProxy/1.1", "I-Twilio-Idempotency-Token": FakeSupport.uuid(),
            ], body: Array(FormURLEncoding.encode(params).utf8))
        do {
            let response = try await client.send(request)
            return CallbackAttempt(url: url, reportedStatus: status, responseStatus: response.status, error: nil)
        } catch {
            return CallbackAttempt(url: url, reportedStatus: status, responseStatus: nil, error: String(describing: error))
        }
    }
}
