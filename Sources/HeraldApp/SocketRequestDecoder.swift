import HeraldEvents
import HeraldJSON

/// Reads one socket request line into a PutEvents entry (see `Docs/socket-protocol.md`).
///
/// Differences from the HTTP PutEvents entry: `Detail` may be a JSON object as well as a string holding one, and
/// `Time` may be an RFC 3339 string or epoch seconds. Unknown members are ignored, as the JSON API ignores them.
public enum SocketRequestDecoder {
    /// Decodes a request line.
    /// - Returns: the entry, or the per-entry error to answer.
    public static func decode(_ line: [UInt8]) -> Result<PutEventsEntry, PutEventsEntryError> {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            return .failure(.init(code: "ValidationException", message: "The request line is not valid JSON: \(error)"))
        }
        guard case .object(let object) = value else {
            return .failure(.init(code: "ValidationException", message: "The request line must be a JSON object."))
        }
        var entry = PutEventsEntry()
        for member in object {
            switch (member.key, member.value) {
            case ("Source", .string(let text)): entry.source = text
            case ("DetailType", .string(let text)): entry.detailType = text
            case ("Detail", .string(let text)): entry.detail = text
            case ("Detail", .object): entry.detail = member.value.jsonText
            case ("EventBusName", .string(let text)): entry.eventBusName = text
            case ("TraceHeader", .string(let text)): entry.traceHeader = text
            case ("Resources", .array(let items)):
                var resources: [String] = []
                for item in items {
                    guard case .string(let text) = item else {
                        return .failure(.init(code: "ValidationException", message: "Resources must be an array of strings."))
                    }
                    resources.append(text)
                }
                entry.resources = resources
            case ("Time", .string(let text)):
                guard let time = UTCTime(iso8601: text) else {
                    return .failure(.init(code: "ValidationException", message: "Time \(text) is not an RFC 3339 timestamp."))
                }
                entry.time = time
            case ("Time", .number(let number)):
                guard let seconds = number.doubleValue, let time = UTCTime(secondsSince1970: seconds) else {
                    return .failure(.init(code: "ValidationException", message: "Time \(number.literal) is not epoch seconds."))
                }
                entry.time = time
            case ("Source", _), ("DetailType", _), ("Detail", _), ("EventBusName", _), ("TraceHeader", _),
                ("Resources", _), ("Time", _):
                return .failure(.init(code: "ValidationException", message: "\(member.key) has the wrong JSON type."))
            default:
                continue
            }
        }
        return .success(entry)
    }
}

/// A per-entry PutEvents error: EventBridge's `ErrorCode` and `ErrorMessage`.
public struct PutEventsEntryError: Error, Sendable, Equatable {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    /// The socket response line for this error.
    public var responseLine: [UInt8] {
        JSONValue.object(["ErrorCode": .string(code), "ErrorMessage": .string(message)]).jsonBytes
    }
}
