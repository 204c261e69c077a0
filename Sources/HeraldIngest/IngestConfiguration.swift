/// Settings of the Unix-socket ingestion service.
public struct IngestConfiguration: Sendable {
    /// Filesystem path of the socket; an existing stale socket file there is replaced.
    public var socketPath: String
    /// Largest request line accepted, in bytes (excluding the newline). Default: 1 MiB + 64 KiB of envelope slack.
    public var maximumLineLength: Int
    /// File mode applied to the socket right after it is bound. Default 0600 (owner only).
    public var socketMode: UInt32
    /// Bytes of answers a connection may leave unread before Herald stops reading its requests (backpressure):
    /// the memory a producer that never reads can make Herald hold. Default 4 MiB, some 80,000 answers, so a
    /// producer that writes a large batch before reading any answer still gets through.
    public var maximumUnreadAnswerBytes: Int

    public init(
        socketPath: String, maximumLineLength: Int = 1_114_112, socketMode: UInt32 = 0o600, maximumUnreadAnswerBytes: Int = 4 << 20
    ) {
        self.socketPath = socketPath
        self.maximumLineLength = maximumLineLength
        self.socketMode = socketMode
        self.maximumUnreadAnswerBytes = maximumUnreadAnswerBytes
    }
}
