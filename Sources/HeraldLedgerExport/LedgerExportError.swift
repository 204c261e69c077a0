import HeraldLedger

/// Errors raised by the PostgreSQL export.
public enum LedgerExportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The PostgreSQL URL could not be parsed.
    case invalidURL(String)
    /// The `sslmode` in the URL is not supported.
    case unsupportedSSLMode(String)
    /// TLS could not be set up.
    case tls(String)
    /// The connection to PostgreSQL failed.
    case connectionFailed(String)
    /// PostgreSQL reported an error.
    case postgres(String)
    /// Reading the local ledger failed.
    case ledger(LedgerError)

    /// A one-line, human-readable explanation (never includes the password).
    public var description: String {
        switch self {
        case .invalidURL(let reason): return "invalid PostgreSQL URL: \(reason)"
        case .unsupportedSSLMode(let mode):
            return "unsupported sslmode '\(mode)' (use disable, require or verify-full)"
        case .tls(let reason): return "cannot set up TLS: \(reason)"
        case .connectionFailed(let reason): return "cannot connect to PostgreSQL: \(reason)"
        case .postgres(let reason): return "PostgreSQL error: \(reason)"
        case .ledger(let error): return error.description
        }
    }
}
