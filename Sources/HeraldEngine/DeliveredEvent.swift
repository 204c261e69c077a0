import HeraldEvents

/// An event's parsed envelope and its JSON text, shared (not copied) by every delivery of it: a fan-out's targets,
/// and each hand-over of a delivery between the reader, the senders and the commit loop, retain one object instead
/// of copying a dozen strings and arrays.
final class DeliveredEvent: Sendable {
    let envelope: EventEnvelope
    let envelopeJSON: [UInt8]

    init(envelope: EventEnvelope, envelopeJSON: [UInt8]) {
        self.envelope = envelope
        self.envelopeJSON = envelopeJSON
    }
}
