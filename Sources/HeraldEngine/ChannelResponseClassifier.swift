import HeraldChannels
import HeraldDelivery

/// Classifies responses with a provider preset's rules instead of EventBridge's generic ones, where they differ:
/// DingTalk and Lark answer HTTP 200 with an error code in the body (`errcode`/`code`), Supabase's 409 on insert
/// means the row already exists (a duplicate success), Slack's errors are plain-text bodies.
///
/// The provider is recognised from the destination URL's path, which is the same for the real service and for the
/// fake providers on loopback: `/robot/send` (DingTalk), `/open-apis/bot/v2/hook/` (Lark/Feishu), `/rest/v1/`
/// (Supabase), `hooks.slack.com` or `/services/` (Slack). Other destinations keep EventBridge's classification.
/// A target with `HeraldParameters.Channel` is classified by its named preset instead (``ChannelPresetPlan``).
struct ChannelResponseClassifier: ResponseClassifier {
    let preset: any ChannelPreset
    let base = EventBridgeResponseClassifier()

    /// The classifier for a destination URL, or nil when it is not a recognised provider.
    static func forEndpoint(_ url: String) -> ChannelResponseClassifier? {
        let preset: (any ChannelPreset)?
        if url.contains("/robot/send") {
            preset = try? DingTalkRobotPreset(configuration: .init(webhookURL: url))
        } else if url.contains("/open-apis/bot/v2/hook/") {
            preset = try? LarkBotPreset(configuration: .init(webhookURL: url))
        } else if url.contains("hooks.slack.com") || url.contains("/services/") {
            preset = try? SlackWebhookPreset(configuration: .init(webhookURL: url))
        } else {
            preset = nil
        }
        return preset.map { ChannelResponseClassifier(preset: $0) }
    }

    func classify(_ response: DeliveryResponse) -> AttemptVerdict {
        classify(response, attempt: 1)
    }

    /// The preset's verdict; `attempt` matters to the bots, whose "invalid timestamp" (DingTalk 310000, Lark 19021)
    /// is retried once, re-signed, then permanent.
    func classify(_ response: DeliveryResponse, attempt: Int) -> AttemptVerdict {
        let providerResponse = ProviderResponse(
            status: response.statusCode, headers: ChannelHeaders(response.headers.map { ($0.name, $0.value) }),
            body: response.bodyExcerpt)
        switch preset.classify(providerResponse, context: ClassificationContext(attempt: attempt)) {
        case .success:
            return .success
        case .retryable(let reason, let retryAfter):
            return .retryable(FailureReason(statusCode: response.statusCode, message: reason), retryAfter: retryAfter ?? base.retryAfter(of: response))
        case .permanent(let reason):
            return .permanent(FailureReason(statusCode: response.statusCode, message: reason))
        }
    }
}
