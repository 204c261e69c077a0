import Foundation
import HeraldCatalog
import HeraldEvents
import HeraldJSON

/// One `PutEventsResultEntry`.
private struct PutEventsResultEntry {
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

    /// `PutEvents`: decodes the input (``PutEventsRequest``), applies it and writes the output.
    func putEvents(_ body: [UInt8]) async throws -> [UInt8] {
        let request = try PutEventsRequest(decoding: body)
        var v = ShapeValidator()
        v.required(request.entries, "entries")
        v.count(request.entries?.count, "entries", min: 1, max: Self.maxPutEventsEntries)
        for (index, item) in (request.entries ?? []).enumerated()
        where item.entry.eventBusName != nil || item.entry.traceHeader != nil || !item.entry.resources.isEmpty {
            let path = "entries.\(index + 1).member"
            v.string(item.entry.eventBusName, "\(path).eventBusName", min: 1, max: 1600, pattern: ModelPattern.nonPartnerEventBusNameOrArn)
            v.string(item.entry.traceHeader, "\(path).traceHeader", min: 1, max: 500)
            for (r, resource) in item.entry.resources.enumerated() {
                v.string(resource, "\(path).resources.\(r + 1).member", max: 2048)
            }
        }
        try v.check()
        let entries = request.entries ?? []
        let totalSize = entries.reduce(0) { $0 + $1.eventBridgeSize }
        guard totalSize <= configuration.maxPutEventsSizeBytes else {
            throw APIError.validation("Total size of the entries in the request is over the limit.")
        }
        let snapshot = catalog.snapshot
        let ingestionTime = UTCTime(nanosecondsSince1970: Int64((now().timeIntervalSince1970 * 1e9).rounded()))
        var results = [PutEventsResultEntry?](repeating: nil, count: entries.count)
        var accepted: [(index: Int, event: IngestedEvent)] = []
        for (index, entry) in entries.enumerated() {
            switch makeEvent(entry.entry, snapshot: snapshot, ingestionTime: ingestionTime) {
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
        return Self.putEventsOutput(final)
    }

    /// The output `{"Entries":[…],"FailedEntryCount":n}`, members in the order `JSONEncoder` with sorted keys wrote
    /// them.
    private static func putEventsOutput(_ entries: [PutEventsResultEntry]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(40 + 56 * entries.count)
        output.append(contentsOf: #"{"Entries":["#.utf8)
        var failed = 0
        for (index, entry) in entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "{"))
            if let code = entry.ErrorCode {
                failed += 1
                output.append(contentsOf: #""ErrorCode":"#.utf8)
                JSONValue.writeString(code, to: &output)
                output.append(contentsOf: #","ErrorMessage":"#.utf8)
                JSONValue.writeString(entry.ErrorMessage ?? "", to: &output)
            } else if let id = entry.EventId {
                output.append(contentsOf: #""EventId":"#.utf8)
                JSONValue.writeString(id, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: #"],"FailedEntryCount":"#.utf8)
        output.append(contentsOf: String(failed).utf8)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Builds the envelope for one entry, or the entry's failure (unknown bus, missing member, malformed detail).
    private func makeEvent(
        _ entry: PutEventsEntry, snapshot: CatalogSnapshot, ingestionTime: UTCTime
    ) -> Result<IngestedEvent, EntryFailure> {
        let busName = catalog.arns.busName(fromNameOrArn: entry.eventBusName)
        guard snapshot.eventBuses[busName] != nil else {
            return .failure(EntryFailure(code: "ResourceNotFoundException", message: "Event bus \(busName) does not exist."))
        }
        do {
            let envelope = try EncodedEnvelope(
                entry: entry, id: makeEventID(), ingestionTime: ingestionTime, account: catalog.configuration.accountID,
                region: catalog.configuration.region
            )
            return .success(IngestedEvent(encoded: envelope, eventBusName: busName, traceHeader: entry.traceHeader))
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
