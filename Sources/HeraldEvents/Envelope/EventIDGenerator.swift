import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes event ids: random (version 4) UUIDs in lowercase text, `6a7e8feb-b491-4cf7-a9f1-bf3703467718`, as
/// `UUID().uuidString.lowercased()` writes them.
///
/// Foundation's `UUID()` opens, reads and closes `/dev/urandom` for every id on Linux (three system calls, ~12% of
/// the ingest CPU in a profile); this draws operating-system randomness (`arc4random_buf`, which is `getrandom` on
/// Linux) 4 KiB at a time — one system call per 256 ids — and formats the text without intermediate strings.
/// Thread-safe; share one instance.
public final class EventIDGenerator: Sendable {
    /// Random bytes not handed out yet.
    private struct Pool {
        var bytes = [UInt8](repeating: 0, count: 4096)
        var next = 4096
    }

    private let pool = Mutex(Pool())

    /// Creates a generator.
    public init() {}

    /// A new id.
    public func next() -> String {
        var random = (UInt64(0), UInt64(0))
        pool.withLock { pool in
            if pool.next + 16 > pool.bytes.count {
                Self.fill(&pool.bytes)
                pool.next = 0
            }
            withUnsafeMutableBytes(of: &random) { target in
                pool.bytes.withUnsafeBytes { source in
                    target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[pool.next..<(pool.next + 16)]))
                }
            }
            pool.next += 16
        }
        return withUnsafeMutableBytes(of: &random) { raw in
            raw[6] = raw[6] & 0x0F | 0x40  // version 4
            raw[8] = raw[8] & 0x3F | 0x80  // RFC 4122 variant
            return Self.text(of: UnsafeRawBufferPointer(raw))
        }
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
