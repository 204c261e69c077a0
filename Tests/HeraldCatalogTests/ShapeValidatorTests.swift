import HeraldCatalog
import Testing

@Suite struct ShapeValidatorTests {
    static let patterns = [
        ModelPattern.name, ModelPattern.eventBusName, ModelPattern.eventBusNameOrArn, ModelPattern.nonPartnerEventBusNameOrArn,
        ModelPattern.inputTransformerPathKey, ModelPattern.headerKey, ModelPattern.headerValue, ModelPattern.queryStringKey,
        ModelPattern.queryStringValue, ModelPattern.authHeaderParameter, ModelPattern.httpsEndpoint, ModelPattern.connectionArn,
        ModelPattern.eventBusArn, ModelPattern.kmsKeyIdentifier,
    ]

    /// A pattern that fails to compile would silently accept everything, so every model pattern must compile.
    @Test(arguments: patterns) func modelPatternCompiles(_ pattern: String) throws {
        _ = try Regex(pattern)
    }

    @Test func namePatternsAgreeWithTheRegex() throws {
        let samples = ["default", "my-bus_1.x", "a/b", "", "with space", "ünï", "arn:aws:events:us-east-1:123456789012:event-bus/shop"]
        for pattern in [ModelPattern.name, ModelPattern.eventBusName, ModelPattern.eventBusNameOrArn, ModelPattern.nonPartnerEventBusNameOrArn] {
            let regex = try Regex(pattern)
            for sample in samples {
                let expected = (try? regex.wholeMatch(in: sample)) != nil
                #expect(ShapeValidator.matches(sample, pattern: pattern) == expected, "\(pattern) vs \(sample)")
            }
        }
    }

    @Test func modelPatternsAcceptAndRejectAsDocumented() {
        #expect(ShapeValidator.matches("Content-Type", pattern: ModelPattern.headerKey))
        #expect(!ShapeValidator.matches("Bad Header", pattern: ModelPattern.headerKey))
        #expect(ShapeValidator.matches("https://api.example.com/2010-04-01/Accounts/*/Messages.json", pattern: ModelPattern.httpsEndpoint))
        #expect(!ShapeValidator.matches("https://exa mple.com", pattern: ModelPattern.httpsEndpoint))
        #expect(ShapeValidator.matches("arn:aws:events:us-east-1:000000000000:connection/c/id-1", pattern: ModelPattern.connectionArn))
        #expect(!ShapeValidator.matches("arn:aws:events:us-east-1:000000000000:rule/c", pattern: ModelPattern.connectionArn))
    }

    @Test func messagesCountErrors() {
        var v = ShapeValidator()
        v.string(nil, "name", required: true)
        v.integer(200, "limit", max: 100)
        #expect(throws: CatalogError.validation(
            "2 validation errors detected: Value null at 'name' failed to satisfy constraint: Member must not be null; "
                + "Value '200' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100"
        )) { try v.check() }
    }

    @Test func collectionSizesAreShownNotNull() {
        var v = ShapeValidator()
        v.count(0, "targets", min: 1, max: 100)
        v.count(101, "paths", max: 100, map: true)
        v.count(3, "ids", min: 1, max: 100)
        v.count(nil, "absent", min: 1)
        #expect(throws: CatalogError.validation(
            "2 validation errors detected: Value '[]' at 'targets' failed to satisfy constraint: Member must have length greater than or equal to 1; "
                + "Value '{101 members}' at 'paths' failed to satisfy constraint: Member must have length less than or equal to 100"
        )) { try v.check() }
    }
}
