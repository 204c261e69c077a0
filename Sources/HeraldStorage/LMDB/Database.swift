import CLMDB

/// A handle to one named LMDB database inside an environment.
///
/// Handles are opened once, at start-up, in a single transaction (`LMDBEnvironment.open`) and stay valid
/// until the environment is closed; they are plain values and safe to share between threads.
public struct Database: Sendable, Hashable {
    /// The LMDB database index.
    let dbi: MDB_dbi
    /// The database's name, used in error messages.
    public let name: String
}
