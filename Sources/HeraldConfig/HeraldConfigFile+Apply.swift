import HeraldCatalog
import Logging

extension HeraldConfigFile {
    /// Makes `catalog` hold everything the file declares: creates what is missing, updates what differs and writes
    /// nothing for what already matches (so applying the same file twice leaves the catalog version unchanged).
    ///
    /// Resources the file does not declare (e.g. created through the API) are left alone, and so are targets of a
    /// declared rule that the file does not list, unless the file says `prune: true`: then they are deleted.
    /// References (`Connection: NAME`, `ApiDestination: NAME`, `EventBus: NAME`) resolve to resources declared in the
    /// file or already in the catalog; they are all checked before anything is written.
    /// - Parameters:
    ///   - catalog: the catalog to change.
    ///   - logger: receives one `debug` line per resource and an `info` summary (names only, never secrets).
    /// - Returns: counts of created, updated, unchanged and deleted resources.
    /// - Throws: ``ConfigError`` located at the declaration the catalog refused.
    public func apply(to catalog: Catalog, logger: Logger = Logger(label: "herald.config")) async throws(ConfigError) -> ApplySummary {
        var applier = ConfigApplier(config: self, catalog: catalog, logger: logger)
        try await applier.checkReferences()
        try await applier.applyBuses()
        try await applier.applyConnections()
        try await applier.applyApiDestinations()
        try await applier.applyRules()
        try await applier.applyArchives()
        if prune { try await applier.prune() }
        logger.info(
            "configuration applied",
            metadata: [
                "file": "\(file)", "created": "\(applier.summary.created)", "updated": "\(applier.summary.updated)",
                "unchanged": "\(applier.summary.unchanged)", "deleted": "\(applier.summary.deleted)",
            ]
        )
        return applier.summary
    }
}

extension HeraldConfigFile {
    /// A dry run for `herald config check`: applies the file to an empty in-memory catalog, so every check the catalog
    /// makes runs without touching real state. References to resources that exist only in a real catalog (made through
    /// the API) fail here although ``apply(to:logger:)`` would accept them.
    /// - Parameters:
    ///   - configuration: the quotas, region and account the real catalog would use.
    ///   - patterns: the pattern engine the real catalog would use.
    /// - Returns: what a first apply to an empty catalog would do.
    /// - Throws: ``ConfigError`` located at the offending declaration.
    public func check(
        configuration: CatalogConfiguration = CatalogConfiguration(), patterns: any EventPatternEngine = StandardPatternEngine()
    ) async throws(ConfigError) -> ApplySummary {
        let scratch: Catalog
        do {
            scratch = try Catalog(configuration: configuration, store: InMemoryCatalogStore(), patterns: patterns)
        } catch {
            throw ConfigError(kind: .catalog(error.code), location: nil, keyPath: "", message: "cannot create a scratch catalog: \(error.message)")
        }
        return try await apply(to: scratch, logger: Logger(label: "herald.config.check", factory: { _ in SwiftLogNoOpLogHandler() }))
    }
}
