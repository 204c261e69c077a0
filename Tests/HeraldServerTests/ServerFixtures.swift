import Foundation
import HeraldCatalog
import HeraldServer
import Hummingbird
import HummingbirdTesting

/// Records ingested events in memory; can be told to fail.
actor RecordingIngestor: EventIngestor {
    private(set) var events: [IngestedEvent] = []
    var failSources: Set<String> = []

    init(failSources: Set<String> = []) { self.failSources = failSources }

    func ingest(_ events: [IngestedEvent]) async throws -> [IngestOutcome] {
        events.map { event in
            if failSources.contains(event.envelope.source) {
                return .failed(errorCode: "ThrottlingException", errorMessage: "storage is full")
            }
            self.events.append(event)
            return .stored
        }
    }
}

/// An answer from the API, decoded.
struct Answer {
    var status: Int
    var json: [String: Any]
    var headers: HTTPFields

    var errorType: String? { json["__type"] as? String }
    var message: String? { json["message"] as? String }
}

enum ServerFixtures {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    static func makeAPI(
        configuration: APIConfiguration = .init(), catalogConfiguration: CatalogConfiguration = .init(),
        ingestor: RecordingIngestor = RecordingIngestor(), clock: @escaping @Sendable () -> Date = { now }
    ) throws -> EventBridgeAPI {
        let catalog = try Catalog(configuration: catalogConfiguration, store: InMemoryCatalogStore(), patterns: StandardPatternEngine(), now: clock)
        return EventBridgeAPI(catalog: catalog, ingestor: ingestor, configuration: configuration, now: clock)
    }

    /// Runs `body` against the API's router in-process.
    static func withClient(_ api: EventBridgeAPI, _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = Application(router: EventBridgeRoutes.buildRouter(api: api))
        try await app.test(.router) { client in try await body(client) }
    }
}

extension TestClientProtocol {
    /// Calls `AWSEvents.<operation>` with a JSON body.
    func call(
        _ operation: String?, _ body: String = "{}", contentType: String? = "application/x-amz-json-1.1",
        extraHeaders: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = extraHeaders
        if let operation, let name = HTTPFields.Element.Name("X-Amz-Target") { headers[name] = "AWSEvents.\(operation)" }
        if let contentType { headers[.contentType] = contentType }
        let response = try await execute(uri: "/", method: .post, headers: headers, body: ByteBuffer(string: body))
        let bytes = Array(buffer: response.body)
        let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        return Answer(status: Int(response.status.code), json: object, headers: response.headers)
    }

    /// Calls an operation and requires HTTP 200.
    func ok(_ operation: String, _ body: String = "{}") async throws -> [String: Any] {
        let answer = try await call(operation, body)
        guard answer.status == 200 else {
            throw APIError(code: answer.errorType ?? "?", message: "\(operation) failed: \(answer.message ?? "")")
        }
        return answer.json
    }
}

/// JSON text for a Swift dictionary (for request bodies).
func json(_ object: [String: Any]) -> String {
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
    return String(decoding: data, as: UTF8.self)
}
