extension Catalog {
    /// `TagResource`: adds or overwrites tags on a rule or an event bus (the resources EventBridge tags).
    /// - Throws: `ValidationException`, `ResourceNotFoundException`, `LimitExceededException`.
    public func tagResource(arn: String?, tags: [Tag]?) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(arn, "resourceARN", required: true, min: 1, max: 1600)
        v.required(tags, "tags")
        Tag.validate(tags, "tags", into: &v)
        try v.check()
        let arn = try requireTaggable(arn)
        var merged = state.tags[arn] ?? []
        for tag in tags ?? [] {
            if let index = merged.firstIndex(where: { $0.key == tag.key }) { merged[index] = tag } else { merged.append(tag) }
        }
        try checkTagCount(merged)
        try saveTags(merged, arn: arn)
    }

    /// `UntagResource`: removes the given keys.
    public func untagResource(arn: String?, keys: [String]?) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(arn, "resourceARN", required: true, min: 1, max: 1600)
        v.required(keys, "tagKeys")
        for (index, key) in (keys ?? []).enumerated() { v.string(key, "tagKeys.\(index + 1).member", min: 1, max: 128) }
        try v.check()
        let arn = try requireTaggable(arn)
        let remaining = (state.tags[arn] ?? []).filter { !(keys ?? []).contains($0.key) }
        try saveTags(remaining, arn: arn)
    }

    /// `ListTagsForResource`.
    public func listTags(arn: String?) throws(CatalogError) -> [Tag] {
        var v = ShapeValidator()
        v.string(arn, "resourceARN", required: true, min: 1, max: 1600)
        try v.check()
        let arn = try requireTaggable(arn)
        return state.tags[arn] ?? []
    }

    private func saveTags(_ tags: [Tag], arn: String) throws(CatalogError) {
        var next = state
        next.tags[arn] = tags.isEmpty ? nil : tags
        try commit(next, [CatalogRecords.key(tags: arn): tags.isEmpty ? nil : try CatalogRecords.encode(tags)])
    }

    private func requireTaggable(_ arn: String?) throws(CatalogError) -> String {
        guard let arn, state.rule(arn: arn) != nil || state.eventBus(arn: arn) != nil else {
            throw .resourceNotFound("Resource \(arn ?? "") does not exist.")
        }
        return arn
    }
}
