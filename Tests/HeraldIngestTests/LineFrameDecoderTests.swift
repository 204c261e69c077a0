import HeraldIngest
import NIOCore
import NIOEmbedded
import Testing

@Suite("Line framing")
struct LineFrameDecoderTests {
    /// Feeds `input` in chunks of `chunk` bytes and returns every request the decoder emitted, flattened.
    private func decode(_ input: String, limit: Int, chunk: Int) throws -> [IngestRequest] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maximumLineLength: limit)))
        let bytes = Array(input.utf8)
        var index = 0
        while index < bytes.count {
            let end = min(index + chunk, bytes.count)
            try channel.writeInbound(ByteBuffer(bytes: bytes[index..<end]))
            index = end
        }
        var out: [IngestRequest] = []
        while let batch = try channel.readInbound(as: [IngestRequest].self) { out += batch }
        _ = try channel.finish()
        return out
    }

    @Test("splits lines identically whether bytes arrive one at a time or all at once", arguments: [1, 2, 7, 1000])
    func chunking(chunk: Int) throws {
        let requests = try decode("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":3}\n", limit: 64, chunk: chunk)
        #expect(requests == [.line(Array("{\"a\":1}".utf8)), .line(Array("{\"b\":2}".utf8)), .line(Array("{\"c\":3}".utf8))])
    }

    @Test("an oversized line is reported with its size and the next line still decodes", arguments: [1, 5, 1000])
    func oversized(chunk: Int) throws {
        let big = String(repeating: "x", count: 50)
        let requests = try decode("ok\n\(big)\nafter\n", limit: 10, chunk: chunk)
        #expect(requests == [.line(Array("ok".utf8)), .tooLarge(byteCount: 50), .line(Array("after".utf8))])
    }

    @Test("a line exactly at the limit is accepted")
    func atLimit() throws {
        let requests = try decode("0123456789\n", limit: 10, chunk: 3)
        #expect(requests == [.line(Array("0123456789".utf8))])
    }

    @Test("a line at the limit followed by CRLF is accepted: the \\r counts for nothing", arguments: [1, 3, 1000])
    func atLimitWithCRLF(chunk: Int) throws {
        let requests = try decode("0123456789\r\n01234567890\r\nok\n", limit: 10, chunk: chunk)
        #expect(requests.count == 3)
        #expect(requests.first == .line(Array("0123456789".utf8)))
        // One byte over: refused, its size counting every byte before the newline (the \\r too), however it arrived.
        #expect(requests[1] == .tooLarge(byteCount: 12))
        #expect(requests.last == .line(Array("ok".utf8)))
    }

    @Test("several complete lines in one read come out as one batch")
    func batching() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 100)))
        try channel.writeInbound(ByteBuffer(string: "a\nb\nc\npartial"))
        let first = try channel.readInbound(as: [IngestRequest].self)
        #expect(first == [.line([97]), .line([98]), .line([99])])
        #expect(try channel.readInbound(as: [IngestRequest].self) == nil)
        try channel.writeInbound(ByteBuffer(string: "\n"))
        #expect(try channel.readInbound(as: [IngestRequest].self) == [.line(Array("partial".utf8))])
        _ = try channel.finish()
    }
}

@Suite("Line framing of long lines arriving in pieces")
struct LineFrameDecoderResumeTests {
    @Test("a long line split at every possible point decodes the same; CRLF and empty lines too")
    func everySplit() throws {
        let line = String(repeating: "0123456789", count: 30)
        let input = Array("\(line)\r\n\n\(line)\nend\r\n".utf8)
        for split in 1..<input.count {
            let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 400)))
            try channel.writeInbound(ByteBuffer(bytes: input[..<split]))
            try channel.writeInbound(ByteBuffer(bytes: input[split...]))
            var out: [IngestRequest] = []
            while let batch = try channel.readInbound(as: [IngestRequest].self) { out += batch }
            _ = try channel.finish()
            #expect(out == [.line(Array(line.utf8)), .line(Array(line.utf8)), .line(Array("end".utf8))], "split at \(split)")
        }
    }

    @Test("a line growing past the limit across reads is reported once with its full size")
    func growsPastLimit() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(LineFrameDecoder(maximumLineLength: 10)))
        try channel.writeInbound(ByteBuffer(string: "12345"))
        try channel.writeInbound(ByteBuffer(string: "67890"))
        try channel.writeInbound(ByteBuffer(string: "abc"))
        try channel.writeInbound(ByteBuffer(string: "de\nok\n"))
        var out: [IngestRequest] = []
        while let batch = try channel.readInbound(as: [IngestRequest].self) { out += batch }
        _ = try channel.finish()
        #expect(out == [.tooLarge(byteCount: 15), .line(Array("ok".utf8))])
    }
}
