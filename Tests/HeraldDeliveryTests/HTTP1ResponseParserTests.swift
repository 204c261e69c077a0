@testable import HeraldDelivery
import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

/// What a parser made of one response.
private struct Parsed: Equatable, CustomStringConvertible {
    var status: Int
    var headers: [String]
    var body: [UInt8]
    var keepAlive: Bool
    var ended: Bool

    var description: String { "\(status) \(headers) body \(body.count) bytes keepAlive \(keepAlive) ended \(ended)" }
}

/// Feeds `pieces` to an ``HTTP1ResponseParser`` expecting one response; `close` then tells it the server closed.
private func parseWithHerald(_ pieces: [[UInt8]], isHeadRequest: Bool = false, close: Bool = true) throws(HTTP1ResponseParser.ParseError) -> Parsed? {
    var parser = HTTP1ResponseParser()
    parser.expectResponse(isHeadRequest: isHeadRequest)
    var result: Parsed?
    func take(_ part: HTTP1ResponseParser.Part) {
        switch part {
        case .head(let head):
            result = Parsed(status: head.status, headers: head.headers.map { "\($0.name): \($0.value)" }, body: [], keepAlive: head.keepAlive, ended: false)
        case .body(let bytes):
            result?.body += Array(bytes.readableBytesView)
        case .end:
            result?.ended = true
        }
    }
    for piece in pieces {
        var buffer = ByteBuffer(bytes: piece)
        while let part = try parser.next(&buffer) { take(part) }
        #expect(buffer.readableBytes == 0)
    }
    if close, result?.ended == false, let end = parser.finishAtClose() { take(end) }
    return result
}

/// Feeds `pieces` to NIO's `HTTPResponseDecoder` (the parser Herald used before) in an embedded channel.
private func parseWithNIO(_ pieces: [[UInt8]], isHeadRequest: Bool = false) throws -> Parsed? {
    let channel = EmbeddedChannel()
    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPResponseDecoder(leftOverBytesStrategy: .dropBytes)))
    try channel.writeOutbound(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: isHeadRequest ? .HEAD : .POST, uri: "/")))
    var result: Parsed?
    func drain() throws {
        while let part = try channel.readInbound(as: HTTPClientResponsePart.self) {
            switch part {
            case .head(let head):
                result = Parsed(status: Int(head.status.code), headers: head.headers.map { "\($0.name): \($0.value)" }, body: [], keepAlive: head.isKeepAlive, ended: false)
            case .body(let bytes):
                result?.body += Array(bytes.readableBytesView)
            case .end:
                result?.ended = true
            }
        }
    }
    for piece in pieces {
        try channel.writeInbound(ByteBuffer(bytes: piece))
        try drain()
    }
    _ = try? channel.finish()
    try drain()
    return result
}

