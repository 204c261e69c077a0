import HeraldJSON

/// One event to put, in PutEvents vocabulary.
public struct PutEntry: Sendable, Equatable {
    /// The event source, e.g. `com.example.orders`.
    public var source: String
    /// The event's detail-type, e.g. `OrderPlaced`.
    public var detailType: String
    /// The detail as JSON text; it must be a JSON object.
    public var detail: String
    /// ARNs or other identifiers of the resources the event concerns.
    public var resources: [String]
    /// The event time as an RFC 3339 timestamp; nil means the time of ingestion.
    public var time: String?
    /// The bus to put the event on; nil means `default`.
    public var eventBusName: String?

    public init(
        source: String, detailType: String, detail: String, resources: [String] = [], time: String? = nil,
        eventBusName: String? = nil
    ) {
        self.source = source
        self.detailType = detailType
        self.detail = detail
        self.resources = resources
        self.time = time
        self.eventBusName = eventBusName
    }

    /// The request line sent on the socket (without the newline).
    var requestLine: String {
        var fields = ["\"Source\":" + JSONValue.quoted(source), "\"DetailType\":" + JSONValue.quoted(detailType),
                      "\"Detail\":" + JSONValue.quoted(detail)]
        if !resources.isEmpty { fields.append("\"Resources\":[" + resources.map { JSONValue.quoted($0) }.joined(separator: ",") + "]") }
        if let time { fields.append("\"Time\":" + JSONValue.quoted(time)) }
        if let eventBusName { fields.append("\"EventBusName\":" + JSONValue.quoted(eventBusName)) }
        return "{" + fields.joined(separator: ",") + "}"
    }
}

/// The outcome of one put: the event id, or the error Herald answered for that entry.
public enum PutResult: Sendable, Equatable {
    case success(eventId: String)
    case failure(code: String, message: String)
}
