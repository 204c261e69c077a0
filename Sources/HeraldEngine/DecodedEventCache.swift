import DequeModule
import HeraldEvents
import HeraldJSON
import Synchronization

/// Log records decoded once for all the engine's workers: the targets of a fan-out read the same events at about the
/// same time, so each record's envelope is parsed once, not once per target. Bounded (oldest sequences evicted
/// first); a worker far behind the others simply decodes for itself. Records never change, so entries never go stale.
final class DecodedEventCache: Sendable {
    /// A decoded log record (a reference: a hit hands out the cached object, copying nothing).
    final class Decoded: Sendable {
        let bus: String
        let json: JSONValue
        /// The typed envelope and its JSON text, or why the JSON is not an envelope.
        let event: Result<DeliveredEvent, EventEnvelopeError>

        init(bus: String, json: JSONValue, event: Result<DeliveredEvent, EventEnvelopeError>) {
            self.bus = bus
            self.json = json
            self.event = event
        }
    }

    private struct State {
        var entries: [UInt64: Result<Decoded, DecodeFailure>] = [:]
        var order: Deque<UInt64> = []
    }

    private let state = Mutex(State())
    /// Most records kept.
    let capacity: Int

    init(capacity: Int = 2_048) {
        self.capacity = max(1, capacity)
    }

    /// The record at `sequence` decoded: from the cache, or decoded now from `payload` (read in place from the
    /// log, so a hit copies nothing) and cached.
    func decoded(sequence: UInt64, payload: UnsafeRawBufferPointer) -> Result<Decoded, DecodeFailure> {
        if let hit = state.withLock({ $0.entries[sequence] }) { return hit }
        let result = PendingDelivery.decode(sequence: sequence, payload: payload).map { decoded in
            Decoded(
                bus: decoded.bus, json: decoded.json,
                event: Result { () throws(EventEnvelopeError) -> DeliveredEvent in
                    DeliveredEvent(envelope: try EventEnvelope(json: decoded.json), envelopeJSON: decoded.envelopeJSON)
                })
        }
        state.withLock { state in
            guard state.entries.updateValue(result, forKey: sequence) == nil else { return }
            state.order.append(sequence)
            while state.order.count > capacity, let oldest = state.order.popFirst() {
                state.entries[oldest] = nil
            }
        }
        return result
    }
}
