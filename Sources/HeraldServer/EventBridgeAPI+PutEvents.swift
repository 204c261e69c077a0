import Foundation
import HeraldCatalog
import HeraldEvents
import HeraldJSON

/// `PutEvents` input.
private struct PutEventsRequest: Decodable {
    var Entries: [PutEventsRequestEntry]?
    var EndpointId: String?
}

/// One `PutEventsRequestEntry` as sent on the wire.
private struct PutEventsRequestEntry: Decodable {
    var Time: Date?
    var Source: String?
    var Resources: [String]?
    var DetailType: String?
    var Detail: String?
    var EventBusName: String?
    var TraceHeader: String?

    /// The entry size as EventBridge computes it: Time counts 14 bytes; Source, DetailType, Detail and each
    /// Resources member count their UTF-8 bytes.
    var eventBridgeSize: Int {
        PutEventsEntry.eventBridgeSize(
            hasTime: Time != nil, source: Source, detailType: DetailType, detail: Detail, resources: Resources ?? [])
    }
}

/// One `PutEventsResultEntry`.
private struct PutEventsResultEntry: Encodable {
    var EventId: String?
    var ErrorCode: String?
    var ErrorMessage: String?

    init(EventId: String) {
        self.EventId = EventId
    }

    init(ErrorCode: String, ErrorMessage: String) {
        self.ErrorCode = ErrorCode
        self.ErrorMessage = ErrorMessage
    }
}

extension EventBridgeAPI {
    /// The most entries one PutEvents call may carry.
    public static let maxPutEventsEntries = 10

    /// `PutEvents`: decodes the input, applies it and encodes the output.
    func putEvents(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var FailedEntryCount: Int
            var Entries: [PutEventsResultEntry]
        }
        let request = try Self.decode(PutEventsRequest.self, from: body, operation: "PutEvents")
        var v = ShapeValidator()
        v.required(request.Entries, "entries")
        v.count(request.Entries?.count, "entries", min: 1, max: Self.maxPutEventsEntries)
        for (index, entry) in (request.Entries ?? []).enumerated() {
            let path = "entries.\(index + 1).member"
            v.string(entry.EventBusName, "\(path).eventBusName", min: 1, max: 1600, pattern: ModelPattern.nonPartnerEventBusNameOrArn)
            v.string(entry.TraceHeader, "\(path).traceHeader", min: 1, max: 500)
            for (r, resource) in (entry.Resources ?? []).enumerated() {
                v.string(resource, "\(path).resources.\(r + 1).member", max: 2048)
            }
        }
        try v.check()
        let entries = request.Entries ?? []
        let totalSize = entries.reduce(0) { $0 + $1.eventBridgeSize }
        guard totalSize <= configuration.maxPutEventsSizeBytes else {
            throw APIError.validation("Total size of the entries in the request is over the limit.")
        }
        let snapshot = catalog.snapshot
        let ingestionTime = UTCTime(nanosecondsSince1970: Int64((now().timeIntervalSince1970 * 1e9).rounded()))
        var results = [PutEventsResultEntry?](repeating: nil, count: entries.count)
        var accepted: [(index: Int, event: IngestedEvent)] = []
        for (index, entry) in entries.enumerated() {
            switch makeEvent(entry, snapshot: snapshot, ingestionTime: ingestionTime) {
            case .success(let event): accepted.append((index, event))
            case .failure(let failure): results[index] = PutEventsResultEntry(ErrorCode: failure.code, ErrorMessage: failure.message)
            }
        }
        if !accepted.isEmpty {
            let outcomes = try await ingestor.ingest(accepted.map(\.event))
            guard outcomes.count == accepted.count else {
                throw APIError.internal("The ingestor answered \(outcomes.count) outcomes for \(accepted.count) events.")
            }
            for (item, outcome) in zip(accepted, outcomes) {
                switch outcome {
                case .stored: results[item.index] = PutEventsResultEntry(EventId: item.event.id)
                case .failed(let code, let message): results[item.index] = PutEventsResultEntry(ErrorCode: code, ErrorMessage: message)
                }
            }
        }
        let final = results.map { $0 ?? PutEventsResultEntry(ErrorCode: "InternalFailure", ErrorMessage: "Entry was not processed.") }
        return try Self.encode(Output(FailedEntryCount: final.filter { $0.EventId == nil }.count, Entries: final))
    }

    /// Builds the envelope for one entry, or the entry's failure (unknown bus, missing member, malformed detail).
    private func makeEvent(
        _ entry: PutEventsRequestEntry, snapshot: CatalogSnapshot, ingestionTime: UTCTime
    ) -> Result<IngestedEvent, EntryFailure> {
        let busName = ARNs.busName(fromNameOrArn: entry.EventBusName)
        guard snapshot.eventBuses[busName] != nil else {
            return .failure(EntryFailure(code: "ResourceNotFoundException", message: "Event bus \(busName) does not exist."))
        }
        // A Time outside what UTCTime holds (±292 years around 1970) is treated as absent, as AWS ignores a bad Time.
        let time = entry.Time.flatMap { UTCTime(secondsSince1970: $0.timeIntervalSince1970) }
        let putEntry = PutEventsEntry(
            source: entry.Source, detailType: entry.DetailType, detail: entry.Detail, resources: entry.Resources ?? [],
            time: time, eventBusName: entry.EventBusName, traceHeader: entry.TraceHeader
        )
        do {
            let envelope = try EncodedEnvelope(
                entry: putEntry, id: makeEventID(), ingestionTime: ingestionTime, account: catalog.configuration.accountID,
                region: catalog.configuration.region
            )
            return .success(IngestedEvent(encoded: envelope, eventBusName: busName, traceHeader: entry.TraceHeader))
        } catch {
            return .failure(EntryFailure(code: error.errorCode, message: error.errorMessage))
        }
    }

    /// `TestEventPattern`: decodes the input, applies it and encodes the output.
    func testEventPattern(_ body: [UInt8]) throws -> [UInt8] {
        struct Input: Decodable {
            var EventPattern: String?
            var Event: String?
        }
        let input = try Self.decode(Input.self, from: body, operation: "TestEventPattern")
        var v = ShapeValidator()
        v.string(input.EventPattern, "eventPattern", required: true, max: 4096)
        v.string(input.Event, "event", required: true)
        try v.check()
        guard let pattern = input.EventPattern, let event = input.Event else { throw APIError.validation("EventPattern and Event are required.") }
        guard case .object(let object)? = try? JSONValue(parsing: event) else {
            throw APIError.validation("Parameter Event is not valid.")
        }
        for member in ["id", "account", "source", "time", "region", "detail-type"] where object[member] == nil {
            throw APIError.validation("Parameter Event is not valid: the event must contain '\(member)'.")
        }
        let result = try catalog.patterns.matches(pattern: pattern, event: event)
        return try Self.encode(["Result": result])
    }
}

/// Why one PutEvents entry was not accepted.
private struct EntryFailure: Error {
    var code: String
    var message: String
}
