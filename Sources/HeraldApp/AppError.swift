/// Errors that stop Herald from starting.
public enum AppError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The data directory cannot be used.
    case dataDirectory(path: String, reason: String)
    /// The configuration is invalid; `location` says where (file:line or the flag).
    case configuration(location: String, reason: String)

    public var description: String {
        switch self {
        case .dataDirectory(let path, let reason): "data directory \(path): \(reason)"
        case .configuration(let location, let reason): "\(location): \(reason)"
        }
    }
}
