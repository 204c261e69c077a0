import HeraldDelivery
import HeraldEvents
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

/// A fallback transport that records the URLs handed to it and answers `299`.
final class RecordingFallbackTransport: DeliveryTransport {
    private let urls = NIOLockedValueBox<[String]>([])

    /// The URLs sent so far.
    var sentURLs: [String] { urls.withLockedValue { $0 } }

    func send(_ request: DeliveryRequest) async -> Result<DeliveryResponse, TransportError> {
        urls.withLockedValue { $0.append(request.url) }
        return .success(DeliveryResponse(statusCode: 299, bodyExcerpt: Array("fallback".utf8), receivedAt: .now))
    }
}

/// Runs `body` with a ``PooledHTTP1Transport`` on its own event loop and a scripted loopback server, then shuts
/// both down.
func withPooledTransport(
    // Generous: these tests script failures, not timeouts (those pass their own configuration); 10 s was reached with
    // the suite running twice at once on two busy cores.
    configuration: PooledHTTP1Transport.Configuration = .init(timeout: .seconds(30), connectTimeout: .seconds(10)),
    fallback: any DeliveryTransport = RecordingFallbackTransport(),
    idleClose: Duration? = nil,
    eventLoopThreads: Int = 1,
    handler: @escaping @Sendable (ScriptedHTTPServer.Seen) -> ScriptedHTTPServer.Reply = { _ in ScriptedHTTPServer.ok() },
    _ body: (PooledHTTP1Transport, ScriptedHTTPServer) async throws -> Void
) async throws {
    let server = try await ScriptedHTTPServer.start(idleClose: idleClose, handler: handler)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: eventLoopThreads)
    let transport = PooledHTTP1Transport(configuration: configuration, fallback: fallback, eventLoopGroup: group)
    do {
        try await body(transport, server)
    } catch {
        await transport.shutdown()
        await server.shutdown()
        try? await group.shutdownGracefully()
        throw error
    }
    await transport.shutdown()
    await server.shutdown()
    try await group.shutdownGracefully()
}

