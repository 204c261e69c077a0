/// `HeraldParameters.Channel`: a named channel preset applied to every request of the target (a Herald extension).
///
/// The target's input (`Input`, `InputPath` or `InputTransformer`) produces the *message*; the preset turns it into
/// the provider's request: Twilio gets a form body with `whatsapp:` prefixes and a `StatusCallback` carrying the
/// correlation id, Resend gets the correlation id as a tag, Supabase gets `Prefer`, DingTalk and Lark get their body
/// shapes (and signatures with `HeraldParameters.Signing`). The preset, not the URL, then decides how responses are
/// classified and how fast the target sends. Credentials never live here: they stay in the connection of the API
/// destination (Twilio, Resend, Supabase) or in the webhook URL and `Signing` (DingTalk, Lark, Slack).
public struct TargetChannel: Sendable, Equatable, Codable {
    /// The preset types Herald knows (`HeraldChannels.ChannelPresetType` raw values).
    public static let types = [
        "twilio-sms", "twilio-whatsapp", "resend-email", "supabase-insert", "supabase-upsert", "dingtalk", "lark", "slack",
    ]
    /// The types whose credentials need a connection, so the target must be an API destination.
    public static let connectionTypes: Set<String> = [
        "twilio-sms", "twilio-whatsapp", "resend-email", "supabase-insert", "supabase-upsert",
    ]

    /// One of ``types``.
    public var type: String
    /// JSONPath into the event whose value is the message's correlation id (nil: the event id).
    public var correlationIdPath: String?
    /// Default sender when the message has none (Twilio `From`, Resend `from`).
    public var from: String?
    /// Twilio Messaging Service SID (`MG…`), used when there is no sender.
    public var messagingServiceSid: String?
    /// Supabase upsert: the unique columns (`on_conflict`); nil or empty: the primary key.
    public var onConflict: [String]?

    /// Creates a channel setting.
    public init(
        type: String, correlationIdPath: String? = nil, from: String? = nil, messagingServiceSid: String? = nil,
        onConflict: [String]? = nil
    ) {
        self.type = type
        self.correlationIdPath = correlationIdPath
        self.from = from
        self.messagingServiceSid = messagingServiceSid
        self.onConflict = onConflict
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", correlationIdPath = "CorrelationIdPath", from = "From"
        case messagingServiceSid = "MessagingServiceSid", onConflict = "OnConflict"
    }

    /// Checks the setting of target `id` whose `Arn` is `arn` and whose signing setting is `signing`.
    /// - Returns: An EventBridge-style message, or nil when the setting is acceptable.
    func problem(targetId id: String, arn: String, signing: BotSigning?) -> String? {
        let prefix = "HeraldParameters.Channel"
        guard Self.types.contains(type) else {
            return "\(prefix).Type for target \(id) must be one of \(Self.types.joined(separator: ", ")), not \(type)."
        }
        if let path = correlationIdPath, !(path == "$" || path.hasPrefix("$.") || path.hasPrefix("$[")) {
            return "\(prefix).CorrelationIdPath for target \(id) is invalid: a JSONPath must start with '$'."
        }
        if Self.connectionTypes.contains(type), !arn.contains(":api-destination/") {
            return "\(prefix).Type \(type) for target \(id) needs an API destination Arn: its connection holds the credentials."
        }
        if !Self.connectionTypes.contains(type), !arn.contains(":api-destination/"),
            !(arn.hasPrefix("https://") || arn.hasPrefix("http://"))
        {
            return "\(prefix).Type \(type) for target \(id) needs an API destination or an http(s) webhook URL as Arn."
        }
        let twilio = type.hasPrefix("twilio-")
        if from != nil, !twilio, type != "resend-email" {
            return "\(prefix).From for target \(id) applies only to twilio-sms, twilio-whatsapp and resend-email."
        }
        if messagingServiceSid != nil, !twilio {
            return "\(prefix).MessagingServiceSid for target \(id) applies only to twilio-sms and twilio-whatsapp."
        }
        if let columns = onConflict {
            guard type == "supabase-upsert" else {
                return "\(prefix).OnConflict for target \(id) applies only to supabase-upsert."
            }
            if let bad = columns.first(where: { !Self.isIdentifier($0) }) {
                return "\(prefix).OnConflict for target \(id) is invalid: '\(bad)' is not a column name."
            }
        }
        if let signing {
            guard type == "dingtalk" || type == "lark" else {
                return "HeraldParameters.Signing for target \(id) applies only to the dingtalk and lark channels, not \(type)."
            }
            guard signing.type == type else {
                return "HeraldParameters.Signing.Type for target \(id) must match HeraldParameters.Channel.Type \(type)."
            }
        }
        return nil
    }

    /// Whether `text` is a plain column name (letters, digits, `_`, `-`, `.`).
    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 63
            && text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) }
    }
}
