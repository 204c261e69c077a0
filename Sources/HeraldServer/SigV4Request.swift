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
        headers.compactMap { Self.asciiCaseInsensitiveEqual($0.name, name) ? $0.value : nil }
    }

    /// Whether two header names are equal ignoring ASCII case (HTTP field names are ASCII), without lowercasing
    /// copies of both for every comparison.
    static func asciiCaseInsensitiveEqual(_ a: String, _ b: String) -> Bool {
        var a = a.utf8.makeIterator(), b = b.utf8.makeIterator()
        while true {
            switch (a.next(), b.next()) {
            case (nil, nil): return true
            case (let x?, let y?):
                let lowerX = x >= UInt8(ascii: "A") && x <= UInt8(ascii: "Z") ? x | 0x20 : x
                let lowerY = y >= UInt8(ascii: "A") && y <= UInt8(ascii: "Z") ? y | 0x20 : y
                if lowerX != lowerY { return false }
            default: return false
            }
        }
    }

    /// Compares method, path, query, headers and body.
    public static func == (lhs: SigV4Request, rhs: SigV4Request) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.query == rhs.query && lhs.body == rhs.body
            && lhs.headers.map(\.name) == rhs.headers.map(\.name) && lhs.headers.map(\.value) == rhs.headers.map(\.value)
    }
}
