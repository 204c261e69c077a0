import HeraldJSON

/// Resend email: `POST /emails`, JSON, `Authorization: Bearer re_…`.
///
/// The correlation id travels as a tag (`tags: [{name, value}]`) so webhooks can be tied back to the originating
/// event, and the event id is sent as `Idempotency-Key` (Resend remembers it for 24 h; a replay returns the original
/// response without sending again).
public struct ResendEmailPreset: ChannelPreset {
    /// Static settings of one Resend team/API key.
    public struct Configuration: Sendable, Hashable {
        /// API key (`re_…`).
        public var apiKey: String
        /// API base URL (the fake provider's URL in tests and the demo).
        public var baseURL: String
        /// Default sender (`"Name <a@b.com>"`).
        public var from: String?
        /// Tag name carrying the correlation id.
        public var correlationTag: String

        /// Creates a configuration.
        /// - Parameters:
        ///   - apiKey: API key.
        ///   - baseURL: API base URL.
        ///   - from: Default sender.
        ///   - correlationTag: Tag name for the correlation id.
        public init(
            apiKey: String, baseURL: String = "https://api.resend.com", from: String? = nil,
            correlationTag: String = "correlation_id"
        ) {
            self.apiKey = apiKey
            self.baseURL = baseURL
            self.from = from
            self.correlationTag = correlationTag
        }
    }

    /// One email to send.
    public struct Email: Sendable, Hashable {
        /// Recipients (1–50).
        public var to: [String]
        /// Subject.
        public var subject: String
        /// HTML body.
        public var html: String?
        /// Text body.
        public var text: String?
        /// Sender overriding the configured one.
        public var from: String?
        /// Carbon copies.
        public var cc: [String]
        /// Blind carbon copies.
        public var bcc: [String]
        /// Reply-to addresses.
        public var replyTo: [String]
        /// Extra email headers.
        public var headers: [ChannelHeader]
        /// Tags as name/value pairs (ASCII letters, digits, `_`, `-`).
        public var tags: [ChannelHeader]
        /// Correlation id added as the configured tag.
        public var correlationID: String?
        /// Idempotency key, normally the event id.
        public var idempotencyKey: String?

        /// Creates an email.
        /// - Parameters:
        ///   - to: Recipients.
        ///   - subject: Subject.
        ///   - html: HTML body.
        ///   - text: Text body.
        ///   - from: Sender override.
        ///   - cc: Carbon copies.
        ///   - bcc: Blind carbon copies.
        ///   - replyTo: Reply-to addresses.
        ///   - headers: Extra email headers.
        ///   - tags: Tags.
        ///   - correlationID: Correlation id.
        ///   - idempotencyKey: Idempotency key (event id).
        public init(
            to: [String], subject: String, html: String? = nil, text: String? = nil, from: String? = nil,
            cc: [String] = [], bcc: [String] = [], replyTo: [String] = [], headers: [ChannelHeader] = [],
            tags: [ChannelHeader] = [], correlationID: String? = nil, idempotencyKey: String? = nil
        ) {
            self.to = to
            self.subject = subject
            self.html = html
            self.text = text
            self.from = from
            self.cc = cc
            self.bcc = bcc
            self.replyTo = replyTo
            self.headers = headers
            self.tags = tags
            self.correlationID = correlationID
            self.idempotencyKey = idempotencyKey
        }
    }

    /// Maximum recipients per email.
    public static let maximumRecipients = 50
    /// Maximum `Idempotency-Key` length.
    public static let maximumIdempotencyKeyLength = 256

    /// The account settings.
    public let configuration: Configuration

