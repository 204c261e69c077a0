import HeraldCatalog

/// `TagResource` / `UntagResource` / `ListTagsForResource` input.
private struct TagsRequest: Decodable {
    var ResourceARN: String?
    var Tags: [Tag]?
    var TagKeys: [String]?
}

extension EventBridgeAPI {
    /// `TagResource`: decodes the input, applies it and encodes the output.
    func tagResource(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(TagsRequest.self, from: body, operation: "TagResource")
        try await catalog.tagResource(arn: input.ResourceARN, tags: input.Tags)
        return try Self.encode(EmptyOutput())
    }

    /// `UntagResource`: decodes the input, applies it and encodes the output.
    func untagResource(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(TagsRequest.self, from: body, operation: "UntagResource")
        try await catalog.untagResource(arn: input.ResourceARN, keys: input.TagKeys)
        return try Self.encode(EmptyOutput())
    }

    /// `ListTagsForResource`: decodes the input, applies it and encodes the output.
    func listTagsForResource(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable { var Tags: [Tag] }
        let input = try Self.decode(TagsRequest.self, from: body, operation: "ListTagsForResource")
        return try Self.encode(Output(Tags: try await catalog.listTags(arn: input.ResourceARN)))
    }
}
