extension PooledHTTP1Transport {
    /// Transport settings; every parameter has a default.
    public struct Configuration: Sendable, Hashable {
        /// The per-request timeout used when a request has none (EventBridge's 5 seconds); it covers waiting for a
        /// connection, connecting and the exchange.
        public var timeout: Duration
        /// How long opening a TCP connection may take.
        public var connectTimeout: Duration
        /// The most connections open at once to one `host:port`; further requests queue. The default, 256, is four
        /// times a target's default in-flight window (64), so one target whose endpoint hangs cannot take every
        /// connection to a host other targets send to as well (each target's window bounds its own share).
        public var maximumConnectionsPerHost: Int
        /// How many event loops (of the group) carry the connections to one `host:port`: each gets its own pool
        /// with a share of ``maximumConnectionsPerHost``, and requests are spread over them in turn (so first-in
        /// first-out queueing holds per loop). 1 keeps a host on one loop.
        public var eventLoopsPerHost: Int
        /// How long an unused keep-alive connection stays open.
        public var idleTimeout: Duration
        /// How many leading body bytes a response keeps.
        public var bodyExcerptLimit: Int
        /// The most body bytes read before the response is cut short (and its connection closed).
        public var maximumBodyBytes: Int

        /// Creates a configuration.
        public init(
            timeout: Duration = .seconds(5),
            connectTimeout: Duration = .seconds(5),
            maximumConnectionsPerHost: Int = 256,
            eventLoopsPerHost: Int = 1,
            idleTimeout: Duration = .seconds(60),
            bodyExcerptLimit: Int = 1024,
            maximumBodyBytes: Int = 8 << 20
        ) {
            self.timeout = timeout
            self.connectTimeout = connectTimeout
            self.maximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
            self.eventLoopsPerHost = min(max(1, eventLoopsPerHost), self.maximumConnectionsPerHost)
            self.idleTimeout = idleTimeout
            self.bodyExcerptLimit = bodyExcerptLimit
            self.maximumBodyBytes = maximumBodyBytes
        }
    }
}
