#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import HeraldChannels
public import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake DingTalk custom robot on loopback: `POST /robot/send?access_token=…[&timestamp=…&sign=…]`.
///
/// Like the real one it answers HTTP 200 with a business code: `{"errcode":0,"errmsg":"ok"}` on success; 300001
/// for an unknown token; 310000 `sign not match` (bad or double-encoded signature), `invalid timestamp` (more than an
/// hour off) or `keywords not in content`; 130101 beyond 20 messages per minute; 40035 for a body that is not a JSON
/// message.
public final class FakeDingTalk: Sendable {
    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var messages: [JSONValue] = []
        var recentSends: [Date] = []
    }

    /// The expected `access_token`.
    public let accessToken: String
    /// The robot's signing secret, if signing is on.
    public let secret: String?
    /// Keywords of which the message must contain one (empty: no keyword check).
    public let keywords: [String]
    private let server: FakeHTTPServer
    private let state: LockedState<State>

    private init(
        accessToken: String, secret: String?, keywords: [String], server: FakeHTTPServer, state: LockedState<State>
    ) {
        self.accessToken = accessToken
        self.secret = secret
        self.keywords = keywords
        self.server = server
        self.state = state
    }

    /// Starts a fake robot on an ephemeral loopback port.
    /// - Parameters:
    ///   - accessToken: Expected access token.
    ///   - secret: Signing secret (`nil`: no signature check).
    ///   - keywords: Required keywords.
    ///   - group: Event loops.
    ///   - clock: Time source (signature window, rate limit).
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        accessToken: String = "fake-dingtalk-token", secret: String? = "SECfake-dingtalk-secret",
        keywords: [String] = [], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(FakeProviderError) -> FakeDingTalk {
        let signer = secret.flatMap { try? DingTalkSigner(secret: $0) }
        let state = LockedState(State())
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                let body = handle(
                    request, state: &current, accessToken: accessToken, signer: signer, keywords: keywords, now: clock())
                return .json(200, body)
            }
        }
        return FakeDingTalk(accessToken: accessToken, secret: secret, keywords: keywords, server: server, state: state)
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// The robot webhook URL (`http://127.0.0.1:<port>/robot/send?access_token=…`).
    public var webhookURL: String { server.baseURL + "/robot/send?access_token=" + accessToken }
    /// Every request received.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }
    /// Every message accepted (errcode 0), as JSON.
    public var messages: [JSONValue] { state.withLock { $0.messages } }

    /// Answers one request with the business-code body (called under the state lock).
    static func handle(
        _ request: FakeHTTPRequest, state: inout State, accessToken: String, signer: DingTalkSigner?,
        keywords: [String], now: Date
    ) -> JSONValue {
        func failure(_ code: Int, _ message: String) -> JSONValue { ["errcode": JSONValue(code), "errmsg": .string(message)] }
        guard request.path == "/robot/send", request.method == "POST" else { return failure(404, "not found") }
        guard request.queryValue("access_token") == accessToken else { return failure(300001, "token is not exist") }
        if let signer {
            guard let stamp = request.queryValue("timestamp"), let sign = request.queryValue("sign"),
                let milliseconds = Int64(stamp)
            else { return failure(310000, "sign not match") }
            switch signer.check(sign: sign, timestampMilliseconds: milliseconds, nowMilliseconds: FakeSupport.milliseconds(now)) {
            case .valid: break
            case .invalidTimestamp: return failure(310000, "invalid timestamp")
            case .signatureMismatch: return failure(310000, "sign not match")
            }
        }
        guard let body = request.json, let type = body["msgtype"]?.stringValue else {
            return failure(40035, "缺少参数 json")
        }
        let text = [body[type]?["content"], body[type]?["text"], body[type]?["title"]].compactMap { $0?.stringValue }
            .joined(separator: "\n")
        guard !text.isEmpty else { return failure(40035, "缺少参数 \(type)") }
        if !keywords.isEmpty, !keywords.contains(where: { text.contains($0) }) {
            return failure(310000, "keywords not in content")
        }
        state.recentSends.removeAll { now.timeIntervalSince($0) >= 60 }
        guard state.recentSends.count < 20 else { return failure(130101, "send too fast, exceed 20 times per minute") }
        state.recentSends.append(now)
        state.messages.append(body)
        return ["errcode": 0, "errmsg": "ok"]
    }
}
