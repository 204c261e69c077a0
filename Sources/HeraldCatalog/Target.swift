/// A rule target (`Target`): where matching events go and how they are shaped and retried.
public struct Target: Sendable, Equatable, Codable {
    /// Target id, unique within the rule (1–64 characters of `[\.\-_A-Za-z0-9]`).
    public var id: String
    /// The destination ARN (an API destination, an event bus, or another ARN the delivery engine knows).
    public var arn: String
    /// Role ARN (recorded only).
    public var roleArn: String?
    /// Constant JSON text sent instead of the event.
    public var input: String?
    /// A JSONPath selecting the part of the event to send.
    public var inputPath: String?
    /// Builds the payload from the event.
    public var inputTransformer: InputTransformer?
    /// Path, header and query parameters for HTTP targets.
    public var httpParameters: HttpParameters?
    /// Where events go after the retry policy is exhausted.
    public var deadLetterConfig: DeadLetterConfig?
    /// How long and how often delivery is retried.
    public var retryPolicy: RetryPolicy?
    /// SQS parameters (recorded only).
    public var sqsParameters: SqsParameters?
    /// Herald extensions (not part of EventBridge; boto3 cannot send them, the config file can).
    public var heraldParameters: HeraldTargetParameters?

    /// Creates a target.
    public init(
        id: String, arn: String, roleArn: String? = nil, input: String? = nil, inputPath: String? = nil,
        inputTransformer: InputTransformer? = nil, httpParameters: HttpParameters? = nil,
        deadLetterConfig: DeadLetterConfig? = nil, retryPolicy: RetryPolicy? = nil, sqsParameters: SqsParameters? = nil,
        heraldParameters: HeraldTargetParameters? = nil
    ) {
        self.id = id
        self.arn = arn
        self.roleArn = roleArn
        self.input = input
        self.inputPath = inputPath
        self.inputTransformer = inputTransformer
        self.httpParameters = httpParameters
        self.deadLetterConfig = deadLetterConfig
        self.retryPolicy = retryPolicy
        self.sqsParameters = sqsParameters
        self.heraldParameters = heraldParameters
    }

    /// The retry policy in force: the target's, with EventBridge defaults (185 attempts, 86400 s) filled in.
    public var effectiveRetryPolicy: RetryPolicy {
        RetryPolicy(
            maximumRetryAttempts: retryPolicy?.maximumRetryAttempts ?? RetryPolicy.defaultMaximumRetryAttempts,
            maximumEventAgeInSeconds: retryPolicy?.maximumEventAgeInSeconds ?? RetryPolicy.defaultMaximumEventAgeInSeconds
        )
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", arn = "Arn", roleArn = "RoleArn", input = "Input", inputPath = "InputPath"
        case inputTransformer = "InputTransformer", httpParameters = "HttpParameters"
        case deadLetterConfig = "DeadLetterConfig", retryPolicy = "RetryPolicy", sqsParameters = "SqsParameters"
        case heraldParameters = "HeraldParameters"
    }
}

/// `InputTransformer`: named JSONPaths into the event and a template with `<name>` placeholders.
public struct InputTransformer: Sendable, Equatable, Codable {
    /// Up to 100 `name → JSONPath` entries.
    public var inputPathsMap: [String: String]?
    /// The template (1–8192 characters).
    public var inputTemplate: String

    /// Creates a transformer.
    public init(inputPathsMap: [String: String]? = nil, inputTemplate: String) {
        self.inputPathsMap = inputPathsMap
        self.inputTemplate = inputTemplate
    }

    enum CodingKeys: String, CodingKey { case inputPathsMap = "InputPathsMap", inputTemplate = "InputTemplate" }
}

/// `RetryPolicy`: retry attempts 0–185 and maximum event age 60–86400 s.
public struct RetryPolicy: Sendable, Equatable, Codable, Hashable {
    /// EventBridge's default number of retries.
    public static let defaultMaximumRetryAttempts = 185
    /// EventBridge's default maximum event age, in seconds.
    public static let defaultMaximumEventAgeInSeconds = 86_400

    /// Maximum retries after the first attempt.
    public var maximumRetryAttempts: Int?
    /// Maximum age of an event before it is dead-lettered.
    public var maximumEventAgeInSeconds: Int?

    /// Creates a retry policy.
    public init(maximumRetryAttempts: Int? = nil, maximumEventAgeInSeconds: Int? = nil) {
        self.maximumRetryAttempts = maximumRetryAttempts
        self.maximumEventAgeInSeconds = maximumEventAgeInSeconds
    }

