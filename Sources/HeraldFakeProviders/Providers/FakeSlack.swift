import HeraldChannels
public import HeraldJSON
public import NIOCore
public import NIOPosix

/// A fake Slack incoming webhook on loopback: `POST /services/<T>/<B>/<secret>`.
///
/// Answers `200 ok` (text); 400 `invalid_payload` for malformed JSON, 400 `no_text` without `text` or `blocks`,
/// 404 `no_service` for an unknown path, and scripted failures (e.g. 429 with `Retry-After`, 410
/// `channel_is_archived`) on command.
public final class FakeSlack: Sendable {
    /// Everything the fake remembers, guarded by its lock.
    struct State {
        var requests: [FakeHTTPRequest] = []
        var messages: [JSONValue] = []
        var failures: [FakeHTTPResponse] = []
    }

    /// The webhook path, e.g. `/services/T000/B000/XXXX`.
    public let path: String
    private let server: FakeHTTPServer
    private let state: LockedState<State>

    private init(path: String, server: FakeHTTPServer, state: LockedState<State>) {
        self.path = path
        self.server = server
        self.state = state
    }

    /// Starts a fake webhook on an ephemeral loopback port.
    /// - Parameters:
    ///   - path: The secret webhook path.
    ///   - group: Event loops.
    /// - Returns: The running fake.
    /// - Throws: `FakeProviderError.bindFailed`.
    public static func start(
        path: String = "/services/T00000000/B00000000/fakeslacksecret000000000",
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws(FakeProviderError) -> FakeSlack {
        let state = LockedState(State())
        let server = try await FakeHTTPServer.start(group: group) { request in
            state.withLock { current in
                current.requests.append(request)
                guard request.method == "POST", request.path == path else { return .text(404, "no_service") }
                if !current.failures.isEmpty { return current.failures.removeFirst() }
                guard let body = request.json, body.objectValue != nil else { return .text(400, "invalid_payload") }
                guard body["text"]?.stringValue != nil || body["blocks"]?.arrayValue != nil else {
                    return .text(400, "no_text")
                }
                current.messages.append(body)
                return .text(200, "ok")
            }
        }
        return FakeSlack(path: path, server: server, state: state)
    }

    /// Stops the server.
    public func stop() async { await server.stop() }

    /// The webhook URL.
    public var webhookURL: String { server.baseURL + path }
    /// Every request received.
    public var requests: [FakeHTTPRequest] { state.withLock { $0.requests } }
    /// Every message accepted.
    public var messages: [JSONValue] { state.withLock { $0.messages } }

    /// Makes the next post fail with a plain-text Slack error.
    /// - Parameters:
    ///   - status: HTTP status.
    ///   - error: Error text, e.g. `rate_limited`.
    ///   - retryAfter: Optional `Retry-After` seconds.
    public func failNextPost(status: Int, error: String, retryAfter: Int? = nil) {
        let headers: [(String, String)] = retryAfter.map { [("Retry-After", String($0))] } ?? []
        let response = FakeHTTPResponse.text(status, error, headers: .init(headers))
        state.withLock { $0.failures.append(response) }
    }
}
