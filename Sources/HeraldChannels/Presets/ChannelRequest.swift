/// A neutral description of one outgoing provider request (no HTTP library types).
public struct ChannelRequest: Sendable, Hashable {
    /// HTTP method, e.g. `POST`.
    public var method: String
    /// Absolute URL, query string included.
    public var url: String
    /// Headers to send (the transport may add `Host`, `Content-Length`, `User-Agent`).
    public var headers: ChannelHeaders
    /// Body bytes.
    public var body: [UInt8]

    /// Creates a request description.
    /// - Parameters:
    ///   - method: HTTP method.
    ///   - url: Absolute URL.
    ///   - headers: Headers.
    ///   - body: Body bytes.
    public init(method: String = "POST", url: String, headers: ChannelHeaders, body: [UInt8]) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A provider's HTTP response as seen by a classifier.
public struct ProviderResponse: Sendable, Hashable {
    /// HTTP status code.
    public var status: Int
    /// Response headers.
    public var headers: ChannelHeaders
    /// Response body (or its first bytes; classifiers only need small bodies).
    public var body: [UInt8]

    /// Creates a response description.
    /// - Parameters:
    ///   - status: HTTP status code.
    ///   - headers: Response headers.
    ///   - body: Response body bytes.
    public init(status: Int, headers: ChannelHeaders = ChannelHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body as UTF-8 text (invalid bytes repaired), truncated to `limit` characters.
    /// - Parameter limit: Maximum characters.
    public func bodyExcerpt(limit: Int = 200) -> String {
        String(String(decoding: body, as: UTF8.self).prefix(limit))
    }
}

/// The verdict on one delivery attempt.
public enum DeliveryClassification: Sendable, Hashable {
    /// The provider accepted the message. `providerMessageID` is Twilio's `sid` / Resend's `id` when known;
    /// `duplicate` is true when the provider reported that the write already happened (Supabase 409 on insert).
    case success(providerMessageID: String?, duplicate: Bool)
    /// The attempt failed but may succeed later; wait at least `retryAfter` when given.
    case retryable(reason: String, retryAfter: Duration?)
    /// The attempt failed and retrying the same request cannot help (send to the DLQ).
    case permanent(reason: String)

    /// Whether this is a success.
    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// Whether this is a retryable failure.
    public var isRetryable: Bool {
        if case .retryable = self { return true }
        return false
    }
}

/// What the classifier may know about the attempt besides the response.
public struct ClassificationContext: Sendable, Hashable {
    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int

    /// Creates a context.
    /// - Parameter attempt: The attempt number, starting at 1.
    public init(attempt: Int = 1) {
        self.attempt = attempt
    }
}
