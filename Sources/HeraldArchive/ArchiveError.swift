import HeraldCatalog
import HeraldStorage

/// Why an archive or replay step failed.
public enum ArchiveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The log, the consumer store or the key-value table failed.
    case storage(StorageError)
    /// The catalog refused a statistics or replay update.
    case catalog(CatalogError)
    /// An archive's stored event pattern does not compile (the catalog validates patterns, so this is rare).
    case invalidPattern(archive: String, reason: String)
    /// A persisted archive or replay record is malformed.
    case corruptRecord(key: String)

    /// A readable description.
    public var description: String {
        switch self {
        case .storage(let error): "storage: \(error)"
        case .catalog(let error): "catalog: \(error)"
        case .invalidPattern(let archive, let reason): "archive \(archive) has an invalid event pattern: \(reason)"
        case .corruptRecord(let key): "corrupt record under \(key)"
        }
    }
}
