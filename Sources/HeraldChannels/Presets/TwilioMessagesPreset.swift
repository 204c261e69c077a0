import HeraldJSON

/// Twilio Programmable Messaging: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, form-encoded, HTTP Basic.
///
/// Sends SMS and WhatsApp (`whatsapp:` addresses). When a status-callback base URL is configured, each message
/// carries `StatusCallback=<base>?<correlationParameter>=<correlation id>` so the receipt can be tied back to the
/// originating event. Messages create has no idempotency key: a retry after a timeout may send twice.
public struct TwilioMessagesPreset: ChannelPreset {
    /// Static settings of one Twilio account.
    public struct Configuration: Sendable, Hashable {
        /// The account SID (`AC…`), used in the path.
        public var accountSID: String
        /// Basic-auth user: the account SID or an API key SID (`SK…`).
        public var username: String
        /// Basic-auth password: the auth token or the API key secret.
        public var password: String
        /// API base URL (the fake provider's URL in tests and the demo).
        public var baseURL: String
        /// Default sender (E.164, alphanumeric id, short code or `whatsapp:+…`).
        public var from: String?
        /// Messaging Service SID (`MG…`), used when `from` is absent.
        public var messagingServiceSID: String?
        /// Herald's public receipt URL, e.g. `https://herald.example.com/webhooks/twilio`.
        public var statusCallbackURL: String?
        /// Query parameter carrying the correlation id in the callback URL.
        public var correlationParameter: String

        /// Creates a configuration.
        /// - Parameters:
        ///   - accountSID: Account SID.
        ///   - authToken: Auth token (or API key secret when `apiKeySID` is given).
        ///   - apiKeySID: Optional API key SID used as the Basic-auth user.
        ///   - baseURL: API base URL.
        ///   - from: Default sender.
        ///   - messagingServiceSID: Messaging Service SID.
        ///   - statusCallbackURL: Herald's public Twilio receipt URL.
        ///   - correlationParameter: Callback query parameter for the correlation id.
        public init(
            accountSID: String, authToken: String, apiKeySID: String? = nil,
            baseURL: String = "https://api.twilio.com", from: String? = nil, messagingServiceSID: String? = nil,
            statusCallbackURL: String? = nil, correlationParameter: String = "cid"
        ) {
            self.accountSID = accountSID
            self.username = apiKeySID ?? accountSID
            self.password = authToken
            self.baseURL = baseURL
            self.from = from
            self.messagingServiceSID = messagingServiceSID
            self.statusCallbackURL = statusCallbackURL
            self.correlationParameter = correlationParameter
        }
    }

    /// The channel of a message.
    public enum Channel: String, Sendable, Hashable {
        /// Plain SMS/MMS.
        case sms
        /// WhatsApp: both addresses get the `whatsapp:` prefix.
        case whatsapp
    }

    /// One message to send.
    public struct Message: Sendable, Hashable {
        /// Recipient (E.164 or channel address).
        public var to: String
        /// Text, at most 1,600 characters.
        public var body: String?
        /// Media URLs (at most 10).
        public var mediaURLs: [String]
        /// Content template SID (`HX…`).
        public var contentSID: String?
        /// Content template variables as JSON text.
        public var contentVariables: String?
        /// Sender overriding the configured one.
        public var from: String?
        /// SMS or WhatsApp.
        public var channel: Channel
        /// Correlation id (incident id, event id) echoed in the status callback URL.
        public var correlationID: String?

        /// Creates a message.
        /// - Parameters:
        ///   - to: Recipient.
        ///   - body: Text.
        ///   - mediaURLs: Media URLs.
        ///   - contentSID: Template SID.
        ///   - contentVariables: Template variables (JSON text).
        ///   - from: Sender override.
        ///   - channel: SMS or WhatsApp.
        ///   - correlationID: Correlation id for the receipt.
        public init(
            to: String, body: String? = nil, mediaURLs: [String] = [], contentSID: String? = nil,
            contentVariables: String? = nil, from: String? = nil, channel: Channel = .sms, correlationID: String? = nil
        ) {
            self.to = to
            self.body = body
            self.mediaURLs = mediaURLs
            self.contentSID = contentSID
            self.contentVariables = contentVariables
            self.from = from
            self.channel = channel
            self.correlationID = correlationID
        }
    }

    /// Maximum `Body` length Twilio accepts.
    public static let maximumBodyLength = 1600
    /// Maximum number of `MediaUrl` values.
    public static let maximumMediaCount = 10

    /// The account settings.
    public let configuration: Configuration

