/// Why a receipt endpoint did not produce a receipt, with the HTTP status to answer.
public enum ReceiptEndpointError: Error, Sendable, Equatable {
    /// Verification failed: answer 401 and store nothing.
    case unauthorized(ReceiptVerificationError)
    /// Verified but not a message status (e.g. `contact.created`): answer 204 so the sender stops retrying.
    case ignored(String)
    /// Verified but not in the documented shape: answer 400.
    case malformed(ReceiptNormalizationError)

    /// The HTTP status the endpoint should answer with.
    public var httpStatus: Int {
        switch self {
        case .unauthorized: 401
        case .ignored: 204
        case .malformed: 400
        }
    }
}
