/// Settings of a ``Catalog``: the identity used in ARNs and the quotas enforced on resources.
public struct CatalogConfiguration: Sendable, Equatable {
    /// The region written into ARNs (default `us-east-1`).
    public var region: String
    /// The 12-digit account id written into ARNs (default `000000000000`).
    public var accountID: String
    /// Maximum targets per rule. AWS allows 5; Herald defaults to the same and accepts up to 100.
    public var maxTargetsPerRule: Int
    /// Maximum rules per event bus (AWS default quota: 300).
    public var maxRulesPerBus: Int
    /// Maximum event buses, the default bus included (AWS default quota: 100).
    public var maxEventBuses: Int
    /// Maximum connections (AWS default quota: 100).
    public var maxConnections: Int
    /// Maximum API destinations (AWS default quota: 3000).
    public var maxApiDestinations: Int
    /// Maximum archives (AWS default quota: 200).
    public var maxArchives: Int
    /// Maximum tags per resource (AWS: 50).
    public var maxTagsPerResource: Int

    /// Creates a configuration; every parameter has the AWS-compatible default.
    public init(
        region: String = "us-east-1",
        accountID: String = "000000000000",
        maxTargetsPerRule: Int = 5,
        maxRulesPerBus: Int = 300,
        maxEventBuses: Int = 100,
        maxConnections: Int = 100,
        maxApiDestinations: Int = 3000,
        maxArchives: Int = 200,
        maxTagsPerResource: Int = 50
    ) {
        self.region = region
        self.accountID = accountID
        self.maxTargetsPerRule = min(max(maxTargetsPerRule, 1), 100)
        self.maxRulesPerBus = maxRulesPerBus
        self.maxEventBuses = maxEventBuses
        self.maxConnections = maxConnections
        self.maxApiDestinations = maxApiDestinations
        self.maxArchives = maxArchives
        self.maxTagsPerResource = maxTagsPerResource
    }
}
