/// The `ledger:` section: how the SQLite delivery ledger is fed and how long it keeps rows. Every member is optional;
/// the server applies its defaults (enabled, the standard correlation paths, 30 days).
public struct LedgerFileSettings: Sendable, Equatable {
    /// `Enabled: false` turns the ledger (and the outcome journal feeding it) off.
    public var enabled: Bool?
    /// JSON paths into each event tried in order for its correlation (incident) id, e.g. `$.detail.incident_id`.
    public var correlationPaths: [String]?
    /// Delete ledger rows older than this many days; `0` keeps rows forever.
    public var retentionDays: Int?
    /// Where the SQLite file lives (default `DATA_DIR/ledger.sqlite`); a relative path is taken from the data
    /// directory. Its directory must exist. Another disk keeps the ledger's writes out of the log's fsyncs.
    public var path: String?
    /// `DeferWhileIngestAbove`: events appended per second above which the ledger waits for the burst to pass
    /// (default 40,000; 0: ingest never makes it wait).
    public var deferWhileIngestAbove: Int?
    /// `DeferWhileDeliveryAbove`: delivery outcomes per second above which the ledger waits (default 5,000; 0: never).
    public var deferWhileDeliveryAbove: Int?
    /// `MaximumDeferral`: the longest the ledger waits at a stretch for a burst, in seconds (default 3; 0: it never
    /// waits, so it stays current but competes with the burst for CPU and the log's writer).
    public var maximumDeferralSeconds: Double?

    /// Creates settings (all unset by default).
    public init(
        enabled: Bool? = nil, correlationPaths: [String]? = nil, retentionDays: Int? = nil, path: String? = nil,
        deferWhileIngestAbove: Int? = nil, deferWhileDeliveryAbove: Int? = nil, maximumDeferralSeconds: Double? = nil
    ) {
        self.enabled = enabled
        self.correlationPaths = correlationPaths
        self.retentionDays = retentionDays
        self.path = path
        self.deferWhileIngestAbove = deferWhileIngestAbove
        self.deferWhileDeliveryAbove = deferWhileDeliveryAbove
        self.maximumDeferralSeconds = maximumDeferralSeconds
    }

    /// Parses the `ledger:` mapping.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> LedgerFileSettings {
        let map = try node.mapping([
            "Enabled", "CorrelationPaths", "RetentionDays", "Path", "DeferWhileIngestAbove", "DeferWhileDeliveryAbove", "MaximumDeferral",
        ])
        var settings = LedgerFileSettings()
        settings.enabled = try map["Enabled"]?.bool()
        if let paths = map["CorrelationPaths"] {
            let list = try paths.stringList()
            for path in list where !path.hasPrefix("$") {
                throw paths.error(.invalidValue, "each correlation path must be a JSON path starting with `$`, got \(path)")
            }
            settings.correlationPaths = list
        }
        settings.retentionDays = try map["RetentionDays"]?.int(in: 0...36_500)
        if let path = map["Path"] {
            let text = try path.string()
            if text.isEmpty || text.hasSuffix("/") {
                throw path.error(.invalidValue, "Path must name the SQLite file (e.g. /mnt/ledger/ledger.sqlite), got `\(text)`")
            }
            settings.path = text
        }
        settings.deferWhileIngestAbove = try map["DeferWhileIngestAbove"]?.int(in: 0...100_000_000)
        settings.deferWhileDeliveryAbove = try map["DeferWhileDeliveryAbove"]?.int(in: 0...100_000_000)
        if let node = map["MaximumDeferral"] {
            let seconds = try Durations.fractionalSeconds(node)
            guard seconds <= 300 else {
                let given = seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
                throw node.error(.invalidValue, "must be at most 5m (the ledger holds log compaction back while it waits), got \(given)")
            }
            settings.maximumDeferralSeconds = seconds
        }
        return settings
    }
}
