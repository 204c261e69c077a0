#if canImport(Glibc)
import Glibc
#endif
import HeraldDelivery
import NIOCore
import NIOPosix
import Testing

@Suite(.timeLimit(.minutes(1))) struct PooledHTTP1TransportFailureTests {
    private func failure(_ result: Result<DeliveryResponse, TransportError>) -> TransportError? {
        if case .failure(let error) = result { return error }
        Issue.record("expected a failure, got \(result)")
        return nil
    }

    @Test func staleKeepAliveConnectionIsRetriedOnceOnAFreshOne() async throws {
        // The server closes a connection when its second request arrives, without answering: exactly what a client
        // sees when the server closed an idle keep-alive connection just as the request was written.
        try await withPooledTransport(handler: { seen in seen.indexOnConnection == 2 ? .drop : ScriptedHTTPServer.ok() }) { transport, server in
            for index in 0..<3 {
                let response = try await transport.send(DeliveryRequest(url: server.baseURL + "/r\(index)")).get()
                #expect(response.statusCode == 200)
            }
            // r0 on #1; r1 dropped on #1, retried on #2; r2 reuses #2 and is dropped, retried on #3.
            #expect(server.requests.map(\.uri) == ["/r0", "/r1", "/r1", "/r2", "/r2"])
            #expect(server.connectionCount == 3)
        }
    }

    @Test func droppedFreshConnectionIsNotRetried() async throws {
        try await withPooledTransport(handler: { _ in .drop }) { transport, server in
            let error = failure(await transport.send(DeliveryRequest(url: server.baseURL + "/drop")))
            #expect(error?.kind == .connectionReset)
            #expect(server.requests.count == 1)
        }
    }

    @Test func responseCutOffAfterItsFirstBytesIsNotRetried() async throws {
        try await withPooledTransport(handler: { seen in
            seen.indexOnConnection == 1 ? ScriptedHTTPServer.ok() : .bytes(Array("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".utf8), close: true)
        }) { transport, server in
            _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/first")).get()
            let error = failure(await transport.send(DeliveryRequest(url: server.baseURL + "/cut")))
            #expect(error?.kind == .connectionReset || error?.kind == .other)
            #expect(server.requests.count == 2)
        }
    }

    @Test func connectionsClosedByTheServerWhileIdleAreReplaced() async throws {
        try await withPooledTransport(idleClose: .milliseconds(100)) { transport, server in
            _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/a")).get()
            try await Task.sleep(for: .milliseconds(400))
            let response = try await transport.send(DeliveryRequest(url: server.baseURL + "/b")).get()
            #expect(response.statusCode == 200)
            #expect(server.connectionCount == 2)
        }
    }

    @Test func wavesOfConcurrentRequestsSurviveTheServerClosingIdleConnections() async throws {
        let configuration = PooledHTTP1Transport.Configuration(timeout: .seconds(20), maximumConnectionsPerHost: 8)
        try await withPooledTransport(configuration: configuration, idleClose: .milliseconds(150), handler: { _ in
            .after(.milliseconds(5), ScriptedHTTPServer.ok())
        }) { transport, server in
            for wave in 0..<3 {
                let statuses = await withTaskGroup(of: Int.self) { group in
                    for index in 0..<40 {
                        group.addTask {
                            let result = await transport.send(DeliveryRequest(url: server.baseURL + "/w\(wave)/\(index)"))
                            return (try? result.get().statusCode) ?? -1
                        }
                    }
                    var statuses: [Int] = []
                    for await status in group { statuses.append(status) }
                    return statuses
                }
                #expect(statuses.count == 40 && statuses.allSatisfy { $0 == 200 }, "wave \(wave): \(statuses)")
                try await Task.sleep(for: .milliseconds(400))
            }
            #expect(Set(server.requests.map(\.uri)).count == 120)
            #expect(server.peakOpenConnections <= 8)
        }
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        try await withPooledTransport(configuration: .init(idleTimeout: .milliseconds(200))) { transport, server in
            _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/a")).get()
            let deadline = ContinuousClock.now + .seconds(10)
            while server.closedConnections == 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(server.closedConnections == 1)
            _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/b")).get()
            #expect(server.connectionCount == 2)
        }
    }

    @Test func hangingServerTimesOutWithinTheRequestTimeout() async throws {
        try await withPooledTransport(handler: { seen in seen.uri == "/slow" ? .hang : ScriptedHTTPServer.ok() }) { transport, server in
            let start = ContinuousClock.now
            let error = failure(await transport.send(DeliveryRequest(url: server.baseURL + "/slow", timeout: .milliseconds(300))))
            let elapsed = ContinuousClock.now - start
            #expect(error?.kind == .timeout)
            #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(5))
            // The timed-out connection is closed, not reused.
            _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/after")).get()
            #expect(server.connectionCount == 2)
        }
    }

    @Test func defaultTimeoutComesFromTheConfigurationAndCoversQueueing() async throws {
        let configuration = PooledHTTP1Transport.Configuration(timeout: .milliseconds(300), maximumConnectionsPerHost: 1)
        try await withPooledTransport(configuration: configuration, handler: { _ in .hang }) { transport, server in
            let start = ContinuousClock.now
            let kinds = await withTaskGroup(of: TransportError.Kind?.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        if case .failure(let error) = await transport.send(DeliveryRequest(url: server.baseURL + "/hang")) { return error.kind }
                        return nil
                    }
                }
                var kinds: [TransportError.Kind?] = []
                for await kind in group { kinds.append(kind) }
                return kinds
            }
            #expect(kinds == [.timeout, .timeout, .timeout])
            #expect(ContinuousClock.now - start < .seconds(5))
        }
    }

    @Test func aShortTimeoutAfterALongerOneFiresOnTime() async throws {
        try await withPooledTransport(handler: { _ in .hang }) { transport, server in
            let start = ContinuousClock.now
            // (name, time since start, the request's own duration, error kind), in the order they finished.
            let finished = await withTaskGroup(of: (String, Duration, Duration, TransportError.Kind?).self) { group in
                group.addTask {
                    let sent = ContinuousClock.now
                    let result = await transport.send(DeliveryRequest(url: server.baseURL + "/long", timeout: .seconds(5)))
                    let kind: TransportError.Kind? = if case .failure(let error) = result { error.kind } else { nil }
                    return ("long", ContinuousClock.now - start, ContinuousClock.now - sent, kind)
                }
                group.addTask {
                    // Sent once the long one is on its connection, so the pool's timer is armed for the later deadline.
                    let deadline = ContinuousClock.now + .seconds(10)
                    while server.requests.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
                    let sent = ContinuousClock.now
                    let result = await transport.send(DeliveryRequest(url: server.baseURL + "/short", timeout: .milliseconds(200)))
                    let kind: TransportError.Kind? = if case .failure(let error) = result { error.kind } else { nil }
                    return ("short", ContinuousClock.now - start, ContinuousClock.now - sent, kind)
                }
                var results: [(String, Duration, Duration, TransportError.Kind?)] = []
                for await result in group { results.append(result) }
                return results
            }
            #expect(finished.map(\.3) == [.timeout, .timeout])
            // The short one times out on its own 200 ms, first, well before the long one's 5 s (margins for a loaded
            // CI box, where the long request alone can take seconds to reach the server).
            #expect(finished.map(\.0) == ["short", "long"])
            #expect(finished[0].2 < .milliseconds(2_500))
            #expect(finished[1].2 >= .milliseconds(4_900) && finished[1].1 < .seconds(20))
        }
    }

    @Test func refusedConnectionIsReported() async throws {
        // A port bound but never listened on refuses connections, and stays ours for the whole test.
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
        let port = UInt16(bigEndian: address.sin_port)
        try await withPooledTransport { transport, _ in
            for url in ["http://127.0.0.1:\(port)/gone", "http://localhost:\(port)/gone"] {
                let error = failure(await transport.send(DeliveryRequest(url: url, timeout: .seconds(5))))
                #expect(error?.kind == .connectionRefused, "\(url): \(String(describing: error))")
                // The text an operator reads in the DLQ: the system's words, not NIO's nested reasons.
                if url.contains("127.0.0.1") { #expect(error?.description == "connectionRefused: Connection refused (errno 111)") }
            }
        }
    }

    @Test func connectTimeoutIsReportedAsSuch() async throws {
        // A listener with a backlog of 0 whose one queue slot is taken by a connection nobody accepts: further SYNs
        // are dropped, so a connect hangs until its timeout.
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(listener) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 && listen(listener, 0) == 0
            }
        }
        try #require(listening)
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(filler) }
        let filled = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) == 0 }
        }
        try #require(filled)
        let port = UInt16(bigEndian: address.sin_port)
        let configuration = PooledHTTP1Transport.Configuration(timeout: .seconds(20), connectTimeout: .milliseconds(300))
        try await withPooledTransport(configuration: configuration) { transport, _ in
            let start = ContinuousClock.now
            let error = failure(await transport.send(DeliveryRequest(url: "http://127.0.0.1:\(port)/slow-connect")))
            #expect(error?.kind == .connectTimeout, "\(String(describing: error))")
            #expect(ContinuousClock.now - start < .seconds(10))
        }
    }

    @Test func cancellingTheCallerFailsInFlightAndQueuedRequestsAtOnce() async throws {
        let configuration = PooledHTTP1Transport.Configuration(timeout: .seconds(30), maximumConnectionsPerHost: 1)
        try await withPooledTransport(configuration: configuration, handler: { _ in .hang }) { transport, server in
            let start = ContinuousClock.now
            let inFlight = Task { await transport.send(DeliveryRequest(url: server.baseURL + "/in-flight")) }
            let deadline = ContinuousClock.now + .seconds(10)
            while server.requests.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            let queued = Task { await transport.send(DeliveryRequest(url: server.baseURL + "/queued")) }
            try await Task.sleep(for: .milliseconds(100))
            queued.cancel()
            #expect(failure(await queued.value)?.kind == .connectionReset)
            inFlight.cancel()
            #expect(failure(await inFlight.value)?.kind == .connectionReset)
            #expect(ContinuousClock.now - start < .seconds(15))
            // The in-flight request's connection was closed, the queued request never sent. (A deadline of its own: on
            // a loaded machine the first one had already passed by now.)
            let closeDeadline = ContinuousClock.now + .seconds(10)
            while server.closedConnections == 0, ContinuousClock.now < closeDeadline { try await Task.sleep(for: .milliseconds(10)) }
            #expect(server.closedConnections == 1)
            #expect(server.requests.map(\.uri) == ["/in-flight"])
            let cancelledBefore = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return await transport.send(DeliveryRequest(url: server.baseURL + "/never"))
            }
            #expect(failure(await cancelledBefore.value)?.kind == .connectionReset)
            #expect(server.requests.count == 1)
        }
    }

    @Test func shutdownFailsQueuedAndInFlightRequests() async throws {
        let configuration = PooledHTTP1Transport.Configuration(timeout: .seconds(30), maximumConnectionsPerHost: 1)
        try await withPooledTransport(configuration: configuration, handler: { _ in .hang }) { transport, server in
            let start = ContinuousClock.now
            let kinds = await withTaskGroup(of: TransportError.Kind?.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        if case .failure(let error) = await transport.send(DeliveryRequest(url: server.baseURL + "/hang")) { return error.kind }
                        return nil
                    }
                }
                group.addTask {
                    let deadline = ContinuousClock.now + .seconds(10)
                    while server.requests.isEmpty, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
                    try? await Task.sleep(for: .milliseconds(100))
                    await transport.shutdown()
                    return nil
                }
                var kinds: [TransportError.Kind?] = []
                for await kind in group { kinds.append(kind) }
                return kinds
            }
            #expect(kinds.compactMap { $0 } == Array(repeating: .connectionReset, count: 5))
            #expect(ContinuousClock.now - start < .seconds(20))
            #expect(server.requests.count == 1)
            let after = failure(await transport.send(DeliveryRequest(url: server.baseURL + "/late")))
            #expect(after?.kind == .connectionReset)
        }
    }
}
