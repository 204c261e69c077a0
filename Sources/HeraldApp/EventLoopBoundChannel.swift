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

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}
