#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldJSON

/// Lark / Feishu custom bot: `POST …/open-apis/bot/v2/hook/<token>`, JSON; when the bot has a secret, `timestamp`
/// (string seconds) and `sign` go in the body.
///
/// Lark decides success in the body's `code` (0 = sent), usually with HTTP 200.
///
/// - Important: The signature embeds the current time and expires after one hour, so build a fresh request for
///   every attempt.
public struct LarkBotPreset: ChannelPreset {
    /// A bot message.
    public enum Message: Sendable, Hashable {
        /// `msg_type: text` (`<at user_id="…">` tags allowed in the text).
        case text(String)
        /// `msg_type: post` rich text: `content` is the list of paragraphs, each a list of elements such as
        /// `{"tag":"text","text":"…"}`; `locale` is `zh_cn` or `en_us`.
        case post(title: String, content: [[JSONValue]], locale: String = "zh_cn")
        /// `msg_type: interactive`: the card JSON goes in the top-level `card` object.
        case interactive(card: JSONValue)
        /// A body built elsewhere (e.g. by an InputTransformer); signing fields are added when configured.
        case raw(JSONValue)
    }

    /// Static settings of one bot.
    public struct Configuration: Sendable, Hashable {
        /// Webhook URL (`https://open.feishu.cn/open-apis/bot/v2/hook/<token>` or the larksuite.com host).
        public var webhookURL: String
        /// Signing secret, if the bot has signing enabled.
        public var secret: String?

        /// Creates a configuration.
        /// - Parameters:
        ///   - webhookURL: Webhook URL.
        ///   - secret: Signing secret.
        public init(webhookURL: String, secret: String? = nil) {
            self.webhookURL = webhookURL
            self.secret = secret
        }
    }

    /// Largest body Lark accepts (bytes).
    public static let maximumBodyBytes = 20 * 1024

    /// The bot settings.
    public let configuration: Configuration
    private let signer: LarkSigner?

    /// Creates a preset.
    /// - Parameter configuration: Bot settings.
    /// - Throws: `ChannelConfigurationError` for an unparsable URL or an empty secret.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard WebhookURL(configuration.webhookURL) != nil else { throw .invalidURL(configuration.webhookURL) }
        self.configuration = configuration
        self.signer = try configuration.secret.map { secret throws(ChannelConfigurationError) in
            try LarkSigner(secret: secret)
        }
    }

    /// Lark.
    public var provider: ChannelProvider { .lark }
    /// 5 requests/s and 100 requests/min per bot.
    public var rateLimit: ProviderRateLimit { .lark }

    /// The unsigned JSON body of a message.
    /// - Parameter message: The message.
    /// - Returns: The body.
    public static func body(for message: Message) -> JSONValue {
        switch message {
        case .text(let text):
            return ["msg_type": "text", "content": ["text": .string(text)]]
        case .post(let title, let content, let locale):
            let paragraphs = JSONValue.array(content.map { JSONValue.array($0) })
            let entry: JSONValue = ["title": .string(title), "content": paragraphs]
            let localized = JSONValue.object(JSONObject([(locale, entry)]))
            return ["msg_type": "post", "content": ["post": localized]]
        case .interactive(let card):
            return ["msg_type": "interactive", "card": card]
        case .raw(let value):
            return value
        }
    }

    /// Builds the send request; with a secret, `timestamp` and `sign` are put first in the body.
    /// - Parameters:
    ///   - message: The message.
    ///   - now: The current time (injected clock).
    /// - Returns: A JSON POST.
    /// - Throws: `ChannelConfigurationError.invalidValue` when the body is not an object or exceeds 20 KB.
    public func request(for message: Message, now: Date) throws(ChannelConfigurationError) -> ChannelRequest {
        guard case .object(let object) = Self.body(for: message) else {
            throw .invalidValue(field: "body", reason: "must be a JSON object")
        }
        var body = object
        if let signer {
            let seconds = Int64(now.timeIntervalSince1970.rounded(.down))
            let sign = signer.sign(timestampSeconds: seconds)
            var signed = JSONObject([("timestamp", .string(String(seconds))), ("sign", .string(sign))])
            for member in object where member.key != "timestamp" && member.key != "sign" {
                signed.append(key: member.key, value: member.value)
            }
            body = signed
        }
        let bytes = JSONValue.object(body).jsonBytes
        guard bytes.count <= Self.maximumBodyBytes else {
            throw .invalidValue(field: "body", reason: "larger than 20 KB")
        }
        return ChannelRequest(
            url: configuration.webhookURL, headers: ["Content-Type": "application/json; charset=utf-8"], body: bytes)
    }

    /// Builds the send request for a body that is already JSON bytes (e.g. an InputTransformer's output); the
    /// bytes are parsed so the signing fields can be added.
    /// - Parameters:
    ///   - body: JSON object bytes.
    ///   - now: The current time (injected clock).
    /// - Returns: A JSON POST.
    /// - Throws: `ChannelConfigurationError.invalidValue` when the bytes are not a JSON object or exceed 20 KB.
    public func request(body: [UInt8], now: Date) throws(ChannelConfigurationError) -> ChannelRequest {
        guard let value = try? JSONValue(parsing: body) else {
            throw .invalidValue(field: "body", reason: "not valid JSON")
        }
        return try request(for: .raw(value), now: now)
    }

    /// Classifies a response from the body's `code`: 0 succeeds (legacy `StatusCode` 0 too); 11232 (frequency
    /// limited) and, on the first attempt, 19021 (sign/timestamp; re-sign) are retryable; 9499, 19022, 19024 and
    /// other codes are permanent. HTTP 429/5xx are retryable whatever the body says.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: Attempt number (re-signing is tried once).
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
        if response.status == 429 || response.status >= 500 {
            return ResponseParsing.byStatus(response, provider: .lark)
        }
        let json = ResponseParsing.json(response)
        guard let code = ResponseParsing.integer(json?["code"]) ?? ResponseParsing.integer(json?["StatusCode"]) else {
            return ResponseParsing.byStatus(response, provider: .lark)
        }
        let message = json?["msg"]?.stringValue ?? json?["StatusMessage"]?.stringValue ?? ""
        let reason = "lark HTTP \(response.status) code \(code): \(message)"
        switch code {
        case 0 where (200...299).contains(response.status):
            return .success(providerMessageID: nil, duplicate: false)
        case 11232:
            return .retryable(reason: reason, retryAfter: .seconds(1))
        case 19021 where context.attempt <= 1:
            return .retryable(reason: reason, retryAfter: nil)
        default:
            return .permanent(reason: reason)
        }
    }
}
