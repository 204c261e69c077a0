import HeraldEngine
import HeraldServer
import HeraldStorage
import Metrics

/// Appends accepted events to the event log in one group-committed batch and reports each as stored only after
/// the commit returned. Used by both the HTTP `PutEvents` and the Unix socket.
struct LogEventIngestor: EventIngestor {
    let log: EventLog
    let metrics: IngestMetrics

    func ingest(_ events: [IngestedEvent]) async throws -> [IngestOutcome] {
        try await withUnsafeThrowingContinuation { continuation in
            ingest(events) { continuation.resume(with: $0) }
        }
    }

    func ingest(_ events: [IngestedEvent], completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void) {
        ingest(events, pipelined: false, completion: completion)
    }

    func ingest(
        _ events: [IngestedEvent], pipelined: Bool, completion: @escaping @Sendable (Result<[IngestOutcome], any Error>) -> Void
    ) {
        guard !events.isEmpty else { return completion(.success([])) }
        let metrics = self.metrics
        let count = events.count
        let batch = events.map { StoredEvent(busName: $0.eventBusName, envelopeJSON: $0.encoded.json).bytes }
        log.appendContiguous(batch: batch, pipelined: pipelined) { result in
            switch result {
            case .success:
                metrics.stored.increment(by: count)
                completion(.success(Array(repeating: .stored, count: count)))
            case .failure(let error):
                metrics.refused.increment(by: count)
                completion(.success(Array(repeating: Self.outcome(for: error), count: count)))
            }
        }
    }

    /// A storage failure as a per-entry PutEvents error: full storage is retryable backpressure.
    static func outcome(for error: StorageError) -> IngestOutcome {
        if error.isRetryable {
            return .failed(errorCode: "ThrottlingException", errorMessage: "Herald's storage is full; retry later. (\(error))")
        }
        return .failed(errorCode: "InternalFailure", errorMessage: "The event could not be stored: \(error)")
    }
}

/// Ingest counters (`herald_ingest_events{outcome="stored"|"refused"}`).
struct IngestMetrics: Sendable {
    let stored: Counter
    let refused: Counter

    init(factory: any MetricsFactory) {
        stored = Counter(label: "herald_ingest_events", dimensions: [("outcome", "stored")], factory: factory)
        refused = Counter(label: "herald_ingest_events", dimensions: [("outcome", "refused")], factory: factory)
    }
}