@Suite(.timeLimit(.minutes(1))) struct PooledHTTP1TransportTests {
    @Test func reusesOneKeepAliveConnectionAndSendsTheRequestAsGiven() async throws {
        try await withPooledTransport { transport, server in
            for index in 0..<20 {
                let response = try await transport.send(DeliveryRequest(
                    method: "POST", url: server.baseURL + "/hook?n=\(index)#fragment",
                    headers: ["Content-Type": "application/json", "X-Test": "yes", "Content-Length": "999"],
                    body: Array("{\"n\":\(index)}".utf8))).get()
                #expect(response.statusCode == 200)
                #expect(response.bodyExcerptText == "ok")
                #expect(response.bodyLength == 2)
                #expect(response.latency > .zero)
            }
            let requests = server.requests
            #expect(requests.count == 20)
            #expect(server.connectionCount == 1)
            #expect(requests[3].uri == "/hook?n=3")
            #expect(requests[3].body == Array("{\"n\":3}".utf8))
            #expect(requests[3].header("x-test") == "yes")
            #expect(requests[3].header("content-length") == "7")
            #expect(requests[3].header("host") == "127.0.0.1:\(server.port)")
            #expect(transport.poolCount == 1)
        }
    }

    @Test func eachURLKeepsItsOwnPathWhileTheHostSharesOnePool() async throws {
        // Parsed URLs are remembered with their host's pools: interleaved URLs must still reach their own paths.
        try await withPooledTransport { transport, server in
            let paths = ["/a", "/b?x=1", "/a/c", "/", "/b?x=2"]
            for round in 0..<4 {
                for path in paths {
                    let response = try await transport.send(DeliveryRequest(url: server.baseURL + path, body: Array("\(round)".utf8))).get()
                    #expect(response.statusCode == 200)
                }
            }
            #expect(server.requests.map(\.uri) == Array(repeating: paths, count: 4).flatMap { $0 })
            #expect(transport.poolCount == 1)
            #expect(server.connectionCount == 1)
        }
    }

    @Test(arguments: [1, 2]) func poolLimitIsRespectedAndQueuedRequestsComplete(eventLoopsPerHost: Int) async throws {
        let configuration = PooledHTTP1Transport.Configuration(
            timeout: .seconds(30), maximumConnectionsPerHost: 7, eventLoopsPerHost: eventLoopsPerHost)
        try await withPooledTransport(
            configuration: configuration, eventLoopThreads: eventLoopsPerHost, handler: { _ in .after(.milliseconds(2), ScriptedHTTPServer.ok()) }
        ) { transport, server in
            let statuses = await withTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        let result = await transport.send(DeliveryRequest(url: server.baseURL + "/n/\(index)", body: [1, 2, 3]))
                        return (try? result.get().statusCode) ?? -1
                    }
                }
                var statuses: [Int] = []
                for await status in group { statuses.append(status) }
                return statuses
            }
            #expect(statuses.count == 200)
            #expect(statuses.allSatisfy { $0 == 200 })
            #expect(server.requests.count == 200)
            #expect(server.connectionCount <= 7)
            #expect(server.peakOpenConnections <= 7)
            #expect(Set(server.requests.map(\.uri)).count == 200)
            #expect(transport.poolCount == 1)
        }
    }

    @Test func oneTargetsWindowOfHangingRequestsLeavesConnectionsForTheHostsOtherRequests() async throws {
        try await withPooledTransport(
            configuration: .init(timeout: .seconds(30), connectTimeout: .seconds(10)),
            handler: { seen in seen.uri.hasPrefix("/hang") ? .hang : ScriptedHTTPServer.ok() }
        ) { transport, server in
            await withTaskGroup(of: Void.self) { group in
                // A target's default window of requests to an endpoint that never answers.
                for _ in 0..<64 {
                    group.addTask { _ = await transport.send(DeliveryRequest(url: server.baseURL + "/hang", timeout: .seconds(5))) }
                }
                for _ in 0..<200 where server.requests.count < 64 { try? await Task.sleep(for: .milliseconds(10)) }
                let started = ContinuousClock.now
                let response = await transport.send(DeliveryRequest(url: server.baseURL + "/fast"))
                #expect((try? response.get().statusCode) == 200)
                #expect(ContinuousClock.now - started < .seconds(2), "the request waited for a hanging one's connection")
                group.cancelAll()
            }
        }
    }

    @Test func contentLengthAndChunkedBodiesAreExcerptedAndDrained() async throws {
        let big = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        try await withPooledTransport(configuration: .init(bodyExcerptLimit: 16), handler: { seen in
            switch seen.uri {
            case "/length": .bytes(ScriptedHTTPServer.response(status: 429, headers: [("Retry-After", "3")], body: big))
            case "/chunked": .bytes(ScriptedHTTPServer.response(status: 500, body: big, chunks: 37))
            case "/empty-chunked": .bytes(ScriptedHTTPServer.response(status: 202, body: [], chunks: 1))
            default: ScriptedHTTPServer.ok()
            }
        }) { transport, server in
            let length = try await transport.send(DeliveryRequest(url: server.baseURL + "/length")).get()
            #expect(length.statusCode == 429)
            #expect(length.headers["retry-after"] == "3")
            #expect(length.bodyExcerpt == Array(big.prefix(16)))
            #expect(length.bodyLength == big.count)
            let chunked = try await transport.send(DeliveryRequest(url: server.baseURL + "/chunked")).get()
            #expect(chunked.statusCode == 500)
            #expect(chunked.bodyExcerpt == Array(big.prefix(16)))
            #expect(chunked.bodyLength == big.count)
            var whole = DeliveryRequest(url: server.baseURL + "/chunked")
            whole.responseBodyLimit = 300_000
            let wholeBody = try await transport.send(whole).get()
            #expect(wholeBody.bodyExcerpt == big)
            let empty = try await transport.send(DeliveryRequest(url: server.baseURL + "/empty-chunked")).get()
            #expect(empty.statusCode == 202 && empty.bodyLength == 0)
            let next = try await transport.send(DeliveryRequest(url: server.baseURL + "/next")).get()
            #expect(next.statusCode == 200)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func headAnd204And304ResponsesHaveNoBody() async throws {
        try await withPooledTransport(handler: { seen in
            switch seen.uri {
            // Both declare a length but carry no body: the next response follows at once on the same connection.
            case "/head": .bytes(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n".utf8))
            case "/204": .bytes(Array("HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n".utf8))
            case "/304": .bytes(Array("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n".utf8))
            default: ScriptedHTTPServer.ok("after")
            }
        }) { transport, server in
            let head = try await transport.send(DeliveryRequest(method: "HEAD", url: server.baseURL + "/head")).get()
            #expect(head.statusCode == 200 && head.bodyLength == 0)
            let noContent = try await transport.send(DeliveryRequest(url: server.baseURL + "/204")).get()
            #expect(noContent.statusCode == 204 && noContent.bodyLength == 0)
            let notModified = try await transport.send(DeliveryRequest(method: "GET", url: server.baseURL + "/304")).get()
            #expect(notModified.statusCode == 304 && notModified.bodyLength == 0)
            let after = try await transport.send(DeliveryRequest(method: "GET", url: server.baseURL + "/after")).get()
            #expect(after.bodyExcerptText == "after")
            #expect(server.connectionCount == 1)
            #expect(server.requests.map(\.method) == ["HEAD", "POST", "GET", "GET"])
        }
    }

    @Test func connectionCloseResponsesAreNotReused() async throws {
        try await withPooledTransport(handler: { _ in
            .bytes(ScriptedHTTPServer.response(headers: [("Connection", "close")], body: Array("bye".utf8)), close: true)
        }) { transport, server in
            for _ in 0..<3 {
                let response = try await transport.send(DeliveryRequest(url: server.baseURL + "/x")).get()
                #expect(response.bodyExcerptText == "bye")
            }
            #expect(server.connectionCount == 3)
            #expect(Set(server.requests.map(\.connectionID)).count == 3)
        }
    }

    @Test func oversizedBodyIsCutShortAndItsConnectionClosed() async throws {
        let big = [UInt8](repeating: 0x61, count: 300_000)
        let configuration = PooledHTTP1Transport.Configuration(bodyExcerptLimit: 4, maximumBodyBytes: 10_000)
        try await withPooledTransport(configuration: configuration, handler: { seen in
            seen.uri == "/big" ? .bytes(ScriptedHTTPServer.response(body: big)) : ScriptedHTTPServer.ok()
        }) { transport, server in
            let response = try await transport.send(DeliveryRequest(url: server.baseURL + "/big")).get()
            #expect(response.statusCode == 200)
            #expect(response.bodyExcerpt == [0x61, 0x61, 0x61, 0x61])
            #expect(response.bodyLength > 10_000 && response.bodyLength < big.count)
            let next = try await transport.send(DeliveryRequest(url: server.baseURL + "/next")).get()
            #expect(next.statusCode == 200)
            #expect(server.connectionCount == 2)
        }
    }

    @Test func httpsAndUnhandledURLsGoToTheFallback() async throws {
        let fallback = RecordingFallbackTransport()
        try await withPooledTransport(fallback: fallback) { transport, server in
            let urls = ["https://127.0.0.1:1/secure", "http://user:pw@127.0.0.1:1/x", "http://[::1]:1/x", "ftp://127.0.0.1/x"]
            for url in urls {
                let response = try await transport.send(DeliveryRequest(url: url)).get()
                #expect(response.statusCode == 299)
            }
            #expect(fallback.sentURLs == urls)
            #expect(server.requests.isEmpty)
            #expect(transport.poolCount == 0)
        }
    }

    @Test func urlFormsAreNormalisedIntoTheRequestLineAndHostHeader() async throws {
        try await withPooledTransport { transport, server in
            let urls = [
                "HTTP://127.0.0.1:\(server.port)?x=1#fragment", "http://127.0.0.1:\(server.port)", "http://LOCALHOST:\(server.port)/a/b?c=d",
            ]
            for url in urls {
                let response = try await transport.send(DeliveryRequest(method: "GET", url: url)).get()
                #expect(response.statusCode == 200)
            }
            let requests = server.requests
            #expect(requests.map(\.uri) == ["/?x=1", "/", "/a/b?c=d"])
            #expect(requests.map { $0.header("host") ?? "" } == ["127.0.0.1:\(server.port)", "127.0.0.1:\(server.port)", "localhost:\(server.port)"])
            #expect(requests.allSatisfy { $0.header("content-length") == nil })
            #expect(transport.poolCount == 2)
        }
    }

    @Test func unsendableHeadersAreInvalidRequests() async throws {
        try await withPooledTransport { transport, server in
            let injected = await transport.send(DeliveryRequest(url: server.baseURL + "/x", headers: ["X-Bad": "a\r\nInjected: yes"]))
            #expect(throws: TransportError.self) { try injected.get() }
            if case .failure(let error) = injected { #expect(error.kind == .invalidRequest) }
            let badName = await transport.send(DeliveryRequest(url: server.baseURL + "/x", headers: ["Bad Name": "v"]))
            if case .failure(let error) = badName { #expect(error.kind == .invalidRequest) } else { Issue.record("expected a failure") }
            // Checked in any position, and in the method too.
            for request in [
                DeliveryRequest(url: server.baseURL + "/x", headers: ["A": "1", "B": "2", "C": "3\u{7F}"]),
                DeliveryRequest(url: server.baseURL + "/x", headers: ["A": "1", "": "2"]),
                DeliveryRequest(url: server.baseURL + "/x", headers: ["A": "1", "B\n": "2"]),
                DeliveryRequest(method: "GE T", url: server.baseURL + "/x"),
                DeliveryRequest(method: "", url: server.baseURL + "/x"),
            ] {
                let result = await transport.send(request)
                if case .failure(let error) = result { #expect(error.kind == .invalidRequest) } else { Issue.record("expected a failure: \(request.headers.fields)") }
            }
            #expect(server.requests.isEmpty)
            // Tabs and bytes beyond ASCII (obs-text) are sendable values; a caller's length header is replaced.
            let fine = try await transport.send(DeliveryRequest(
                method: "PATCH", url: server.baseURL + "/ok", headers: ["X-Tab": "a\tb", "X-Text": "café", "content-LENGTH": "99"], body: [])).get()
            #expect(fine.statusCode == 200)
            #expect(server.requests.map(\.method) == ["PATCH"])
            #expect(server.requests.first?.header("x-text") == "café")
            #expect(server.requests.first?.header("x-tab") == "a\tb")
            #expect(server.requests.first?.header("content-length") == "0")
        }
    }
}
