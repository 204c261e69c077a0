import HeraldIngest
import HummingbirdCore
import Logging
import NIOCore

/// Serves each HTTP connection with its handler task preferring the connection's own event loop as its executor
/// (``EventLoopTaskExecutor``), instead of Swift's cooperative pool.
///
/// Hummingbird starts one task per connection; by default that task runs on the global pool, so every request
/// crosses threads twice (the loop hands the parsed request to the pool, the pool hands the response back) and a
/// durable `PutEvents` a third time (the commit thread resumes it on the pool). Pinned, the loop parses, handles and
/// answers, and the commit thread resumes the handler on the loop.
struct EventLoopBoundChannel<Inner: ServerChildChannel>: ServerChildChannel {
    /// Hummingbird's own channel set-up and request loop.
    let inner: Inner
    /// When set, an ``HTTPRequestGuard`` with this body limit is added after Hummingbird's HTTP/1 set-up.
    var guardingBodiesUpTo: Int? = nil
    /// When set, every connection is kept here while it is open (so a bounded shutdown can close them).
    var connections: ChannelRegistry? = nil

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        connections?.add(channel)
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            if let limit = guardingBodiesUpTo { try HTTPRequestGuard.add(to: channel, maximumBodyBytes: limit) }
            return value
        }
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}
