import NIOCore
import NIOHTTP1

/// Sits right after NIO's HTTP/1 request decoder and settles, before Hummingbird sees a request, what Hummingbird
/// leaves to the application:
/// - **`Expect: 100-continue`** (curl sends it for bodies over 1 MiB, so for a full-size `PutEvents`): answered with
///   `100 Continue` when the announced body fits `maximumBodyBytes`; otherwise no 100 is sent and the route answers
///   413 at once. Without it every such client stalled a second (curl's wait) or forever.
/// - **A body announced larger than `maximumBodyBytes`** (`Content-Length`): the request is marked `Connection:
///   close`, so after the route's 413 the connection closes instead of reading (and discarding) the rest.
/// - **HTTP/1.0 without `Connection: keep-alive`**: marked `Connection: close`, so the connection closes after the
///   response as HTTP/1.0 says (it stayed open).
final class HTTPRequestGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let maximumBodyBytes: Int

    init(maximumBodyBytes: Int) {
        self.maximumBodyBytes = maximumBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(var head) = unwrapInboundIn(data) else {
            context.fireChannelRead(data)
            return
        }
        let announced = head.headers.first(name: "content-length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let tooLarge = announced.map { $0 > maximumBodyBytes } ?? false
        var close = tooLarge
        if head.version.major == 1, head.version.minor == 0,
            !head.headers[canonicalForm: "connection"].contains(where: { $0.lowercased() == "keep-alive" })
        {
            close = true
        }
        if close { head.headers.replaceOrAdd(name: "connection", value: "close") }
        if !tooLarge, head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
        }
        head.headers.remove(name: "expect")
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }

    /// Adds the guard to a channel that Hummingbird's HTTP/1 set-up has configured: right after its request decoder.
    static func add(to channel: any Channel, maximumBodyBytes: Int) throws {
        let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
        try channel.pipeline.syncOperations.addHandler(HTTPRequestGuard(maximumBodyBytes: maximumBodyBytes), position: .after(decoder))
    }
}
