import HeraldEngine
import HeraldServer
import HeraldStorage

/// Appends accepted events to the event log in one group-committed batch and reports each as stored only after
/// the commit returned. Used by both the HTTP `PutEvents` and the Unix socket.
struct LogEventIngestor: EventIngestor {
    let log: EventLog

    func ingest(_ events: [IngestedEvent]) async throws -> [IngestOutcome] {
        guard !events.isEmpty else { return [] }
        let payloads = events.map { StoredEvent(busName: $0.eventBusName, envelopeJSON: $0.envelope.jsonBytes).bytes }
        do {
            _ = try await log.appendContiguous(batch: payloads)
            return Array(repeating: .stored, count: events.count)
        } catch {
            let outcome = Self.outcome(for: error)
            return Array(repeating: outcome, count: events.count)
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
