import HeraldStorage

/// A running replay's durable position, kept in the storage key-value table under `replay-progress/<name>`:
/// the next source sequence to read and the exclusive end of the sequence range fixed when the replay started
/// (so the replay never reads the events it appends itself).
///
/// Layout: two big-endian `UInt64`s.
public struct ReplayProgress: Sendable, Hashable {
    /// The key prefix in the storage `catalog` table.
    public static let keyPrefix = "replay-progress/"

    /// The next sequence to read.
    public var nextSequence: UInt64
    /// The first sequence past the replayed range.
    public var endSequence: UInt64

    /// Creates a position.
    public init(nextSequence: UInt64, endSequence: UInt64) {
        self.nextSequence = nextSequence
        self.endSequence = endSequence
    }

    /// The key of a replay's position.
    public static func key(_ replay: String) -> String { keyPrefix + replay }

    /// Whether the whole range has been read.
    public var isFinished: Bool { nextSequence >= endSequence }

    /// The encoded value.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        BigEndian.append(nextSequence, to: &out)
        BigEndian.append(endSequence, to: &out)
        return out
    }

    /// Decodes a stored value.
    /// - Throws: ``ArchiveError/corruptRecord(key:)`` unless it is 16 bytes.
    public init(decoding bytes: [UInt8], key: String) throws(ArchiveError) {
        guard bytes.count == 16, let next = BigEndian.uint64(bytes, at: 0), let end = BigEndian.uint64(bytes, at: 8) else {
            throw .corruptRecord(key: key)
        }
        self.init(nextSequence: next, endSequence: end)
    }

    /// Every stored position, by replay name (corrupt ones are skipped).
    static func all(in table: HeraldStorage.Catalog) throws(ArchiveError) -> [String: ReplayProgress] {
        let entries: [CatalogEntry]
        do {
            entries = try table.list(prefix: keyPrefix)
        } catch {
            throw .storage(error)
        }
        var result: [String: ReplayProgress] = [:]
        for entry in entries {
            guard let progress = try? ReplayProgress(decoding: entry.value, key: entry.key) else { continue }
            result[String(entry.key.dropFirst(keyPrefix.count))] = progress
        }
        return result
    }
}
