import Foundation
import HeraldChannels
import HeraldEvents
import HeraldReceipts
import HeraldStorage
import ServiceLifecycleTestKit
import Testing

@Suite("ReceiptOverdueService on a manual clock", .timeLimit(.minutes(1)))
struct ReceiptOverdueTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)
    let configuration = ReceiptOverdueConfiguration(
        defaultTimeout: .seconds(600), channelTimeouts: ["email": .seconds(1_800)], interval: .milliseconds(20), pageSize: 2)

    func record(_ id: String, channel: String, provider: String = "twilio", at time: UTCTime) -> DispatchRecord {
        DispatchRecord(
            provider: provider, providerMessageID: id, channel: channel, originEventID: "evt-\(id)", rule: "InfraP1Alert",
            target: "t-\(channel)", recipient: "r-\(id)", correlationID: "INC-\(id)", sentAt: time)
    }

    @Test("one ReceiptOverdue per message, per-channel timeouts, settled messages skipped, across a restart")
    func exactlyOnce() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let time = ManualTime(start)
        let sentAt = time.utc
        let ingestor = RecordingIngestor()
        do {
            let herald = try temp.open()
            defer { herald.close() }
            let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
            let service = ReceiptOverdueService(tracker: tracker, configuration: configuration, now: { time.utc })
            for (id, channel) in [("A", "sms"), ("B", "email"), ("C", "sms"), ("D", "sms")] {
                try tracker.store.record(record(id, channel: channel, at: sentAt))
            }
            // C is delivered in time; D only reaches `sent`, which does not stop the clock.
            let delivered = ReceiptObservation(
                channel: "sms", provider: "twilio", providerMessageID: "C", status: .delivered, providerStatus: "delivered",
                occurredAt: "2027-01-15T08:05:00.000Z", receiptID: .twilio(messageSid: "C", status: "delivered"))
            let sent = ReceiptObservation(
                channel: "sms", provider: "twilio", providerMessageID: "D", status: .sent, providerStatus: "sent",
                occurredAt: "2027-01-15T08:05:00.000Z", receiptID: .twilio(messageSid: "D", status: "sent"))
            #expect(try await tracker.process(delivered, receivedAt: time.utc) != .duplicate)
            #expect(try await tracker.process(sent, receivedAt: time.utc) != .duplicate)
            #expect(ingestor.events.count == 2)

            time.advance(300)
            #expect(try await service.checkOnce() == 0)
            time.advance(301)
            #expect(try await service.checkOnce() == 2)
            #expect(try await service.checkOnce() == 0)
            let overdue = ingestor.events.suffix(2)
            #expect(overdue.compactMap { $0.detail("provider_message_id") }.sorted() == ["A", "D"])
            for event in overdue {
                #expect(event.envelope.detailType == "ReceiptOverdue")
                #expect(event.envelope.source == "com.notifications")
                #expect(event.detail("status") == "overdue")
                #expect(event.detail("channel") == "sms")
                #expect(event.detail("rule") == "InfraP1Alert")
                #expect(event.detail("origin_event_id") == "evt-" + (event.detail("provider_message_id") ?? ""))
                #expect(event.detail("correlation_id") == "INC-" + (event.detail("provider_message_id") ?? ""))
                #expect(event.detail("occurred_at") == (sentAt + .seconds(600)).iso8601MillisecondsString)
            }
            #expect(try tracker.store.lookup(provider: "twilio", messageID: "A")?.overdueEmittedAt == time.utc)
        }
        // Restart: a new store handle, tracker and service see the durable marks.
        let herald = try temp.open()
        defer { herald.close() }
        let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
        let service = ReceiptOverdueService(tracker: tracker, configuration: configuration, now: { time.utc })
        #expect(try await service.checkOnce() == 0)
        time.advance(1_200)
        #expect(try await service.checkOnce() == 1)
        #expect(ingestor.events.last?.detail("provider_message_id") == "B")
        #expect(ingestor.events.last?.detail("channel") == "email")
        time.advance(3_600)
        #expect(try await service.checkOnce() == 0)
        #expect(ingestor.events.filter { $0.envelope.detailType == "ReceiptOverdue" }.count == 3)
        #expect(try tracker.store.unsettledCount() == 0)
        // A late delivery after the overdue event is still reported.
        let late = ReceiptObservation(
            channel: nil, provider: "twilio", providerMessageID: "A", status: .delivered, providerStatus: "delivered",
            occurredAt: "2027-01-15T09:00:00.000Z", receiptID: .twilio(messageSid: "A", status: "delivered"))
        guard case .ingested(let event) = try await tracker.process(late, receivedAt: time.utc) else {
            Issue.record("late delivery not ingested")
            return
        }
        #expect(event.detail("channel") == "sms")
    }

    @Test("a failed ingest marks nothing; the next check emits")
    func retryAfterFailure() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let time = ManualTime(start)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
        let service = ReceiptOverdueService(tracker: tracker, configuration: configuration, now: { time.utc })
        try tracker.store.record(record("A", channel: "sms", at: time.utc))
        time.advance(601)
        ingestor.setFailing(true)
        await #expect(throws: ReceiptProcessingError.self) { try await service.checkOnce() }
        ingestor.setFailing(false)
        #expect(try await service.checkOnce() == 1)
        #expect(try await service.checkOnce() == 0)
    }

    @Test("run() checks on its interval and returns on graceful shutdown")
    func runLoop() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let time = ManualTime(start)
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
        let service = ReceiptOverdueService(tracker: tracker, configuration: configuration, now: { time.utc })
        try tracker.store.record(record("A", channel: "sms", at: time.utc))
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await Task.sleep(for: .milliseconds(100))
                #expect(ingestor.events.isEmpty)
                time.advance(700)
                for _ in 0..<200 where ingestor.events.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
                try await Task.sleep(for: .milliseconds(100))
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()  // run() returns normally on graceful shutdown
            }
        }
        #expect(ingestor.events.count == 1)
    }
}
