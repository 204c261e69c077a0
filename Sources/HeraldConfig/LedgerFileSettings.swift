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

    /// Creates settings (all unset by default).
    public init(enabled: Bool? = nil, correlationPaths: [String]? = nil, retentionDays: Int? = nil, path: String? = nil) {
        self.enabled = enabled
        self.correlationPaths = correlationPaths
        self.retentionDays = retentionDays
        self.path = path
    }

    /// Parses the `ledger:` mapping.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> LedgerFileSettings {
        let map = try node.mapping(["Enabled", "CorrelationPaths", "RetentionDays", "Path"])
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
        return settings
    }
}
