public import HeraldDelivery
public import HeraldEvents

/// Told about every delivery attempt that was sent (successful or not), with the exact request sent and the response — e.g. to record which
/// provider message an event became, so provider receipts can be correlated back to it.
///
/// - Important: called synchronously on the delivery path after the send returned and before the outcome is
///   recorded (once per delivered request, so it is not an `async` call); keep it short and never let it fail the
///   delivery (errors are the observer's to log).
public protocol DeliveryObserver: Sendable {
    /// - Returns: What the observer recognized (provider message id, recipient…), kept in the outcome journal for
    ///   the ledger; `nil` when nothing was recognized.
    func delivered(event: EventEnvelope, target: TargetKey, request: DeliveryRequest, response: DeliveryResponse) -> DeliveryAnnotation?

    /// Told about an attempt that failed (`response` is nil when none came back), with the same constraints.
    /// - Returns: What the request was addressed to (channel, recipient, correlation id), kept in the outcome
    ///   journal so the ledger shows failed pages too; `nil` when nothing was recognized.
    func failed(event: EventEnvelope, target: TargetKey, request: DeliveryRequest, response: DeliveryResponse?) -> DeliveryAnnotation?
}

extension DeliveryObserver {
    public func failed(event: EventEnvelope, target: TargetKey, request: DeliveryRequest, response: DeliveryResponse?) -> DeliveryAnnotation? {
        nil
    }
}
