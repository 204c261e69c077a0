/// Splits a fuzz input into newline-separated header lines and a free-form rest, so one byte string can carry a
/// URL, a few header values and a body. Missing lines are empty; the rest may contain newlines.
struct FuzzInput {
    /// The leading lines (without their newlines).
    let lines: [[UInt8]]
    /// Everything after the leading lines.
    let rest: [UInt8]

    /// Splits `data` into `lineCount` lines and the rest.
    init(_ data: [UInt8], lineCount: Int) {
        var lines: [[UInt8]] = []
        var start = 0
        while lines.count < lineCount {
            guard let newline = data[start...].firstIndex(of: UInt8(ascii: "\n")) else {
                lines.append(Array(data[start...]))
                start = data.count
                continue
            }
            lines.append(Array(data[start..<newline]))
            start = newline + 1
        }
        self.lines = lines
        self.rest = Array(data[start...])
    }

    /// Line `index` decoded as UTF-8 (invalid sequences repaired).
    func text(_ index: Int) -> String {
        String(decoding: lines[index], as: UTF8.self)
    }
}