    /// Creates a preset.
    /// - Parameter configuration: Account settings.
    /// - Throws: `ChannelConfigurationError.missingSecret` when the API key is empty.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard !configuration.apiKey.isEmpty else { throw .missingSecret("resend api key") }
        self.configuration = configuration
    }

    /// Resend.
    public var provider: ChannelProvider { .resend }
    /// 5 requests/s.
    public var rateLimit: ProviderRateLimit { .resend }
    /// The send endpoint.
    public var endpointURL: String { trimmedBase(configuration.baseURL) + "/emails" }

    /// Whether `text` is a valid tag name or value (ASCII letters, digits, `_`, `-`; 1–256 characters).
    /// - Parameter text: The candidate.
    public static func isValidTag(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 256
            && text.utf8.allSatisfy { byte in
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                    UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
                    true
                default: false
                }
            }
    }

    /// Builds the send request.
    /// - Parameter email: The email.
    /// - Returns: A JSON POST with Bearer auth and `Idempotency-Key` when given.
    /// - Throws: `ChannelConfigurationError.invalidValue` when the email breaks Resend's documented rules.
    public func request(for email: Email) throws(ChannelConfigurationError) -> ChannelRequest {
        guard let from = email.from ?? configuration.from, !from.isEmpty else {
            throw .invalidValue(field: "from", reason: "required")
        }
        guard !email.to.isEmpty, email.to.count <= Self.maximumRecipients else {
            throw .invalidValue(field: "to", reason: "1 to \(Self.maximumRecipients) recipients required")
        }
        guard !email.subject.isEmpty else { throw .invalidValue(field: "subject", reason: "required") }
        var tags = email.tags
        if let correlation = email.correlationID {
            tags.removeAll { $0.name == configuration.correlationTag }
            tags.append(ChannelHeader(name: configuration.correlationTag, value: ResendCorrelationTag.value(for: correlation)))
        }
        for tag in tags where !Self.isValidTag(tag.name) || !Self.isValidTag(tag.value) {
            throw .invalidValue(field: "tags", reason: "tag '\(tag.name)' must use ASCII letters, digits, '_' or '-'")
        }

        var body = JSONObject()
        body["from"] = .string(from)
        body["to"] = .array(email.to.map(JSONValue.string))
        body["subject"] = .string(email.subject)
        if let html = email.html { body["html"] = .string(html) }
        if let text = email.text { body["text"] = .string(text) }
        if !email.cc.isEmpty { body["cc"] = .array(email.cc.map(JSONValue.string)) }
        if !email.bcc.isEmpty { body["bcc"] = .array(email.bcc.map(JSONValue.string)) }
        if !email.replyTo.isEmpty { body["reply_to"] = .array(email.replyTo.map(JSONValue.string)) }
        if !email.headers.isEmpty {
            body["headers"] = .object(JSONObject(email.headers.map { ($0.name, JSONValue.string($0.value)) }))
        }
        if !tags.isEmpty {
            body["tags"] = .array(tags.map { .object(["name": .string($0.name), "value": .string($0.value)]) })
        }

        var headers = ChannelHeaders()
        headers.append("Authorization", "Bearer " + configuration.apiKey)
        headers.append("Content-Type", "application/json")
        if let key = email.idempotencyKey {
            guard !key.isEmpty, key.count <= Self.maximumIdempotencyKeyLength else {
                throw .invalidValue(field: "Idempotency-Key", reason: "1 to 256 characters")
            }
            headers.append("Idempotency-Key", key)
        }
        return ChannelRequest(url: endpointURL, headers: headers, body: JSONValue.object(body).jsonBytes)
    }

    /// Classifies a send response: 200 with `id` succeeds; 429 `rate_limit_exceeded` (after `retry-after`),
    /// 409 `concurrent_idempotent_requests` and 5xx are retryable; quota 429s (`daily_quota_exceeded`,
    /// `monthly_quota_exceeded`), 409 `invalid_idempotent_request` and other 4xx are permanent.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: Unused.
    /// - Returns: The classification; success carries the email `id`.
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
        let json = ResponseParsing.json(response)
        if (200...299).contains(response.status) {
            return .success(providerMessageID: json?["id"]?.stringValue, duplicate: false)
        }
        let name = json?["name"]?.stringValue ?? ""
        let message = json?["message"]?.stringValue ?? response.bodyExcerpt()
        let reason = "resend HTTP \(response.status)" + (name.isEmpty ? "" : " \(name)") + ": " + message
        let retryAfter = ResponseParsing.retryAfter(response)
        switch response.status {
        case 429:
            if name == "daily_quota_exceeded" || name == "monthly_quota_exceeded" {
                return .permanent(reason: reason)
            }
            return .retryable(reason: reason, retryAfter: retryAfter)
        case 409:
            return name == "concurrent_idempotent_requests"
                ? .retryable(reason: reason, retryAfter: retryAfter) : .permanent(reason: reason)
        case 500...599:
            return .retryable(reason: reason, retryAfter: retryAfter)
        default:
            return .permanent(reason: reason)
        }
    }
}
