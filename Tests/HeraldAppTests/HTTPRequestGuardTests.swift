import Foundation
import HeraldTestSupport
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import ServiceLifecycle
import Testing

@testable import HeraldApp

/// Herald's HTTP server answers `Expect: 100-continue`, closes after an oversized announced body and after an HTTP/1.0
/// request, and closes connections that stay silent — on a real loopback socket.
@Suite(.timeLimit(.minutes(1))) struct HTTPRequestGuardTests {
    /// A route that reads its body (refusing one announced over the limit without reading it, as the EventBridge
    /// route does) and answers with its size.
    private static func router(limit: Int) -> Router<BasicRequestContext> {
        let router = Router()
        router.post("echo") { request, _ -> Response in
            if let announced = request.headers[.contentLength].flatMap({ Int($0) }), announced > limit {
                return Response(status: .contentTooLarge)
            }
            var request = request
            let body = try await request.collectBody(upTo: limit)
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "\(body.readableBytes)")))
        }
        router.get("ping") { _, _ in "pong" }
        return router
    }

    /// Runs `body` against a live server on 127.0.0.1 with Herald's HTTP set-up.
    private static func withServer(limit: Int, idleTimeout: TimeAmount = .seconds(60), _ body: @escaping @Sendable (Int) throws -> Void) async throws {
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router(limit: limit), server: HeraldApplication.httpServer(maximumBodyBytes: limit, idleTimeout: idleTimeout),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in portContinuation.yield(channel.localAddress?.port ?? 0) })
        // Stopped gracefully, as Herald stops it, not cancelled: cancelling Hummingbird while a connection is being
        // accepted trips a NIO debug assertion (close of input before registration).
        let services = ServiceGroup(configuration: .init(services: [app], logger: Logger(label: "guard-test")))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var ports = portStream.makeAsyncIterator()
            let port = try #require(await ports.next())
            // The blocking client runs on a thread of its own: on one of Swift's few cooperative threads it would
            // starve the server it talks to.
            let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, any Error>, Never>) in
                Thread { continuation.resume(returning: Result { try body(port) }) }.start()
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
            try result.get()
        }
    }

    @Test("Expect: 100-continue gets a 100 before the body is sent, then the answer")
    func expectContinue() async throws {
        try await Self.withServer(limit: 1_000) { port in
            let socket = try LoopbackSocket(port: port)
            try socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            let interim = try socket.receive(until: "\r\n\r\n", seconds: 5)
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue"), "\(interim)")
            try socket.send("hello")
            let answer = try socket.receive(until: "\r\n\r\n5", seconds: 5)
            #expect(answer.contains("200 OK"), "\(answer)")
        }
    }

    @Test("a body announced over the limit gets its 413 at once, without a 100, and the connection closes")
    func oversizedAnnouncedBody() async throws {
        try await Self.withServer(limit: 1_000) { port in
            let socket = try LoopbackSocket(port: port)
            try socket.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\nExpect: 100-continue\r\n\r\n")
            let answer = try socket.receiveUntilClosed(seconds: 5)
            #expect(answer.hasPrefix("HTTP/1.1 413"), "\(answer)")
            #expect(!answer.contains("100 Continue"))
        }
    }

    @Test("an HTTP/1.0 request without keep-alive is answered and its connection closed")
    func http10Closes() async throws {
        try await Self.withServer(limit: 1_000) { port in
            let socket = try LoopbackSocket(port: port)
            try socket.send("GET /ping HTTP/1.0\r\n\r\n")
            let answer = try socket.receiveUntilClosed(seconds: 5)
            #expect(answer.contains("200 OK") && answer.hasSuffix("pong"), "\(answer)")
        }
    }

    @Test("a connection that sends nothing, or stops inside a request head, is closed after the idle timeout")
    func silentConnectionsClose() async throws {
        try await Self.withServer(limit: 1_000, idleTimeout: .milliseconds(500)) { port in
            let silent = try LoopbackSocket(port: port)
            let halfHead = try LoopbackSocket(port: port)
            try halfHead.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Le")
            #expect(try silent.receiveUntilClosed(seconds: 5) == "")
            #expect(try halfHead.receiveUntilClosed(seconds: 5) == "")
        }
    }
}
