/// Settings of the EventBridge HTTP API.
public struct APIConfiguration: Sendable, Equatable {
    /// The PutEvents size limit in bytes, computed as EventBridge does (Time counts 14 bytes; Source, DetailType,
    /// Detail and each Resources member count their UTF-8 bytes) over all entries of a request.
    /// Default 1 MiB (EventBridge's limit since January 2026; it was 256 KiB).
    public var maxPutEventsSizeBytes: Int
    /// The largest request body read, in bytes (default 16 MiB); larger bodies are refused with 413.
    public var maxBodyBytes: Int
    /// Access key id → secret access key. Empty: every caller is accepted without signature checks.
    public var credentials: [String: String]
    /// Largest accepted difference between a request's `X-Amz-Date` and the server clock (default 5 minutes).
    public var maxClockSkewSeconds: Int

    /// Creates a configuration; every parameter has a default.
    public init(
        maxPutEventsSizeBytes: Int = 1_048_576, maxBodyBytes: Int = 16 * 1_048_576, credentials: [String: String] = [:],
        maxClockSkewSeconds: Int = 300
    ) {
        self.maxPutEventsSizeBytes = maxPutEventsSizeBytes
        self.maxBodyBytes = maxBodyBytes
        self.credentials = credentials
        self.maxClockSkewSeconds = maxClockSkewSeconds
    }
}
