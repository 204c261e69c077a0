import HeraldJSON

/// Why a PutEvents entry could not become an event, or stored envelope text could not be read back.
///
/// ``errorCode`` and ``errorMessage`` are the per-entry `ErrorCode`/`ErrorMessage` EventBridge answers in a
/// PutEvents response.
public enum EventEnvelopeError: Error, Sendable, Hashable {
    /// A required entry member (`Source`, `DetailType` or `Detail`) is missing or empty.
    case missingArgument(String)
    /// `Detail` is not valid JSON.
    case malformedDetail(JSONError)
    /// `Detail` is valid JSON but not an object.
    case detailNotAnObject
    /// Envelope JSON could not be parsed.
    case malformedEnvelope(JSONError)
    /// Envelope JSON lacks a member or has one of the wrong type.
    case invalidEnvelopeField(String)

    /// The PutEvents `ErrorCode` for this failure.
    public var errorCode: String {
        switch self {
        case .missingArgument: return "InvalidArgument"
        case .malformedDetail, .detailNotAnObject: return "MalformedDetail"
        case .malformedEnvelope, .invalidEnvelopeField: return "InvalidArgument"
        }
    }

    /// The PutEvents `ErrorMessage` for this failure.
    public var errorMessage: String {
        switch self {
        case .missingArgument(let name): return "Parameter \(name) is not valid. Reason: \(name) is a required argument."
        case .malformedDetail, .detailNotAnObject: return "Detail is malformed."
        case .malformedEnvelope(let error): return "Event is not valid JSON: \(error)"
        case .invalidEnvelopeField(let field): return "Event member \(field) is missing or has the wrong type."
        }
    }
}

extension EventEnvelopeError: CustomStringConvertible {
    /// `ErrorCode: ErrorMessage`.
    public var description: String { "\(errorCode): \(errorMessage)" }
}
