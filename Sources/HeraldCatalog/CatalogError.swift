/// An error raised by the catalog, mapping 1:1 onto an EventBridge error code.
///
/// The ``code`` is the value EventBridge sends as `__type`; ``message`` is the human-readable text.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A request member broke a constraint of the service model (`ValidationException`).
    case validation(String)
    /// The named resource does not exist (`ResourceNotFoundException`).
    case resourceNotFound(String)
    /// A resource with that name already exists (`ResourceAlreadyExistsException`).
    case resourceAlreadyExists(String)
    /// The event pattern is not valid (`InvalidEventPatternException`).
    case invalidEventPattern(String)
    /// A quota was exceeded (`LimitExceededException`).
    case limitExceeded(String)
    /// Another change is in progress (`ConcurrentModificationException`).
    case concurrentModification(String)
    /// The rule is managed by a service and cannot be changed (`ManagedRuleException`).
    case managedRule(String)
    /// The resource is in a state that forbids the operation (`IllegalStatusException`).
    case illegalStatus(String)
    /// The resource is in a state that forbids the operation (`InvalidStateException`).
    case invalidState(String)
    /// A failure inside Herald, e.g. the store could not be written (`InternalException`).
    case `internal`(String)

    /// The EventBridge error code (`__type`) for this error.
    public var code: String {
        switch self {
        case .validation: "ValidationException"
        case .resourceNotFound: "ResourceNotFoundException"
        case .resourceAlreadyExists: "ResourceAlreadyExistsException"
        case .invalidEventPattern: "InvalidEventPatternException"
        case .limitExceeded: "LimitExceededException"
        case .concurrentModification: "ConcurrentModificationException"
        case .managedRule: "ManagedRuleException"
        case .illegalStatus: "IllegalStatusException"
        case .invalidState: "InvalidStateException"
        case .internal: "InternalException"
        }
    }

    /// The human-readable message.
    public var message: String {
        switch self {
        case .validation(let m), .resourceNotFound(let m), .resourceAlreadyExists(let m), .invalidEventPattern(let m),
            .limitExceeded(let m), .concurrentModification(let m), .managedRule(let m), .illegalStatus(let m),
            .invalidState(let m), .internal(let m):
            m
        }
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
