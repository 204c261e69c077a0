import Foundation

/// An API destination: an HTTP endpoint reached through a connection, with a rate limit.
public struct ApiDestination: Sendable, Equatable, Codable {
    /// The default `InvocationRateLimitPerSecond`.
    public static let defaultInvocationRateLimitPerSecond = 300
    /// The HTTP methods EventBridge allows (`ApiDestinationHttpMethod`).
    public static let httpMethods = ["POST", "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"]

    /// The destination name.
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:api-destination/NAME/UUID`.
    public var arn: String
    /// Optional description.
    public var description: String?
    /// The ARN of the connection providing credentials.
    public var connectionArn: String
    /// The URL, possibly with `*` wildcards filled from the target's `PathParameterValues`.
    public var invocationEndpoint: String
    /// The HTTP method.
    public var httpMethod: String
    /// Maximum invocations per second.
    public var invocationRateLimitPerSecond: Int
    /// `ACTIVE` or `INACTIVE`.
    public var state: String
    /// When it was created.
    public var creationTime: Date
    /// When it last changed.
    public var lastModifiedTime: Date

    /// Creates an API destination record.
    public init(
        name: String, arn: String, description: String? = nil, connectionArn: String, invocationEndpoint: String,
        httpMethod: String, invocationRateLimitPerSecond: Int = ApiDestination.defaultInvocationRateLimitPerSecond,
        state: String = "ACTIVE", creationTime: Date, lastModifiedTime: Date
    ) {
        self.name = name
        self.arn = arn
        self.description = description
        self.connectionArn = connectionArn
        self.invocationEndpoint = invocationEndpoint
        self.httpMethod = httpMethod
        self.invocationRateLimitPerSecond = invocationRateLimitPerSecond
        self.state = state
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "ApiDestinationArn", description = "Description", connectionArn = "ConnectionArn"
        case invocationEndpoint = "InvocationEndpoint", httpMethod = "HttpMethod"
        case invocationRateLimitPerSecond = "InvocationRateLimitPerSecond", state = "ApiDestinationState"
        case creationTime = "CreationTime", lastModifiedTime = "LastModifiedTime"
    }
}

/// The members of a `CreateApiDestination` or `UpdateApiDestination` request.
public struct ApiDestinationInput: Sendable, Equatable, Codable {
    /// The destination name.
    public var name: String?
    /// Description.
    public var description: String?
    /// Connection ARN.
    public var connectionArn: String?
    /// Endpoint URL.
    public var invocationEndpoint: String?
    /// HTTP method.
    public var httpMethod: String?
    /// Rate limit per second (≥ 1).
    public var invocationRateLimitPerSecond: Int?

    /// Creates the input.
    public init(
        name: String?, description: String? = nil, connectionArn: String? = nil, invocationEndpoint: String? = nil,
        httpMethod: String? = nil, invocationRateLimitPerSecond: Int? = nil
    ) {
        self.name = name
        self.description = description
        self.connectionArn = connectionArn
        self.invocationEndpoint = invocationEndpoint
        self.httpMethod = httpMethod
        self.invocationRateLimitPerSecond = invocationRateLimitPerSecond
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", description = "Description", connectionArn = "ConnectionArn"
        case invocationEndpoint = "InvocationEndpoint", httpMethod = "HttpMethod"
        case invocationRateLimitPerSecond = "InvocationRateLimitPerSecond"
    }
}
