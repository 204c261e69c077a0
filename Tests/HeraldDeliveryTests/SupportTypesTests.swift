import HeraldDelivery
import HeraldEvents
import HeraldTestSupport
import Testing

@Suite struct SupportTypesTests {
    @Test func headerNamesMatchIgnoringASCIICaseOnly() {
        #expect(HTTPFields.namesMatch("Content-Type", "content-TYPE"))
        #expect(!HTTPFields.namesMatch("Content-Type", "Content-Typ"))
        #expect(!HTTPFields.namesMatch("[", "{"))  // differ only in bit 0x20 but are not letters
        #expect(!HTTPFields.namesMatch("a-b", "a\rb"))
        var fields: HTTPFields = ["X-A": "1", "x-a": "2", "B": "3"]
        #expect(fields.values(for: "X-A") == ["1", "2"])
        fields["X-a"] = "9"
        #expect(fields.fields.map(\.value) == ["9", "3"])
        fields["b"] = nil
        #expect(fields.fields.count == 1 && !fields.contains("B"))
    }

    @Test func basicAuthorizationUsesStandardBase64() async throws {
        // RFC 7617's example: Aladdin:open sesame
        try await withLoopback { transport, server in
            for (user, password, expected) in [("Aladdin", "open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), ("f", "", "Zjo="), ("fo", "", "Zm86"), ("fo", "o", "Zm86bw==")] {
                let transport = AuthorizingTransport(authorization: .basic(username: user, password: Secret(password)), transport: transport, clock: ContinuousClock())
                _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/")).get()
                #expect(server.requests.last?.header("Authorization") == "Basic " + expected)
            }
        }
    }

    @Test func manualClockSleepersWakeInOrderAndCancel() async throws {
        let clock = ManualClock()
        let start = clock.now
        async let first: Void = clock.sleep(until: start + .seconds(5), tolerance: nil)
        for _ in 0..<2_000 where clock.sleeperCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        clock.advance(by: .seconds(4))
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .seconds(1))
        try await first
        #expect(clock.sleeperCount == 0)

        let cancelled = Task { try await clock.sleep(until: clock.now + .seconds(60), tolerance: nil) }
        for _ in 0..<2_000 where clock.sleeperCount < 1 { try await Task.sleep(for: .milliseconds(1)) }
        cancelled.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        #expect(clock.sleeperCount == 0)
        // Sleeping until a past instant returns at once.
        try await clock.sleep(until: start, tolerance: nil)
    }
}
