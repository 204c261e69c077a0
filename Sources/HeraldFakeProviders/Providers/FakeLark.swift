#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import HeraldChannels
public import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake Lark/Feishu custom bot on loopback: `POST /open-apis/bot/v2/hook/<token>`.
///
/// Answers `{"code":0,"data":{},"msg":"success"}`; 19021 `sign match fail or timestamp is not within one hour from
/// current time` for a bad/absent body signature; 19024 `Key Words Not Found`; 11232 `frequency limited` beyond 5/s
/// or 100/min; 9499 `Bad Request` (HTTP 400) for malformed JSON, a missing `msg_type`, an interactive message without
/// a top-level `card` object, or a body over 20 KB; 19001 for an unknown token.
public final class FakeLark: Sendable {
    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var messages: [JSONValue] = []
        var recentSends: [Date] = []
    }

    /// The expected hook token.
    public let token: String
    /// The signing secret, if signing is on.
    public let secret: String?
    /// Keywords of which the message must contain one (empty: no check).
    public let keywords: [String]
    private let server: FakeHTTPServer
    private let state: LockedState<State>

    private init(token: String, secret: String?, keywords: [String], server: FakeHTTPServer, state: LockedState<State>) {
        self.token = token
        self.secret = secret
        self.keywords = keywords
        self.server = server
        self.state = state
    }

    /// Starts a fake bot on an ephemeral loopback port.
    /// - Parameters:
    ///   - token: Expected hook token.
    ///   - secret: Signing secret (`nil`: no signature check).
    ///   - keywords: Required keywords.
    ///   - group: Event loops.
    ///   - clock: Time source (signature window, rate limit).
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        token: String = "fake-lark-hook-token", secret: String? = "fake-lark-secret", keywords: [String] = [],
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(FakeProviderError) -> FakeLark {
        let signer = secret.flatMap { try? LarkSigner(secret: $0) }
        let state = LockedState(State())
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                return handle(request, state: &current, token: token, signer: signer, keywords: keywords, now: clock())
            }
        }
        return FakeLark(token: token, secret: secret, keywords: keywords, server: server, state: state)
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// The bot webhook URL.
    public var webhookURL: String { server.baseURL + "/open-apis/bot/v2/hook/" + token }
    /// Every request received.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }
    /// Every message accepted (code 0).
    public var messages: [JSONValue] { state.withLock { $0.messages } }

    /// Answers one request (called under the state lock).
    static func handle(
        _ request: FakeHTTPRequest, state: inout State, token: String, signer: LarkSigner?, keywords: [String], now: Date
    ) -> FakeHTTPResponse {
        func failure(_ code: Int, _ message: String, status: Int = 200) -> FakeHTTPResponse {
            .json(status, ["code": JSONValue(code), "data": [:], "msg": .string(message)])
        }
        let prefix = "/open-apis/bot/v2/hook/"
        guard request.method == "POST", request.path.hasPrefix(prefix) else { return failure(9499, "Bad Request", status: 404) }
        guard request.path.dropFirst(prefix.count) == token else {
            return failure(19001, "param invalid: incoming webhook access token invalid", status: 400)
        }
        guard request.body.count <= LarkBotPreset.maximumBodyBytes, let body = request.json,
            let type = body["msg_type"]?.stringValue
        else { return failure(9499, "Bad Request", status: 400) }
        if let signer {
            guard let stamp = body["timestamp"]?.stringValue, let sign = body["sign"]?.stringValue,
                signer.check(sign: sign, timestamp: stamp, nowSeconds: FakeSupport.seconds(now)) == .valid
            else { return failure(19021, "sign match fail or timestamp is not within one hour from current time") }
        }
        if type == "interactive", body["card"]?.objectValue == nil { return failure(9499, "Bad Request", status: 400) }
        if !keywords.isEmpty, !keywords.contains(where: { body.jsonText.contains($0) }) {
            return failure(19024, "Key Words Not Found")
        }
        state.recentSends.removeAll { now.timeIntervalSince($0) >= 60 }
        let lastSecond = state.recentSends.filter { now.timeIntervalSince($0) < 1 }.count
        guard lastSecond < 5, state.recentSends.count < 100 else { return failure(11232, "frequency limited") }
        state.recentSends.append(now)
        state.messages.append(body)
        return .json(200, ["StatusCode": 0, "StatusMessage": "success", "code": 0, "data": [:], "msg": "success"])
    }
}
