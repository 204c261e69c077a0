import HeraldChannels
import NIOCore
import NIOHTTP1

/// Collects one HTTP/1.1 request at a time, asks the responder for the answer and writes it back.
/// Keep-alive is honoured; bodies above `maximumBodyBytes` get `413` and the connection is closed.
final class FakeHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: @Sendable (FakeHTTPRequest) -> FakeHTTPResponse
    private let maximumBodyBytes: Int
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    /// Creates a handler answering through `responder`.
    init(maximumBodyBytes: Int, responder: @escaping @Sendable (FakeHTTPRequest) -> FakeHTTPResponse) {
        self.maximumBodyBytes = maximumBodyBytes
        self.responder = responder
    }

    /// Accumulates request parts and answers on `.end`.
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
            tooLarge = false
        case .body(var buffer):
            guard !tooLarge else { return }
            if body.count + buffer.readableBytes > maximumBodyBytes {
                tooLarge = true
                body = []
            } else if let bytes = buffer.readBytes(length: buffer.readableBytes) {
                body += bytes
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let response: FakeHTTPResponse
            if tooLarge {
                response = .text(413, "request body too large")
            } else {
                let headers = ChannelHeaders(requestHead.headers.map { ($0.name, $0.value) })
                response = responder(
                    FakeHTTPRequest(method: requestHead.method.rawValue, uri: requestHead.uri, headers: headers, body: body))
            }
            write(response, keepAlive: requestHead.isKeepAlive && !tooLarge, version: requestHead.version, context: context)
            body = []
        }
    }

    private func write(_ response: FakeHTTPResponse, keepAlive: Bool, version: HTTPVersion, context: ChannelHandlerContext) {
        var headers = HTTPHeaders(response.headers.fields.map { ($0.name, $0.value) })
        headers.replaceOrAdd(name: "Content-Length", value: String(response.body.count))
        headers.replaceOrAdd(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(version: version, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !response.body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: response.body)))), promise: nil)
        }
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }

    /// Closes a connection that sent malformed HTTP.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Malformed HTTP from a client: drop that connection only; the server keeps serving.
        context.close(promise: nil)
    }
}
