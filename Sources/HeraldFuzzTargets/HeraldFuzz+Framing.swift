import HeraldIngest
import NIOCore
import NIOEmbedded

extension HeraldFuzz {
    /// Framing: byte 0 picks the line limit (1...64, small so oversized lines are common), the rest is the socket
    /// stream. The stream is fed to `LineFrameDecoder` (through NIO's `ByteToMessageHandler` on an
    /// `EmbeddedChannel`) in one write and again cut at random points; both must give the frames of a simple
    /// reference splitter.
    static func checkFraming(_ data: [UInt8]) -> FuzzFinding? {
        func finding(_ invariant: String, _ detail: String) -> FuzzFinding {
            FuzzFinding(target: "framing", invariant: invariant, detail: detail)
        }
        guard let first = data.first else { return nil }
        let limit = 1 + Int(first % 64)
        let stream = Array(data.dropFirst())
        let expected = referenceFrames(stream, limit: limit)
        var random = FuzzRandom(hashing: data)
        var cuts: [[Int]] = [[]]
        for _ in 0..<3 where stream.count > 1 {
            let count = 1 + random.int(min(stream.count - 1, 8))
            cuts.append((0..<count).map { _ in 1 + random.int(stream.count - 1) }.sorted())
        }
        if stream.count <= 256 { cuts.append(Array(stride(from: 1, to: stream.count, by: 1))) }  // one byte at a time
        for points in cuts {
            let frames: [IngestRequest]
            do {
                frames = try decode(stream, cuttingAt: points, limit: limit)
            } catch {
                return finding("decoder-threw", "\(error) limit \(limit)")
            }
            if frames != expected {
                return finding(
                    "frames-differ",
                    "limit \(limit) cuts \(points) stream \(Array(stream.prefix(200))): got \(frames), expected \(expected)")
            }
        }
        return nil
    }

    /// The frames of a stream: newline-terminated lines lose their `\n` and one trailing `\r`; empty lines are
    /// dropped; a line longer than `limit` (after removing `\r`) becomes `tooLarge` with its full length (`\r`
    /// included); a final
    /// unterminated line is kept as it is (its `\r` included), or reported as `tooLarge` when longer than `limit`.
    public static func referenceFrames(_ stream: [UInt8], limit: Int) -> [IngestRequest] {
        var frames: [IngestRequest] = []
        var start = 0
        while let newline = stream[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let raw = Array(stream[start..<newline])
            var line = raw
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            if line.count > limit {
                frames.append(.tooLarge(byteCount: raw.count))
            } else if !line.isEmpty {
                frames.append(.line(line))
            }
            start = newline + 1
        }
        let tail = Array(stream[start...])
        if tail.count > limit {
            frames.append(.tooLarge(byteCount: tail.count))
        } else if !tail.isEmpty {
            frames.append(.line(tail))
        }
        return frames
    }

    private static func decode(_ stream: [UInt8], cuttingAt points: [Int], limit: Int) throws -> [IngestRequest] {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(
            ByteToMessageHandler(LineFrameDecoder(maximumLineLength: limit)))
        var frames: [IngestRequest] = []
        func drain() throws {
            while let batch = try channel.readInbound(as: [IngestRequest].self) {
                frames += batch
            }
        }
        var previous = 0
        for point in points + [stream.count] where point >= previous {
            var buffer = channel.allocator.buffer(capacity: point - previous)
            buffer.writeBytes(stream[previous..<point])
            try channel.writeInbound(buffer)
            try drain()
            previous = point
        }
        _ = try channel.finish()
        try drain()
        return frames
    }
}
