/// How a transport that sends a request a second time by itself (``AuthorizingTransport``'s resend after a 401 and
/// a token refresh) waits for the sender's rate limit first, so that the resend counts against the destination's
/// `InvocationRateLimitPerSecond` like any other request.
///
/// The delivery engine binds ``gate`` (the target's limiter) around each send; it is a task-local value, so it
/// reaches the transport through the call without a parameter on every ``DeliveryTransport``.
public enum ResendPacing {
    /// Awaited before a resend; `nil` when the sender has no limit.
    @TaskLocal public static var gate: (@Sendable () async -> Void)?
}
