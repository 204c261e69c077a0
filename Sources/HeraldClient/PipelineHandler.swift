import HeraldIngest
import NIOCore

import Synchronization

/// A request handed to the pipeline: the bytes to write and one promise per line they contain.
struct PipelinedWrite {
    var bytes: ByteBuffer
    var promises: [EventLoopPromise<[UInt8]>]
    /// Set by the handler once it owns the promises; if it never does (the channel closed first), the sender
    /// must fail them, or they would leak.
    let handedOver: HandOver
}

/// Records whether the pipeline took ownership of a write's promises.
final class HandOver: Sendable {
    private let taken = Atomic<Bool>(false)
    func take() { taken.store(true, ordering: .releasing) }
    var isTaken: Bool { taken.load(ordering: .acquiring) }
}

/// Matches response lines to requests in order (the server answers each line in order).
///
/// - Important: like every channel handler, it lives on its channel's event loop and is not `Sendable`.
final class PipelineHandler: ChannelDuplexHandler {
    typealias InboundIn = [IngestRequest]
    typealias OutboundIn = PipelinedWrite
    typealias OutboundOut = ByteBuffer

    private var pending: CircularBuffer<EventLoopPromise<[UInt8]>> = []
    private var closed = false

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        request.handedOver.take()
        guard !closed, context.channel.isActive else {
            for pending in request.promises { pending.fail(HeraldClientError.connectionClosed) }
            promise?.fail(HeraldClientError.connectionClosed)
            return
        }
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
        closed = true
        failAll(HeraldClientError.connectionClosed)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        closed = true
        failAll(error)
        context.close(promise: nil)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed = true
        failAll(HeraldClientError.connectionClosed)
    }

    private func failAll(_ error: any Error) {
        while let promise = pending.popFirst() { promise.fail(error) }
    }
}
