import Foundation
import HeraldChannels
import HeraldEvents
import HeraldReceipts
import HeraldServer
import HeraldStorage
import Hummingbird
import HummingbirdTesting
import Synchronization
import Testing

/// Records every event it is given (tests only); can be told to fail.
final class RecordingIngestor: EventIngestor {
    private let state = Mutex<(events: [IngestedEvent], failing: Bool)>(([], false))

    /// Everything ingested, in order.
    var events: [IngestedEvent] { state.withLock { $0.events } }

    /// Makes later calls fail (`true`) or succeed.
    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }

    func ingest(_ events: [IngestedEvent]) async throws -> [IngestOutcome] {
        try state.withLock { current in
            if current.failing { throw TestIngestError.unavailable }
            current.events.append(contentsOf: events)
            return events.map { _ in .stored }
        }
    }
}

/// The recording ingestor's failure.
enum TestIngestError: Error { case unavailable }

/// A settable wall clock.
final class ManualTime: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var date: Date { current.withLock { $0 } }
    var utc: UTCTime { UTCTime(nanosecondsSince1970: Int64((date.timeIntervalSince1970 * 1e9).rounded(.down))) }

    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A real LMDB store in a fresh temporary directory, removed by `remove()`.
struct TemporaryStore {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-receipts-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func open() throws -> HeraldStore { try HeraldStore(directory: directory) }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// Runs the receipt routes on a live Hummingbird server on 127.0.0.1 and passes its base URL to `body`.
func withReceiptServer(
    tracker: ReceiptTracker, configuration: ReceiptConfiguration, now: @escaping @Sendable () -> Date = { Date() },
    _ body: @Sendable (String) async throws -> Void
) async throws {
    let router = Router()
    ReceiptRoutes.register(on: router, tracker: tracker, configuration: configuration, now: now)
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    try await app.test(.live) { client in
        let port = try #require(client.port)
        try await body("http://127.0.0.1:\(port)")
    }
}

extension IngestedEvent {
    /// A detail member as text (`nil` for JSON null or absent).
    func detail(_ name: String) -> String? { envelope.detail[name]?.stringValue }
}
