public import HeraldStorage

/// Why a receipts-store operation failed.
public enum ReceiptStoreError: Error, Sendable, Equatable {
    /// A field cannot be stored (empty, too long for a catalog key).
    case invalidRecord(String)
    /// A stored value could not be decoded.
    case corruptRecord(key: String, reason: String)
    /// The storage layer failed.
    case storage(StorageError)
}
