public import HeraldChannels
public import HeraldJSON

/// One complete HTTP request received by a fake provider.
public struct FakeHTTPRequest: Sendable, Hashable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The request target as sent (path and query).
    public var uri: String
    /// Headers as received.
    public var headers: ChannelHeaders
    /// The raw body bytes.
    public var body: [UInt8]

    /// Creates a request.
    /// - Parameters:
    ///   - method: Method.
    ///   - uri: Request target.
    ///   - headers: Headers.
    ///   - body: Body bytes.
    public init(method: String, uri: String, headers: ChannelHeaders, body: [UInt8]) {
        self.method = method
        self.uri = uri
        self.headers = headers
        self.body = body
    }

    /// The path without the query string.
    public var path: String {
        String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The raw query string (without `?`), or an empty string.
    public var rawQuery: String {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : ""
    }

    /// The decoded query parameters.
    public var query: [FormParameter] { FormURLEncoding.decode(rawQuery) }

    /// The first value of query parameter `name`.
    /// - Parameter name: Parameter name.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The media type of `Content-Type` (lowercased, parameters dropped), or an empty string.
    public var mediaType: String {
        let value = headers["Content-Type"] ?? ""
        return String(value.split(separator: ";").first ?? "").trimmingSpaces.lowercased()
    }

    /// The body parsed as JSON, or `nil`.
    public var json: JSONValue? { try? JSONValue(parsing: body) }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// One HTTP response a fake provider sends back.
public struct FakeHTTPResponse: Sendable, Hashable {
    /// Status code.
    public var status: Int
    /// Headers (`Content-Length` is added by the server).
    public var headers: ChannelHeaders
    /// Body bytes.
    public var body: [UInt8]

    /// Creates a response.
    /// - Parameters:
    ///   - status: Status code.
    ///   - headers: Headers.
    ///   - body: Body bytes.
    public init(status: Int, headers: ChannelHeaders = ChannelHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response.
    /// - Parameters:
    ///   - status: Status code.
    ///   - value: The JSON body.
    ///   - headers: Extra headers.
    /// - Returns: The response with `Content-Type: application/json; charset=utf-8`.
    public static func json(_ status: Int, _ value: JSONValue, headers: ChannelHeaders = ChannelHeaders())
        -> FakeHTTPResponse
    {
        var all = headers
        all.set("Content-Type", "application/json; charset=utf-8")
        return FakeHTTPResponse(status: status, headers: all, body: value.jsonBytes)
    }

    /// A plain-text response.
    /// - Parameters:
    ///   - status: Status code.
    ///   - text: The body text.
    ///   - headers: Extra headers.
    /// - Returns: The response with `Content-Type: text/plain; charset=utf-8`.
    public static func text(_ status: Int, _ text: String, headers: ChannelHeaders = ChannelHeaders())
        -> FakeHTTPResponse
    {
        var all = headers
        all.set("Content-Type", "text/plain; charset=utf-8")
        return FakeHTTPResponse(status: status, headers: all, body: Array(text.utf8))
    }

    /// The response as the classifier input type.
    public var providerResponse: ProviderResponse {
        ProviderResponse(status: status, headers: headers, body: body)
    }
}

/// Whitespace trimming without Foundation.
extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
