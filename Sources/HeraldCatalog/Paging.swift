import Foundation

/// The paging members of a List request: an opaque `NextToken` and a `Limit` of 1–100.
public struct PageRequest: Sendable, Equatable {
    /// The token from a previous page, if any.
    public var nextToken: String?
    /// Maximum items to return (default 100).
    public var limit: Int?

    /// Creates a page request.
    public init(nextToken: String? = nil, limit: Int? = nil) {
        self.nextToken = nextToken
        self.limit = limit
    }

    /// The page size used when no limit is given.
    public static let defaultLimit = 100
}

/// One page of a listing, with the token for the next page when more items follow.
public struct Page<Item: Sendable>: Sendable {
    /// The items of this page.
    public var items: [Item]
    /// The token for the next page, nil on the last page.
    public var nextToken: String?

    /// Creates a page.
    public init(items: [Item], nextToken: String?) {
        self.items = items
        self.nextToken = nextToken
    }
}

extension Page: Equatable where Item: Equatable {}

/// Pagination over items sorted by a unique string key; tokens encode the last key returned.
enum Paginator {
    private static let tokenPrefix = "herald-page-v1:"

    /// Returns the page of `sortedItems` (ascending by `key`) that `request` asks for.
    static func page<Item: Sendable>(
        _ sortedItems: [Item], key: (Item) -> String, _ request: PageRequest
    ) throws(CatalogError) -> Page<Item> {
        var v = ShapeValidator()
        v.integer(request.limit, "limit", min: 1, max: 100)
        v.string(request.nextToken, "nextToken", min: 1, max: 2048)
        try v.check()
        let limit = request.limit ?? PageRequest.defaultLimit
        var start = 0
        if let token = request.nextToken {
            guard let after = decode(token) else { throw .validation("The NextToken provided is invalid.") }
            start = sortedItems.firstIndex { key($0) > after } ?? sortedItems.count
        }
        let end = min(start + limit, sortedItems.count)
        let items = Array(sortedItems[start..<end])
        let next = end < sortedItems.count ? items.last.map { encode(key($0)) } : nil
        return Page(items: items, nextToken: next)
    }

    private static func encode(_ key: String) -> String {
        Data((tokenPrefix + key).utf8).base64EncodedString()
    }

    private static func decode(_ token: String) -> String? {
        guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
            text.hasPrefix(tokenPrefix)
        else { return nil }
        return String(text.dropFirst(tokenPrefix.count))
    }
}
