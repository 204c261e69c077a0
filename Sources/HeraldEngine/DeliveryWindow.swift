import DequeModule

/// The sliding window of one target's fresh events: the matching events read past the durable cursor, and which
/// of them are finished.
///
/// Each matching event is finished once: sent and its outcome queued for commit, held, or skipped. The cursor may
/// move up to the oldest unfinished event (or past everything read, when all are finished), and the commit that
/// moves it carries every outcome below it, so nothing below the durable cursor is ever unrecorded.
/// ``outstanding`` (matching events the durable cursor has not passed, finished or not) is what the target's
/// in-flight window bounds: it is also the most a crash can make Herald send again. The window slides event by
/// event: as soon as the oldest events finish and their cursor commit is durable, as many new ones may be read.
struct DeliveryWindow: Sendable {
    private struct Entry: Sendable {
        let sequence: UInt64
        var finished = false
    }

    /// Matching events not yet retired, ascending by sequence.
    private var entries: Deque<Entry> = []
    /// The last sequence read (matching or not).
    private var readEnd: UInt64?
    /// The cursor last handed out by ``retire()``.
    private var retiredCursor: UInt64?
    /// Matching events the durable cursor has not passed (finished or not).
    private(set) var outstanding = 0
    /// Matching events retired whose cursor commit is still running.
    private var retiring = 0

    /// Whether nothing read is unrecorded: no event unretired and no cursor commit running.
    var isIdle: Bool { entries.isEmpty && retiring == 0 && (readEnd.map { retiredCursor == $0 + 1 } ?? true) }

    /// Records a read up to `last` in which `sequences` (ascending) matched.
    mutating func open(last: UInt64, sequences: [UInt64]) {
        for sequence in sequences { entries.append(Entry(sequence: sequence)) }
        outstanding += sequences.count
        readEnd = last
    }

    /// Marks the event at `sequence` finished.
    mutating func finish(_ sequence: UInt64) {
        if let index = index(of: sequence) { entries[index].finished = true }
    }

    /// Where `sequence` stands: not read yet, read and unfinished (sending, waiting behind its group or read ahead),
    /// read and finished, or read without being a matching event of this window (or retired already).
    func position(of sequence: UInt64) -> Position {
        guard let readEnd, sequence <= readEnd else { return .notRead }
        guard let index = index(of: sequence) else { return .notInWindow }
        return entries[index].finished ? .finished : .unfinished
    }

    /// See ``position(of:)``.
    enum Position: Equatable {
        case notRead, unfinished, finished, notInWindow
    }

    /// The index of the entry at `sequence` (entries are sorted: binary search).
    private func index(of sequence: UInt64) -> Int? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].sequence < sequence { low = middle + 1 } else { high = middle }
        }
        return low < entries.count && entries[low].sequence == sequence ? low : nil
    }

    /// Takes the finished events at the front: the cursor to commit (the oldest unfinished event, or one past the
    /// last read) and how many matching events it passes (give it to ``committed(_:)`` once the commit is durable
    /// or abandoned). `nil` when the cursor would not move.
    mutating func retire() -> (cursor: UInt64, matched: Int)? {
        guard let readEnd else { return nil }
        var matched = 0
        while let first = entries.first, first.finished {
            entries.removeFirst()
            matched += 1
        }
        let cursor = entries.first?.sequence ?? readEnd + 1
        if cursor == retiredCursor, matched == 0 { return nil }
        retiredCursor = cursor
        retiring += matched
        return (cursor, matched)
    }

    /// Frees the window space of retired events once their cursor commit is durable (or abandoned).
    mutating func committed(_ matched: Int) {
        retiring -= matched
        outstanding -= matched
    }

    /// Forgets everything read (after the cursor was set elsewhere by an operator; the window must be idle).
    mutating func reset() {
        entries.removeAll()
        readEnd = nil
        retiredCursor = nil
    }
}
