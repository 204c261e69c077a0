// herald-storage-crash-child: a victim process for the storage crash test.
//
// Usage: herald-storage-crash-child <data-directory> [appenders]
//
// Opens a HeraldStore and, until killed, runs `appenders` concurrent append loops (single appends and
// 10-event batches, self-checksummed payloads) plus one consumer-state loop. Every line is printed and
// flushed only AFTER the commit it reports has returned:
//   A <sequence> <fnv1a64-of-payload-hex>     an appended event
//   R <sequence>                              cursor advanced past <sequence> + retry scheduled for it
//   D <sequence>                              that retry moved to the dead-letter queue
// The crash test SIGKILLs this process at random moments and checks every reported state after reopening.
import Foundation
import HeraldStorage
import Synchronization

/// FNV-1a 64-bit hash.
func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
        hash ^= UInt64(byte)
        hash = hash &* 0x100_0000_01b3
    }
    return hash
}

/// A payload whose last 8 bytes are the FNV-1a of the rest (big-endian), so corruption is detectable.
func checkedPayload(seed: UInt64) -> [UInt8] {
    var state = seed | 1
    let size = 16 + Int(seed % 2000)
    var bytes = [UInt8](repeating: 0, count: size)
    for index in bytes.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[index] = UInt8(truncatingIfNeeded: state)
    }
    bytes.append(contentsOf: BigEndian.bytes(fnv1a(bytes)))
    return bytes
}

/// Writes all of `text` to a file descriptor with write(2) (unbuffered: it is out once this returns).
func writeAll(_ text: String, to descriptor: Int32) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { buffer -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return Glibc.write(descriptor, base + offset, buffer.count - offset)
        }
        if written <= 0 { return }
        offset += written
    }
}

/// Writes whole lines onto stdout, one write(2) per line, serialised so lines never interleave.
final class LineWriter: Sendable {
    private let lock = Mutex(())

    func write(_ line: String) {
        lock.withLock { _ in writeAll(line + "\n", to: 1) }
    }
}

/// Reports a fatal error on stderr and exits.
func fail(_ message: String) -> Never {
    writeAll(message + "\n", to: 2)
    exit(1)
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    writeAll("usage: herald-storage-crash-child <data-directory> [appenders]\n", to: 2)
    exit(2)
}
let appenders = arguments.count >= 3 ? Int(arguments[2]) ?? 8 : 8
let output = LineWriter()
let store: HeraldStore
do {
    store = try HeraldStore(directory: arguments[1])
} catch {
    fail("open failed: \(error)")
}

await withTaskGroup(of: Void.self) { group in
    for appender in 0..<appenders {
        group.addTask {
            var counter: UInt64 = 0
            while true {
                counter += 1
                let seed = UInt64(appender) << 48 | counter | UInt64(getpid()) << 32
                do {
                    if counter % 5 == 0 {
                        let batch = (0..<10).map { checkedPayload(seed: seed &+ UInt64($0) &* 7919) }
                        let sequences = try await store.log.append(batch: batch)
                        for (sequence, payload) in zip(sequences, batch) {
                            output.write("A \(sequence) \(String(fnv1a(payload), radix: 16))")
                        }
                    } else {
                        let payload = checkedPayload(seed: seed)
                        let sequence = try await store.log.append(payload)
                        output.write("A \(sequence) \(String(fnv1a(payload), radix: 16))")
                    }
                } catch {
                    fail("append failed: \(error)")
                }
            }
        }
    }
    group.addTask {
        do {
            let consumer = try await store.consumers.register("crash-consumer", initialCursor: 1)
            var next = consumer.cursor
            while true {
                if store.log.lastSequence < next { _ = await store.log.waitForAppend(after: next - 1) }
                let failure = FailureAttempt(time: 1, statusCode: 503, error: "unavailable", latencyMicroseconds: 10, responseExcerpt: [1, 2, 3])
                try await store.consumers.apply(
                    [.retry(sequence: next, attempt: failure, dueTime: next), .advanceCursor(to: next + 1)], for: consumer.id)
                output.write("R \(next)")
                let final = FailureAttempt(time: 2, statusCode: 500, error: "gave up")
                try await store.consumers.apply(
                    [.deadLetter(sequence: next, attempt: final, reason: .maximumRetryAttemptsExceeded)], for: consumer.id)
                output.write("D \(next)")
                next += 1
            }
        } catch {
            fail("consumer loop failed: \(error)")
        }
    }
}