    /// Creates a preset.
    /// - Parameter configuration: Account settings.
    /// - Throws: `ChannelConfigurationError` if a required field is empty or the callback host contains `_`.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard !configuration.accountSID.isEmpty else { throw .invalidValue(field: "accountSID", reason: "empty") }
        guard !configuration.password.isEmpty else { throw .missingSecret("twilio auth token") }
        if let callback = configuration.statusCallbackURL {
            guard let url = WebhookURL(callback) else { throw .invalidURL(callback) }
            guard !url.host.contains("_") else {
                throw .invalidValue(field: "statusCallbackURL", reason: "Twilio rejects '_' in the callback hostname")
            }
        }
        self.configuration = configuration
    }

    /// Twilio.
    public var provider: ChannelProvider { .twilio }
    /// Twilio's concurrency limit.
    public var rateLimit: ProviderRateLimit { .twilio }

    /// The Messages endpoint URL.
    public var endpointURL: String {
        trimmedBase(configuration.baseURL) + "/2010-04-01/Accounts/" + configuration.accountSID + "/Messages.json"
    }

    /// The status-callback URL for a correlation id, or `nil` when no callback URL is configured.
    /// - Parameter correlationID: Correlation id to carry, if any.
    /// - Returns: The URL Twilio will call (and sign).
    public func statusCallbackURL(correlationID: String?) -> String? {
        guard let base = configuration.statusCallbackURL else { return nil }
        guard let correlationID else { return base }
        let separator = base.contains("?") ? "&" : "?"
        return base + separator + FormURLEncoding.escape(configuration.correlationParameter) + "="
            + FormURLEncoding.escape(correlationID)
    }

    /// Builds the create-message request.
    /// - Parameter message: The message.
    /// - Returns: A form-encoded POST with Basic auth.
    /// - Throws: `ChannelConfigurationError.invalidValue` when the message breaks Twilio's documented rules.
    public func request(for message: Message) throws(ChannelConfigurationError) -> ChannelRequest {
        guard !message.to.isEmpty else { throw .invalidValue(field: "To", reason: "required") }
        let from = message.from ?? configuration.from
        guard from != nil || configuration.messagingServiceSID != nil else {
            throw .invalidValue(field: "From", reason: "one of From or MessagingServiceSid is required")
        }
        guard message.body != nil || !message.mediaURLs.isEmpty || message.contentSID != nil else {
            throw .invalidValue(field: "Body", reason: "one of Body, MediaUrl or ContentSid is required")
        }
        if let body = message.body, body.count > Self.maximumBodyLength {
            throw .invalidValue(field: "Body", reason: "longer than \(Self.maximumBodyLength) characters")
        }
        guard message.mediaURLs.count <= Self.maximumMediaCount else {
            throw .invalidValue(field: "MediaUrl", reason: "more than \(Self.maximumMediaCount) media URLs")
        }

        var form: [FormParameter] = [FormParameter("To", address(message.to, channel: message.channel))]
        if let from { form.append(FormParameter("From", address(from, channel: message.channel))) }
        if let service = configuration.messagingServiceSID { form.append(FormParameter("MessagingServiceSid", service)) }
        if let body = message.body { form.append(FormParameter("Body", body)) }
        for media in message.mediaURLs { form.append(FormParameter("MediaUrl", media)) }
        if let content = message.contentSID { form.append(FormParameter("ContentSid", content)) }
        if let variables = message.contentVariables { form.append(FormParameter("ContentVariables", variables)) }
        if let callback = statusCallbackURL(correlationID: message.correlationID) {
            form.append(FormParameter("StatusCallback", callback))
        }

        var headers = ChannelHeaders()
        headers.append("Authorization", BasicAuth.header(username: configuration.username, password: configuration.password))
        headers.append("Content-Type", "application/x-www-form-urlencoded")
        headers.append("Accept", "application/json")
        return ChannelRequest(url: endpointURL, headers: headers, body: Array(FormURLEncoding.encode(form).utf8))
    }

    /// Classifies a create-message response: 201/200 with `sid` succeed; 429 (20429) and 5xx are retryable;
    /// other statuses (400 with 21211/21606/21608/21610/21612/21614, 401 with 20003, 403, 404) are permanent.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: Unused.
    /// - Returns: The classification; success carries the message `sid`.
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
            return .success(providerMessageID: json?["sid"]?.stringValue, duplicate: false)
        }
        let code = ResponseParsing.integer(json?["code"])
        let message = json?["message"]?.stringValue ?? response.bodyExcerpt()
        let reason = "twilio HTTP \(response.status)" + (code.map { " error \($0)" } ?? "") + ": " + message
        switch response.status {
        case 429, 500...599:
            return .retryable(reason: reason, retryAfter: ResponseParsing.retryAfter(response))
        default:
            return .permanent(reason: reason)
        }
    }

    private func address(_ value: String, channel: Channel) -> String {
        guard channel == .whatsapp, !value.hasPrefix("whatsapp:"), !value.hasPrefix("MG") else { return value }
        return "whatsapp:" + value
    }
}
