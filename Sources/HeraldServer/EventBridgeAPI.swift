import Foundation
public import HeraldCatalog
public import Logging

/// The EventBridge JSON 1.1 protocol: authenticates a request, dispatches `X-Amz-Target: AWSEvents.<Operation>`
/// to the catalog or the ingestor, and answers in EventBridge's shapes.
public struct EventBridgeAPI: Sendable {
    /// The `X-Amz-Target` prefix of every operation.
    public static let targetPrefix = "AWSEvents."
    /// Content types accepted for request bodies.
    public static let contentTypes = ["application/x-amz-json-1.1", "application/x-amz-json-1.0", "application/json"]

    /// The resource catalog.
    public let catalog: Catalog
    /// Where PutEvents hands valid events.
    public let ingestor: any EventIngestor
    /// Limits and credentials.
    public let configuration: APIConfiguration
    let verifier: SigV4Verifier?
    let now: @Sendable () -> Date
    let makeEventID: @Sendable () -> String
    let logger: Logger

    /// Creates the API.
    /// - Parameters:
    ///   - catalog: the resource catalog.
    ///   - ingestor: stores PutEvents events durably.
    ///   - configuration: size limits and SigV4 credentials (none: every caller is accepted).
    ///   - now: the clock for SigV4 skew checks and event ingestion times.
    ///   - makeEventID: generates event ids (UUIDs in production).
    ///   - logger: request failures are logged at debug, internal errors at error (never secrets or bodies).
    public init(
        catalog: Catalog, ingestor: any EventIngestor, configuration: APIConfiguration = .init(),
        now: @escaping @Sendable () -> Date = { Date() },
        makeEventID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() },
        logger: Logger = Logger(label: "herald.api")
    ) {
        self.catalog = catalog
        self.ingestor = ingestor
        self.configuration = configuration
        self.verifier = configuration.credentials.isEmpty
            ? nil
            : SigV4Verifier(credentials: configuration.credentials, maxClockSkewSeconds: configuration.maxClockSkewSeconds, now: now)
        self.now = now
        self.makeEventID = makeEventID
        self.logger = logger
    }

    /// Handles one request end to end; never throws: every failure becomes an EventBridge error response.
    public func handle(_ request: APIRequest) async -> APIResponse {
        let operation: String
        do {
            operation = try Self.operation(from: request.target)
            if let verifier { try verifier.verify(request.signed) }
            try Self.checkContentType(request.contentType, operation: operation)
        } catch {
            return errorResponse(error, operation: request.target ?? "(none)")
        }
        do {
            let body = try await dispatch(operation: operation, body: request.signed.body)
            return APIResponse(status: 200, body: body)
        } catch let error as APIError {
            return errorResponse(error, operation: operation)
        } catch let error as CatalogError {
            return errorResponse(APIError(error), operation: operation)
        } catch let error as any APIErrorConvertible {
            return errorResponse(error.apiError, operation: operation)
        } catch {
            return errorResponse(.internal("Internal error in \(operation): \(error)"), operation: operation)
        }
    }

    private func errorResponse(_ error: APIError, operation: String) -> APIResponse {
        if error.status.code >= 500 {
            logger.error("EventBridge call failed", metadata: ["operation": "\(operation)", "code": "\(error.code)", "message": "\(error.message)"])
        } else {
            logger.debug("EventBridge call refused", metadata: ["operation": "\(operation)", "code": "\(error.code)"])
        }
        let body = (try? JSONSerialization.data(withJSONObject: ["__type": error.code, "message": error.message], options: [.sortedKeys]))
            .map { Array($0) } ?? Array("{\"__type\":\"InternalException\"}".utf8)
        return APIResponse(status: error.status.code, body: body, errorType: error.code)
    }

    /// The operation name from `AWSEvents.<Operation>`.
    static func operation(from target: String?) throws(APIError) -> String {
        guard let target, !target.isEmpty else {
            throw .unknownOperation("Missing X-Amz-Target header; expected AWSEvents.<Operation>.")
        }
        guard target.hasPrefix(targetPrefix), target.count > targetPrefix.count else {
            throw .unknownOperation("X-Amz-Target '\(target)' does not name an EventBridge operation (AWSEvents.<Operation>).")
        }
        return String(target.dropFirst(targetPrefix.count))
    }

    static func checkContentType(_ contentType: String?, operation: String) throws(APIError) {
        guard let contentType, !contentTypes.contains(contentType) else { return }
        let base = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard contentTypes.contains(base) else {
            throw .serialization("Content-Type '\(contentType)' is not supported for operation \(operation); send application/x-amz-json-1.1.")
        }
    }
}
