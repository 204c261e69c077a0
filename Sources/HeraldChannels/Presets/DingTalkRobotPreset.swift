#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldJSON

/// DingTalk custom robot: `POST https://oapi.dingtalk.com/robot/send?access_token=…`, JSON, signed URL when the robot
/// has a `SEC…` secret.
///
/// DingTalk answers HTTP 200 for most failures; success is decided from the body's `errcode` (0 = sent).
///
/// - Important: The signature embeds the current time and expires after one hour, so build a fresh request for
///   every attempt (never resend stored request bytes).
public struct DingTalkRobotPreset: ChannelPreset {
    /// Who to @mention.
    public struct Mentions: Sendable, Hashable {
        /// Mobile numbers to mention (the text must also contain `@<mobile>`).
        public var atMobiles: [String]
        /// User ids to mention.
        public var atUserIds: [String]
        /// Mention everyone.
        public var isAtAll: Bool

        /// Creates mentions.
        /// - Parameters:
        ///   - atMobiles: Mobile numbers.
        ///   - atUserIds: User ids.
        ///   - isAtAll: Mention everyone.
        public init(atMobiles: [String] = [], atUserIds: [String] = [], isAtAll: Bool = false) {
            self.atMobiles = atMobiles
            self.atUserIds = atUserIds
            self.isAtAll = isAtAll
        }
    }

    /// One button of a multi-button action card.
    public struct Button: Sendable, Hashable {
        /// Button title.
        public var title: String
        /// URL opened by the button.
        public var actionURL: String

        /// Creates a button.
        /// - Parameters:
        ///   - title: Title.
        ///   - actionURL: URL.
        public init(title: String, actionURL: String) {
            self.title = title
            self.actionURL = actionURL
        }
    }

    /// A robot message.
    public enum Message: Sendable, Hashable {
        /// `msgtype: text`.
        case text(String, mentions: Mentions = Mentions())
        /// `msgtype: markdown` (`title` shows in the conversation list).
        case markdown(title: String, text: String, mentions: Mentions = Mentions())
        /// `msgtype: actionCard` with one button.
        case actionCard(title: String, text: String, singleTitle: String, singleURL: String)
        /// `msgtype: actionCard` with several buttons (`btnOrientation` "0" vertical, "1" horizontal).
        case actionCardButtons(title: String, text: String, buttons: [Button], horizontal: Bool = false)
        /// A body built elsewhere (e.g. by an InputTransformer), sent as is.
        case raw(JSONValue)
    }

    /// Static settings of one robot.
    public struct Configuration: Sendable, Hashable {
        /// Webhook URL including `access_token`.
        public var webhookURL: String
        /// Signing secret (`SEC…`); `nil` when the robot uses keywords or an IP allow-list only.
        public var secret: String?

        /// Creates a configuration.
        /// - Parameters:
        ///   - webhookURL: Webhook URL with `access_token`.
        ///   - secret: Signing secret.
        public init(webhookURL: String, secret: String? = nil) {
            self.webhookURL = webhookURL
            self.secret = secret
        }
    }

    /// The robot settings.
    public let configuration: Configuration
    private let signer: DingTalkSigner?

