/// Sends one request and reports what happened; implementations never throw; a failure to get a
/// response is a ``TransportError``.
///
/// Implementations must always consume (or drop) the response body so connections can be reused, and
/// must honour ``DeliveryRequest/timeout`` (or their own default).
public protocol DeliveryTransport: Sendable {
    /// Sends `request` and returns the response or why there was none.
    func send(_ request: DeliveryRequest) async -> Result<DeliveryResponse, TransportError>
}
