import Foundation
import HeraldCatalog
import HeraldEngine
import HeraldJSON
import HeraldPattern
import HeraldStorage

/// Which logged events belong to one archive: events put on its bus at or after its creation, matching its
/// pattern, that are not themselves replayed (`replay-name`), and not older than its retention.
///
/// Compiled once per archive version; immutable and `Sendable`.
public struct ArchiveFilter: Sendable {
    /// The archive name.
    public let name: String
    /// The name of the archived bus.
    public let busName: String
    /// Creation time of the archive, in milliseconds since the epoch; older events are not archived.
    public let creationTime: UInt64
    /// Days events are kept; 0 keeps them forever.
    public let retentionDays: Int
    /// The compiled pattern; `nil` archives every event of the bus.
    let matcher: CompiledRuleSet<Int>?

    /// Compiles the filter of `archive`.
    /// - Throws: ``ArchiveError/invalidPattern(archive:reason:)`` when the stored pattern does not compile.
    public init(_ archive: Archive) throws(ArchiveError) {
        name = archive.name
        busName = Self.busName(ofArn: archive.eventSourceArn)
        creationTime = Self.milliseconds(archive.creationTime)
        retentionDays = max(0, archive.retentionDays)
        if let text = archive.eventPattern, !text.isEmpty {
            do {
                matcher = CompiledRuleSet(rules: [(0, try EventPattern(parsing: text))])
            } catch {
                throw .invalidPattern(archive: archive.name, reason: error.description)
            }
        } else {
            matcher = nil
        }
    }

    /// The oldest ingest time (ms) the archive still holds at `now` (ms): its creation time, or `now - retention`
    /// when that is later.
    public func lowerBound(now: UInt64) -> UInt64 {
        Self.lowerBound(creationTime: creationTime, retentionDays: retentionDays, now: now)
    }

    /// The oldest ingest time (ms) an archive created at `creationTime` (ms) with `retentionDays` holds at `now`.
    public static func lowerBound(creationTime: UInt64, retentionDays: Int, now: UInt64) -> UInt64 {
        guard retentionDays > 0 else { return creationTime }
        let retention = UInt64(min(retentionDays, 1_000_000)) * 86_400_000
        return max(creationTime, now > retention ? now - retention : 0)
    }

    /// Whether a decoded log event belongs to the archive (ignoring retention).
    public func matches(_ event: DecodedLogEvent) -> Bool {
        guard event.stored.busName == busName, event.replayName == nil, event.ingestTime >= creationTime else { return false }
        guard let matcher else { return true }
        return !matcher.matchingRules(for: event.json).isEmpty
    }

    /// The bus name of a bus ARN (`…:event-bus/NAME`), or the text itself when it is not an ARN.
    public static func busName(ofArn arn: String) -> String {
        guard let range = arn.range(of: ":event-bus/") else { return arn }
        return String(arn[range.upperBound...])
    }

    /// Milliseconds since the epoch of `date` (0 before the epoch).
    public static func milliseconds(_ date: Date) -> UInt64 {
        let value = (date.timeIntervalSince1970 * 1_000).rounded(.down)
        guard value > 0 else { return 0 }
        return value >= 1.8e19 ? UInt64.max : UInt64(value)
    }

    /// The date of `milliseconds` since the epoch.
    public static func date(milliseconds: UInt64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1_000)
    }
}
