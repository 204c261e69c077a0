/// What the data-file preallocator (``HeraldStore/preallocationStatistics``) has done since the store was opened.
public struct PreallocationStatistics: Sendable, Hashable {
    /// Bytes of zeros written past LMDB's last page.
    public var bytes: Int = 0
    /// Steps (holds of LMDB's write lock) that wrote them.
    public var steps: Int = 0
    /// Steps that failed (a full disk, say); the preallocator then rests 30 s.
    public var failures: Int = 0

    /// Creates zeroed counters.
    public init() {}
}
