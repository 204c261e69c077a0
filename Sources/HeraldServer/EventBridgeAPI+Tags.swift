import HeraldCatalog

/// `TagResource` / `UntagResource` / `ListTagsForResource` input.
struct TagsRequest: Decodable {
    var ResourceARN: String?
    var Tags: [Tag]?
    var TagKeys: [String]?
}

extension EventBridgeAPI {
    func tagResource(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(TagsRequest.self, from: body, operation: "TagResource")
        try await catalog.tagResource(arn: input.ResourceARN, tags: input.Tags)
        return try Self.encode(EmptyOutput())
    }

    func untagResource(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(TagsRequest.self, from: body, operation: "UntagResource")
        try await catalog.untagResource(arn: input.ResourceARN, keys: input.TagKeys)
        return try Self.encode(EmptyOutput())
    }

    func listTagsForResource(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable { var Tags: [Tag] }
        let input = try Self.decode(TagsRequest.self, from: body, operation: "ListTagsForResource")
        return try Self.encode(Output(Tags: try await catalog.listTags(arn: input.ResourceARN)))
    }
}
