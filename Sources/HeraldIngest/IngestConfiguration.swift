/// Settings of the Unix-socket ingestion service.
public struct IngestConfiguration: Sendable {
    /// Filesystem path of the socket; an existing stale socket file there is replaced.
    public var socketPath: String
    /// Largest request line accepted, in bytes (excluding the newline). Default: 1 MiB + 64 KiB of envelope slack.
    public var maximumLineLength: Int
    /// File mode applied to the socket right after it is bound. Default 0600 (owner only).
    public var socketMode: UInt32

    public init(socketPath: String, maximumLineLength: Int = 1_114_112, socketMode: UInt32 = 0o600) {
        self.socketPath = socketPath
        self.maximumLineLength = maximumLineLength
        self.socketMode = socketMode
    }
}
