import Yams

/// The `server:` section: settings for `herald serve`. Every member is optional so that the executable can apply
/// the documented precedence: command-line flags, then this file, then built-in defaults.
public struct ServerSettings: Sendable, Equatable {
    /// Log levels accepted by `LogLevel` (swift-log's names).
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// The HTTP API address, `HOST:PORT`.
    public var httpAddress: String?
    /// The producers' Unix socket path.
    public var socketPath: String?
    /// The data directory.
    public var dataDirectory: String?
    /// A swift-log level name, lowercased.
    public var logLevel: String?
    /// Region used in ARNs and envelopes.
    public var region: String?
    /// 12-digit account id used in ARNs and envelopes.
    public var accountID: String?
    /// LMDB map size in bytes.
    public var mapSizeBytes: Int?
    /// Most bytes of the data file written ahead of its live end while the log grows (0: off).
    public var preallocateBytes: Int?
    /// Maximum targets per rule (1...100).
    public var maxTargetsPerRule: Int?
    /// Largest PutEvents entry / socket line in bytes.
    public var maximumEntryBytes: Int?
    /// SigV4 credentials: access key id → secret access key (values resolved from `${ENV}` references).
    public var credentials: [String: String]

    /// Creates settings (all unset by default).
    public init(
        httpAddress: String? = nil, socketPath: String? = nil, dataDirectory: String? = nil, logLevel: String? = nil,
        region: String? = nil, accountID: String? = nil, mapSizeBytes: Int? = nil, maxTargetsPerRule: Int? = nil,
        maximumEntryBytes: Int? = nil, credentials: [String: String] = [:], preallocateBytes: Int? = nil
    ) {
        self.preallocateBytes = preallocateBytes
        self.httpAddress = httpAddress
        self.socketPath = socketPath
        self.dataDirectory = dataDirectory
        self.logLevel = logLevel
        self.region = region
        self.accountID = accountID
        self.mapSizeBytes = mapSizeBytes
        self.maxTargetsPerRule = maxTargetsPerRule
        self.maximumEntryBytes = maximumEntryBytes
        self.credentials = credentials
    }

    /// Parses the `server:` mapping.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> ServerSettings {
        let map = try node.mapping([
            "HttpAddress", "SocketPath", "DataDir", "DataDirectory", "LogLevel", "Region", "Account", "AccountId",
            "MapSize", "Preallocate", "MaxTargetsPerRule", "MaxEntryBytes", "Credentials",
        ])
        var settings = ServerSettings()
        if let address = map["HttpAddress"] {
            let value = try address.nonEmptyString()
            guard let colon = value.lastIndex(of: ":"), let port = Int(value[value.index(after: colon)...]),
                (0...65_535).contains(port), colon != value.startIndex
            else { throw address.error(.invalidValue, "must be HOST:PORT, e.g. 127.0.0.1:4010") }
            settings.httpAddress = value
        }
        settings.socketPath = try map["SocketPath"]?.nonEmptyString()
        settings.dataDirectory = try map.first("DataDir", "DataDirectory")?.nonEmptyString()
        if let level = map["LogLevel"] {
            let value = try level.string().lowercased()
            guard logLevels.contains(value) else {
                throw level.error(.invalidValue, "must be one of \(logLevels.joined(separator: ", "))")
            }
            settings.logLevel = value
        }
        if let region = map["Region"] {
            let value = try region.nonEmptyString()
            // It goes into every ARN Herald makes; AWS region names look like us-east-1 or ap-southeast-2.
            let parts = value.split(separator: "-", omittingEmptySubsequences: false)
            let valid = parts.count >= 3 && parts.dropLast().allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isLowercase } }
                && parts.last.map { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } } == true
            guard valid else { throw region.error(.invalidValue, "must be an AWS region name such as us-east-1") }
            settings.region = value
        }
        if let account = try map.first("Account", "AccountId") {
            let value = try account.string()
            guard value.count == 12, value.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw account.error(.invalidValue, "must be 12 digits")
            }
            settings.accountID = value
        }
        if let size = map["MapSize"] { settings.mapSizeBytes = try ByteSize.parse(size) }
        if let size = map["Preallocate"] {
            // 0 (or false) turns it off; ByteSize takes only positive sizes.
            let raw = try size.rawScalar(expected: "a size")
            settings.preallocateBytes = raw == "0" || raw.lowercased() == "false" ? 0 : try ByteSize.parse(size)
        }
        if let targets = map["MaxTargetsPerRule"] { settings.maxTargetsPerRule = try targets.int(in: 1...100) }
        if let bytes = map["MaxEntryBytes"] { settings.maximumEntryBytes = try ByteSize.parse(bytes, plainUnit: 1) }
        if let credentials = map["Credentials"] { settings.credentials = try parseCredentials(credentials) }
        return settings
    }

    /// `Credentials`: a mapping of access key id to `${ENV}` secret, or a list of `{AccessKeyId, SecretAccessKey}`.
    private static func parseCredentials(_ node: ConfigNode) throws(ConfigError) -> [String: String] {
        var pairs: [(ConfigNode, ConfigNode)] = []
        if case .mapping = node.node {
            pairs = try node.rawMapping().map { ($0.keyNode, $0.value) }
        } else {
            for item in try node.sequence() {
                let map = try item.mapping(["AccessKeyId", "SecretAccessKey"])
                pairs.append((try map.require("AccessKeyId"), try map.require("SecretAccessKey")))
            }
        }
        var result: [String: String] = [:]
        for (keyNode, secretNode) in pairs {
            let raw = try secretNode.rawScalar(expected: "a ${ENV_VAR} reference")
            guard EnvironmentSubstitution.containsReference(raw) else {
                throw secretNode.error(.invalidValue, "secrets must be given as ${ENV_VAR} references, not written into the file")
            }
            let key = try keyNode.nonEmptyString()
            if result[key] != nil { throw keyNode.error(.invalidValue, "access key id '\(key)' is listed twice") }
            result[key] = try secretNode.nonEmptyString()
        }
        return result
    }
}
