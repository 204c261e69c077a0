public import HeraldEvents

/// An event accepted by `PutEvents`: a complete envelope on an existing bus.
///
/// It carries the envelope as the JSON text that will be stored (``encoded``), written once when the event was
/// accepted; ``envelope`` reads it back for callers that want the members.
public struct IngestedEvent: Sendable, Hashable {
    /// The envelope's id and stored JSON text.
    public var encoded: EncodedEnvelope
    /// The name of the bus the event was put on.
    public var eventBusName: String
    /// The entry's `TraceHeader`, if any.
    public var traceHeader: String?

    /// Creates an ingested event from an envelope (written out once, here).
    public init(envelope: EventEnvelope, eventBusName: String, traceHeader: String? = nil) {
        self.init(encoded: EncodedEnvelope(envelope), eventBusName: eventBusName, traceHeader: traceHeader)
    }

    /// Creates an ingested event from an envelope already written out.
    public init(encoded: EncodedEnvelope, eventBusName: String, traceHeader: String? = nil) {
        self.encoded = encoded
        self.eventBusName = eventBusName
        self.traceHeader = traceHeader
    }

    /// The event's id.
    public var id: String { encoded.id }

    /// The envelope, read back from ``encoded`` (the stored form: `time` has whole seconds). Setting it writes the
    /// new envelope out.
    ///
    /// An ``EncodedEnvelope`` always holds valid envelope JSON; should it ever not, this is an envelope with the id
    /// and otherwise empty members rather than a crash.
    public var envelope: EventEnvelope {
        get {
            (try? encoded.decoded())
                ?? EventEnvelope(
                    id: encoded.id, detailType: "", source: "", account: "", time: UTCTime(secondsSince1970: Int64(0)),
                    region: "")
        }
        set { encoded = EncodedEnvelope(newValue) }
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

    /// The same without a task: `completion` gets the outcomes (or the error) exactly once, on any thread, once the
    /// events are durable. It must be quick and must not block. The default runs ``ingest(_:)`` in a task, so two
    /// calls may be stored in either order; an ingestor behind the Unix socket implements it directly and starts
    /// storing before it returns (the log's does), which keeps one producer's events in the order it sent them.
    func ingest(_ events: [IngestedEvent], completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void)

    /// The same for a producer that does not wait for this answer before it sends more (`pipelined`: a socket producer
    /// with other requests in flight), which lets the log make the commit durable together with the next one under
    /// load. The default ignores the hint.
    func ingest(
        _ events: [IngestedEvent], pipelined: Bool, completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void)
}

extension EventIngestor {
    public func ingest(_ events: [IngestedEvent], completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void) {
        Task {
            do {
                completion(.success(try await ingest(events)))
            } catch {
                completion(.failure(error))
            }
        }
    }

    public func ingest(
        _ events: [IngestedEvent], pipelined: Bool, completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void
    ) {
        ingest(events, completion: completion)
    }
}
