import Foundation

/// Shows the progress of a long operation on standard error: on a terminal a one-line bar redrawn with `\r`,
/// otherwise a plain line at most every `interval` (so logs and pipes stay readable).
///
/// Progress goes to standard error so `--output json` on standard output stays machine-readable.
struct ProgressReporter {
    /// Whether standard error is a terminal (the bar is drawn).
    let isTerminal: Bool
    /// The least time between two plain lines.
    let interval: Duration
    private let clock = ContinuousClock()
    private var lastLine: ContinuousClock.Instant?
    private var drewBar = false

    /// Creates a reporter; `isTerminal` defaults to `isatty(STDERR_FILENO)`.
    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1, interval: Duration = .seconds(1)) {
        self.isTerminal = isTerminal
        self.interval = interval
    }

    /// Reports `fraction` (0…1, or `nil` when unknown) and a short status text.
    mutating func update(fraction: Double?, _ text: String) {
        if isTerminal {
            let bar = Self.bar(fraction, width: 30)
            write("\r\(bar) \(text)\u{1B}[K")
            drewBar = true
            return
        }
        let now = clock.now
        if let lastLine, now - lastLine < interval { return }
        lastLine = now
        let percent = fraction.map { String(format: "%5.1f%% ", $0 * 100) } ?? ""
        write("progress: \(percent)\(text)\n")
    }

    /// Ends the bar (a newline on a terminal) and prints `text` as a final line.
    mutating func finish(_ text: String) {
        if drewBar { write("\r\u{1B}[K") }
        drewBar = false
        write(text + "\n")
    }

    /// `[##########----------]  50%`.
    static func bar(_ fraction: Double?, width: Int) -> String {
        guard let fraction else { return "[" + String(repeating: "?", count: width) + "]    ?" }
        let clamped = min(1, max(0, fraction))
        let filled = Int((clamped * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            + String(format: " %3d%%", Int((clamped * 100).rounded(.down)))
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
