import Foundation

/// Where to export the ledger: a PostgreSQL server reached over TCP.
public struct PostgresConfig: Sendable, Hashable, CustomStringConvertible {
    /// How the connection is encrypted.
    public enum SSLMode: String, Sendable, Hashable {
        /// Plain TCP (loopback or trusted networks).
        case disable
        /// TLS without certificate verification (libpq's `require`).
        case require
        /// TLS with certificate and host-name verification against the system trust roots.
        case verifyFull = "verify-full"
    }

    /// The server host name or address.
    public var host: String
    /// The server port.
    public var port: Int
    /// The user name.
    public var username: String
    /// The password, if any.
    public var password: String?
    /// The database name.
    public var database: String
    /// The TLS mode.
    public var sslMode: SSLMode

    /// Creates a configuration.
    public init(
        host: String, port: Int = 5432, username: String, password: String? = nil, database: String,
        sslMode: SSLMode = .disable
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.sslMode = sslMode
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable` (`postgresql://` also accepted;
    /// user and password may be percent-encoded; the port defaults to 5432, the database to the user name, and
    /// `sslmode` to `disable`).
    ///
    /// - Throws: ``LedgerExportError/invalidURL(_:)`` or ``LedgerExportError/unsupportedSSLMode(_:)``.
    public init(url text: String) throws(LedgerExportError) {
        guard let components = URLComponents(string: text) else {
            throw .invalidURL("not a URL")
        }
        guard let scheme = components.scheme?.lowercased(), scheme == "postgres" || scheme == "postgresql" else {
            throw .invalidURL("the scheme must be postgres:// or postgresql://")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidURL("no host") }
        guard let username = components.user, !username.isEmpty else { throw .invalidURL("no user name") }
        if let port = components.port, !(1...65535).contains(port) {
            throw .invalidURL("port \(port) is out of range")
        }
        var database = components.path
        if database.hasPrefix("/") { database.removeFirst() }
        guard !database.contains("/") else { throw .invalidURL("the path must be a single database name") }
        var sslMode = SSLMode.disable
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                let value = item.value ?? ""
                switch value {
                case "disable", "allow", "prefer": sslMode = .disable
                case "require": sslMode = .require
                case "verify-full": sslMode = .verifyFull
                default: throw .unsupportedSSLMode(value)
                }
            default:
                throw .invalidURL("unsupported parameter '\(item.name)'")
            }
        }
        self.init(
            host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host,
            port: components.port ?? 5432, username: username, password: components.password,
            database: database.isEmpty ? username : database, sslMode: sslMode)
    }

    /// The URL without the password, for logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }
}
