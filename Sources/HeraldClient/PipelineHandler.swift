import HeraldIngest
import NIOCore

/// A request handed to the pipeline: the bytes to write and one promise per line they contain.
struct PipelinedWrite {
    var bytes: ByteBuffer
    var promises: [EventLoopPromise<[UInt8]>]
}

/// Matches response lines to requests in order (the server answers each line in order).
///
/// - Important: like every channel handler, it lives on its channel's event loop and is not `Sendable`.
final class PipelineHandler: ChannelDuplexHandler {
    typealias InboundIn = [IngestRequest]
    typealias OutboundIn = PipelinedWrite
    typealias OutboundOut = ByteBuffer

    private var pending: CircularBuffer<EventLoopPromise<[UInt8]>> = []

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        pending.append(contentsOf: request.promises)
        context.write(wrapOutboundOut(request.bytes), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        for frame in unwrapInboundIn(data) {
            guard let promise = pending.popFirst() else { continue }
            switch frame {
            case .line(let bytes): promise.succeed(bytes)
            case .tooLarge: promise.fail(HeraldClientError.responseTooLarge)
            }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(HeraldClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    private func failAll(_ error: any Error) {
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
