/// The outcome of one PutEvents entry: its event id, or EventBridge's per-entry error.
public enum PutEventsResult: Sendable, Equatable {
    case stored(eventId: String, sequence: UInt64)
    case failed(code: String, message: String)
}