/// `bytes` cut at random points (seeded: the same cuts every run).
private func pieces(of bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
    var generator = SplitMix64(seed: seed)
    var result: [[UInt8]] = []
    var index = 0
    while index < bytes.count {
        let length = Int(generator.next() % 23) + 1
        result.append(Array(bytes[index..<min(bytes.count, index + length)]))
        index += length
    }
    return result
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct HTTP1ResponseParserTests {
    /// Responses both parsers must read the same way (status, headers, body, end), whole, cut at random points and
    /// byte by byte.
    static let agreed: [(name: String, text: String, isHead: Bool)] = [
        ("content-length", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-A: b\r\n\r\nok", false),
        ("no reason phrase", "HTTP/1.1 202\r\nContent-Length: 0\r\n\r\n", false),
        ("empty body", "HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n", false),
        ("spaced value", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-B: \t spaced value\r\n\r\nabc", false),
        ("chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n", false),
        ("chunked with trailers", "HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Trailer: yes\r\nX-More: 1\r\n\r\n", false),
        ("chunked upper-case hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n\r\n1F\r\n0123456789012345678901234567890\r\n0\r\n\r\n", false),
        ("connection close", "HTTP/1.1 503 Busy\r\nRetry-After: 7\r\nConnection: close\r\nContent-Length: 4\r\n\r\nbusy", false),
        ("http/1.0 default close", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", false),
        ("http/1.0 keep-alive", "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok", false),
        ("204 ignores length", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false),
        ("304", "HTTP/1.1 304 Not Modified\r\nETag: x\r\n\r\n", false),
        ("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true),
        ("100 continue first", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 1\r\n\r\nx", false),
        ("103 early hints first", "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\ny", false),
        ("many headers", "HTTP/1.1 429 Too Many\r\n" + (0..<40).map { "X-H\($0): v\($0)\r\n" }.joined() + "Content-Length: 1\r\n\r\nz", false),
        ("utf-8 value", "HTTP/1.1 200 OK\r\nX-Name: café\r\nContent-Length: 0\r\n\r\n", false),
        ("until close", "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\nall of this until the end", false),
        ("large body", "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "0123456789", count: 500), false),
    ]

    @Test(arguments: agreed.indices)
    func readsResponsesAsNIODoes(index: Int) throws {
        let (name, text, isHead) = Self.agreed[index]
        let whole = bytes(text)
        let expected = try parseWithNIO([whole], isHeadRequest: isHead)
        #expect(expected != nil, "NIO read nothing: \(name)")
        for (label, cut) in [("whole", [whole]), ("random", pieces(of: whole, seed: UInt64(index))), ("bytewise", whole.map { [$0] })] {
            var ours = try parseWithHerald(cut, isHeadRequest: isHead)
            var theirs = expected
            // NIO's `isKeepAlive` reads only the version and `Connection`; a body that runs until the close also
            // rules the connection out, which only Herald's parser reports.
            if name == "until close" {
                #expect(ours?.keepAlive == false)
                ours?.keepAlive = true
                theirs?.keepAlive = true
            }
            #expect(ours == theirs, "\(name), \(label)")
        }
    }

    @Test func readsGeneratedResponsesAsNIODoes() throws {
        // 300 responses from a seeded generator (the same every run): versions, statuses, headers, framings and
        // bodies at random, each cut at random points.
        var random = SplitMix64(seed: 0x4845_5241_4C44)
        let statuses = [200, 201, 202, 204, 304, 400, 404, 409, 429, 500, 503]
        let tokenBytes = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!#$%&'*+^`|~".utf8)
        for index in 0..<300 {
            let minor = Int(random.next() % 2)
            let status = statuses[Int(random.next() % UInt64(statuses.count))]
            var head = "HTTP/1.\(minor) \(status) Reason \(index)\r\n"
            for field in 0..<Int(random.next() % 6) {
                let name = "X-" + String(decoding: (0..<Int(random.next() % 8 + 1)).map { _ in tokenBytes[Int(random.next() % UInt64(tokenBytes.count))] }, as: UTF8.self)
                let value = String(decoding: (0..<Int(random.next() % 40)).map { _ in UInt8(0x21 + random.next() % 94) }, as: UTF8.self)
                head += "\(name)\(field): \(value)\r\n"
            }
            if random.next() % 3 == 0 { head += random.next() % 2 == 0 ? "Connection: close\r\n" : "Connection: keep-alive\r\n" }
            let body = (0..<Int(random.next() % 3_000)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            var bytes: [UInt8]
            let noBody = status == 204 || status == 304
            let framing = noBody ? 0 : Int(random.next() % 3)
            switch framing {
            case 0:
                bytes = Array((head + (noBody ? "" : "Content-Length: \(body.count)\r\n") + "\r\n").utf8) + (noBody ? [] : body)
            case 1:
                bytes = Array((head + "Transfer-Encoding: chunked\r\n\r\n").utf8)
                var offset = 0
                while offset < body.count {
                    let size = min(body.count - offset, Int(random.next() % 700) + 1)
                    bytes += Array((String(size, radix: 16) + (random.next() % 4 == 0 ? ";x=y" : "") + "\r\n").utf8)
                    bytes += body[offset..<(offset + size)] + Array("\r\n".utf8)
                    offset += size
                }
                bytes += Array("0\r\n\r\n".utf8)
            default:
                bytes = Array((head + "\r\n").utf8) + body  // until the close
            }
            let cut = pieces(of: bytes, seed: UInt64(index))
            var ours = try parseWithHerald(cut)
            var theirs = try parseWithNIO(cut)
            if framing == 2 {
                #expect(ours?.keepAlive == false)
                ours?.keepAlive = true
                theirs?.keepAlive = true
            }
            #expect(ours == theirs, "response \(index): \(String(decoding: bytes.prefix(200), as: UTF8.self))")
        }
    }

    /// Bytes both parsers refuse.
    static let refused: [(name: String, text: String)] = [
        ("not http", "HTTX/1.1 200 OK\r\n\r\n"),
        ("short status", "HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n"),
        ("letters in status", "HTTP/1.1 2x0 OK\r\nContent-Length: 0\r\n\r\n"),
        ("bad length", "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\nx"),
        ("negative length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"),
        ("repeated equal lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
        ("a list of lengths", "HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok"),
        ("conflicting lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx"),
        ("no colon", "HTTP/1.1 200 OK\r\nNoColonHere\r\nContent-Length: 0\r\n\r\n"),
        ("space before colon", "HTTP/1.1 200 OK\r\nX-A : b\r\nContent-Length: 0\r\n\r\n"),
        ("bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"),
        ("chunk longer than size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"),
    ]

    @Test(arguments: refused.indices)
    func refusesWhatNIORefuses(index: Int) throws {
        let (name, text) = Self.refused[index]
        #expect(throws: (any Error).self, "NIO accepted: \(name)") { _ = try parseWithNIO([bytes(text)]) }
        for cut in [[bytes(text)], bytes(text).map { [$0] }] {
            #expect(throws: HTTP1ResponseParser.ParseError.self, "\(name)") { _ = try parseWithHerald(cut, close: false) }
        }
    }

    @Test func framingAndKeepAlive() throws {
        // Transfer-Encoding other than chunked: the body runs until the close, and the connection is not reused.
        let gzip = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nabc")]))
        #expect(gzip.body == bytes("abc") && gzip.ended && !gzip.keepAlive)
        // Transfer-Encoding wins over Content-Length, and such a connection is not reused.
        let both = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nq\r\n0\r\n\r\n")]))
        #expect(both.body == bytes("q") && both.ended && !both.keepAlive)
        // A chunked HTTP/1.1 response keeps the connection.
        let chunked = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")], close: false))
        #expect(chunked.ended && chunked.keepAlive)
        // Connection: close among other tokens.
        let closing = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\nConnection: upgrade, CLOSE\r\nContent-Length: 0\r\n\r\n")]))
        #expect(!closing.keepAlive)
        // Obsolete line folding becomes one space.
        let folded = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\n\tthree\r\nContent-Length: 0\r\n\r\n")]))
        #expect(folded.headers == ["X-Long: one two three", "Content-Length: 0"])
        // Whitespace around a value is not part of it (RFC 9110 §5.5; NIO's decoder keeps trailing whitespace).
        let spaced = try #require(try parseWithHerald([bytes("HTTP/1.1 429 Slow\r\nRetry-After: 7 \t\r\nContent-Length: 0\r\n\r\n")]))
        #expect(spaced.headers.first == "Retry-After: 7")
        // Bare LF line ends are accepted (RFC 9112 §2.2; NIO's decoder refuses them).
        let bareLF = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\nContent-Length: 3\nX-B: v\n\nabc")], close: false))
        #expect(bareLF.status == 200 && bareLF.headers == ["Content-Length: 3", "X-B: v"] && bareLF.body == bytes("abc") && bareLF.ended)
        // A body that runs until the close is incomplete until then.
        let open = try #require(try parseWithHerald([bytes("HTTP/1.1 200 OK\r\n\r\npartial")], close: false))
        #expect(!open.ended && open.body == bytes("partial"))
    }

    @Test func limitsAndUnsolicitedBytes() {
        let hugeHead = "HTTP/1.1 200 OK\r\n" + String(repeating: "X-Pad: " + String(repeating: "p", count: 1000) + "\r\n", count: 90) + "\r\n"
        #expect(throws: HTTP1ResponseParser.ParseError.self) { _ = try parseWithHerald([bytes(hugeHead)]) }
        #expect(throws: HTTP1ResponseParser.ParseError.self) { _ = try parseWithHerald(pieces(of: bytes(hugeHead), seed: 9)) }
        let longChunkLine = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + String(repeating: "e", count: 5000) + "\r\nx\r\n0\r\n\r\n"
        #expect(throws: HTTP1ResponseParser.ParseError.self) { _ = try parseWithHerald([bytes(longChunkLine)]) }
        #expect(throws: HTTP1ResponseParser.ParseError.self) { _ = try parseWithHerald([bytes("HTTP/1.1 101 Switching Protocols\r\n\r\n")]) }
        // Bytes with no request outstanding, and bytes after a complete response.
        var idle = HTTP1ResponseParser()
        var stray = ByteBuffer(bytes: bytes("HTTP/1.1 200 OK\r\n\r\n"))
        #expect(throws: HTTP1ResponseParser.ParseError.self) { _ = try idle.next(&stray) }
        var parser = HTTP1ResponseParser()
        parser.expectResponse(isHeadRequest: false)
        var twoResponses = ByteBuffer(bytes: bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"))
        #expect(throws: HTTP1ResponseParser.ParseError.self) {
            while try parser.next(&twoResponses) != nil {}
        }
    }

    @Test func oneParserReadsResponseAfterResponse() throws {
        // As on a keep-alive connection: each request's response, each cut differently.
        var parser = HTTP1ResponseParser()
        for round in 0..<50 {
            let body = String(repeating: "b", count: round * 7)
            let text = round % 2 == 0
                ? "HTTP/1.1 200 OK\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\(String(body.utf8.count, radix: 16))\r\n\(body)\r\n0\r\n\r\n"
            parser.expectResponse(isHeadRequest: false)
            var status = 0, received: [UInt8] = [], ended = false
            for piece in pieces(of: bytes(text), seed: UInt64(round)) {
                var buffer = ByteBuffer(bytes: piece)
                while let part = try parser.next(&buffer) {
                    switch part {
                    case .head(let head): status = head.status
                    case .body(let bytes): received += Array(bytes.readableBytesView)
                    case .end: ended = true
                    }
                }
            }
            #expect(status == 200 && ended && received == bytes(body), "round \(round)")
        }
    }
}
