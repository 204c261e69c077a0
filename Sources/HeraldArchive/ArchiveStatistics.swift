import HeraldStorage

/// The archiver's durable totals for one archive, kept in the storage key-value table under
/// `archive-stats/<name>` and written in one transaction with the position they cover, so counts are exact
/// across restarts (the archiver resumes counting at ``nextSequence``).
///
/// Layout: five big-endian `UInt64`s: archive creation time (ms), next sequence, event count, size in bytes, and
/// the expiry position (a 32-byte value without it reads as expiry position 0).
public struct ArchiveStatistics: Sendable, Hashable {
    /// The key prefix in the storage `catalog` table.
    public static let keyPrefix = "archive-stats/"

    /// Creation time (ms) of the archive these totals belong to; a re-created archive of the same name starts over.
    public var creationTime: UInt64
    /// The first sequence not yet counted.
    public var nextSequence: UInt64
    /// Events archived.
    public var eventCount: UInt64
    /// Envelope bytes archived.
    public var sizeBytes: UInt64
    /// The first sequence not yet checked for expiry: events below it that left the retention window have been
    /// subtracted from the totals.
    public var expiredSequence: UInt64

    /// Creates totals.
    public init(creationTime: UInt64, nextSequence: UInt64, eventCount: UInt64 = 0, sizeBytes: UInt64 = 0, expiredSequence: UInt64? = nil) {
        self.creationTime = creationTime
        self.nextSequence = nextSequence
        self.eventCount = eventCount
        self.sizeBytes = sizeBytes
        self.expiredSequence = expiredSequence ?? nextSequence
    }

    /// The key of an archive's totals.
    public static func key(_ archive: String) -> String { keyPrefix + archive }

    /// The encoded value.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(40)
        for value in [creationTime, nextSequence, eventCount, sizeBytes, expiredSequence] { BigEndian.append(value, to: &out) }
        return out
    }

    /// Decodes a stored value.
    /// - Throws: ``ArchiveError/corruptRecord(key:)`` unless it is 32 or 40 bytes.
    public init(decoding bytes: [UInt8], key: String) throws(ArchiveError) {
        guard bytes.count == 32 || bytes.count == 40, let creation = BigEndian.uint64(bytes, at: 0),
            let next = BigEndian.uint64(bytes, at: 8), let count = BigEndian.uint64(bytes, at: 16),
            let size = BigEndian.uint64(bytes, at: 24)
        else { throw .corruptRecord(key: key) }
        let expired = bytes.count == 40 ? BigEndian.uint64(bytes, at: 32) ?? 0 : 0
        self.init(creationTime: creation, nextSequence: next, eventCount: count, sizeBytes: size, expiredSequence: expired)
    }

    /// Reads the totals of `archive`, or `nil` when none are stored.
    static func load(_ archive: String, from table: HeraldStorage.Catalog) throws(ArchiveError) -> ArchiveStatistics? {
        let key = key(archive)
        let stored: [UInt8]?
        do {
            stored = try table.get(key)
        } catch {
            throw .storage(error)
        }
        guard let stored else { return nil }
        return try ArchiveStatistics(decoding: stored, key: key)
    }
}
