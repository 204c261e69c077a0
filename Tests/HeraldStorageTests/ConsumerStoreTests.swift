import HeraldStorage
import HeraldTestSupport
import Testing

@Suite("Consumer state")
struct ConsumerStoreTests {
    func attempt(_ time: UInt64, status: UInt16? = 503, error: String = "") -> FailureAttempt {
        FailureAttempt(time: time, statusCode: status, error: error, latencyMicroseconds: 1234, responseExcerpt: Array("busy".utf8))
    }

    @Test("register is idempotent, ids are compact, names and cursors survive reopen")
    func registration() async throws {
        let directory = TemporaryDirectory()
        do {
            let store = try HeraldStore(directory: directory.path)
            let a = try await store.consumers.register("target-a", initialCursor: 1)
            let b = try await store.consumers.register("target-b", initialCursor: 7)
            let again = try await store.consumers.register("target-a", initialCursor: 99)
            #expect(a.id == ConsumerID(rawValue: 1))
            #expect(b.id == ConsumerID(rawValue: 2))
            #expect(again == a)
            await #expect(throws: StorageError.self) { try await store.consumers.register("", initialCursor: 1) }
            store.close()
        }
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        #expect(try store.consumers.all().map(\.name) == ["target-a", "target-b"])
        #expect(try store.consumers.info(named: "target-b")?.cursor == 7)
        #expect(try store.consumers.info(named: "nope") == nil)
        #expect(try store.consumers.lowestCursor() == 1)
        let c = try await store.consumers.register("target-c", initialCursor: 1)
        #expect(c.id == ConsumerID(rawValue: 3))
    }

