import HeraldChannels
import HeraldDelivery
import HeraldEngine
import HeraldEvents
import HeraldReceipts
import Logging

/// Records a dispatch record when a delivery reached a known provider (Twilio, Resend…), so its receipts can be
/// correlated with the originating event, rule and target.
struct DispatchRecorder: DeliveryObserver {
    let store: DispatchRecordStore
    let logger: Logger
    private let recognizer: ProviderSendRecognizer

    /// Creates a recorder.
    /// - Parameters:
    ///   - store: Where dispatch records go.
    ///   - logger: Logs records that could not be written.
    ///   - twilioCorrelationParameter: The `StatusCallback` parameter carrying the correlation id.
    ///   - resendCorrelationTags: Resend tag names carrying the correlation id, in order.
    init(
        store: DispatchRecordStore, logger: Logger, twilioCorrelationParameter: String = "cid",
        resendCorrelationTags: [String] = ResendReceiptNormalizer().correlationTags
    ) {
        self.store = store
        self.logger = logger
        recognizer = ProviderSendRecognizer(
            twilioCorrelationParameter: twilioCorrelationParameter, resendCorrelationTags: resendCorrelationTags)
    }

    func delivered(event: EventEnvelope, target: TargetKey, request: DeliveryRequest, response: DeliveryResponse) -> DeliveryAnnotation? {
        guard let sent = recognizer.recognize(
            requestURL: request.url, requestBody: request.body, responseStatus: response.statusCode,
            responseBody: response.bodyExcerpt)
        else { return nil }
        let annotation = DeliveryAnnotation(
            provider: sent.provider, providerMessageID: sent.providerMessageID, channel: sent.channel, recipient: sent.recipient,
            correlationID: sent.correlationID)
        do {
            try store.record(
                DispatchRecord(sent, originEventID: event.id, rule: target.rule, target: target.targetID, sentAt: response.receivedAt))
        } catch {
            logger.error("cannot record a dispatch record", metadata: ["event": "\(event.id)", "error": "\(error)"])
        }
        return annotation
    }

    func failed(event: EventEnvelope, target: TargetKey, request: DeliveryRequest, response: DeliveryResponse?) -> DeliveryAnnotation? {
        guard let addressed = recognizer.addressed(requestURL: request.url, requestBody: request.body) else { return nil }
        return DeliveryAnnotation(
            provider: addressed.provider, channel: addressed.channel, recipient: addressed.recipient,
            correlationID: addressed.correlationID)
    }
}
