import HeraldChannels
import HeraldFakeProviders
import Foundation

/// A tiny receipt endpoint for tests: records every request and answers with a fixed status.
final class ReceiptSink: Sendable {
    let server: FakeHTTPServer
    private let received: RequestLog

    private init(server: FakeHTTPServer, received: RequestLog) {
        self.server = server
        self.received = received
    }

    static func start(status: Int = 204) async throws -> ReceiptSink {
        let received = RequestLog()
        let server = try await FakeHTTPServer.start { request in
            received.append(request)
            return FakeHTTPResponse(status: status)
        }
        return ReceiptSink(server: server, received: received)
    }

    var requests: [FakeHTTPRequest] { received.all }

    func stop() async { await server.stop() }
}

/// Thread-safe request list.
final class RequestLog: @unchecked Sendable {
    // Invariant: every access goes through `lock`.
    private let lock = NSLock()
    private var items: [FakeHTTPRequest] = []

    func append(_ request: FakeHTTPRequest) { lock.withLock { items.append(request) } }
    var all: [FakeHTTPRequest] { lock.withLock { items } }
}
