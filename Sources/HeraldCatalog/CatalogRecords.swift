import Foundation

/// The key layout and encoding of catalog records in a ``CatalogStore`` (format version 1).
///
/// Keys: `meta/format`, `bus/NAME`, `rule/BUS␟NAME` (unit separator between bus and name, targets inside the rule),
/// `connection/NAME`, `api-destination/NAME`, `archive/NAME`, `replay/NAME`, `tags/ARN`. Values are JSON with
/// EventBridge member names; times are seconds since 2001-01-01 (Foundation's default `Date` coding).
enum CatalogRecords {
    static let formatKey = "meta/format"
    static let formatVersion = "1"

    static func key(bus name: String) -> String { "bus/" + name }
    static func key(rule: RuleKey) -> String { "rule/\(rule.bus)\u{1F}\(rule.name)" }
    static func key(connection name: String) -> String { "connection/" + name }
    static func key(apiDestination name: String) -> String { "api-destination/" + name }
    static func key(archive name: String) -> String { "archive/" + name }
    static func key(replay name: String) -> String { "replay/" + name }
    static func key(tags arn: String) -> String { "tags/" + arn }

    static func encode<T: Encodable>(_ value: T) throws(CatalogError) -> [UInt8] {
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            return Array(try encoder.encode(value))
        } catch {
            throw .internal("Could not encode a catalog record: \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, _ bytes: [UInt8], key: String) throws(CatalogError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw .internal("Catalog record \(key) is corrupt: \(error)")
        }
    }

    /// Reads every record into a snapshot at version 0.
    static func load(from store: any CatalogStore) throws(CatalogError) -> CatalogSnapshot {
        let records = try store.loadAll()
        if let format = records[formatKey], String(decoding: format, as: UTF8.self) != formatVersion {
            throw .internal("The catalog has format \(String(decoding: format, as: UTF8.self)); this Herald reads format \(formatVersion).")
        }
        var snapshot = CatalogSnapshot()
        for (key, value) in records {
            if key.hasPrefix("bus/") {
                let bus = try decode(EventBus.self, value, key: key)
                snapshot.eventBuses[bus.name] = bus
            } else if key.hasPrefix("rule/") {
                let rule = try decode(Rule.self, value, key: key)
                snapshot.rules[RuleKey(bus: rule.eventBusName, name: rule.name)] = rule
            } else if key.hasPrefix("connection/") {
                let connection = try decode(Connection.self, value, key: key)
                snapshot.connections[connection.name] = connection
            } else if key.hasPrefix("api-destination/") {
                let destination = try decode(ApiDestination.self, value, key: key)
                snapshot.apiDestinations[destination.name] = destination
            } else if key.hasPrefix("archive/") {
                let archive = try decode(Archive.self, value, key: key)
                snapshot.archives[archive.name] = archive
            } else if key.hasPrefix("replay/") {
                let replay = try decode(Replay.self, value, key: key)
                snapshot.replays[replay.name] = replay
            } else if key.hasPrefix("tags/") {
                snapshot.tags[String(key.dropFirst(5))] = try decode([Tag].self, value, key: key)
            }
        }
        return snapshot
    }
}
