import Foundation
import HeraldAdmin
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting

/// A real LMDB store in a temporary directory with one target consumer and helpers to dead-letter events.
final class AdminFixture: Sendable {
    static let start: UInt64 = 1_795_000_000_000
    let directory: String
    let store: HeraldStore
    let clock: ManualWallClock
    let target: ConsumerInfo

    init(targetName: String = "target/default/r/t") async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-admin-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clock = ManualWallClock(Self.start)
        store = try HeraldStore(directory: directory, clock: clock)
        target = try await store.consumers.register(targetName, initialCursor: 1)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Appends an event put on `default` and returns its sequence.
    func append(id: String, source: String, detailType: String = "OrderPlaced", detail: String = "{\"n\":1}") async throws -> UInt64 {
        let envelope = """
            {"version":"0","id":"\(id)","detail-type":"\(detailType)","source":"\(source)","account":"000000000000",\
            "time":"2026-11-20T10:00:00Z","region":"us-east-1","resources":[],"detail":\(detail)}
            """
        return try await store.log.append(StoredEvent(busName: "default", envelopeJSON: Array(envelope.utf8)).bytes)
    }

    /// Appends an event and dead-letters it for the fixture's target after one failed attempt.
    @discardableResult
    func deadLetter(
        id: String, source: String, status: UInt16 = 500, reason: DeadLetterReason = .maximumRetryAttemptsExceeded,
        consumer: ConsumerInfo? = nil
    ) async throws -> UInt64 {
        let sequence = try await append(id: id, source: source)
        let attempt = FailureAttempt(
            time: clock.millisecondsSinceEpoch(), statusCode: status, error: "HTTP \(status)", latencyMicroseconds: 1500,
            responseExcerpt: Array("{\"message\":\"boom\"}".utf8))
        try await store.consumers.apply([.deadLetter(sequence: sequence, attempt: attempt, reason: reason)], for: (consumer ?? target).id)
        return sequence
    }

    /// A router with the admin routes; `statuses` as the live engine status.
    func router(
        token: String? = nil, statuses: @escaping @Sendable () -> [LiveTargetStatus] = { [] }, batchSize: Int = 2
    ) -> Router<BasicRequestContext> {
        let router = Router()
        AdminRoutes.register(
            on: router,
            context: AdminContext(store: store, statuses: statuses, startedAt: Self.start - 5000, adminToken: token, batchSize: batchSize))
        return router
    }
}

/// Decodes a test response body.
func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) throws -> T {
    try JSONDecoder().decode(T.self, from: Data(body.readableBytesView))
}

/// A JSON request body.
func jsonBody(_ text: String) -> ByteBuffer {
    ByteBuffer(string: text)
}
