/// The providers Herald has presets for.
public enum ChannelProvider: String, Sendable, Hashable, CaseIterable {
    /// Twilio Programmable Messaging (SMS, WhatsApp).
    case twilio
    /// Resend email.
    case resend
    /// Supabase REST (PostgREST).
    case supabase
    /// DingTalk custom robot.
    case dingTalk = "dingtalk"
    /// Lark / Feishu custom bot.
    case lark
    /// Slack incoming webhook.
    case slack
}

/// A preset: builds requests for one provider and classifies its responses.
public protocol ChannelPreset: Sendable {
    /// The provider this preset talks to.
    var provider: ChannelProvider { get }
    /// The provider's documented limits.
    var rateLimit: ProviderRateLimit { get }
    /// Classifies a provider response.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: What else is known about the attempt.
    /// - Returns: Success (with provider message id), retryable or permanent failure.
    func classify(_ response: ProviderResponse, context: ClassificationContext) -> DeliveryClassification
}

/// Defaults shared by every preset.
extension ChannelPreset {
    /// Classifies a response on a first attempt.
    /// - Parameter response: The HTTP response.
    /// - Returns: The classification.
    public func classify(_ response: ProviderResponse) -> DeliveryClassification {
        classify(response, context: ClassificationContext())
    }

    /// Classifies a failure without a response (connect error, reset, timeout): always retryable.
    ///
    /// - Important: For Twilio a timed-out POST may already have sent the message (Messages has no idempotency
    ///   key); the delivery layer should prefer checking the Messages list before resending when that matters.
    /// - Parameter description: What went wrong, for the failure record.
    /// - Returns: A retryable classification.
    public func classifyTransportFailure(_ description: String) -> DeliveryClassification {
        .retryable(reason: "\(provider.rawValue) transport: \(description)", retryAfter: nil)
    }
}
