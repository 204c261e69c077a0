import Foundation

/// Everything `herald serve` needs, mapped from flags, the environment and the config file by the executable.
public struct HeraldConfiguration: Sendable {
    /// The data directory (LMDB environment in `DIR/lmdb`).
    public var dataDirectory: String
    /// Address of the HTTP API.
    public var httpHost: String
    public var httpPort: Int
    /// Path of the producers' Unix socket; `DIR/herald.sock` by default.
    public var socketPath: String
    /// SigV4 credentials (access key id → secret); empty means developer mode (loopback only, no auth).
    public var credentials: [String: String]
    /// Region and account used in ARNs and event envelopes.
    public var region: String
    public var accountID: String
    /// LMDB map size in bytes.
    public var mapSize: Int
    /// Most bytes of `data.mdb` written ahead of its live end while the log grows (0: off).
    public var preallocateBytes: Int = 64 << 20
    /// Largest PutEvents entry (and socket line) accepted, in bytes.
    public var maximumEntryBytes: Int
    /// Maximum targets per rule (AWS allows 5).
    public var maxTargetsPerRule: Int
    /// Bearer token the admin API (`/admin/…`) requires; nil leaves it open, which is allowed on loopback only.
    public var adminToken: String?
    /// Whether the SQLite delivery ledger runs (`DIR/ledger.sqlite`); the config file's `ledger:` section refines it.
    public var ledgerEnabled: Bool = true

    public init(
        dataDirectory: String = "./herald-data", httpHost: String = "127.0.0.1", httpPort: Int = 4010, socketPath: String? = nil,
        credentials: [String: String] = [:], region: String = "us-east-1", accountID: String = "000000000000",
        mapSize: Int = 8 << 30, maximumEntryBytes: Int = 1_048_576, maxTargetsPerRule: Int = 5, adminToken: String? = nil
    ) {
        self.adminToken = adminToken
        self.dataDirectory = dataDirectory
        self.httpHost = httpHost
        self.httpPort = httpPort
        self.socketPath = socketPath ?? (dataDirectory.hasSuffix("/") ? dataDirectory : dataDirectory + "/") + "herald.sock"
        self.credentials = credentials
        self.region = region
        self.accountID = accountID
        self.mapSize = mapSize
        self.maximumEntryBytes = maximumEntryBytes
        self.maxTargetsPerRule = maxTargetsPerRule
    }

    /// Whether the HTTP address is a loopback address: `localhost`, an IPv4 literal in 127.0.0.0/8, or the IPv6
    /// literal `::1` (in any spelling, brackets allowed). A host name is not, even one that starts with `127.`: it is
    /// bound wherever it resolves.
    public var isLoopback: Bool {
        var host = httpHost
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        var loopback = in6_addr()
        guard inet_pton(AF_INET6, host, &v6) == 1, inet_pton(AF_INET6, "::1", &loopback) == 1 else { return false }
        return withUnsafeBytes(of: v6) { a in withUnsafeBytes(of: loopback) { b in a.elementsEqual(b) } }
    }
}
