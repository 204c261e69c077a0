import Foundation

/// How a connection authorizes requests (`ConnectionAuthorizationType`).
public enum ConnectionAuthorizationType: String, Sendable, Codable, CaseIterable {
    /// HTTP Basic authentication.
    case basic = "BASIC"
    /// OAuth 2 client-credentials grant.
    case oauthClientCredentials = "OAUTH_CLIENT_CREDENTIALS"
    /// A static API key header.
    case apiKey = "API_KEY"
}

/// The lifecycle state of a connection (`ConnectionState`).
public enum ConnectionState: String, Sendable, Codable, CaseIterable {
    /// Transitional and settled states, named as EventBridge names them.
    case creating = "CREATING", updating = "UPDATING", deleting = "DELETING", authorized = "AUTHORIZED"
    case deauthorized = "DEAUTHORIZED", authorizing = "AUTHORIZING", deauthorizing = "DEAUTHORIZING"
    /// States of private-network connectivity (recorded only).
    case active = "ACTIVE", failedConnectivity = "FAILED_CONNECTIVITY"
}

/// A connection: the credentials and fixed parameters API destinations use.
///
/// - Important: ``authParameters`` holds secrets (passwords, API key values, client secrets, secret
///   invocation parameters). They are persisted so delivery can use them, but never returned by Describe:
///   use ``redactedAuthParameters`` for any response.
public struct Connection: Sendable, Equatable, Codable {
    /// The connection name.
    public var name: String
    /// `arn:aws:events:REGION:ACCOUNT:connection/NAME/UUID`.
    public var arn: String
    /// Optional description.
    public var description: String?
    /// The authorization type.
    public var authorizationType: ConnectionAuthorizationType
    /// The full authorization parameters, secrets included.
    public var authParameters: ConnectionAuthParameters
    /// The lifecycle state.
    public var state: ConnectionState
    /// Why the connection is in its state, if known.
    public var stateReason: String?
    /// A Secrets Manager-style ARN naming where the secret lives (Herald keeps it in its own store).
    public var secretArn: String
    /// KMS key identifier (recorded only).
    public var kmsKeyIdentifier: String?
    /// When the connection was created.
    public var creationTime: Date
    /// When it last changed.
    public var lastModifiedTime: Date
    /// When it was last authorized.
    public var lastAuthorizedTime: Date?

    /// Creates a connection record.
    public init(
        name: String, arn: String, description: String? = nil, authorizationType: ConnectionAuthorizationType,
        authParameters: ConnectionAuthParameters, state: ConnectionState, stateReason: String? = nil, secretArn: String,
        kmsKeyIdentifier: String? = nil, creationTime: Date, lastModifiedTime: Date, lastAuthorizedTime: Date? = nil
    ) {
        self.name = name
        self.arn = arn
        self.description = description
        self.authorizationType = authorizationType
        self.authParameters = authParameters
        self.state = state
        self.stateReason = stateReason
        self.secretArn = secretArn
        self.kmsKeyIdentifier = kmsKeyIdentifier
        self.creationTime = creationTime
        self.lastModifiedTime = lastModifiedTime
        self.lastAuthorizedTime = lastAuthorizedTime
    }

    /// The auth parameters with every secret removed, as `DescribeConnection` returns them.
    public var redactedAuthParameters: ConnectionAuthParameters { authParameters.redacted() }

    enum CodingKeys: String, CodingKey {
        case name = "Name", arn = "ConnectionArn", description = "Description", authorizationType = "AuthorizationType"
        case authParameters = "AuthParameters", state = "ConnectionState", stateReason = "StateReason"
        case secretArn = "SecretArn", kmsKeyIdentifier = "KmsKeyIdentifier", creationTime = "CreationTime"
        case lastModifiedTime = "LastModifiedTime", lastAuthorizedTime = "LastAuthorizedTime"
    }
}

/// The members of a `CreateConnection` request.
public struct CreateConnectionInput: Sendable, Equatable, Codable {
    /// The connection name.
    public var name: String?
    /// Optional description.
    public var description: String?
    /// Raw authorization type; validated against ``ConnectionAuthorizationType``.
    public var authorizationType: String?
    /// The auth parameters (must match the type).
    public var authParameters: ConnectionAuthParameters?
    /// KMS key identifier (recorded only).
    public var kmsKeyIdentifier: String?

    /// Creates the input.
    public init(
        name: String?, description: String? = nil, authorizationType: String?, authParameters: ConnectionAuthParameters?,
        kmsKeyIdentifier: String? = nil
    ) {
        self.name = name
        self.description = description
        self.authorizationType = authorizationType
        self.authParameters = authParameters
        self.kmsKeyIdentifier = kmsKeyIdentifier
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", description = "Description", authorizationType = "AuthorizationType"
        case authParameters = "AuthParameters", kmsKeyIdentifier = "KmsKeyIdentifier"
    }
}

/// The members of an `UpdateConnection` request: given members replace the stored ones.
public struct UpdateConnectionInput: Sendable, Equatable, Codable {
    /// The connection name.
    public var name: String?
    /// New description.
    public var description: String?
    /// New authorization type.
    public var authorizationType: String?
    /// Parameters to merge into the stored ones (absent members keep their value).
    public var authParameters: ConnectionAuthParameters?
    /// New KMS key identifier.
    public var kmsKeyIdentifier: String?

    /// Creates the input.
    public init(
        name: String?, description: String? = nil, authorizationType: String? = nil,
        authParameters: ConnectionAuthParameters? = nil, kmsKeyIdentifier: String? = nil
    ) {
        self.name = name
        self.description = description
        self.authorizationType = authorizationType
        self.authParameters = authParameters
        self.kmsKeyIdentifier = kmsKeyIdentifier
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", description = "Description", authorizationType = "AuthorizationType"
        case authParameters = "AuthParameters", kmsKeyIdentifier = "KmsKeyIdentifier"
    }
}