    @Test("cursor advance never moves back; setCursor does")
    func cursors() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let id = try await store.consumers.register("t", initialCursor: 1).id
        try await store.consumers.apply([.advanceCursor(to: 10)], for: id)
        #expect(try store.consumers.cursor(of: id) == 10)
        try await store.consumers.apply([.advanceCursor(to: 5)], for: id)
        #expect(try store.consumers.cursor(of: id) == 10)
        try await store.consumers.apply([.setCursor(3)], for: id)
        #expect(try store.consumers.cursor(of: id) == 3)
        await #expect(throws: StorageError.self) {
            try await store.consumers.apply([.advanceCursor(to: 1)], for: ConsumerID(rawValue: 77))
        }
    }

    @Test("advance + schedule retries in one transaction; due reads; reschedule keeps history")
    func retries() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        for index in 1...5 { _ = try await store.log.append(payload(index)) }
        let a = try await store.consumers.register("a", initialCursor: 1).id
        let b = try await store.consumers.register("b", initialCursor: 1).id
        try await store.consumers.advance(a, to: 6, retries: [(2, attempt(100), 1_000), (4, attempt(100), 500)])
        try await store.consumers.advance(b, to: 6, retries: [(3, attempt(100), 700)])
        #expect(try store.consumers.cursor(of: a) == 6)
        #expect(try store.consumers.nextRetryDueTime() == 500)
        let due = try store.consumers.dueRetries(dueBy: 800, limit: 10)
        #expect(due.map(\.sequence) == [4, 3])
        #expect(due.map(\.consumer) == [a, b])
        #expect(try store.consumers.dueRetries(dueBy: 800, consumer: a, limit: 10).map(\.sequence) == [4])
        #expect(try store.consumers.dueRetries(dueBy: 10_000, limit: 2).count == 2)
        #expect(try store.consumers.retryStats(a) == RetryQueueStats(count: 2, nextDueTime: 500))
        #expect(try store.consumers.retryStats(b) == RetryQueueStats(count: 1, nextDueTime: 700))
        #expect(try store.consumers.lowestRetrySequence() == 2)

        try await store.consumers.apply([.retry(sequence: 4, attempt: attempt(600, status: nil, error: "timeout"), dueTime: 2_000)], for: a)
        let entry = try #require(try store.consumers.retry(a, sequence: 4))
        #expect(entry.attemptCount == 2)
        #expect(entry.dueTime == 2_000)
        #expect(entry.firstAttemptTime == 100)
        #expect(entry.attempts.count == 2)
        #expect(entry.lastError == "timeout")
        #expect(entry.attempts[0].statusCode == 503)
        #expect(entry.attempts[0].responseExcerpt == Array("busy".utf8))
        #expect(entry.embeddedEvent == nil)
        #expect(try store.consumers.retryStats(a) == RetryQueueStats(count: 2, nextDueTime: 1_000))

        try await store.consumers.apply([.completeRetry(sequence: 2)], for: a)
        #expect(try store.consumers.retry(a, sequence: 2) == nil)
        #expect(try store.consumers.lowestRetrySequence() == 3)
        #expect(try store.consumers.dueRetries(dueBy: .max, limit: 10).map(\.sequence) == [3, 4])
    }

    @Test("hold parks an event in the retry queue, never due, until release makes it due with its history")
    func holdAndRelease() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        for index in 1...4 { _ = try await store.log.append(payload(index)) }
        let a = try await store.consumers.register("a", initialCursor: 1).id
        try await store.consumers.apply([.hold(sequence: 2), .hold(sequence: 3), .advanceCursor(to: 5)], for: a)
        #expect(try store.consumers.retryStats(a) == RetryQueueStats(count: 2, nextDueTime: nil, held: 2))
        #expect(try store.consumers.nextRetryDueTime() == nil)
        #expect(try store.consumers.dueRetries(dueBy: 1 << 62, limit: 10).isEmpty)
        #expect(try store.consumers.retry(a, sequence: 2)?.isHeld == true)
        #expect(try store.consumers.retry(a, sequence: 2)?.attemptCount == 0)
        #expect(try store.consumers.lowestRetrySequence() == 2)
        #expect(try store.consumers.retryIndex(of: a).map(\.sequence) == [2, 3])
        #expect(try store.consumers.retryIndex(of: a, atOrAfter: 3).map(\.sequence) == [3])

        // Holding an event that already has an entry keeps the entry; releasing a missing one does nothing.
        try await store.consumers.apply([.retry(sequence: 4, attempt: attempt(100), dueTime: 900), .hold(sequence: 4), .release(sequence: 1, dueTime: 5)], for: a)
        #expect(try store.consumers.retry(a, sequence: 4)?.dueTime == 900)
        #expect(try store.consumers.retry(a, sequence: 1) == nil)

        try await store.consumers.apply([.release(sequence: 2, dueTime: 700)], for: a)
        #expect(try store.consumers.retryStats(a) == RetryQueueStats(count: 3, nextDueTime: 700, held: 1))
        #expect(try store.consumers.dueRetries(dueBy: 800, consumer: a, limit: 10).map(\.sequence) == [2])
        try await store.consumers.apply([.retry(sequence: 2, attempt: attempt(750), dueTime: 2_000)], for: a)
        let retried = try #require(try store.consumers.retry(a, sequence: 2))
        #expect(retried.attemptCount == 1)
        #expect(retried.attempts.count == 1)
        await #expect(throws: StorageError.self) { try await store.consumers.apply([.hold(sequence: 99)], for: a) }
        // A reschedule after the entry was removed (an operator skipped it mid-attempt) does not bring it back.
        try await store.consumers.apply([.deadLetter(sequence: 2, attempt: nil, reason: .init(rawValue: "skipped"))], for: a)
        try await store.consumers.apply([.rescheduleRetry(sequence: 2, attempt: attempt(800), dueTime: 3_000)], for: a)
        #expect(try store.consumers.retry(a, sequence: 2) == nil)
        try await store.consumers.apply([.rescheduleRetry(sequence: 4, attempt: attempt(800), dueTime: 3_000)], for: a)
        #expect(try store.consumers.retry(a, sequence: 4)?.attemptCount == 2)
    }

    @Test("retry to DLQ keeps the event copy and the full history; list, count, page")
    func deadLetters() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualWallClock(50_000)
        let store = try HeraldStore(directory: directory.path, clock: clock)
        defer { store.close() }
        for index in 1...6 { _ = try await store.log.append(payload(index)) }
        let a = try await store.consumers.register("a", initialCursor: 1).id
        try await store.consumers.advance(a, to: 7, retries: [(2, attempt(100), 1_000)])
        try await store.consumers.apply([.retry(sequence: 2, attempt: attempt(1_000), dueTime: 3_000)], for: a)
        clock.set(60_000)
        try await store.consumers.apply(
            [.deadLetter(sequence: 2, attempt: attempt(3_000, status: 500), reason: .maximumRetryAttemptsExceeded),
             .deadLetter(sequence: 5, attempt: attempt(3_100, status: 400), reason: .nonRetryableResponse),
             .deadLetter(sequence: 6, attempt: nil, reason: .invalidRequest)],
            for: a)
        #expect(try store.consumers.retry(a, sequence: 2) == nil)
        #expect(try store.consumers.retryStats(a).count == 0)
        let entry = try #require(try store.consumers.deadLetter(a, sequence: 2))
        #expect(entry.event.payload == payload(2))
        #expect(entry.attempts.map(\.time) == [100, 1_000, 3_000])
        #expect(entry.attemptCount == 3)
        #expect(entry.reason == .maximumRetryAttemptsExceeded)
        #expect(entry.deadLetteredAt == 60_000)
        #expect(entry.firstAttemptTime == 100)
        #expect(entry.lastStatusCode == 500)
        #expect(try store.consumers.deadLetter(a, sequence: 5)?.attemptCount == 1)
        #expect(try store.consumers.deadLetter(a, sequence: 6)?.attempts.isEmpty == true)
        #expect(try store.consumers.deadLetterCount(a) == 3)
        #expect(try store.consumers.deadLetters(a, limit: 2).map(\.sequence) == [2, 5])
        #expect(try store.consumers.deadLetters(a, after: 5).map(\.sequence) == [6])
        #expect(try store.consumers.deadLetters(ConsumerID(rawValue: 9)).isEmpty)
        await #expect(throws: StorageError.self) {
            try await store.consumers.apply([.advanceCursor(to: 100), .deadLetter(sequence: 999, attempt: nil, reason: .invalidRequest)], for: a)
        }
        #expect(try store.consumers.cursor(of: a) == 7)  // the whole change list was rolled back
    }

    @Test("redrive puts DLQ entries back due now with history and an embedded copy; purge deletes")
    func redriveAndPurge() async throws {
        let directory = TemporaryDirectory()
        let clock = ManualWallClock(10_000)
        let store = try HeraldStore(directory: directory.path, clock: clock)
        defer { store.close() }
        for index in 1...10 { _ = try await store.log.append(payload(index)) }
        let a = try await store.consumers.register("a", initialCursor: 11).id
        try await store.consumers.apply((1...10).map { .deadLetter(sequence: $0, attempt: attempt(5_000), reason: .nonRetryableResponse) }, for: a)
        #expect(try store.consumers.deadLetterCount(a) == 10)
        clock.set(20_000)
        #expect(try await store.consumers.redrive(a, .range(2...4)) == 3)
        #expect(try await store.consumers.redrive(a, .sequences([7, 8, 99]), limit: 1) == 1)
        #expect(try store.consumers.deadLetterCount(a) == 6)
        let redriven = try #require(try store.consumers.retry(a, sequence: 3))
        #expect(redriven.dueTime == 20_000)
        #expect(redriven.embeddedEvent?.payload == payload(3))
        #expect(redriven.attempts.count == 1)
        #expect(redriven.redriveCount == 1)
        #expect(redriven.attemptsThisRound == 0)
        // Redriven entries carry their event, so they do not hold back compaction.
        #expect(try store.consumers.lowestRetrySequence() == nil)
        // Failing again after redrive: history grows, then back to the DLQ with redriveCount kept.
        try await store.consumers.apply([.retry(sequence: 3, attempt: attempt(20_001), dueTime: 21_000)], for: a)
        #expect(try store.consumers.retry(a, sequence: 3)?.attemptsThisRound == 1)
        try await store.consumers.apply([.deadLetter(sequence: 3, attempt: attempt(21_000), reason: .maximumRetryAttemptsExceeded)], for: a)
        let again = try #require(try store.consumers.deadLetter(a, sequence: 3))
        #expect(again.attempts.count == 3)
        #expect(again.redriveCount == 1)
        #expect(again.event.payload == payload(3))
        #expect(try await store.consumers.purgeDeadLetters(a, .range(1...5)) == 3)
        #expect(try store.consumers.deadLetters(a).map(\.sequence) == [6, 8, 9, 10])
        #expect(try await store.consumers.purgeDeadLetters(a) == 4)
        #expect(try store.consumers.deadLetterCount(a) == 0)
    }

    @Test("a failing state change does not fail the appends that share its group commit")
    func failingRequestIsolated() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let id = try await store.consumers.register("t", initialCursor: 1).id
        let outcome = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<200 {
                group.addTask {
                    _ = try await store.log.append(payload(index))
                    return 0
                }
                if index % 50 == 0 {
                    group.addTask {
                        do {
                            try await store.consumers.apply([.deadLetter(sequence: 1_000_000, attempt: nil, reason: .invalidRequest)], for: id)
                            return 0
                        } catch {
                            return 1
                        }
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(outcome == 4)
        #expect(store.log.lastSequence == 200)
        #expect(try store.log.count() == 200)
        #expect(try store.consumers.deadLetterCount(id) == 0)
    }

    @Test("a retry must reference an event in the log; a second dead-lettering keeps the earlier history")
    func retryValidationAndHistoryMerge() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        _ = try await store.log.append(payload(1))
        let id = try await store.consumers.register("t", initialCursor: 1).id
        await #expect(throws: StorageError.invalidArgument("cannot schedule a retry of event 5: it is not in the log")) {
            try await store.consumers.apply([.retry(sequence: 5, attempt: attempt(1), dueTime: 1)], for: id)
        }
        try await store.consumers.apply([.deadLetter(sequence: 1, attempt: attempt(10), reason: .nonRetryableResponse)], for: id)
        // After a cursor rewind the event fails again.
        try await store.consumers.apply([.setCursor(1), .retry(sequence: 1, attempt: attempt(20), dueTime: 30)], for: id)
        try await store.consumers.apply([.deadLetter(sequence: 1, attempt: attempt(30), reason: .maximumRetryAttemptsExceeded)], for: id)
        let entry = try #require(try store.consumers.deadLetter(id, sequence: 1))
        #expect(entry.attempts.map(\.time) == [10, 20, 30])
        #expect(entry.attemptCount == 3)
        #expect(entry.firstAttemptTime == 10)
        #expect(entry.reason == .maximumRetryAttemptsExceeded)
    }

    @Test("remove deletes a consumer with its cursor, retries and dead letters")
    func removal() async throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        for index in 1...3 { _ = try await store.log.append(payload(index)) }
        let a = try await store.consumers.register("a", initialCursor: 1).id
        let b = try await store.consumers.register("b", initialCursor: 1).id
        try await store.consumers.apply(
            [.retry(sequence: 1, attempt: attempt(1), dueTime: 5), .deadLetter(sequence: 2, attempt: nil, reason: .invalidRequest),
             .advanceCursor(to: 4)],
            for: a)
        try await store.consumers.apply([.retry(sequence: 3, attempt: attempt(1), dueTime: 5)], for: b)
        #expect(try await store.consumers.remove("a"))
        #expect(try await !store.consumers.remove("a"))
        #expect(try store.consumers.info(named: "a") == nil)
        #expect(try store.consumers.cursor(of: a) == nil)
        #expect(try store.consumers.deadLetterCount(a) == 0)
        #expect(try store.consumers.dueRetries(dueBy: .max, limit: 10).map(\.consumer) == [b])
        #expect(try store.consumers.lowestRetrySequence() == 3)
        // Ids are never reused: a stale id of the removed consumer cannot address a new one.
        let c = try await store.consumers.register("c", initialCursor: 1).id
        #expect(c == ConsumerID(rawValue: 3))
        #expect(try await store.consumers.remove("c"))
        let d = try await store.consumers.register("d", initialCursor: 1).id
        #expect(d == ConsumerID(rawValue: 4))
        await #expect(throws: StorageError.self) { try await store.consumers.apply([.advanceCursor(to: 2)], for: a) }
    }
}
