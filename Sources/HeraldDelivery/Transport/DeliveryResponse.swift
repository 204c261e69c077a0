import HeraldEvents

/// What came back from a target: status, headers, the start of the body and timings.
public struct DeliveryResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var statusCode: Int
    /// The response headers.
    public var headers: HTTPFields
    /// The first bytes of the body (at most the transport's excerpt limit); the rest was read and dropped.
    public var bodyExcerpt: [UInt8]
    /// How many body bytes were read in total.
    public var bodyLength: Int
    /// Time from sending the request to reading the end of the response.
    public var latency: Duration
    /// The wall-clock time the response arrived (reference for an HTTP-date `Retry-After`).
    public var receivedAt: UTCTime

    /// Creates a response.
    public init(statusCode: Int, headers: HTTPFields = [:], bodyExcerpt: [UInt8] = [], bodyLength: Int? = nil, latency: Duration = .zero, receivedAt: UTCTime) {
        self.statusCode = statusCode
        self.headers = headers
        self.bodyExcerpt = bodyExcerpt
        self.bodyLength = bodyLength ?? bodyExcerpt.count
        self.latency = latency
        self.receivedAt = receivedAt
    }

    /// The body excerpt decoded as UTF-8 (invalid bytes replaced).
    public var bodyExcerptText: String { String(decoding: bodyExcerpt, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(statusCode) }
}
