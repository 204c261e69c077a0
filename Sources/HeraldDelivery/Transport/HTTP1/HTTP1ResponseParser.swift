import NIOCore

/// Reads HTTP/1.x responses (RFC 9112) from a ``PooledHTTP1Transport`` connection's bytes, one response per request
/// written, as ``Part``s: the head, slices of the body, the end.
///
/// It replaces NIO's `HTTPResponseDecoder` on that hot path (one per delivery): the decoder's generic pipeline
/// machinery cost more than the whole parse here, and it needed a placeholder request head written through the
/// pipeline for every request. Its behaviour follows RFC 9112's message-body rules, as NIO's does:
/// - no body after a `HEAD` request, nor in `1xx`, `204` and `304` responses; `1xx` heads other than `101` are skipped
///   (the final head follows); `101` is an error (Herald never asks to switch protocols);
/// - `Transfer-Encoding` ending in `chunked`: chunked (extensions ignored, trailers read and dropped); any other
///   `Transfer-Encoding`: the body runs until the server closes; either way `Content-Length` is ignored and the
///   connection is not reused;
/// - else `Content-Length` (one value of digits; anything else, a repeated one included, is an error);
/// - else the body runs until the server closes (``finishAtClose()``);
/// - keep-alive: HTTP/1.1 unless `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
///
/// Lines may end in CRLF or a bare LF (RFC 9112 §2.2 allows it; NIO's decoder refuses a bare LF); obsolete line
/// folding in a header value becomes one space; whitespace around a value is not part of it (RFC 9110 §5.5; NIO's
/// decoder keeps trailing whitespace). Heads (and a
/// chunked body's trailers) are limited to ``maximumHeadBytes``, chunk-size lines to ``maximumLineBytes``.
struct HTTP1ResponseParser {
    /// A parsed response head.
    struct Head: Sendable {
        var status: Int
        var headers: [HTTPFields.Field]
        /// Whether the connection may carry another request after this response.
        var keepAlive: Bool
    }

    /// A piece of a response, in order: one head, body slices, one end.
    enum Part {
        case head(Head)
        case body(ByteBuffer)
        case end
    }

