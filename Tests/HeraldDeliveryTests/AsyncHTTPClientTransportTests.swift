import Foundation
import AsyncHTTPClient
import HeraldDelivery
import HeraldTestSupport
import NIOCore
import NIOPosix
import Testing

/// Runs `body` with a transport on a fresh HTTPClient and a fresh loopback test server, then shuts both down.
func withLoopback(
    configuration: AsyncHTTPClientTransport.Configuration = .init(),
    _ body: (AsyncHTTPClientTransport, TestHTTPServer) async throws -> Void
) async throws {
    let server = try await TestHTTPServer.start()
    let client = HTTPClient(
        eventLoopGroup: MultiThreadedEventLoopGroup.singleton,
        configuration: AsyncHTTPClientTransport.recommendedClientConfiguration(connectTimeout: .seconds(2))
    )
    do {
        try await body(AsyncHTTPClientTransport(client: client, configuration: configuration), server)
    } catch {
        try? await client.shutdown()
        try? await server.shutdown()
        throw error
    }
    try await client.shutdown()
    try await server.shutdown()
}

@Suite(.timeLimit(.minutes(1))) struct AsyncHTTPClientTransportTests {
    @Test func reusesOneKeepAliveConnectionAndRecordsRequests() async throws {
        try await withLoopback { transport, server in
            for index in 0..<20 {
                let result = await transport.send(DeliveryRequest(
                    method: "POST", url: server.baseURL + "/hook?n=\(index)",
                    headers: ["Content-Type": "application/json", "X-Test": "yes"], body: Array("{\"n\":\(index)}".utf8)))
                let response = try result.get()
                #expect(response.statusCode == 200)
            }
            let requests = server.requests
            #expect(requests.count == 20)
            #expect(server.connectionCount == 1)
            #expect(Set(requests.map(\.connectionID)) == [1])
            #expect(requests[3].path == "/hook" && requests[3].query == "n=3")
            #expect(requests[3].bodyText == "{\"n\":3}")
            #expect(requests[3].header("x-test") == "yes")
        }
    }

    @Test func capturesStatusHeadersExcerptAndDrainsLargeBodies() async throws {
        try await withLoopback(configuration: .init(bodyExcerptLimit: 16)) { transport, server in
            let big = [UInt8](repeating: UInt8(ascii: "x"), count: 200_000)
            server.enqueue([.respond(status: 429, headers: [("Retry-After", "3")], body: big), .ok])
            let response = try await transport.send(DeliveryRequest(url: server.baseURL + "/a")).get()
            #expect(response.statusCode == 429)
            #expect(response.headers["retry-after"] == "3")
            #expect(response.bodyExcerpt == Array(big.prefix(16)))
            #expect(response.bodyLength == 200_000)
            #expect(response.latency > .zero)
            // The drained connection is reused for the next request.
            let next = try await transport.send(DeliveryRequest(url: server.baseURL + "/b")).get()
            #expect(next.statusCode == 200)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func hangingServerTimesOut() async throws {
        // A 60 s default, so that a loaded machine's delays cannot blur which timeout applied.
        try await withLoopback(configuration: .init(timeout: .seconds(60))) { transport, server in
            server.enqueue([.hang])
            let start = ContinuousClock.now
            let result = await transport.send(DeliveryRequest(url: server.baseURL + "/slow", timeout: .milliseconds(300)))
            let elapsed = ContinuousClock.now - start
            guard case .failure(let error) = result else {
                Issue.record("expected a timeout, got \(result)")
                return
            }
            #expect(error.kind == .timeout)
            // Far under the 60 s default, so the request's own 300 ms applied; the margin is for a loaded machine
            // (the whole suite in parallel on two busy cores once took over 4.5 s here).
            #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(30))
        }
    }

    @Test func defaultTimeoutComesFromTheConfiguration() async throws {
        try await withLoopback(configuration: .init(timeout: .milliseconds(200))) { transport, server in
            // The answer comes long after the 200 ms: AsyncHTTPClient cancels at its deadline through an unstructured
            // task, which a loaded CI box once delayed past a 2 s answer (the test itself took 13.6 s that run).
            server.enqueue([.respondAfter(delay: .seconds(20), status: 200)])
            let result = await transport.send(DeliveryRequest(url: server.baseURL + "/slow"))
            #expect(throws: TransportError.self) { try result.get() }
            if case .failure(let error) = result { #expect(error.kind == .timeout) }
        }
    }

    @Test func droppedConnectionIsReported() async throws {
        try await withLoopback { transport, server in
            server.enqueue([.dropConnection])
            // A generous timeout of its own: with the default 5 s, a CI box running the whole suite on two busy cores
            // once took longer than that to carry the drop back (the test took 16.9 s), and the request was reported
            // as a timeout instead. What this test checks is the kind of the failure, not how fast it comes.
            let result = await transport.send(DeliveryRequest(url: server.baseURL + "/drop", timeout: .seconds(20)))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure, got \(result)")
                return
            }
            #expect(error.kind == .connectionReset)
            let after = try await transport.send(DeliveryRequest(url: server.baseURL + "/after", timeout: .seconds(20))).get()
            #expect(after.statusCode == 200)
        }
    }

    @Test func refusedConnectionAndInvalidURL() async throws {
        // A port bound but never listened on refuses connections, and stays ours for the whole test (a port freed by a
        // stopped server could be taken by another test's server meanwhile).
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        let url = "http://127.0.0.1:\(UInt16(bigEndian: address.sin_port))/gone"
        try await withLoopback { transport, _ in
            let refused = await transport.send(DeliveryRequest(url: url, timeout: .seconds(2)))
            guard case .failure(let error) = refused else {
                Issue.record("expected a failure, got \(refused)")
                return
            }
            #expect(error.kind == .connectionRefused)
            let invalid = await transport.send(DeliveryRequest(url: "ftp://127.0.0.1/x"))
            guard case .failure(let invalidError) = invalid else {
                Issue.record("expected a failure, got \(invalid)")
                return
            }
            #expect(invalidError.kind == .invalidRequest)
        }
    }
}