    enum CodingKeys: String, CodingKey {
        case maximumRetryAttempts = "MaximumRetryAttempts", maximumEventAgeInSeconds = "MaximumEventAgeInSeconds"
    }
}

/// `HttpParameters` of a target: values for `*` in the endpoint, extra headers, extra query parameters.
public struct HttpParameters: Sendable, Equatable, Codable {
    /// Values substituted, in order, for the `*` wildcards of the invocation endpoint.
    public var pathParameterValues: [String]?
    /// Extra request headers.
    public var headerParameters: [String: String]?
    /// Extra query-string parameters.
    public var queryStringParameters: [String: String]?

    /// Creates HTTP parameters.
    public init(
        pathParameterValues: [String]? = nil, headerParameters: [String: String]? = nil,
        queryStringParameters: [String: String]? = nil
    ) {
        self.pathParameterValues = pathParameterValues
        self.headerParameters = headerParameters
        self.queryStringParameters = queryStringParameters
    }

    enum CodingKeys: String, CodingKey {
        case pathParameterValues = "PathParameterValues", headerParameters = "HeaderParameters"
        case queryStringParameters = "QueryStringParameters"
    }
}

/// `SqsParameters` (recorded only; Herald has no SQS).
public struct SqsParameters: Sendable, Equatable, Codable {
    /// FIFO message group id.
    public var messageGroupId: String?

    /// Creates SQS parameters.
    public init(messageGroupId: String? = nil) { self.messageGroupId = messageGroupId }

    enum CodingKeys: String, CodingKey { case messageGroupId = "MessageGroupId" }
}

/// Herald's own target options (an extension to EventBridge, settable through the config file and Herald's API).
public struct HeraldTargetParameters: Sendable, Equatable, Codable {
    /// Maximum concurrent deliveries to this target (nil: the delivery engine's default).
    public var maxConcurrency: Int?
    /// JSONPath into the event whose value groups events for ordered delivery (nil: unordered).
    public var orderingKeyPath: String?
    /// Request timeout in seconds (nil: the default, 5 s).
    public var requestTimeoutSeconds: Double?
    /// Sign each request as a DingTalk robot or Lark/Feishu bot with a "signature verification" secret.
    public var signing: BotSigning?
    /// A named channel preset (Twilio, Resend, Supabase, DingTalk, Lark, Slack) applied to every request.
    public var channel: TargetChannel?

    /// Creates Herald options.
    public init(
        maxConcurrency: Int? = nil, orderingKeyPath: String? = nil, requestTimeoutSeconds: Double? = nil, signing: BotSigning? = nil,
        channel: TargetChannel? = nil
    ) {
        self.maxConcurrency = maxConcurrency
        self.orderingKeyPath = orderingKeyPath
        self.requestTimeoutSeconds = requestTimeoutSeconds
        self.signing = signing
        self.channel = channel
    }

    enum CodingKeys: String, CodingKey {
        case maxConcurrency = "MaxConcurrency", orderingKeyPath = "OrderingKeyPath"
        case requestTimeoutSeconds = "RequestTimeoutSeconds", signing = "Signing", channel = "Channel"
    }
}

/// `HeraldParameters.Signing`: how requests to a chat-bot webhook are signed (a Herald extension).
///
/// - `dingtalk`: `timestamp` (ms) and `sign` = Base64(HMAC-SHA256(secret, "timestamp\nsecret")) are added to the URL.
/// - `lark`: `timestamp` (s) and `sign` = Base64(HMAC-SHA256("timestamp\nsecret", "")) are added to the JSON body.
///
/// The secret is never returned by the API (`ListTargetsByRule` shows `"Secret": "****"`).
public struct BotSigning: Sendable, Equatable, Codable {
    /// The masked value the API shows instead of the secret.
    public static let redacted = "****"
    /// The providers Herald can sign for.
    public static let types = ["dingtalk", "lark"]

    /// `dingtalk` or `lark` (Feishu uses `lark`).
    public var type: String
    /// The robot's signing secret (DingTalk `SEC…`).
    public var secret: String

    /// Creates a signing setting.
    public init(type: String, secret: String) {
        self.type = type
        self.secret = secret
    }

    /// The same setting with its secret masked, for API output.
    public var redactedCopy: BotSigning { BotSigning(type: type, secret: Self.redacted) }

    enum CodingKeys: String, CodingKey {
        case type = "Type", secret = "Secret"
    }
}