    /// Creates a preset.
    /// - Parameter configuration: Robot settings.
    /// - Throws: `ChannelConfigurationError` for an unparsable URL or an empty secret.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard WebhookURL(configuration.webhookURL) != nil else { throw .invalidURL(configuration.webhookURL) }
        self.configuration = configuration
        self.signer = try configuration.secret.map { secret throws(ChannelConfigurationError) in
            try DingTalkSigner(secret: secret)
        }
    }

    /// DingTalk.
    public var provider: ChannelProvider { .dingTalk }
    /// 20 messages/min per robot.
    public var rateLimit: ProviderRateLimit { .dingTalk }

    /// The JSON body of a message.
    /// - Parameter message: The message.
    /// - Returns: The body object.
    public static func body(for message: Message) -> JSONValue {
        switch message {
        case .text(let content, let mentions):
            return ["msgtype": "text", "text": ["content": .string(content)], "at": at(mentions)]
        case .markdown(let title, let text, let mentions):
            return [
                "msgtype": "markdown", "markdown": ["title": .string(title), "text": .string(text)], "at": at(mentions),
            ]
        case .actionCard(let title, let text, let singleTitle, let singleURL):
            return [
                "msgtype": "actionCard",
                "actionCard": [
                    "title": .string(title), "text": .string(text), "btnOrientation": "0",
                    "singleTitle": .string(singleTitle), "singleURL": .string(singleURL),
                ],
            ]
        case .actionCardButtons(let title, let text, let buttons, let horizontal):
            let btns = buttons.map { JSONValue.object(["title": .string($0.title), "actionURL": .string($0.actionURL)]) }
            return [
                "msgtype": "actionCard",
                "actionCard": [
                    "title": .string(title), "text": .string(text), "btnOrientation": horizontal ? "1" : "0",
                    "btns": .array(btns),
                ],
            ]
        case .raw(let value):
            return value
        }
    }

    /// Builds the send request, signing the URL with `now` when the robot has a secret.
    /// - Parameters:
    ///   - message: The message.
    ///   - now: The current time (injected clock).
    /// - Returns: A JSON POST to the (signed) webhook URL.
    public func request(for message: Message, now: Date) -> ChannelRequest {
        request(body: Self.body(for: message).jsonBytes, now: now)
    }

    /// Builds the send request for a body that is already JSON bytes (e.g. an InputTransformer's output).
    /// - Parameters:
    ///   - body: JSON body bytes.
    ///   - now: The current time (injected clock).
    /// - Returns: A JSON POST to the (signed) webhook URL.
    public func request(body: [UInt8], now: Date) -> ChannelRequest {
        var url = configuration.webhookURL
        if let signer {
            let milliseconds = Int64((now.timeIntervalSince1970 * 1000).rounded(.down))
            url = signer.signedURL(url, timestampMilliseconds: milliseconds)
        }
        return ChannelRequest(url: url, headers: ["Content-Type": "application/json; charset=utf-8"], body: body)
    }

    /// Classifies a response from the body's `errcode`: 0 succeeds; -1 (busy), 130101/410100 (too fast, wait ≥ 60 s)
    /// and, on the first attempt, 310000 `invalid timestamp` (re-sign) are retryable; other errcodes, including the
    /// other 310000 security failures (`sign not match`, `keywords not in content`, IP not allowed), are permanent.
    /// HTTP 429/5xx are retryable; other non-200 statuses and unreadable bodies are permanent.
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
        guard response.status == 200 else { return ResponseParsing.byStatus(response, provider: .dingTalk) }
        guard let json = ResponseParsing.json(response), let code = ResponseParsing.integer(json["errcode"]) else {
            return .permanent(reason: "dingtalk HTTP 200 without errcode: \(response.bodyExcerpt())")
        }
        let message = json["errmsg"]?.stringValue ?? ""
        let reason = "dingtalk errcode \(code): \(message)"
        switch code {
        case 0:
            return .success(providerMessageID: nil, duplicate: false)
        case -1:
            return .retryable(reason: reason, retryAfter: .seconds(1))
        case 130_101, 410_100:
            return .retryable(reason: reason, retryAfter: .seconds(60))
        case 310_000 where message.lowercased().contains("timestamp") && context.attempt <= 1:
            return .retryable(reason: reason, retryAfter: nil)
        default:
            return .permanent(reason: reason)
        }
    }

    private static func at(_ mentions: Mentions) -> JSONValue {
        [
            "atMobiles": .array(mentions.atMobiles.map(JSONValue.string)),
            "atUserIds": .array(mentions.atUserIds.map(JSONValue.string)),
            "isAtAll": .bool(mentions.isAtAll),
        ]
    }
}
