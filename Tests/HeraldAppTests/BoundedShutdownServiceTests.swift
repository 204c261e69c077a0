import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import HeraldApp

/// A service that ignores graceful shutdown (as an HTTP server waiting on a silent client's half request does) is
/// cancelled once its grace is over; one that stops on its own is not waited for.
@Suite(.timeLimit(.minutes(1))) struct BoundedShutdownServiceTests {
    /// Runs until cancelled, whatever graceful shutdown says; records whether it was cancelled.
    struct Stubborn: Service {
        let cancelled: AsyncStream<Void>.Continuation
        func run() async throws {
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            cancelled.yield()
        }
    }

    /// Stops as soon as graceful shutdown is triggered.
    struct Polite: Service {
        func run() async throws {
            try? await gracefulShutdown()
        }
    }

    /// Ignores graceful shutdown but stops once its connection (`closed`) is closed; records a cancellation.
    final class WaitsOnAConnection: Service, Sendable {
        let closed = Atomic<Bool>(false)
        let cancelled = Atomic<Bool>(false)
        func run() async throws {
            while !closed.load(ordering: .relaxed), !Task.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            if Task.isCancelled { cancelled.store(true, ordering: .relaxed) }
        }
    }

    private static func stopTime(_ service: some Service, grace: Duration, cutOff: @escaping @Sendable () -> Void = {}) async throws -> Duration {
        let group = ServiceGroup(
            configuration: .init(services: [BoundedShutdownService(base: service, grace: grace, cutOff: cutOff)], logger: Logger(label: "test")))
        let clock = ContinuousClock()
        return try await withThrowingTaskGroup(of: Duration.self) { tasks in
            tasks.addTask {
                try await group.run()
                return .zero
            }
            try await Task.sleep(for: .milliseconds(50))
            let start = clock.now
            await group.triggerGracefulShutdown()
            _ = try await tasks.next()
            return start.duration(to: clock.now)
        }
    }

    @Test("a service that ignores graceful shutdown is cancelled after its grace")
    func stubbornIsCancelled() async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self)
        let elapsed = try await Self.stopTime(Stubborn(cancelled: continuation), grace: .milliseconds(300))
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(5), "\(elapsed)")
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() != nil, "the service was not cancelled")
    }

    @Test("after the grace the cut-off runs, and a service it unblocks stops without being cancelled")
    func cutOffEndsItWithoutCancellation() async throws {
        let service = WaitsOnAConnection()
        let elapsed = try await Self.stopTime(service, grace: .milliseconds(300)) { service.closed.store(true, ordering: .relaxed) }
        #expect(elapsed >= .milliseconds(300) && elapsed < .seconds(5), "\(elapsed)")
        let cancelled = service.cancelled.load(ordering: .relaxed)
        #expect(!cancelled, "cancelled although the cut-off ended it")
    }

    @Test("a service that stops on its own is not held for the grace")
    func politeStopsAtOnce() async throws {
        let elapsed = try await Self.stopTime(Polite(), grace: .seconds(30))
        #expect(elapsed < .seconds(5), "\(elapsed)")
    }
}
