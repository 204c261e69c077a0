public import HeraldCatalog
public import HeraldStorage
import Synchronization

/// A catalog store that remembers the event log's position at each catalog commit, so a new target starts exactly
/// where its `PutTargets`/`PutRule` call was committed rather than where the delivery engine first noticed it.
///
/// The catalog calls `apply` exactly once per committed change and then bumps its snapshot version by one, so the
/// n-th successful `apply` after ``arm()`` is version n. The engine asks ``logPosition(atVersion:)`` for the first
/// version it has not yet applied and starts new targets after that position: every event put after the change
/// returned reaches the new target (one put concurrently with the change may too).
public final class PositionStampingCatalogStore: CatalogStore {
    private let base: any CatalogStore
    private let log: EventLog
    private let state = Mutex<(armed: Bool, version: UInt64, positions: [UInt64: UInt64])>((false, 0, [:]))

    /// - Parameters:
    ///   - base: the durable store (e.g. ``StorageCatalogStore``).
    ///   - log: the event log whose position is recorded.
    public init(base: any CatalogStore, log: EventLog) {
        self.base = base
        self.log = log
    }

    /// Starts counting versions; call right after the catalog has been opened (its loading writes are not versions).
    public func arm() {
        state.withLock { $0.armed = true }
    }

    public func loadAll() throws(CatalogError) -> [String: [UInt8]] {
        try base.loadAll()
    }

    public func apply(_ changes: [String: [UInt8]?]) throws(CatalogError) {
        let position = log.lastSequence
        try base.apply(changes)
        state.withLock { state in
            guard state.armed else { return }
            state.version += 1
            state.positions[state.version] = position
        }
    }

    /// The log's last sequence when version `version` was committed, or nil if unknown (before arming).
    /// Positions of earlier versions are forgotten: versions are asked for in increasing order.
    public func logPosition(atVersion version: UInt64) -> UInt64? {
        state.withLock { state in
            let position = state.positions[version]
            state.positions = state.positions.filter { $0.key >= version }
            return position
        }
    }
}
