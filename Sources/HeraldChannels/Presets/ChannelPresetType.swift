/// The named channel presets a target can select (`HeraldParameters.Channel.Type`): one provider API and the way a
/// message is sent through it.
///
/// A named preset needs no credentials itself (they live in the target's connection or webhook URL); it decides how
/// a provider's responses are classified and how fast the target may send.
public enum ChannelPresetType: String, Sendable, Hashable, CaseIterable, ChannelPreset {
    /// Twilio Messages, SMS (form-encoded, Basic auth, `StatusCallback` with the correlation id).
    case twilioSMS = "twilio-sms"
    /// Twilio Messages, WhatsApp (`whatsapp:` addresses).
    case twilioWhatsApp = "twilio-whatsapp"
    /// Resend `POST /emails` (`tags` carry the correlation id, `Idempotency-Key` is the event id).
    case resendEmail = "resend-email"
    /// Supabase REST insert (`Prefer: return=minimal`; a 409 duplicate counts as written).
    case supabaseInsert = "supabase-insert"
    /// Supabase REST upsert (`Prefer: return=minimal,resolution=merge-duplicates`).
    case supabaseUpsert = "supabase-upsert"
    /// DingTalk custom robot (success decided by the body's `errcode`).
    case dingTalk = "dingtalk"
    /// Lark/Feishu custom bot (success decided by the body's `code`).
    case lark
    /// Slack incoming webhook.
    case slack

    /// The provider behind the preset.
    public var provider: ChannelProvider {
        switch self {
        case .twilioSMS, .twilioWhatsApp: .twilio
        case .resendEmail: .resend
        case .supabaseInsert, .supabaseUpsert: .supabase
        case .dingTalk: .dingTalk
        case .lark: .lark
        case .slack: .slack
        }
    }

    /// The provider's documented limits (see ``ProviderRateLimit``).
    public var rateLimit: ProviderRateLimit {
        switch provider {
        case .twilio: .twilio
        case .resend: .resend
        case .supabase: .supabase
        case .dingTalk: .dingTalk
        case .lark: .lark
        case .slack: .slack
        }
    }

    /// The receipt channel name of messages sent with this preset (`sms`, `whatsapp`, `email`, …).
    public var channelName: String {
        switch self {
        case .twilioSMS: "sms"
        case .twilioWhatsApp: "whatsapp"
        case .resendEmail: "email"
        case .supabaseInsert, .supabaseUpsert: "supabase"
        case .dingTalk: "dingtalk"
        case .lark: "lark"
        case .slack: "slack"
        }
    }

    /// Whether the provider needs credentials that only a connection can hold (Basic auth, API keys), so the target
    /// must be an API destination; the chat bots carry their credential in the webhook URL.
    public var needsConnection: Bool {
        switch provider {
        case .twilio, .resend, .supabase: true
        case .dingTalk, .lark, .slack: false
        }
    }

    /// Classifies a response with the provider's rules (Twilio, Resend, Supabase, DingTalk, Lark, Slack presets).
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: What else is known about the attempt.
    /// - Returns: Success, retryable or permanent failure.
    public func classify(_ response: ProviderResponse, context: ClassificationContext) -> DeliveryClassification {
        switch self {
        case .twilioSMS, .twilioWhatsApp: TwilioMessagesPreset.classify(response, context: context)
        case .resendEmail: ResendEmailPreset.classify(response, context: context)
        case .supabaseInsert: SupabaseInsertPreset.classify(response, mode: .insert)
        case .supabaseUpsert: SupabaseInsertPreset.classify(response, mode: .upsertMerge(onConflict: []))
        case .dingTalk: DingTalkRobotPreset.classify(response, context: context)
        case .lark: LarkBotPreset.classify(response, context: context)
        case .slack: SlackWebhookPreset.classify(response, context: context)
        }
    }
}
