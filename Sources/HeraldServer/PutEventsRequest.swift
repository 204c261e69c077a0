import HeraldEvents
import HeraldJSON

/// `PutEvents` input, read from the request body in one pass over its bytes (``HeraldJSON/JSONReader``): no
/// `Codable` and no intermediate tree. PutEvents is the API's hot path; Foundation's `JSONDecoder` had cost about a
/// third of Herald's CPU per event there.
///
/// It reads what the `Codable` shape `{Entries: [PutEventsRequestEntry]?, EndpointId: String?}` would: `null` is
/// the same as an absent member, unknown members are skipped, and a member of the wrong type is a
/// `SerializationException` naming its path (`Entries.[0].Source`). A body that is not valid JSON is reported as
/// malformed even when an earlier member has the wrong type. `Time` is epoch seconds — a number, as the JSON
/// protocol sends it, or a string holding one — or an RFC 3339 string.
struct PutEventsRequest: Sendable {
    /// One `PutEventsRequestEntry` as sent on the wire.
    struct Entry: Sendable, Equatable {
        /// The entry's members. `time` is nil when `Time` was absent or out of the range Herald holds (±292 years
        /// around 1970); AWS ignores a bad `Time` too.
        var entry = PutEventsEntry()
        /// Whether `Time` was sent: it counts 14 bytes toward the entry's size even when it is ignored.
        var hasTime = false

        /// The entry size as EventBridge computes it (see ``HeraldEvents/PutEventsEntry/eventBridgeSize``).
        var eventBridgeSize: Int {
            PutEventsEntry.eventBridgeSize(
                hasTime: hasTime, source: entry.source, detailType: entry.detailType, detail: entry.detail,
                resources: entry.resources)
        }
    }

    /// `Entries` (nil when absent or null).
    var entries: [Entry]?
    /// `EndpointId` (read for its type only: Herald has no global endpoints).
    var endpointID: String?

    /// Reads a request body; an empty body counts as `{}`.
    /// - Throws: ``APIError/serialization(_:)`` for malformed JSON or a member of the wrong type.
    init(decoding body: [UInt8]) throws(APIError) {
        var request = PutEventsRequest()
        var problem: String?
        do throws(JSONError) {
            try JSONReader.read(body.isEmpty ? Array("{}".utf8) : body) { (reader: inout JSONReader) throws(JSONError) in
                guard try reader.peek() == .object else {
                    try reader.skipValue()
                    problem = "wrong type at body: expected an object"
                    return
                }
                try reader.enterObject()
                while let key = try reader.nextKey() {
                    switch key {
                    case "Entries": request.entries = try Self.readEntries(&reader, problem: &problem)
                    case "EndpointId": request.endpointID = try Self.readString(&reader, at: "EndpointId", problem: &problem)
                    default: try reader.skipValue()
                    }
                }
            }
        } catch {
            throw .serialization("Could not read the PutEvents request: malformed JSON: \(error)")
        }
        if let problem { throw .serialization("Could not read the PutEvents request: \(problem)") }
        self = request
    }

    private init() {}

    private static func readEntries(_ reader: inout JSONReader, problem: inout String?) throws(JSONError) -> [Entry]? {
        guard try expect(.array, &reader, at: "Entries", problem: &problem) else { return nil }
        var entries: [Entry] = []
        try reader.enterArray()
        while try reader.nextElement() {
            let index = entries.count
            var entry = Entry()
            if try reader.peek() == .null {
                try reader.readNull()
                note(&problem, "missing value at Entries.[\(index)]")
            } else if try expect(.object, &reader, at: "Entries.[\(index)]", problem: &problem) {
                try reader.enterObject()
                while let key = try reader.nextKey() {
                    try readMember(key, of: &entry, index: index, reader: &reader, problem: &problem)
                }
            }
            entries.append(entry)
        }
        return entries
    }

