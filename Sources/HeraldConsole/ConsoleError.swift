public import HeraldAdmin

/// Why a console request failed; each case maps to one HTTP status and an HTML error page.
public enum ConsoleError: Error, Sendable, Equatable {
    /// The request is malformed (bad parameter, form field or pattern): HTTP 400.
    case badRequest(String)
    /// The named target, entry or page does not exist: HTTP 404.
    case notFound(String)
    /// No valid admin token, session cookie or bearer header: HTTP 401.
    case unauthorized
    /// A state-changing request failed the CSRF or same-origin check: HTTP 403.
    case forbidden(String)
    /// Storage, the incident source or a template failed: HTTP 500.
    case internalFailure(String)

    /// Maps an admin-service error onto the console's cases.
    public init(_ error: AdminError) {
        switch error {
        case .badRequest(let text): self = .badRequest(text)
        case .notFound(let text): self = .notFound(text)
        case .unauthorized: self = .unauthorized
        case .storage: self = .internalFailure(error.message)
        }
    }

    /// The HTTP status code of the error.
    public var statusCode: Int {
        switch self {
        case .badRequest: 400
        case .notFound: 404
        case .unauthorized: 401
        case .forbidden: 403
        case .internalFailure: 500
        }
    }

    /// A short title for the error page.
    public var title: String {
        switch self {
        case .badRequest: "Bad request"
        case .notFound: "Not found"
        case .unauthorized: "Unauthorized"
        case .forbidden: "Forbidden"
        case .internalFailure: "Server error"
        }
    }

    /// A human-readable explanation.
    public var message: String {
        switch self {
        case .badRequest(let text), .notFound(let text), .forbidden(let text), .internalFailure(let text): text
        case .unauthorized: "this console needs the admin token: log in, or send 'Authorization: Bearer <token>'"
        }
    }
}
