/// The `webhooks:` section: settings of the receipt endpoints (`/webhooks/twilio`, `/webhooks/resend`,
/// `/webhooks/<source>`) and of the receipt events they re-ingest, as plain values for the composition root to map
/// onto `HeraldReceipts.ReceiptConfiguration`, `ReceiptEventSettings` and `ReceiptOverdueConfiguration`.
///
/// Every secret (Twilio auth tokens and shared keys, Resend and generic signing secrets) must be a `${ENV}` reference.
public struct WebhookSettings: Sendable, Equatable {
    /// Twilio status callbacks.
    public struct Twilio: Sendable, Equatable {
        /// Auth tokens accepted for `X-Twilio-Signature` (two during rotation).
        public var authTokens: [String]
        /// SharedKey secrets by key id (HMAC-SHA256 variant).
        public var sharedKeys: [String: String]
        /// Callback URL parameter carrying the correlation id (nil: the endpoint's default, `cid`).
        public var correlationParameter: String?

        /// Creates Twilio settings.
        public init(authTokens: [String], sharedKeys: [String: String] = [:], correlationParameter: String? = nil) {
            self.authTokens = authTokens
            self.sharedKeys = sharedKeys
            self.correlationParameter = correlationParameter
        }
    }

    /// Resend webhooks: Svix signatures or a Bearer secret.
    public struct Resend: Sendable, Equatable {
        /// How Resend requests are authenticated.
        public enum Authentication: Sendable, Equatable {
            /// Svix signatures with these `whsec_…` secrets.
            case svix(secrets: [String])
            /// `Authorization: Bearer <secret>` with these secrets.
            case bearer(secrets: [String])
        }

        /// The authentication.
        public var authentication: Authentication
        /// Svix timestamp tolerance in seconds (nil: the endpoint's default, 300).
        public var toleranceSeconds: Int?
        /// Tag names carrying the correlation id (nil: the normalizer's default).
        public var correlationTags: [String]?

        /// Creates Resend settings.
        public init(authentication: Authentication, toleranceSeconds: Int? = nil, correlationTags: [String]? = nil) {
            self.authentication = authentication
            self.toleranceSeconds = toleranceSeconds
            self.correlationTags = correlationTags
        }
    }

    /// A generic HMAC-verified source at `/webhooks/<name>`.
    public struct Source: Sendable, Equatable {
        /// The source name (path segment and receipt `provider`).
        public var name: String
        /// Accepted HMAC secrets.
        public var secrets: [String]
        /// Signature header (nil: `X-Signature`).
        public var signatureHeader: String?
        /// `hex` or `base64` (nil: `hex`).
        public var encoding: String?
        /// Prefix before the MAC (nil: `sha256=`; an empty string: none).
        public var signaturePrefix: String?
        /// Header with a signed unix timestamp (nil: none).
        public var timestampHeader: String?
        /// Timestamp tolerance in seconds (nil: 300).
        public var toleranceSeconds: Int?
        /// Header with the sender's delivery id (nil: none).
        public var idHeader: String?
        /// Channel used when the body has none.
        public var defaultChannel: String?
        /// Provider status text → Herald status name.
        public var statusMap: [String: String]

        /// Creates a source; unset members take the verifier's defaults.
        public init(
            name: String, secrets: [String], signatureHeader: String? = nil, encoding: String? = nil,
            signaturePrefix: String? = nil, timestampHeader: String? = nil, toleranceSeconds: Int? = nil,
            idHeader: String? = nil, defaultChannel: String? = nil, statusMap: [String: String] = [:]
        ) {
            self.name = name
            self.secrets = secrets
            self.signatureHeader = signatureHeader
            self.encoding = encoding
            self.signaturePrefix = signaturePrefix
            self.timestampHeader = timestampHeader
            self.toleranceSeconds = toleranceSeconds
            self.idHeader = idHeader
            self.defaultChannel = defaultChannel
            self.statusMap = statusMap
        }
    }

    /// Herald's public base URL, as providers call it (Twilio signs over it).
    public var publicBaseURL: String?
    /// `source` of re-ingested receipt events (nil: `com.notifications`).
    public var receiptSource: String?
    /// Bus receipt events are put on (nil: `default`).
    public var receiptEventBus: String?
    /// Largest accepted webhook body in bytes (nil: 1 MiB).
    public var maxBodyBytes: Int?
    /// Seconds after a send without a settling receipt before a `ReceiptOverdue` event (nil: 600).
    public var overdueTimeoutSeconds: Double?
    /// Per-channel overdue timeouts in seconds.
    public var overdueChannelTimeoutsSeconds: [String: Double]
    /// Twilio settings; nil leaves `/webhooks/twilio` unmounted.
    public var twilio: Twilio?
    /// Resend settings; nil leaves `/webhooks/resend` unmounted.
    public var resend: Resend?
    /// Generic sources.
    public var sources: [Source]

    /// Creates empty settings (no endpoint mounted).
    public init() {
        overdueChannelTimeoutsSeconds = [:]
        sources = []
    }
}
