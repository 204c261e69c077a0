import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTesting
import NIOCore
import NIOPosix
import Testing

@testable import HeraldApp

/// Herald's HTTP server runs each connection's request handling on the connection's event loop, and a handler
/// resumed from another thread (as the commit thread resumes `PutEvents`) comes back to that loop.
@Suite struct EventLoopBoundChannelTests {
    /// Where a handler ran: on an event loop, and whether the same loop both before and after a resumption from a
    /// plain thread.
    private static func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.get("where") { _, _ -> String in
            let before = MultiThreadedEventLoopGroup.currentEventLoop
            // Resumed from a thread that is neither a loop nor the cooperative pool, like the group-commit writer.
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread { continuation.resume() }.start()
            }
            let after = MultiThreadedEventLoopGroup.currentEventLoop
            guard let before, let after else { return "pool" }
            return before === after ? "loop" : "other-loop"
        }
        return router
    }

    private static func answers(_ server: HTTPServerBuilder) async throws -> [String] {
        let app = Application(router: router(), server: server, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            var seen: [String] = []
            for _ in 0..<5 {  // several requests on the client's keep-alive connection
                let response = try await client.execute(uri: "/where", method: .get)
                #expect(response.status == .ok)
                seen.append(String(buffer: response.body))
            }
            return seen
        }
    }

    @Test func requestsRunOnTheirConnectionsLoop() async throws {
        #expect(try await Self.answers(HeraldApplication.httpServer(maximumBodyBytes: 1 << 20)) == Array(repeating: "loop", count: 5))
    }

    @Test func hummingbirdsDefaultRunsThemOnThePool() async throws {
        // The control: without the wrapper the same handler runs on Swift's cooperative pool, so the check above
        // would fail if the wrapper stopped taking effect.
        #expect(try await Self.answers(.http1()) == Array(repeating: "pool", count: 5))
    }
}
