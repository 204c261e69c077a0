public import HeraldStorage

/// Why an admin request failed; each case maps to one HTTP status and a JSON `{"error", "message"}` body.
public enum AdminError: Error, Sendable, Equatable {
    /// The request is malformed (bad parameter, body or pattern): HTTP 400.
    case badRequest(String)
    /// The named target or entry does not exist: HTTP 404.
    case notFound(String)
    /// The bearer token is missing or wrong: HTTP 401.
    case unauthorized
    /// Storage failed: HTTP 500.
    case storage(StorageError)

    /// The HTTP status code of the error.
    public var statusCode: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .unauthorized: 401
        case .storage: 500
        }
    }

    /// The machine-readable error code of the JSON body.
    public var code: String {
        switch self {
        case .badRequest: "BadRequest"
        case .notFound: "NotFound"
        case .unauthorized: "Unauthorized"
        case .storage: "StorageError"
        }
    }

    /// A human-readable explanation.
    public var message: String {
        switch self {
        case .badRequest(let text), .notFound(let text): text
        case .unauthorized: "missing or invalid admin token (send 'Authorization: Bearer <token>')"
        case .storage(let error): "storage error: \(error)"
        }
    }
}
