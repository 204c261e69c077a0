import HeraldEvents
import HeraldJSON

/// Reads one socket request line into a PutEvents entry (see `Docs/socket-protocol.md`).
///
/// Differences from the HTTP PutEvents entry: `Detail` may be a JSON object as well as a string holding one, and
/// `Time` may be an RFC 3339 string or epoch seconds. Unknown members are ignored, as the JSON API ignores them.
public enum SocketRequestDecoder {
    /// A decoded request line.
    public struct Request: Sendable, Equatable {
        /// The entry. Its `detail` is nil when `Detail` was a JSON object: see ``compactDetailObject``.
        public var entry = PutEventsEntry()
        /// `Detail` sent as a JSON object: its compact text, validated as the line was read, for
        /// ``HeraldEvents/EncodedEnvelope/init(entry:compactDetailObject:id:ingestionTime:account:region:)`` to copy
        /// without a second pass.
        public var compactDetailObject: [UInt8]?

        /// The entry's size as EventBridge counts it; a `Detail` object counts the bytes of its compact text.
        public var eventBridgeSize: Int { entry.eventBridgeSize + (compactDetailObject?.count ?? 0) }
    }

    /// Decodes a request line in one pass over its bytes (no ``JSONValue`` tree): a `Detail` object is validated
    /// and kept as its compact JSON text, unknown members are validated and skipped.
    ///
    /// A line that is not valid JSON is reported as such even when an earlier member has the wrong type; otherwise
    /// the first problem in member order is reported.
    /// - Returns: the request, or the per-entry error to answer.
    public static func decode(_ line: [UInt8]) -> Result<Request, PutEventsEntryError> {
        var request = Request()
        var problem: PutEventsEntryError?
        do throws(JSONError) {
            try JSONReader.read(line) { (reader: inout JSONReader) throws(JSONError) in
                guard try reader.peek() == .object else {
                    try reader.skipValue()
                    problem = PutEventsEntryError(code: "ValidationException", message: "The request line must be a JSON object.")
                    return
                }
                try reader.enterObject()
                while let key = try reader.nextKey() {
                    let found = try readMember(key, into: &request, reader: &reader)
                    if problem == nil { problem = found }
                }
            }
        } catch {
            return .failure(PutEventsEntryError(code: "ValidationException", message: "The request line is not valid JSON: \(error)"))
        }
        if let problem { return .failure(problem) }
        return .success(request)
    }

    /// Reads the value of member `key` into `request` (or skips it); returns the problem with it, if any (the value
    /// is consumed either way).
    private static func readMember(
        _ key: String, into request: inout Request, reader: inout JSONReader
    ) throws(JSONError) -> PutEventsEntryError? {
        let kind = try reader.peek()
        switch (key, kind) {
        case ("Source", .string): request.entry.source = try reader.readString()
        case ("DetailType", .string): request.entry.detailType = try reader.readString()
        case ("Detail", .string):
            request.entry.detail = try reader.readString()
            request.compactDetailObject = nil
        case ("Detail", .object):
            var text: [UInt8] = []
            text.reserveCapacity(1024)
            try reader.readCompactText(into: &text)
            request.compactDetailObject = text
            request.entry.detail = nil
        case ("EventBusName", .string):
            let name = try reader.readString()
            // As PutEvents over HTTP (the model's minimum length is 1): an empty name is not "default".
            guard !name.isEmpty else { return PutEventsEntryError(code: "ValidationException", message: "EventBusName must not be empty.") }
            request.entry.eventBusName = name
        case ("TraceHeader", .string): request.entry.traceHeader = try reader.readString()
        case ("Resources", .array):
            var resources: [String] = []
            var problem: PutEventsEntryError?
            try reader.enterArray()
            while try reader.nextElement() {
                guard try reader.peek() == .string else {
                    try reader.skipValue()
                    if problem == nil {
                        problem = PutEventsEntryError(code: "ValidationException", message: "Resources must be an array of strings.")
                    }
                    continue
                }
                resources.append(try reader.readString())
            }
            if let problem { return problem }
            request.entry.resources = resources
        case ("Time", .string):
            let text = try reader.readString()
            guard let time = UTCTime(iso8601: text) else {
                return PutEventsEntryError(code: "ValidationException", message: "Time \(text) is not an RFC 3339 timestamp.")
            }
            request.entry.time = time
        case ("Time", .number):
            let number = try reader.readNumber()
            guard let seconds = number.doubleValue, let time = UTCTime(secondsSince1970: seconds) else {
                return PutEventsEntryError(code: "ValidationException", message: "Time \(number.literal) is not epoch seconds.")
            }
            request.entry.time = time
        case ("Source", _), ("DetailType", _), ("Detail", _), ("EventBusName", _), ("TraceHeader", _),
            ("Resources", _), ("Time", _):
            try reader.skipValue()
            return PutEventsEntryError(code: "ValidationException", message: "\(key) has the wrong JSON type.")
        default:
            try reader.skipValue()
        }
        return nil
    }
}

/// A per-entry PutEvents error: EventBridge's `ErrorCode` and `ErrorMessage`.
public struct PutEventsEntryError: Error, Sendable, Equatable {
    /// The `ErrorCode`.
    public var code: String
    /// The `ErrorMessage`.
    public var message: String

    /// Creates an error.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The socket response line for this error: `{"ErrorCode":…,"ErrorMessage":…}`.
    public var responseLine: [UInt8] {
        var line: [UInt8] = []
        line.reserveCapacity(40 + code.utf8.count + message.utf8.count)
        line.append(contentsOf: #"{"ErrorCode":"#.utf8)
        JSONValue.writeString(code, to: &line)
        line.append(contentsOf: #","ErrorMessage":"#.utf8)
        JSONValue.writeString(message, to: &line)
        line.append(UInt8(ascii: "}"))
        return line
    }
}
