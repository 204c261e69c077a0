/// A request to the EventBridge JSON endpoint, independent of the HTTP framework.
public struct APIRequest: Sendable, Equatable {
    /// The `X-Amz-Target` header, e.g. `AWSEvents.PutRule`.
    public var target: String?
    /// The `Content-Type` header.
    public var contentType: String?
    /// Everything SigV4 covers (method, path, query, headers, body).
    public var signed: SigV4Request

    /// Creates a request.
    public init(target: String?, contentType: String?, signed: SigV4Request) {
        self.target = target
        self.contentType = contentType
        self.signed = signed
    }
}

/// A response from the EventBridge endpoint: status, JSON body and, for errors, the error code.
public struct APIResponse: Sendable, Equatable {
    /// The HTTP status code (200, 400, 413 or 500).
    public var status: Int
    /// The JSON body.
    public var body: [UInt8]
    /// The `__type` for error responses (also sent as `X-Amzn-ErrorType`).
    public var errorType: String?

    /// Creates a response.
    public init(status: Int, body: [UInt8], errorType: String? = nil) {
        self.status = status
        self.body = body
        self.errorType = errorType
    }
}