    /// Reads member `key` of entry `index` (paths in problems are built only when one is noted).
    private static func readMember(
        _ key: String, of entry: inout Entry, index: Int, reader: inout JSONReader, problem: inout String?
    ) throws(JSONError) {
        func path(_ member: String) -> String { "Entries.[\(index)].\(member)" }
        switch key {
        case "Source": entry.entry.source = try readString(&reader, at: path(key), problem: &problem)
        case "DetailType": entry.entry.detailType = try readString(&reader, at: path(key), problem: &problem)
        case "Detail": entry.entry.detail = try readString(&reader, at: path(key), problem: &problem)
        case "EventBusName": entry.entry.eventBusName = try readString(&reader, at: path(key), problem: &problem)
        case "TraceHeader": entry.entry.traceHeader = try readString(&reader, at: path(key), problem: &problem)
        case "Resources":
            entry.entry.resources = []
            guard try expect(.array, &reader, at: path(key), problem: &problem) else { return }
            try reader.enterArray()
            while try reader.nextElement() {
                let element = entry.entry.resources.count
                if try reader.peek() == .null {
                    try reader.readNull()
                    note(&problem, "missing value at \(path(key)).[\(element)]")
                } else if try expect(.string, &reader, at: "\(path(key)).[\(element)]", problem: &problem) {
                    entry.entry.resources.append(try reader.readString())
                }
            }
        case "Time":
            entry.hasTime = false
            entry.entry.time = nil
            guard let seconds = try readTime(&reader, at: path(key), problem: &problem) else { return }
            entry.hasTime = true
            entry.entry.time = UTCTime(secondsSince1970: seconds)
        default:
            try reader.skipValue()
        }
    }

    /// `Time` in epoch seconds: a number, a string holding one, or an RFC 3339 string; nil when null (or wrong).
    private static func readTime(
        _ reader: inout JSONReader, at path: @autoclosure () -> String, problem: inout String?
    ) throws(JSONError) -> Double? {
        switch try reader.peek() {
        case .null:
            try reader.readNull()
            return nil
        case .number:
            let number = try reader.readNumber()
            guard let seconds = number.doubleValue, seconds.isFinite else {
                note(&problem, "malformed JSON (\(path())): the number \(number.literal) does not fit in a Double")
                return nil
            }
            return seconds
        case .string:
            let text = try reader.readString()
            if let seconds = Double(text), seconds.isFinite { return seconds }
            if let time = UTCTime(iso8601: text) { return Double(time.nanosecondsSince1970) / 1e9 }
            note(&problem, "malformed JSON (\(path())): '\(text)' is not a timestamp")
            return nil
        default:
            try reader.skipValue()
            note(&problem, "wrong type at \(path()): expected a timestamp")
            return nil
        }
    }

    /// A string member; nil when null or of the wrong type (which is noted).
    private static func readString(_ reader: inout JSONReader, at path: @autoclosure () -> String, problem: inout String?) throws(JSONError) -> String? {
        switch try reader.peek() {
        case .string: return try reader.readString()
        case .null:
            try reader.readNull()
            return nil
        default:
            try reader.skipValue()
            note(&problem, "wrong type at \(path()): expected a string")
            return nil
        }
    }

    /// Whether the next value is of `kind` (then it is left to be read). A null is consumed and counts as absent;
    /// any other value is skipped and noted as the wrong type.
    private static func expect(
        _ kind: JSONReader.Kind, _ reader: inout JSONReader, at path: @autoclosure () -> String, problem: inout String?
    ) throws(JSONError) -> Bool {
        let found = try reader.peek()
        if found == kind { return true }
        if found == .null {
            try reader.readNull()
        } else {
            try reader.skipValue()
            note(&problem, "wrong type at \(path()): expected \(kind == .array ? "an array" : kind == .object ? "an object" : "a string")")
        }
        return false
    }

    /// Keeps the first problem found.
    private static func note(_ problem: inout String?, _ text: @autoclosure () -> String) {
        if problem == nil { problem = text() }
    }
}
