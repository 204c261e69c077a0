public import Hummingbird
public import HeraldCatalog

/// An error answered in EventBridge's JSON shape: `{"__type": code, "message": message}` with an HTTP status.
public struct APIError: Error, Sendable, Equatable {
    /// The EventBridge error code (`__type`).
    public var code: String
    /// The human-readable message.
    public var message: String
    /// The HTTP status (400 for client errors, 500 for `InternalException`).
    public var status: HTTPResponse.Status

    /// Creates an API error.
    public init(code: String, message: String, status: HTTPResponse.Status = .badRequest) {
        self.code = code
        self.message = message
        self.status = status
    }

    /// The API error for a catalog error (500 for `InternalException`, 400 otherwise).
    public init(_ error: CatalogError) {
        self.init(code: error.code, message: error.message, status: error.code == "InternalException" ? .internalServerError : .badRequest)
    }

    /// `InternalException` with status 500.
    public static func `internal`(_ message: String) -> APIError {
        APIError(code: "InternalException", message: message, status: .internalServerError)
    }

    /// `ValidationException` with status 400.
    public static func validation(_ message: String) -> APIError { APIError(code: "ValidationException", message: message) }

    /// `SerializationException`: the body could not be read as the operation's input.
    public static func serialization(_ message: String) -> APIError { APIError(code: "SerializationException", message: message) }

    /// `UnknownOperationException`: the target names no operation Herald serves.
    public static func unknownOperation(_ message: String) -> APIError { APIError(code: "UnknownOperationException", message: message) }
}

/// An error that knows its EventBridge API representation (e.g. an ingestor's backpressure error).
///
/// Errors thrown by an ``EventIngestor`` that conform are answered as given; any other error becomes
/// `InternalException` (500).
public protocol APIErrorConvertible: Error {
    /// The API error to answer.
    var apiError: APIError { get }
}
