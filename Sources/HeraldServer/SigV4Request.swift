/// The parts of an HTTP request that AWS Signature Version 4 covers.
public struct SigV4Request: Sendable, Equatable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The raw (still percent-encoded) path, e.g. `/`.
    public var path: String
    /// The raw query string without `?`, if any.
    public var query: String?
    /// Header fields as received (names in any case; repeated names allowed). Include `host`.
    public var headers: [(name: String, value: String)]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a request description.
    public init(method: String, path: String, query: String?, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// All values of a header (case-insensitive name), in order.
    func values(of name: String) -> [String] {
        let lowered = name.lowercased()
        return headers.filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// Compares method, path, query, headers and body.
    public static func == (lhs: SigV4Request, rhs: SigV4Request) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
