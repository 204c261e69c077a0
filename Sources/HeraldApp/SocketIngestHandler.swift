import Foundation
import HeraldCatalog
import HeraldEvents
import HeraldIngest
import HeraldJSON
import HeraldServer

/// Answers socket request lines: decodes each into a PutEvents entry, validates it like PutEvents does (bus exists,
/// size limit, envelope rules), appends every valid entry of the batch in one group commit, then answers each line.
struct SocketIngestHandler: IngestHandler {
    let catalog: HeraldCatalog.Catalog
    let ingestor: any EventIngestor
    let maximumEntryBytes: Int

    /// A request line may exceed the entry limit by this much: the JSON around the entry's members (quotes, escapes)
    /// is not counted in its EventBridge size.
    static let lineSlack = 65_536
    let makeEventID: @Sendable () -> String

    func handle(_ requests: [IngestRequest], completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        handle(requests, producerPipelines: false, completion: completion)
    }

    func handle(_ requests: [IngestRequest], producerPipelines: Bool, completion: @escaping @Sendable ([[UInt8]]) -> Void) {
        let snapshot = catalog.snapshot
        let ingestionTime = UTCTime.now
        var responses = [[UInt8]?](repeating: nil, count: requests.count)
        var accepted: [(index: Int, id: String)] = []
        var events: [IngestedEvent] = []
        for (index, request) in requests.enumerated() {
            switch event(for: request, snapshot: snapshot, ingestionTime: ingestionTime) {
            case .success(let event):
                accepted.append((index, event.id))
                events.append(event)
            case .failure(let error): responses[index] = error.responseLine
            }
        }
        guard !events.isEmpty else { return completion(Self.finished(responses)) }
        ingestor.ingest(events, pipelined: producerPipelines) { [responses, accepted] result in
            var responses = responses
            let outcomes = (try? result.get())
                ?? Array(repeating: .failed(errorCode: "InternalFailure", errorMessage: "The event could not be stored."), count: accepted.count)
            for (item, outcome) in zip(accepted, outcomes) {
                switch outcome {
                case .stored: responses[item.index] = Self.storedLine(eventID: item.id)
                case .failed(let code, let message): responses[item.index] = PutEventsEntryError(code: code, message: message).responseLine
                }
            }
            completion(Self.finished(responses))
        }
    }

    /// The response lines, with an error line for any request that got none (never expected).
    private static func finished(_ responses: [[UInt8]?]) -> [[UInt8]] {
        responses.map { $0 ?? PutEventsEntryError(code: "InternalFailure", message: "Entry was not processed.").responseLine }
    }

    private func event(
        for request: IngestRequest, snapshot: CatalogSnapshot, ingestionTime: UTCTime
    ) -> Result<IngestedEvent, PutEventsEntryError> {
        let line: [UInt8]
        switch request {
        case .tooLarge(let count):
            return .failure(.init(
                code: "ValidationException",
                message: "The request line has \(count) bytes; a line may have \(maximumEntryBytes + Self.lineSlack) (the \(maximumEntryBytes)-byte entry limit and \(Self.lineSlack) of JSON framing)."))
        case .line(let bytes):
            line = bytes
        }
        let request: SocketRequestDecoder.Request
        switch SocketRequestDecoder.decode(line) {
        case .success(let decoded): request = decoded
        case .failure(let error): return .failure(error)
        }
        let entry = request.entry
        let size = request.eventBridgeSize
        guard size <= maximumEntryBytes else {
            return .failure(.init(code: "ValidationException", message: "The entry has \(size) bytes; the limit is \(maximumEntryBytes)."))
        }
        let busName = catalog.arns.busName(fromNameOrArn: entry.eventBusName)
        guard snapshot.eventBuses[busName] != nil else {
            return .failure(.init(code: "ResourceNotFoundException", message: "Event bus \(busName) does not exist."))
        }
        do {
            let (id, account, region) = (makeEventID(), catalog.configuration.accountID, catalog.configuration.region)
            // A Detail object was validated and compacted as the line was read: copied as it is.
            let envelope = if let detail = request.compactDetailObject {
                try EncodedEnvelope(
                    entry: entry, compactDetailObject: detail, id: id, ingestionTime: ingestionTime, account: account, region: region)
            } else {
                try EncodedEnvelope(entry: entry, id: id, ingestionTime: ingestionTime, account: account, region: region)
            }
            return .success(IngestedEvent(encoded: envelope, eventBusName: busName, traceHeader: entry.traceHeader))
        } catch {
            return .failure(.init(code: error.errorCode, message: error.errorMessage))
        }
    }

    /// The response line of a stored event: `{"EventId":…}`.
    static func storedLine(eventID: String) -> [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(16 + eventID.utf8.count)
        line.append(contentsOf: #"{"EventId":"#.utf8)
        JSONValue.writeString(eventID, to: &line)
        line.append(UInt8(ascii: "}"))
        return line
    }
}