    /// Why the bytes are not a valid response (or arrived when none was expected).
    struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        let description: String
    }

    /// The largest head (status line and headers), and the largest trailer section.
    static let maximumHeadBytes = 80 << 10
    /// The largest chunk-size line.
    static let maximumLineBytes = 4 << 10

    private enum State {
        /// No response expected: bytes now are an error.
        case idle
        /// Reading a head.
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        /// The line break after a chunk's data.
        case chunkDataEnd
        case trailers
        case bodyUntilClose
        /// The response is complete: ``Part/end`` is next.
        case complete
    }

    private var state = State.idle
    private var isHeadRequest = false
    /// A head or line split over reads, collected until it is complete.
    private var pending: ByteBuffer?
    /// Where the search for the end of a split head resumes in `pending`.
    private var searchFrom = 0
    /// Bytes of the trailer section so far.
    private var trailerBytes = 0
    /// Whether any byte of the expected response has arrived.
    private(set) var hasResponseBytes = false

    /// Whether the current response's body ends when the server closes the connection.
    var endsAtClose: Bool {
        if case .bodyUntilClose = state { return true }
        return false
    }

    /// A request was written: the next bytes are its response (`isHeadRequest`: a response with no body).
    mutating func expectResponse(isHeadRequest: Bool) {
        state = .head
        self.isHeadRequest = isHeadRequest
        pending = nil
        searchFrom = 0
        hasResponseBytes = false
    }

    /// The server closed the connection: the end of a body that runs until then, or nil when the response is
    /// incomplete (or none was expected).
    mutating func finishAtClose() -> Part? {
        guard endsAtClose else { return nil }
        state = .idle
        return .end
    }

    /// The next part found in `buffer` (consuming what it read), or nil when more bytes are needed.
    mutating func next(_ buffer: inout ByteBuffer) throws(ParseError) -> Part? {
        while true {
            if buffer.readableBytes > 0 { hasResponseBytes = hasResponseBytes || !isIdle }
            switch state {
            case .idle:
                guard buffer.readableBytes == 0 else { throw ParseError(description: "response bytes with no request outstanding") }
                return nil
            case .head:
                guard let head = try readBlock(&buffer, limit: Self.maximumHeadBytes, what: "response head") else { return nil }
                guard let parsed = try head.withUnsafeReadableBytes({ bytes throws(ParseError) in try parseHead(bytes) }) else {
                    continue  // informational (1xx): the final head follows
                }
                return .head(parsed)
            case .complete:
                state = .idle
                return .end
            case .fixedBody(let remaining):
                guard let (slice, left) = Self.readBody(&buffer, upTo: remaining) else { return nil }
                state = left == 0 ? .complete : .fixedBody(remaining: left)
                return .body(slice)
            case .bodyUntilClose:
                guard buffer.readableBytes > 0 else { return nil }
                return .body(buffer.readSlice(length: buffer.readableBytes)!)
            case .chunkSize:
                guard let line = try readLine(&buffer, what: "chunk size line") else { return nil }
                let size = try line.withUnsafeReadableBytes { bytes throws(ParseError) in try Self.chunkSize(bytes) }
                if size == 0 {
                    state = .trailers
                    trailerBytes = 0
                } else {
                    state = .chunkData(remaining: size)
                }
            case .chunkData(let remaining):
                guard let (slice, left) = Self.readBody(&buffer, upTo: remaining) else { return nil }
                state = left == 0 ? .chunkDataEnd : .chunkData(remaining: left)
                return .body(slice)
            case .chunkDataEnd:
                guard let line = try readLine(&buffer, what: "chunk end") else { return nil }
                guard line.readableBytes == 0 else { throw ParseError(description: "chunk data longer than its size") }
                state = .chunkSize
            case .trailers:
                guard let line = try readLine(&buffer, what: "trailer line") else { return nil }
                if line.readableBytes == 0 {
                    state = .complete
                    continue
                }
                trailerBytes += line.readableBytes + 2
                guard trailerBytes <= Self.maximumHeadBytes else { throw ParseError(description: "trailers longer than \(Self.maximumHeadBytes) bytes") }
            }
        }
    }

    private var isIdle: Bool {
        if case .idle = state { return true }
        return false
    }

    // MARK: - Framing

    /// Reads a head from its bytes (the final blank line included); nil for an informational head (skipped).
    private mutating func parseHead(_ bytes: UnsafeRawBufferPointer) throws(ParseError) -> Head? {
        var lines = LineIterator(bytes)
        guard let statusLine = lines.next() else { throw ParseError(description: "empty response head") }
        let (minorVersion, status) = try Self.statusLine(statusLine)
        var headers: [HTTPFields.Field] = []
        headers.reserveCapacity(8)
        while let line = lines.next(), !line.isEmpty {
            if line[0] == 0x20 || line[0] == 0x09 {
                // Obsolete line folding (RFC 9112 §5.2): the continuation joins the previous value after one space.
                guard !headers.isEmpty else { throw ParseError(description: "a folded line before any header") }
                let more = String(decoding: Self.trimmed(line), as: UTF8.self)
                if !more.isEmpty { headers[headers.count - 1].value += " " + more }
                continue
            }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
                throw ParseError(description: "a header line without a name and colon")
            }
            let name = UnsafeRawBufferPointer(rebasing: line[..<colon])
            guard name.allSatisfy(HTTP1Syntax.isTokenByte) else { throw ParseError(description: "an invalid header name") }
            let value = Self.trimmed(UnsafeRawBufferPointer(rebasing: line[(colon + 1)...]))
            guard !value.contains(where: { $0 == 0 || $0 == 0x0D }) else { throw ParseError(description: "a control character in a header value") }
            headers.append(HTTPFields.Field(name: String(decoding: name, as: UTF8.self), value: String(decoding: value, as: UTF8.self)))
        }
        var close = false, keepAliveToken = false, hasTransferEncoding = false, chunked = false
        var contentLength: Int?
        for field in headers {
            if HTTPFields.namesMatch(field.name, "content-length") {
                for element in field.value.utf8.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                    let digits = Self.trimmed(element)
                    guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
                        throw ParseError(description: "an invalid Content-Length")
                    }
                    // More than one value is refused, even an equal one (as NIO's decoder does; RFC 9110 §8.6 allows it).
                    guard contentLength == nil else { throw ParseError(description: "more than one Content-Length") }
                    contentLength = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
                }
            } else if HTTPFields.namesMatch(field.name, "transfer-encoding") {
                for coding in Self.tokens(of: field.value) {
                    // Only the last coding decides the framing: chunked last means chunked.
                    hasTransferEncoding = true
                    chunked = HTTPFields.namesMatch(coding, "chunked")
                }
            } else if HTTPFields.namesMatch(field.name, "connection") {
                for token in Self.tokens(of: field.value) {
                    if HTTPFields.namesMatch(token, "close") { close = true }
                    if HTTPFields.namesMatch(token, "keep-alive") { keepAliveToken = true }
                }
            }
        }
        if status < 200 {
            guard status != 101 else { throw ParseError(description: "an unexpected 101 Switching Protocols") }
            state = .head  // informational: skipped
            return nil
        }
        var keepAlive = minorVersion >= 1 ? !close : (keepAliveToken && !close)
        if isHeadRequest || status == 204 || status == 304 {
            state = .complete
        } else if hasTransferEncoding {
            // Content-Length beside Transfer-Encoding is ignored, and such a connection is not trusted again.
            if contentLength != nil { keepAlive = false }
            if chunked {
                state = .chunkSize
            } else {
                keepAlive = false
                state = .bodyUntilClose
            }
        } else if let contentLength {
            state = contentLength == 0 ? .complete : .fixedBody(remaining: contentLength)
        } else {
            keepAlive = false
            state = .bodyUntilClose
        }
        return Head(status: status, headers: headers, keepAlive: keepAlive)
    }

    /// `HTTP/1.<minor> <3 digits>[ <reason>]`.
    private static func statusLine(_ line: UnsafeRawBufferPointer) throws(ParseError) -> (minor: Int, status: Int) {
        let prefix = Array("HTTP/1.".utf8)
        guard line.count >= 12, line.starts(with: prefix),
            (0x30...0x39).contains(line[7]), line[8] == 0x20,
            (0x31...0x39).contains(line[9]), (0x30...0x39).contains(line[10]), (0x30...0x39).contains(line[11]),
            line.count == 12 || line[12] == 0x20
        else { throw ParseError(description: "an invalid status line") }
        let status = Int(line[9] - 0x30) * 100 + Int(line[10] - 0x30) * 10 + Int(line[11] - 0x30)
        return (Int(line[7] - 0x30), status)
    }

    /// The size of a chunk-size line (`hex[;extensions]`).
    private static func chunkSize(_ line: UnsafeRawBufferPointer) throws(ParseError) -> Int {
        var size = 0
        var digits = 0
        var index = 0
        while index < line.count, let value = hexValue(line[index]) {
            guard digits < 15 else { throw ParseError(description: "a chunk size too large") }
            size = size * 16 + value
            digits += 1
            index += 1
        }
        guard digits > 0 else { throw ParseError(description: "an invalid chunk size") }
        while index < line.count, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        guard index == line.count || line[index] == UInt8(ascii: ";") else { throw ParseError(description: "an invalid chunk size") }
        return size
    }

    /// Up to `remaining` body bytes from `buffer` (a slice, no copy) and how many are still to come; nil when
    /// `buffer` is empty.
    private static func readBody(_ buffer: inout ByteBuffer, upTo remaining: Int) -> (ByteBuffer, left: Int)? {
        guard buffer.readableBytes > 0 else { return nil }
        let count = min(remaining, buffer.readableBytes)
        return (buffer.readSlice(length: count)!, remaining - count)
    }

    // MARK: - Lines

    /// Reads up to and including the first blank line (the end of a head), or nil when it has not arrived.
    private mutating func readBlock(_ buffer: inout ByteBuffer, limit: Int, what: String) throws(ParseError) -> ByteBuffer? {
        guard buffer.readableBytes > 0 else { return nil }
        if pending == nil {
            // Usually the whole head is in this read: found in place, no copy.
            let end = buffer.withUnsafeReadableBytes { Self.blankLineEnd(in: $0, from: 0) }
            if let end {
                guard end <= limit else { throw ParseError(description: "\(what) longer than \(limit) bytes") }
                return buffer.readSlice(length: end)
            }
            guard buffer.readableBytes <= limit else { throw ParseError(description: "\(what) longer than \(limit) bytes") }
            searchFrom = 0
            pending = buffer.readSlice(length: buffer.readableBytes)
            return nil
        }
        pending!.writeBuffer(&buffer)
        let end = pending!.withUnsafeReadableBytes { Self.blankLineEnd(in: $0, from: searchFrom) }
        guard let end else {
            guard pending!.readableBytes <= limit else { throw ParseError(description: "\(what) longer than \(limit) bytes") }
            searchFrom = max(0, pending!.readableBytes - 3)
            return nil
        }
        guard end <= limit else { throw ParseError(description: "\(what) longer than \(limit) bytes") }
        // Bytes past the head go back to the caller's buffer (the start of the body).
        var block = pending!
        pending = nil
        let head = block.readSlice(length: end)!
        if block.readableBytes > 0 {
            block.writeBuffer(&buffer)
            buffer = block
        }
        return head
    }

    /// Reads one line (without its line break), or nil when it has not arrived.
    private mutating func readLine(_ buffer: inout ByteBuffer, what: String) throws(ParseError) -> ByteBuffer? {
        guard buffer.readableBytes > 0 else { return nil }
        let newline = buffer.withUnsafeReadableBytes { $0.firstIndex(of: 0x0A) }
        guard let newline else {
            let total = (pending?.readableBytes ?? 0) + buffer.readableBytes
            guard total <= Self.maximumLineBytes else { throw ParseError(description: "\(what) longer than \(Self.maximumLineBytes) bytes") }
            if pending == nil {
                pending = buffer.readSlice(length: buffer.readableBytes)
            } else {
                pending!.writeBuffer(&buffer)
            }
            return nil
        }
        var line = buffer.readSlice(length: newline)!
        buffer.moveReaderIndex(forwardBy: 1)
        if var start = pending {
            pending = nil
            start.writeBuffer(&line)
            line = start
        }
        guard line.readableBytes <= Self.maximumLineBytes else { throw ParseError(description: "\(what) longer than \(Self.maximumLineBytes) bytes") }
        if line.readableBytes > 0, line.getInteger(at: line.writerIndex - 1, as: UInt8.self) == 0x0D {
            line.moveWriterIndex(to: line.writerIndex - 1)
        }
        return line
    }

    /// The offset just past the first blank line (`LF LF` or `LF CR LF`) at or after `from`.
    private static func blankLineEnd(in bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        var index = from
        while index < bytes.count {
            guard let newline = bytes[index...].firstIndex(of: 0x0A) else { return nil }
            if newline + 1 < bytes.count, bytes[newline + 1] == 0x0A { return newline + 2 }
            if newline + 2 < bytes.count, bytes[newline + 1] == 0x0D, bytes[newline + 2] == 0x0A { return newline + 3 }
            if newline + 2 >= bytes.count { return nil }
            index = newline + 1
        }
        return nil
    }

    /// The lines of a head, without their line breaks.
    private struct LineIterator {
        let bytes: UnsafeRawBufferPointer
        var index = 0

        init(_ bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        mutating func next() -> UnsafeRawBufferPointer? {
            guard index < bytes.count else { return nil }
            let end = bytes[index...].firstIndex(of: 0x0A) ?? bytes.count
            var lineEnd = end
            if lineEnd > index, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = UnsafeRawBufferPointer(rebasing: bytes[index..<lineEnd])
            index = end + 1
            return line
        }
    }

    // MARK: - Bytes

    private static func trimmed<Bytes: BidirectionalCollection>(_ bytes: Bytes) -> Bytes.SubSequence where Bytes.Element == UInt8 {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while start < end, bytes[bytes.index(before: end)] == 0x20 || bytes[bytes.index(before: end)] == 0x09 { end = bytes.index(before: end) }
        return bytes[start..<end]
    }

    /// The non-empty elements of a comma-separated header value, without surrounding whitespace.
    private static func tokens(of value: String) -> [String] {
        value.utf8.split(separator: UInt8(ascii: ",")).compactMap { element in
            let token = trimmed(element)
            return token.isEmpty ? nil : String(decoding: token, as: UTF8.self)
        }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: return Int(byte - 0x30)
        case 0x61...0x66: return Int(byte - 0x61 + 10)
        case 0x41...0x46: return Int(byte - 0x41 + 10)
        default: return nil
        }
    }
}
