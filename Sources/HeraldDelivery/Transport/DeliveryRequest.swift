/// One HTTP request to a target, fully built (URL, headers, body), ready for a ``DeliveryTransport``.
public struct DeliveryRequest: Sendable, Hashable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The absolute `http://` or `https://` URL, query included.
    public var url: String
    /// The request headers.
    public var headers: HTTPFields
    /// The request body.
    public var body: [UInt8]
    /// A timeout for this request, overriding the transport's default.
    public var timeout: Duration?
    /// How many response body bytes to keep, overriding the transport's excerpt limit (e.g. for OAuth
    /// token responses, which must be read whole).
    public var responseBodyLimit: Int?

    /// Creates a request.
    public init(method: String = "POST", url: String, headers: HTTPFields = [:], body: [UInt8] = [], timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

extension DeliveryRequest: CustomStringConvertible {
    /// `METHOD URL (N bytes)`: no header values, since they may hold secrets.
    public var description: String { "\(method) \(url) (\(body.count) bytes)" }
}
