public import HeraldEvents

/// An event accepted by `PutEvents`: a complete envelope on an existing bus.
public struct IngestedEvent: Sendable, Hashable {
    /// The envelope (id, time, account, region, source, detail-type, resources, detail).
    public var envelope: EventEnvelope
    /// The name of the bus the event was put on.
    public var eventBusName: String
    /// The entry's `TraceHeader`, if any.
    public var traceHeader: String?

    /// Creates an ingested event.
    public init(envelope: EventEnvelope, eventBusName: String, traceHeader: String? = nil) {
        self.envelope = envelope
        self.eventBusName = eventBusName
        self.traceHeader = traceHeader
    }
}

/// What happened to one ``IngestedEvent``.
public enum IngestOutcome: Sendable, Hashable {
    /// The event is durable.
    case stored
    /// The event was not stored; answered as the entry's `ErrorCode`/`ErrorMessage`.
    case failed(errorCode: String, errorMessage: String)
}

/// Stores the valid events of a `PutEvents` call (wired by the application to the event log).
public protocol EventIngestor: Sendable {
    /// Durably stores the events and returns one outcome per event, in order, once they are durable.
    /// - Throws: any error fails the whole call: ``APIErrorConvertible`` errors are answered as given, others as
    ///   `InternalException`.
    func ingest(_ events: [IngestedEvent]) async throws -> [IngestOutcome]
}
