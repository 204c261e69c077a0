import HeraldJSON

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The members of a stored envelope that every ledger `events` row needs — `id`, `source`, `detail-type` and the
/// compact `detail` text — read in one validating pass, without building a ``HeraldJSON/JSONValue`` tree.
///
/// The feed takes every event in the log, so this is its hot path. The `detail` text is what
/// `JSONValue.object(detail).jsonBytes` would write: Herald stores envelopes compact, so it is taken as it stands
/// (``HeraldJSON/JSONReader/readRawText(_:)``, which validates it). Only events that may carry a correlation id or are
/// receipts are parsed in full (``mayNeedTree(source:envelopeJSON:settings:keys:)``).
struct LedgerEventFields {
    var id: String
    var source: String
    var detailType: String
    /// The compact `detail` object text, cut at the ledger's limit (as UTF-8 text, like the full path).
    var detail: String

    /// Reads the fields; `nil` when the envelope is not valid JSON or lacks one of them (such an event gets no row,
    /// as before).
    init?(envelopeJSON: [UInt8], maxDetailBytes: Int) {
        enum Member { case id, source, detailType, detail, other }
        let read = try? JSONReader.read(envelopeJSON) { (reader) throws(JSONError) -> (String?, String?, String?, [UInt8]?) in
            var id: String?
            var source: String?
            var detailType: String?
            var detail: [UInt8]?
            try reader.enterObject()
            while let member = try reader.nextKey(bytes: { key -> Member in
                if key.elementsEqual("id".utf8) { return .id }
                if key.elementsEqual("source".utf8) { return .source }
                if key.elementsEqual("detail-type".utf8) { return .detailType }
                if key.elementsEqual("detail".utf8) { return .detail }
                return .other
            }) {
                switch (member, try reader.peek()) {
                case (.id, .string): id = try reader.readString()
                case (.source, .string): source = try reader.readString()
                case (.detailType, .string): detailType = try reader.readString()
                case (.detail, .object):
                    // Herald writes envelopes compact: the stored text is the compact text (validated all the same).
                    detail = try reader.readRawText { Array($0.prefix(maxDetailBytes)) }
                default: try reader.skipValue()
                }
            }
            return (id, source, detailType, detail)
        }
        guard let (id, source, detailType, detail) = read, let id, let source, let detailType, let detail else { return nil }
        self.id = id
        self.source = source
        self.detailType = detailType
        self.detail = String(decoding: detail, as: UTF8.self)
    }

    /// Whether the event needs a full parse: it is a receipt (its `detail` becomes a receipt row), or its stored text
    /// contains, as a JSON key, the last member name of one of the correlation paths. Herald writes envelopes
    /// compact with keys unescaped, so a key that is absent from the bytes is absent from the event; a path that
    /// does not end in a plain member name always asks for the parse.
    static func mayNeedTree(source: String, envelopeJSON: [UInt8], settings: LedgerSettings, keys: [[UInt8]?]) -> Bool {
        if source == settings.receiptSource { return true }
        for key in keys {
            guard let key else { return true }
            if envelopeJSON.withUnsafeBufferPointer({ Self.contains($0, key) }) { return true }
        }
        return false
    }

    /// The quoted key each correlation path ends in (`"incident_id"`), or `nil` for a path that ends otherwise or in
    /// a name JSON would escape.
    static func correlationKeys(_ settings: LedgerSettings) -> [[UInt8]?] {
        settings.correlationPaths.map { path -> [UInt8]? in
            guard case .member(let name)? = path.segments.last,
                !name.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
            else { return nil }
            return [UInt8(ascii: "\"")] + Array(name.utf8) + [UInt8(ascii: "\""), UInt8(ascii: ":")]
        }
    }

    /// Whether `needle` occurs in `haystack` (`memchr` for its first byte, then `memcmp`).
    private static func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard let base = haystack.baseAddress, let first = needle.first, haystack.count >= needle.count else { return false }
        let end = base + haystack.count
        var cursor = base
        while end - cursor >= needle.count {
            guard let found = memchr(cursor, Int32(first), end - cursor - needle.count + 1) else { return false }
            let candidate = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
            if needle.withUnsafeBufferPointer({ memcmp(candidate, $0.baseAddress!, needle.count) }) == 0 { return true }
            cursor = candidate + 1
        }
        return false
    }
}
