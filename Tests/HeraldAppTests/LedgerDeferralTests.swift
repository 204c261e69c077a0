@testable import HeraldApp
import HeraldConfig
import Testing

@Suite struct LedgerDeferralTests {
    /// Drives a deferral with the journal growing `growth` entries (and the log `events`) every `step`.
    private struct Drive {
        var deferral = LedgerDeferral()
        var now = ContinuousClock.now
        var journal: UInt64 = 1
        var log: UInt64 = 0

        mutating func check(growth: UInt64, events: UInt64 = 0, after step: Duration = .milliseconds(200), farBehind: Bool = false) -> Bool {
            now = now.advanced(by: step)
            journal += growth
            log += events
            return deferral.shouldWait(journalNext: journal, logLast: log, farBehind: farBehind, now: now)
        }
    }

    @Test func waitsWhileDeliveryIsBusyButNeverLongerThanTheLimit() {
        var drive = Drive()
        let first = drive.check(growth: 0)
        #expect(!first)  // the first look has nothing to compare with
        // 2,000 entries per 200 ms = 10,000/s: busy.
        var waited: Duration = .zero
        for _ in 0..<100 {  // bounded: a deferral without its limit would wait for ever
            guard drive.check(growth: 2_000) else { break }
            waited += .milliseconds(200)
        }
        #expect(waited <= LedgerDeferral.defaultMaximumDelay)
        #expect(waited >= LedgerDeferral.defaultMaximumDelay - .milliseconds(400))
        // The stretch ended: the feed catches up before it may wait again, however busy delivery still is.
        for _ in 0..<5 {
            let waits = drive.check(growth: 5_000, after: .milliseconds(500))
            #expect(!waits)
        }
        drive.deferral.caughtUp()
        let again = drive.check(growth: 2_000)
        #expect(again)
    }

    @Test func doesNotWaitWhenQuietOrFarBehind() {
        var drive = Drive()
        _ = drive.check(growth: 0)
        // 500 entries per 200 ms = 2,500/s: not busy.
        for _ in 0..<20 {
            let waits = drive.check(growth: 500)
            #expect(!waits)
        }
        // Busy, but far behind (or the map filling up): never waits.
        for _ in 0..<20 {
            let waits = drive.check(growth: 5_000, farBehind: true)
            #expect(!waits)
        }
        // Busy again and not behind: waits; quiet again: stops waiting at once.
        let busy1 = drive.check(growth: 5_000), busy2 = drive.check(growth: 5_000), quiet = drive.check(growth: 10)
        #expect(busy1 && busy2 && !quiet)
        // A new busy stretch gets the whole limit again.
        var waits = 0
        for _ in 0..<100 {
            guard drive.check(growth: 5_000) else { break }
            waits += 1
        }
        #expect(waits == 14 || waits == 15)
    }

    @Test func ingestCountsAsBusyOnlyAboveItsOwnRate() {
        var drive = Drive()
        _ = drive.check(growth: 0)
        // 4,000 events per 200 ms = 20,000/s (16 one-at-a-time producers): the feed keeps pace in the idle class.
        for _ in 0..<10 {
            let waits = drive.check(growth: 0, events: 4_000)
            #expect(!waits)
        }
        // 10,000 events per 200 ms = 50,000/s: busy, the feed waits, for at most the limit.
        var waited: Duration = .zero
        for _ in 0..<100 {
            guard drive.check(growth: 0, events: 10_000) else { break }
            waited += .milliseconds(200)
        }
        #expect(waited <= LedgerDeferral.defaultMaximumDelay)
        #expect(waited >= LedgerDeferral.defaultMaximumDelay - .milliseconds(400))
        // 1,000 outcomes per 200 ms = 5,000/s is not over the outcome rate, and the events add nothing to it.
        drive.deferral.caughtUp()
        let mixed = drive.check(growth: 1_000, events: 4_000)
        #expect(!mixed)
    }

    @Test func configuredLimitsReplaceTheDefaults() {
        // `DeferWhileIngestAbove: 0`: ingest never makes the feed wait, however fast; delivery still does.
        var noIngest = Drive(deferral: LedgerDeferral(eventRateLimit: 0))
        _ = noIngest.check(growth: 0)
        for _ in 0..<10 {
            let waits = noIngest.check(growth: 0, events: 100_000)  // 500,000 events/s
            #expect(!waits)
        }
        let delivery = noIngest.check(growth: 2_000)
        #expect(delivery)

        // `MaximumDeferral: 0`: the feed never waits.
        var never = Drive(deferral: LedgerDeferral(maximumDelay: .zero))
        _ = never.check(growth: 0)
        for _ in 0..<10 {
            let waits = never.check(growth: 50_000, events: 100_000)
            #expect(!waits)
        }

        // A lower ingest limit and a longer stretch: 20,000 events/s is busy under a 10,000/s limit, and the feed
        // waits up to the configured 6 s (the default would have stopped at 3 s).
        var custom = Drive(deferral: LedgerDeferral(eventRateLimit: 10_000, maximumDelay: .seconds(6)))
        _ = custom.check(growth: 0)
        var waited: Duration = .zero
        for _ in 0..<100 {  // bounded
            guard custom.check(growth: 0, events: 4_000) else { break }
            waited += .milliseconds(200)
        }
        #expect(waited <= .seconds(6))
        #expect(waited >= .seconds(6) - .milliseconds(400))
    }

    @Test func settingsCarryTheirLimitsIntoTheDeferral() {
        let settings = LedgerSettings(deferWhileIngestAbove: 12_000, deferWhileDeliveryAbove: 0, maximumDeferral: .seconds(10))
        let deferral = settings.makeDeferral()
        #expect(deferral.eventRateLimit == 12_000)
        #expect(deferral.outcomeRateLimit == 0)
        #expect(deferral.maximumDelay == .seconds(10))
        let defaults = LedgerSettings().makeDeferral()
        #expect(defaults.eventRateLimit == LedgerDeferral.busyEventRate)
        #expect(defaults.outcomeRateLimit == LedgerDeferral.busyOutcomeRate)
        #expect(defaults.maximumDelay == LedgerDeferral.defaultMaximumDelay)
    }

    @Test func theConfigFileSectionReachesTheFeedsSettings() throws {
        let file = try HeraldConfigFile.parse(
            yaml: "ledger:\n  DeferWhileIngestAbove: 0\n  DeferWhileDeliveryAbove: 2500\n  MaximumDeferral: 750ms\n",
            file: "herald.yaml", environment: [:])
        let settings = HeraldApplication.ledgerSettings(HeraldConfiguration(), file: file, receiptSource: nil)
        #expect(settings.deferWhileIngestAbove == 0)
        #expect(settings.deferWhileDeliveryAbove == 2_500)
        #expect(settings.maximumDeferral == .milliseconds(750))
        let unset = HeraldApplication.ledgerSettings(HeraldConfiguration(), file: nil, receiptSource: nil)
        #expect(unset.deferWhileIngestAbove == Int(LedgerDeferral.busyEventRate))
        #expect(unset.maximumDeferral == LedgerDeferral.defaultMaximumDelay)
    }
}
