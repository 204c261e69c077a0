import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// How many leading readable bytes are known to hold no newline (a line still arriving).
    private var scanned = 0

    /// - Parameter maximumLineLength: the largest accepted line, in bytes, excluding the newline.
    public init(maximumLineLength: Int) {
        self.maximumLineLength = maximumLineLength
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var batch: [IngestRequest] = []
        while buffer.readableBytes > 0 {
            // Bytes before `scanned` were searched already (by an earlier call, for a line still arriving).
            guard let length = newlineOffset(in: buffer) else {
                if let already = discarded {
                    discarded = already + buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                    scanned = 0
                } else if buffer.readableBytes > maximumLineLength + 1 {  // + 1: the line's `\r`, if it has one
                    discarded = buffer.readableBytes
                    buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
                    scanned = 0
                } else {
                    scanned = buffer.readableBytes
                }
                break
            }
            scanned = 0
            if let already = discarded {
                batch.append(.tooLarge(byteCount: already + length))
                discarded = nil
            } else {
                // A trailing `\r` is not part of the line: a line at the limit may end in CRLF. (A refused line's size
                // counts every byte that arrived before its `\n`, as when it is discarded while streaming in.)
                var end = length
                if end > 0, buffer.getInteger(at: buffer.readerIndex + end - 1, as: UInt8.self) == UInt8(ascii: "\r") { end -= 1 }
                if end > maximumLineLength {
                    batch.append(.tooLarge(byteCount: length))
                } else if end > 0, let bytes = buffer.getBytes(at: buffer.readerIndex, length: end) {
                    batch.append(.line(bytes))
                }
            }
            buffer.moveReaderIndex(forwardBy: length + 1)
        }
        if !batch.isEmpty {
            context.fireChannelRead(wrapInboundOut(batch))
        }
        return .needMoreData
    }

    /// The offset of the first newline in `buffer`'s readable bytes (searched with `memchr` from ``scanned``), or nil.
    private func newlineOffset(in buffer: ByteBuffer) -> Int? {
        buffer.withUnsafeReadableBytes { raw -> Int? in
            guard let base = raw.baseAddress, raw.count > scanned else { return nil }
            guard let found = memchr(base + scanned, Int32(UInt8(ascii: "\n")), raw.count - scanned) else { return nil }
            return UnsafeRawPointer(found) - base
        }
    }

    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A final line without a newline is still a request.
        _ = try decode(context: context, buffer: &buffer)
        scanned = 0
        if buffer.readableBytes > 0 {
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            if discarded != nil {
                context.fireChannelRead(wrapInboundOut([.tooLarge(byteCount: (discarded ?? 0) + bytes.count)]))
                discarded = nil
            } else if bytes.count > maximumLineLength {
                // The `+ 1` allowance for a `\r` let one byte more in; without its newline it is still too long.
                context.fireChannelRead(wrapInboundOut([.tooLarge(byteCount: bytes.count)]))
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
