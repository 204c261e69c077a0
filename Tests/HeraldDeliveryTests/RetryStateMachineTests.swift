import HeraldDelivery
import HeraldEvents
import HeraldTestSupport
import Testing

@Suite struct RetryStateMachineTests {
    typealias Machine = RetryStateMachine<ManualClock>
    let serverError = AttemptVerdict.retryable(FailureReason(statusCode: 500, message: "HTTP 500"), retryAfter: nil)

    @Test func policyValidationAndDefaults() throws {
        let defaults = try RetryPolicy()
        #expect(defaults == .eventBridgeDefault)
        #expect(defaults.maximumRetryAttempts == 185 && defaults.maximumEventAgeInSeconds == 86_400)
        #expect(try RetryPolicy(maximumRetryAttempts: 0, maximumEventAgeInSeconds: 60).maximumRetryAttempts == 0)
        #expect(throws: RetryPolicyError.maximumRetryAttemptsOutOfRange(186)) { try RetryPolicy(maximumRetryAttempts: 186) }
        #expect(throws: RetryPolicyError.maximumRetryAttemptsOutOfRange(-1)) { try RetryPolicy(maximumRetryAttempts: -1) }
        #expect(throws: RetryPolicyError.maximumEventAgeOutOfRange(59)) { try RetryPolicy(maximumEventAgeInSeconds: 59) }
        #expect(throws: RetryPolicyError.maximumEventAgeOutOfRange(86_401)) { try RetryPolicy(maximumEventAgeInSeconds: 86_401) }
    }

