import HeraldDelivery
import HeraldEvents
import HeraldTestSupport
import Testing

@Suite(.timeLimit(.minutes(1))) struct RateLimiterTests {
    @Test func tokenBucketSpacesRequests() {
        let start = UTCTime(secondsSince1970: Int64(1_000))
        var bucket = TokenBucket<UTCTime>(ratePerSecond: 10)
        #expect(bucket.reserve(at: start) == .zero)
        #expect(bucket.reserve(at: start) == .milliseconds(100))
        #expect(bucket.reserve(at: start) == .milliseconds(200))
        // After a long idle period only `burst` tokens have accumulated.
        #expect(bucket.reserve(at: start + .seconds(10)) == .zero)
        #expect(bucket.reserve(at: start + .seconds(10)) == .milliseconds(100))

        var bursty = TokenBucket<UTCTime>(ratePerSecond: 300, burst: 5)
        let waits = (0..<7).map { _ in bursty.reserve(at: start) }
        #expect(waits.prefix(5).allSatisfy { $0 == .zero })
        #expect(waits[5] > .zero && waits[6] > waits[5])
    }

    @Test func limiterReportsWaitOnManualClock() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(ratePerSecond: 4, clock: clock)
        #expect(try await limiter.acquire() == .zero)
        async let second = limiter.acquire()
        for _ in 0..<2_000 where clock.sleeperCount == 0 { try await Task.sleep(for: .milliseconds(1)) }
        #expect(clock.sleeperCount == 1)
        clock.advance(by: .milliseconds(250))
        #expect(try await second == .milliseconds(250))
    }

    /// The limit holds against a real server: 25 requests at 20/s take at least 24/20 s.
    @Test func rateLimitRespectedAgainstLoopbackServer() async throws {
        try await withLoopback { transport, server in
            let limiter = RateLimiter(ratePerSecond: 20, clock: ContinuousClock())
            var waited = Duration.zero
            for _ in 0..<25 {
                waited += try await limiter.acquire()
                _ = try await transport.send(DeliveryRequest(url: server.baseURL + "/limited")).get()
            }
            let times = server.requests.map(\.receivedAt)
            let span = try #require(times.last) - (try #require(times.first))
            #expect(span >= .milliseconds(1_100))  // 24 intervals of 50 ms, minus scheduling tolerance
            // Not over-throttled: the waits the limiter imposed add up to at most 24 intervals of 50 ms (less when the
            // sends themselves were slow). Its own figure, not the wall clock, which a loaded machine stretched to 11.7 s
            // for these 25 sends.
            #expect(waited >= .zero && waited <= .milliseconds(1_250), "the limiter imposed \(waited) in all")
            // No one-second window holds more than rate + burst requests.
            for (index, time) in times.enumerated() {
                let inWindow = times[index...].prefix { $0 - time < .seconds(1) }.count
                #expect(inWindow <= 21)
            }
        }
    }
}
