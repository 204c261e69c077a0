public import HeraldJSON

/// Slack incoming webhook: `POST https://hooks.slack.com/services/…`, JSON `{"text": …, "blocks": …}`. The URL is
/// the secret; there is no signature.
public struct SlackWebhookPreset: ChannelPreset {
    /// Static settings of one webhook.
    public struct Configuration: Sendable, Hashable {
        /// The webhook URL (secret).
        public var webhookURL: String

        /// Creates a configuration.
        /// - Parameter webhookURL: The webhook URL.
        public init(webhookURL: String) {
            self.webhookURL = webhookURL
        }
    }

    /// The webhook settings.
    public let configuration: Configuration

    /// Creates a preset.
    /// - Parameter configuration: Webhook settings.
    /// - Throws: `ChannelConfigurationError.invalidURL` for an unparsable URL.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard WebhookURL(configuration.webhookURL) != nil else { throw .invalidURL(configuration.webhookURL) }
        self.configuration = configuration
    }

    /// Slack.
    public var provider: ChannelProvider { .slack }
    /// 1 message/s.
    public var rateLimit: ProviderRateLimit { .slack }

    /// Builds the request.
    /// - Parameters:
    ///   - text: Message text (also the notification fallback when `blocks` are given).
    ///   - blocks: Optional Block Kit blocks (a JSON array).
    /// - Returns: A JSON POST.
    public func request(text: String, blocks: JSONValue? = nil) -> ChannelRequest {
        var body: JSONObject = ["text": .string(text)]
        if let blocks { body["blocks"] = blocks }
        return request(body: JSONValue.object(body).jsonBytes)
    }

    /// Builds the request for a body that is already JSON bytes.
    /// - Parameter body: JSON body bytes.
    /// - Returns: A JSON POST.
    public func request(body: [UInt8]) -> ChannelRequest {
        ChannelRequest(url: configuration.webhookURL, headers: ["Content-Type": "application/json"], body: body)
    }

    /// Classifies a response: 2xx succeeds; 429 (after `Retry-After`) and 5xx are retryable; 400 `invalid_payload`,
    /// 403 `action_prohibited`, 404 `channel_not_found`/`no_service`, 410 `channel_is_archived` are permanent.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: Unused.
    /// - Returns: The classification.
    public func classify(_ response: ProviderResponse, context: ClassificationContext) -> DeliveryClassification {
        Self.classify(response, context: context)
    }

    /// Classifies a response without a configured instance (what named channel presets use); see
    /// ``classify(_:context:)``.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: What else is known about the attempt.
    /// - Returns: The classification.
    public static func classify(_ response: ProviderResponse, context: ClassificationContext) -> DeliveryClassification {
        if (200...299).contains(response.status) { return .success(providerMessageID: nil, duplicate: false) }
        switch response.status {
        case 429, 500...599:
            return .retryable(
                reason: "slack HTTP \(response.status): \(response.bodyExcerpt())",
                retryAfter: ResponseParsing.retryAfter(response))
        default:
            return .permanent(reason: "slack HTTP \(response.status): \(response.bodyExcerpt())")
        }
    }
}
