/// Why a request could not be authorized (the OAuth token could not be obtained).
public enum AuthorizationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The token request got no response.
    case tokenRequestFailed(TransportError)
    /// The token endpoint answered with a non-2xx status.
    case tokenEndpointStatus(Int)
    /// The token endpoint's answer had no usable `access_token`.
    case invalidTokenResponse(String)

    /// A one-line explanation (never contains secrets).
    public var description: String {
        switch self {
        case .tokenRequestFailed(let error): return "OAuth token request failed: \(error)"
        case .tokenEndpointStatus(let status): return "OAuth token endpoint answered HTTP \(status)"
        case .invalidTokenResponse(let reason): return "OAuth token response is invalid: \(reason)"
        }
    }
}
