import Foundation
import HeraldLedger
import Synchronization

/// Prints the demo's output: headings, numbered steps and verbatim blocks.
final class DemoPrinter: Sendable {
    private let started = ContinuousClock.now
    private let steps = Atomic<Int>(0)

    func heading(_ text: String) {
        print("\n== \(text)")
    }

    func step(_ text: String) {
        let number = steps.add(1, ordering: .relaxed).newValue
        let elapsed = ContinuousClock.now - started
        let millis = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        print(String(format: "%2d. [+%5.2fs] ", number, Double(millis) / 1000) + text)
    }

    func note(_ text: String) { print(text) }

    func block(_ text: String) { print(text, terminator: text.hasSuffix("\n") ? "" : "\n") }
}

/// The ledger timeline the demo prints: events, each send attempt and each receipt, with times relative to the first.
enum DemoTimeline {
    static let sql = """
        WITH t(time_ms, kind, what, who, status) AS (
          SELECT time_ms, 'event', source || ' / ' || detail_type, COALESCE('incident ' || correlation_id, ''), 'put' FROM events
          UNION ALL
          SELECT time_ms, 'send', rule || ' → ' || target, COALESCE(recipient, ''),
                 outcome || COALESCE(' HTTP ' || http_status, '') || COALESCE(' ' || provider || ' ' || provider_message_id, '') FROM attempts
          UNION ALL
          SELECT occurred_at_ms, 'receipt', provider || ' ' || COALESCE(channel, ''), COALESCE(recipient, ''), status FROM receipts
        )
        SELECT printf('+%.3fs', (time_ms - (SELECT MIN(time_ms) FROM t)) / 1000.0) AS at, kind, what, who, status
        FROM t ORDER BY time_ms, kind = 'receipt', kind = 'send'
        """

    static func render(_ result: LedgerResultSet) -> String {
        result.renderTable()
    }
}

/// Waits for conditions and signals, bounded.
enum DemoWait {
    static func until(_ timeout: Duration, _ condition: () -> Bool) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition()
    }
}

/// A one-shot flag set by the server's ready callback.
final class DemoSignal: Sendable {
    private let fired = Atomic<Bool>(false)

    func fire() { fired.store(true, ordering: .relaxed) }

    func wait(timeout: Duration) async -> Bool {
        await DemoWait.until(timeout) { fired.load(ordering: .relaxed) }
    }
}

/// A free TCP port on 127.0.0.1 (the receipts' callback URLs must name Herald's port before it starts).
enum DemoPorts {
    static func free() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard bound else { throw DemoError("no free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
