import NIOCore

/// Splits a byte stream into newline-delimited requests, emitting every complete line available at once.
///
/// Emitting batches (rather than one line at a time) lets a pipelining producer's requests reach the event log's
/// group commit together. Memory is bounded: a line longer than `maximumLineLength` is discarded as it streams in
/// and reported as ``IngestRequest/tooLarge(byteCount:)``.
public struct LineFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = [IngestRequest]

    private let maximumLineLength: Int
    /// Bytes of an oversized line discarded so far; nil when not discarding.
    private var discarded: Int?

    /// - Parameter maximumLineLength: the largest accepted line, in bytes, excluding the newline.
    public init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var batch: [IngestRequest] = []
        while buffer.readableBytes > 0 {
            let view = buffer.readableBytesView
            guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
                if let already = discarded {
                    discarded = already + buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                } else if buffer.readableBytes > maximumLineLength {
                    discarded = buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                }
                break
            }
            let length = newline - view.startIndex
            if let already = discarded {
                batch.append(.tooLarge(byteCount: already + length))
                discarded = nil
            } else if length > maximumLineLength {
                batch.append(.tooLarge(byteCount: length))
            } else {
                var bytes = buffer.getBytes(at: buffer.readerIndex, length: length) ?? []
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                if !bytes.isEmpty { batch.append(.line(bytes)) }
            }
            buffer.moveReaderIndex(forwardBy: length + 1)
        }
        if !batch.isEmpty {
            context.fireChannelRead(wrapInboundOut(batch))
        }
        return .needMoreData
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A final line without a newline is still a request.
        _ = try decode(context: context, buffer: &buffer)
        if buffer.readableBytes > 0 {
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            if discarded != nil {
                context.fireChannelRead(wrapInboundOut([.tooLarge(byteCount: (discarded ?? 0) + bytes.count)]))
                discarded = nil
            } else if !bytes.isEmpty {
                context.fireChannelRead(wrapInboundOut([.line(bytes)]))
            }
        } else if let already = discarded, already > 0 {
            context.fireChannelRead(wrapInboundOut([.tooLarge(byteCount: already)]))
            discarded = nil
        }
        return .needMoreData
    }
}
