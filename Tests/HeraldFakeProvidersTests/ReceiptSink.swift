import HeraldChannels
import HeraldFakeProviders
import NIOConcurrencyHelpers

/// A tiny receipt endpoint for tests: records every request and answers with a fixed status.
final class ReceiptSink: Sendable {
    let server: FakeHTTPServer
    private let received: NIOLockedValueBox<[FakeHTTPRequest]>

    private init(server: FakeHTTPServer, received: NIOLockedValueBox<[FakeHTTPRequest]>) {
        self.server = server
        self.received = received
    }

    static func start(status: Int = 204) async throws -> ReceiptSink {
        let received = NIOLockedValueBox<[FakeHTTPRequest]>([])
        let server = try await FakeHTTPServer.start { request in
            received.withLockedValue { $0.append(request) }
            return FakeHTTPResponse(status: status)
        }
        return ReceiptSink(server: server, received: received)
    }

    var requests: [FakeHTTPRequest] { received.withLockedValue { $0 } }

    func stop() async { await server.stop() }
}
