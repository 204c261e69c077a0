import HeraldCatalog
import HeraldDelivery
import Synchronization

/// Long-lived delivery resources shared by plans and kept across catalog changes: one authorizing transport per
/// connection (so an OAuth token is fetched once and cached, not once per plan rebuild) and one rate limiter per
/// API destination (`InvocationRateLimitPerSecond` is per destination, whichever targets use it).
final class EngineResources: Sendable {
    let transport: any DeliveryTransport
    private let transports = Mutex<[String: (HeraldDelivery.Connection, any DeliveryTransport)]>([:])
    private let limiters = Mutex<[String: (Double, RateLimiter<ContinuousClock>)]>([:])

    init(transport: any DeliveryTransport) {
        self.transport = transport
    }

    /// The transport that authorizes requests for `connection` (reused while the connection is unchanged).
    func transport(for arn: String, connection: HeraldDelivery.Connection) -> any DeliveryTransport {
        transports.withLock { cache in
            if let (cached, transport) = cache[arn], cached == connection { return transport }
            let transport = AuthorizingTransport(authorization: connection.authorization, transport: self.transport, clock: ContinuousClock())
            cache[arn] = (connection, transport)
            return transport
        }
    }

    /// The rate limiter of destination (or endpoint) `key` (one per key: a changed rate is changed in place).
    func limiter(for key: String, rate: Double) -> RateLimiter<ContinuousClock> {
        limiters.withLock { cache in
            let burst = max(1, (rate / 10).rounded(.down))
            if let (cached, limiter) = cache[key] {
                // A changed rate (UpdateApiDestination) changes the destination's one limiter in place: requests
                // already waiting at the old pace move to the new one instead of draining at the old rate.
                if cached != rate {
                    limiter.update(rate: rate, burst: burst)
                    cache[key] = (rate, limiter)
                }
                return limiter
            }
            let limiter = RateLimiter(rate: rate, burst: burst, clock: ContinuousClock())
            cache[key] = (rate, limiter)
            return limiter
        }
    }
}
