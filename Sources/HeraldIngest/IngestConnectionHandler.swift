import NIOCore

/// Serves one producer connection on its event loop: hands each batch of framed requests to the ``IngestHandler``
/// and writes the answers back in request order, with one flush per batch.
///
/// No task sits between the socket and the log: the handler's completion (on the log writer's thread, right after
/// the commit) hops once to this connection's event loop, which writes the acks. A pipelining producer may have
/// several batches in flight; answers are written strictly in arrival order even if a batch with only invalid lines
/// is answered before an earlier one is durable. Reading pauses while `maximumPendingRequests` requests await their
/// answers, or while the answers already written wait in the channel because the producer does not read them (the
/// channel is not writable): both bound the memory a connection holds (backpressure); it resumes as they drain.
///
/// When the producer half-closes its side (or the service stops reading at shutdown), every request already read is
/// still answered, then the connection is closed once the last answer has been handed to the socket.
final class IngestConnectionHandler: ChannelDuplexHandler {
    typealias InboundIn = [IngestRequest]
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let handler: any IngestHandler
    private let maximumPendingRequests: Int
    /// Batches are numbered in arrival order; `nextToAnswer` is the oldest one not written yet.
    private var nextBatch = 0
    private var nextToAnswer = 0
    /// Answers that arrived before an earlier batch's.
    private var answered: [Int: [[UInt8]]] = [:]
    private var pendingRequests = 0
    /// Set once the producer has had more than one request in flight: it does not wait for each answer (see
    /// ``IngestHandler/handle(_:producerPipelines:completion:)``). It stays set for the connection's life.
    private var producerPipelines = false
    private var readHeld = false
    private var inputClosed = false
    private var active = true
    /// Completes when the last answer written so far has left for the socket; the close waits for it (a close fails
    /// writes still queued).
    private var lastWrite: EventLoopFuture<Void>?

    init(handler: any IngestHandler, maximumPendingRequests: Int = 4096) {
        self.handler = handler
        self.maximumPendingRequests = maximumPendingRequests
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let requests = unwrapInboundIn(data)
        guard !requests.isEmpty else { return }
        let batch = nextBatch
        nextBatch += 1
        if pendingRequests > 0 || requests.count > 1 { producerPipelines = true }
        pendingRequests += requests.count
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        handler.handle(requests, producerPipelines: producerPipelines) { responses in
            if loop.inEventLoop {
                bound.value.0.answer(batch, with: responses, context: bound.value.1)
            } else {
                loop.execute { bound.value.0.answer(batch, with: responses, context: bound.value.1) }
            }
        }
    }

    /// Writes every answer that is next in order, then resumes reading or closes as due.
    private func answer(_ batch: Int, with responses: [[UInt8]], context: ChannelHandlerContext) {
        guard active else { return }  // the producer is gone; its events are stored all the same
        answered[batch] = responses
        var out: ByteBuffer?
        while let lines = answered.removeValue(forKey: nextToAnswer) {
            nextToAnswer += 1
            pendingRequests -= lines.count
            if out == nil { out = context.channel.allocator.buffer(capacity: lines.reduce(0) { $0 + $1.count + 1 }) }
            for line in lines {
                out!.writeBytes(line)
                out!.writeInteger(UInt8(ascii: "\n"))
            }
        }
        guard let out else { return }
        lastWrite = context.writeAndFlush(wrapOutboundOut(out))
        resumeReadingIfDue(context: context)
        closeIfDone(context: context)
    }

    func read(context: ChannelHandlerContext) {
        if pendingRequests >= maximumPendingRequests || !context.channel.isWritable {
            readHeld = true
        } else {
            context.read()
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        resumeReadingIfDue(context: context)
        context.fireChannelWritabilityChanged()
    }

    private func resumeReadingIfDue(context: ChannelHandlerContext) {
        if readHeld, pendingRequests < maximumPendingRequests, context.channel.isWritable {
            readHeld = false
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed {
            inputClosed = true
            closeIfDone(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        active = false
        answered.removeAll()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func closeIfDone(context: ChannelHandlerContext) {
        guard inputClosed, nextToAnswer == nextBatch, active else { return }
        active = false
        guard let lastWrite else { return context.close(promise: nil) }
        // Every answer is written; close once the last of them has reached the socket (or failed: the peer is gone).
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        lastWrite.whenComplete { _ in loopBound.value.close(promise: nil) }
    }
}
