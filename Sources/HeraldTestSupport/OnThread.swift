import Foundation

/// Runs the blocking `body` on a new thread of its own and returns its result.
///
/// For a test's blocking waits (a child process, a socket read, a long SQLite query): on a cooperative thread they
/// hold one of Swift's few threads (two on a two-core machine), and every other test running meanwhile stalls.
public func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
