/// One HTTP header field as received or as to be sent.
public struct ChannelHeader: Sendable, Hashable {
    /// Header name as written (matching is case-insensitive).
    public var name: String
    /// Header value, unmodified.
    public var value: String

    /// Creates a header field.
    /// - Parameters:
    ///   - name: Header name.
    ///   - value: Header value.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered list of HTTP header fields with case-insensitive lookup.
///
/// The channel layer never depends on a particular HTTP library; the server adapts its own header type into this one.
public struct ChannelHeaders: Sendable, Hashable, ExpressibleByDictionaryLiteral, Sequence {
    /// The fields in the order they were added.
    public private(set) var fields: [ChannelHeader]

    /// Creates an empty header list.
    public init() {
        self.fields = []
    }

    /// Creates a header list from name/value pairs, keeping their order (repeated names allowed).
    /// - Parameter pairs: The name/value pairs.
    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { ChannelHeader(name: $0.0, value: $0.1) }
    }

    /// Creates a header list from a dictionary literal.
    /// - Parameter elements: The name/value pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The first value of the header called `name` (case-insensitive), or `nil`.
    /// - Parameter name: Header name.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// All values of the header called `name` (case-insensitive), in order.
    /// - Parameter name: Header name.
    /// - Returns: The values, possibly empty.
    public func values(for name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// Appends a field (existing fields with the same name are kept).
    /// - Parameters:
    ///   - name: Header name.
    ///   - value: Header value.
    public mutating func append(_ name: String, _ value: String) {
        fields.append(ChannelHeader(name: name, value: value))
    }

    /// Replaces every field called `name` with a single field.
    /// - Parameters:
    ///   - name: Header name.
    ///   - value: Header value.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        append(name, value)
    }

    /// Removes every field called `name` (case-insensitive).
    /// - Parameter name: Header name.
    public mutating func remove(_ name: String) {
        let wanted = name.lowercased()
        fields.removeAll { $0.name.lowercased() == wanted }
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[ChannelHeader]> {
        fields.makeIterator()
    }
}
