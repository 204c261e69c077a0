import Foundation
import HeraldAdmin
import HeraldConsole
import HeraldEngine
import HeraldStorage
import HeraldTestSupport
import Hummingbird
import HummingbirdTesting

/// Incident timelines held in memory: the rows a ledger would return, by incident id.
struct RecordedIncidents: ConsoleIncidentSource {
    let rows: [String: [ConsoleTimelineEntry]]

    func timeline(incident: String) async throws -> [ConsoleTimelineEntry] {
        rows[incident] ?? []
    }
}

/// A real LMDB store in a temporary directory with one target consumer, helpers to put and dead-letter events, and
/// a router with the console mounted.
final class ConsoleFixture: Sendable {
    static let start: UInt64 = 1_795_000_000_000
    static let target = "default/r/t"
    let directory: String
    let store: HeraldStore
    let clock: ManualWallClock
    let consumer: ConsumerInfo

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-console-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clock = ManualWallClock(Self.start)
        store = try HeraldStore(directory: directory, clock: clock)
        consumer = try await store.consumers.register("target/" + Self.target, initialCursor: 1)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Appends an event put on `default` and returns its sequence.
    @discardableResult
    func append(id: String, source: String, detailType: String = "OrderPlaced", detail: String = "{\"n\":1}") async throws
        -> UInt64
    {
        let envelope = """
            {"version":"0","id":"\(id)","detail-type":"\(detailType)","source":"\(source)","account":"000000000000",\
            "time":"2026-11-20T10:00:00Z","region":"us-east-1","resources":[],"detail":\(detail)}
            """
        return try await store.log.append(StoredEvent(busName: "default", envelopeJSON: Array(envelope.utf8)).bytes)
    }

    /// Appends an event and dead-letters it for the target after one failed attempt (HTTP 500, 1.5 ms).
    @discardableResult
    func deadLetter(id: String, source: String, detail: String = "{\"n\":1}", excerpt: String = "{\"message\":\"boom\"}")
        async throws -> UInt64
    {
        let sequence = try await append(id: id, source: source, detail: detail)
        let attempt = FailureAttempt(
            time: clock.millisecondsSinceEpoch(), statusCode: 500, error: "HTTP 500", latencyMicroseconds: 1500,
            responseExcerpt: Array(excerpt.utf8))
        try await store.consumers.apply(
            [.deadLetter(sequence: sequence, attempt: attempt, reason: .maximumRetryAttemptsExceeded)], for: consumer.id)
        return sequence
    }

    /// Dead letters stored for the target.
    func dlqCount() throws -> Int { try store.consumers.deadLetterCount(consumer.id) }

    /// Entries in the target's retry queue.
    func retryCount() throws -> Int { try store.consumers.retryStats(consumer.id).count }

    /// A router with the console (and nothing else).
    func router(
        token: String? = nil, incidents: (any ConsoleIncidentSource)? = nil,
        statuses: @escaping @Sendable () -> [LiveTargetStatus] = { [] }
    ) throws -> Router<BasicRequestContext> {
        let router = Router()
        try ConsoleRoutes.register(
            on: router,
            context: AdminContext(store: store, statuses: statuses, startedAt: Self.start - 65_000, adminToken: token, batchSize: 2),
            incidents: incidents)
        return router
    }
}

/// The body of a test response as text.
func text(_ response: TestResponse) -> String {
    String(buffer: response.body)
}

/// The `csrf` hidden field of a page.
func csrfToken(in html: String) -> String? {
    guard let range = html.range(of: "name=\"csrf\" value=\"") else { return nil }
    let rest = html[range.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
}

/// A form body from name/value pairs.
func formBody(_ fields: [(String, String)]) -> ByteBuffer {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let text = fields.map { name, value in
        "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }.joined(separator: "&")
    return ByteBuffer(string: text)
}

/// Headers of a same-origin form POST from the test client (whose requests go to `localhost`).
func formHeaders(cookie: String? = nil, origin: String? = "http://localhost") -> HTTPFields {
    var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
    if let origin { headers[.origin] = origin }
    if let cookie { headers[.cookie] = cookie }
    return headers
}
