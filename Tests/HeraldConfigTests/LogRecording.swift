import Logging
import Synchronization

/// Collected log lines (message and metadata), for checking what was logged.
final class LogRecords: Sendable {
    private let lines = Mutex<[String]>([])

    /// Appends one line.
    func append(_ line: String) { lines.withLock { $0.append(line) } }

    /// Every line so far.
    var all: [String] { lines.withLock { $0 } }
}

/// A log handler that writes into ``LogRecords``.
struct RecordingLogHandler: LogHandler {
    /// Where lines go.
    let records: LogRecords
    /// Handler metadata.
    var metadata: Logger.Metadata = [:]
    /// Everything is recorded.
    var logLevel: Logger.Level = .trace

    /// Metadata access.
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Records one line: level, message and merged metadata.
    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        records.append("\(event.level) \(event.message) \(merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))")
    }
}