    @Test func exponentialScheduleWithoutJitterIsCapped() {
        let backoff = Backoff(initialDelay: .seconds(1), multiplier: 2, maximumDelay: .seconds(60), jitter: .none)
        var random = SplitMix64(seed: 1)
        let delays = (1...9).map { backoff.delay(forRetry: $0, previous: nil, using: &random) }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60].map { Duration.seconds($0) })
    }

    @Test func jitterStaysInBoundsAndIsReproducible() {
        let full = Backoff(jitter: .full)
        let decorrelated = Backoff(initialDelay: .seconds(1), maximumDelay: .seconds(900), jitter: .decorrelated)
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        var previous: Duration?
        for retry in 1...200 {
            let ceiling = min(Duration.seconds(900), .seconds(1) * (1 << min(retry - 1, 20)))
            let a = full.delay(forRetry: retry, previous: nil, using: &first)
            #expect(a >= .zero && a <= ceiling)
            #expect(a == full.delay(forRetry: retry, previous: nil, using: &second))
            let d = decorrelated.delay(forRetry: retry, previous: previous, using: &first)
            #expect(d >= .seconds(1) && d <= .seconds(900))
            if let previous { #expect(d <= previous * 3) }
            previous = d
            _ = decorrelated.delay(forRetry: retry, previous: nil, using: &second)
        }
    }

    @Test func retriesUpToMaximumRetryAttemptsThenDeadLetters() throws {
        let clock = ManualClock()
        let machine = Machine(policy: try RetryPolicy(maximumRetryAttempts: 3), backoff: Backoff(jitter: .none))
        var state = DeliveryState(ageOrigin: clock.now)
        var random = SplitMix64(seed: 7)
        var delays: [Duration] = []
        while true {
            let decision = machine.decide(after: serverError, state: &state, now: clock.now, random: &random)
            guard case .retry(let at, let delay) = decision else {
                #expect(decision == .deadLetter(.retryAttemptsExhausted(FailureReason(statusCode: 500, message: "HTTP 500"), attempts: 4)))
                break
            }
            delays.append(delay)
            clock.advance(to: at)
        }
        #expect(state.attempts == 4)
        #expect(delays == [.seconds(1), .seconds(2), .seconds(4)])
    }

    @Test func zeroRetriesDeadLettersAfterFirstFailureAndSuccessSucceeds() throws {
        let clock = ManualClock()
        let machine = Machine(policy: try RetryPolicy(maximumRetryAttempts: 0))
        var random = SplitMix64(seed: 1)
        var failing = DeliveryState(ageOrigin: clock.now)
        #expect(machine.decide(after: serverError, state: &failing, now: clock.now, random: &random).isDeadLetter)
        var ok = DeliveryState(ageOrigin: clock.now)
        #expect(machine.decide(after: .success, state: &ok, now: clock.now, random: &random) == .succeeded)
        #expect(ok.attempts == 1)
    }

    @Test func permanentFailuresDeadLetterAtOnce() {
        let clock = ManualClock()
        let machine = Machine()
        var state = DeliveryState(ageOrigin: clock.now)
        var random = SplitMix64(seed: 1)
        let reason = FailureReason(statusCode: 400, message: "HTTP 400")
        #expect(machine.decide(after: .permanent(reason), state: &state, now: clock.now, random: &random)
            == .deadLetter(.permanentFailure(reason)))
    }

    @Test func ageBudgetExcludesRateLimiterWaits() throws {
        let clock = ManualClock()
        let policy = try RetryPolicy(maximumRetryAttempts: 185, maximumEventAgeInSeconds: 60)
        let machine = Machine(policy: policy, backoff: Backoff(initialDelay: .seconds(10), jitter: .none))
        var random = SplitMix64(seed: 1)

        // Without rate-limit waits: attempts at t=0, 10, 30; the next retry (t=70) exceeds 60 s.
        var plain = DeliveryState(ageOrigin: clock.now)
        var now = clock.now
        var outcomes: [RetryDecision<UTCTime>] = []
        repeat {
            outcomes.append(machine.decide(after: serverError, state: &plain, now: now, random: &random))
            if case .retry(let at, _) = outcomes.last { now = at }
        } while outcomes.last?.isRetry == true
        #expect(plain.attempts == 3)
        guard case .deadLetter(.maximumEventAgeExceeded(_, attempts: 3))? = outcomes.last else {
            Issue.record("expected max-age dead letter, got \(String(describing: outcomes.last))")
            return
        }

        // The same event that spent 45 s waiting on Herald's limiter still has budget for the t=70 retry.
        var limited = DeliveryState(ageOrigin: clock.now)
        now = clock.now
        _ = machine.decide(after: serverError, state: &limited, now: now, random: &random)  // t=0 → 10
        _ = machine.decide(after: serverError, state: &limited, now: now + .seconds(10), random: &random)  // → 30
        limited.rateLimitWait += .seconds(45)
        let third = machine.decide(after: serverError, state: &limited, now: now + .seconds(30), random: &random)
        #expect(third == .retry(at: now + .seconds(70), delay: .seconds(40)))
        #expect(!machine.isExpired(limited, now: now + .seconds(70)))
        #expect(machine.isExpired(limited, now: now + .seconds(106)))
    }

    @Test func retryAfterRaisesTheDelayButBackoffStillApplies() {
        let clock = ManualClock()
        let machine = Machine(backoff: Backoff(initialDelay: .seconds(8), jitter: .none))
        var random = SplitMix64(seed: 1)
        var state = DeliveryState(ageOrigin: clock.now)
        let throttled = AttemptVerdict.retryable(FailureReason(statusCode: 429, message: "HTTP 429"), retryAfter: .seconds(120))
        #expect(machine.decide(after: throttled, state: &state, now: clock.now, random: &random)
            == .retry(at: clock.now + .seconds(120), delay: .seconds(120)))
        let shortWait = AttemptVerdict.retryable(FailureReason(statusCode: 429, message: "HTTP 429"), retryAfter: .seconds(1))
        #expect(machine.decide(after: shortWait, state: &state, now: clock.now, random: &random)
            == .retry(at: clock.now + .seconds(16), delay: .seconds(16)))
    }

    /// EventBridge's default policy end to end: 185 retries within 24 hours, replayed on a manual clock.
    @Test func fullDefaultScheduleRunsInMilliseconds() {
        let clock = ManualClock()
        let start = clock.now
        let machine = Machine()  // 185 retries, 86,400 s, full jitter, 15 min cap
        var state = DeliveryState(ageOrigin: start)
        var random = SplitMix64(seed: 2026)
        let wallStart = ContinuousClock.now
        var finalDecision: RetryDecision<UTCTime>?
        for _ in 0..<1_000 {
            let decision = machine.decide(after: serverError, state: &state, now: clock.now, random: &random)
            guard case .retry(let at, let delay) = decision else {
                finalDecision = decision
                break
            }
            #expect(delay <= .seconds(900))
            clock.advance(to: at)
        }
        let elapsedWall = ContinuousClock.now - wallStart
        let simulated = start.duration(to: clock.now)
        #expect(elapsedWall < .seconds(1))
        #expect(simulated <= .seconds(86_400))
        #expect(state.attempts <= 186)
        switch finalDecision {
        case .deadLetter(.retryAttemptsExhausted(_, let attempts))?:
            #expect(attempts == 186)
        case .deadLetter(.maximumEventAgeExceeded(_, let attempts))?:
            #expect(attempts < 186)
        default:
            Issue.record("schedule did not end in a dead letter: \(String(describing: finalDecision))")
        }
        // Full jitter with a 15 min cap averages ~7.5 min per late retry: most of a day is used.
        #expect(simulated > .seconds(12 * 3600))
    }
}

extension RetryDecision {
    var isRetry: Bool {
        if case .retry = self { return true }
        return false
    }

    var isDeadLetter: Bool {
        if case .deadLetter = self { return true }
        return false
    }
}
