import Foundation
import HeraldChannels
import HeraldEvents
import HeraldReceipts
import HeraldStorage
import Testing

@Suite("DispatchRecordStore on LMDB", .timeLimit(.minutes(1)))
struct DispatchRecordStoreTests {
    func record(_ id: String, sentAtSeconds: Int64, channel: String = "sms") -> DispatchRecord {
        DispatchRecord(
            provider: "twilio", providerMessageID: id, channel: channel, originEventID: "evt-\(id)", rule: "InfraP1Alert",
            target: "oncall-sms", recipient: "+15550001111", correlationID: "INC-\(id)",
            sentAt: UTCTime(secondsSince1970: sentAtSeconds))
    }

    @Test("record, lookup and the sent-time range read survive a reopen")
    func recordAndList() throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        do {
            let herald = try temp.open()
            let store = DispatchRecordStore(catalog: herald.catalog)
            for (index, id) in ["SM3", "SM1", "SM2", "SM/odd%id"].enumerated() {
                try store.record(record(id, sentAtSeconds: 1_000 + Int64(index) * 60))
            }
            herald.close()
        }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        #expect(try store.lookup(provider: "twilio", messageID: "SM1") == record("SM1", sentAtSeconds: 1_060))
        #expect(try store.lookup(provider: "twilio", messageID: "SM/odd%id")?.correlationID == "INC-SM/odd%id")
        #expect(try store.lookup(provider: "twilio", messageID: "SM9") == nil)
        #expect(try store.unsettledCount() == 4)

        let early = try store.unsettled(sentAtOrBefore: UTCTime(secondsSince1970: 1_060))
        #expect(early.records.map(\.providerMessageID) == ["SM3", "SM1"])
        #expect(early.nextAfter == nil)
        let all = try store.unsettled(sentAtOrBefore: UTCTime(secondsSince1970: 9_999))
        #expect(all.records.map(\.providerMessageID) == ["SM3", "SM1", "SM2", "SM/odd%id"])

        var paged: [String] = []
        var after: String?
        repeat {
            let page = try store.unsettled(sentAtOrBefore: UTCTime(secondsSince1970: 9_999), after: after, limit: 3)
            paged += page.records.map(\.providerMessageID)
            after = page.nextAfter
        } while after != nil
        #expect(paged == ["SM3", "SM1", "SM2", "SM/odd%id"])

        // Re-recording with a new send time moves the index entry instead of duplicating it.
        try store.record(record("SM3", sentAtSeconds: 5_000))
        #expect(try store.unsettledCount() == 4)
        #expect(try store.unsettled(sentAtOrBefore: UTCTime(secondsSince1970: 1_060)).records.map(\.providerMessageID) == ["SM1"])
    }

    @Test("bad ids are typed errors")
    func invalid() throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let store = DispatchRecordStore(catalog: herald.catalog)
        #expect(throws: ReceiptStoreError.self) { try store.record(record("", sentAtSeconds: 1)) }
        #expect(throws: ReceiptStoreError.self) {
            try store.record(record(String(repeating: "x", count: 300), sentAtSeconds: 1))
        }
        var noOrigin = record("SM1", sentAtSeconds: 1)
        noOrigin.originEventID = ""
        #expect(throws: ReceiptStoreError.invalidRecord("origin event id must not be empty")) { try store.record(noOrigin) }
    }

    @Test("a receipt that arrives before the dispatch record keeps the message off the overdue index")
    func receiptBeforeRecord() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
        let delivered = ReceiptObservation(
            channel: "sms", provider: "twilio", providerMessageID: "SM7", status: .delivered, providerStatus: "delivered",
            occurredAt: "2026-11-22T10:00:00.000Z", receiptID: .twilio(messageSid: "SM7", status: "delivered"))
        #expect(try await tracker.process(delivered, receivedAt: UTCTime(secondsSince1970: 10)) != .notAdvanced)
        try tracker.store.record(record("SM7", sentAtSeconds: 5))
        try tracker.store.record(record("SM8", sentAtSeconds: 5))
        #expect(try tracker.store.unsettledCount() == 1)
        #expect(try tracker.store.unsettled(sentAtOrBefore: UTCTime(secondsSince1970: 99)).records.map(\.providerMessageID) == ["SM8"])
    }

    @Test("prune deletes records, statuses and dedupe marks older than the cut-off, and nothing newer")
    func prune() async throws {
        let temp = try TemporaryStore()
        defer { temp.remove() }
        let herald = try temp.open()
        defer { herald.close() }
        let ingestor = RecordingIngestor()
        let tracker = ReceiptTracker(store: DispatchRecordStore(catalog: herald.catalog), ingestor: ingestor)
        let store = tracker.store
        for index in 0..<5 { try store.record(record("OLD\(index)", sentAtSeconds: 100)) }
        try store.record(record("NEW", sentAtSeconds: 10_000))
        for (id, time) in [("OLD0", Int64(150)), ("NEW", 10_050), ("ORPHAN", 120)] {
            let observation = ReceiptObservation(
                channel: "sms", provider: "twilio", providerMessageID: id, status: .delivered, providerStatus: "delivered",
                occurredAt: "2026-11-22T10:00:00.000Z", receiptID: .twilio(messageSid: id, status: "delivered"))
            _ = try await tracker.process(observation, receivedAt: UTCTime(secondsSince1970: time))
        }
        // 6 dispatch + 4 pending (OLD1-4; NEW and OLD0 settled) + 3 status + 3 seen
        #expect(try herald.catalog.count(prefix: "receipts/") == 16)
        let deleted = try store.prune(olderThan: UTCTime(secondsSince1970: 5_000), pageSize: 2)
        // 5 old records (with OLD0's status and OLD1-4's index entries), ORPHAN's status, 2 old dedupe marks.
        #expect(deleted == 5 + 1 + 2)
        #expect(try herald.catalog.count(prefix: "receipts/") == 3)
        #expect(try store.lookup(provider: "twilio", messageID: "NEW") != nil)
        #expect(try store.status(provider: "twilio", messageID: "NEW")?.status == .delivered)
        #expect(try store.hasSeen(.twilio(messageSid: "NEW", status: "delivered")))
        #expect(try store.unsettledCount() == 0)
        #expect(try store.prune(olderThan: UTCTime(secondsSince1970: 5_000)) == 0)
    }
}
