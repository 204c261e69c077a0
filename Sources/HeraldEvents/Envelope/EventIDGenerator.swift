import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes event ids: time-ordered (version 7, RFC 9562) UUIDs in lowercase text, `019ab5c1-7e20-7000-9f1c-bf3703467718`.
///
/// EventBridge ids are opaque UUID text; Herald's start with the Unix time in milliseconds (48 bits), then a 12-bit
/// counter that keeps ids made in the same millisecond in order (RFC 9562 §6.2, method 1; when it runs out the
/// timestamp moves on by one), then 62 random bits. Ids made by one generator therefore sort (as text, too) in the
/// order they were made, so the ledger's `event_id` indexes grow at their right edge instead of dirtying a random
/// B-tree page per row.
///
/// Randomness comes from the operating system (`arc4random_buf`, which is `getrandom` on Linux) 4 KiB at a time —
/// one system call per 512 ids — instead of Foundation's `UUID()`, which opens, reads and closes `/dev/urandom` for
/// every id on Linux. The text is formatted without intermediate strings. Thread-safe; share one instance.
public final class EventIDGenerator: Sendable {
    private struct State {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var next = 4096
        /// The timestamp of the last id and its counter.
        var lastMilliseconds: UInt64 = 0
        var counter: UInt64 = 0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> UInt64

    /// Creates a generator reading the wall clock (``UTCTime/now``).
    public convenience init() {
        self.init(millisecondsSinceEpoch: { UInt64(clamping: UTCTime.now.nanosecondsSince1970 / 1_000_000) })
    }

    /// Creates a generator with an injected clock (milliseconds since the Unix epoch).
    public init(millisecondsSinceEpoch: @escaping @Sendable () -> UInt64) {
        now = millisecondsSinceEpoch
    }

    /// A new id, later in order than every id this generator made before.
    public func next() -> String {
        let clock = now()
        var bytes = (UInt64(0), UInt64(0))
        state.withLock { state in
            // Never go back, even if the wall clock does: a counter overflow or a clock step back keeps counting.
            if clock > state.lastMilliseconds {
                state.lastMilliseconds = clock
                state.counter = 0
            } else if state.counter >= 0xFFF {
                state.lastMilliseconds += 1
                state.counter = 0
            } else {
                state.counter += 1
            }
            if state.next + 8 > state.bytes.count {
                Self.fill(&state.bytes)
                state.next = 0
            }
            var random: UInt64 = 0
            withUnsafeMutableBytes(of: &random) { target in
                state.bytes.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[state.next..<(state.next + 8)]))
                }
            }
            state.next += 8
            let high = (state.lastMilliseconds & 0xFFFF_FFFF_FFFF) << 16 | 0x7000 | state.counter
            let low = random & 0x3FFF_FFFF_FFFF_FFFF | 0x8000_0000_0000_0000  // RFC 9562 variant
            bytes = (high.bigEndian, low.bigEndian)
        }
        return withUnsafeBytes(of: &bytes) { Self.text(of: $0) }
    }

    /// The 8-4-4-4-12 lowercase hex text of 16 bytes.
    static func text(of bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 36) { buffer in
            let digits: StaticString = "0123456789abcdef"
            var position = 0
            for index in 0..<16 {
                if index == 4 || index == 6 || index == 8 || index == 10 {
                    buffer[position] = UInt8(ascii: "-")
                    position += 1
                }
                let byte = bytes[index]
                buffer[position] = digits.utf8Start[Int(byte >> 4)]
                buffer[position + 1] = digits.utf8Start[Int(byte & 0x0F)]
                position += 2
            }
            return position
        }
    }

    /// Fills `bytes` with operating-system randomness (`arc4random_buf`: `getrandom` on Linux, glibc ≥ 2.36).
    private static func fill(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            arc4random_buf(base, raw.count)
        }
    }
}
