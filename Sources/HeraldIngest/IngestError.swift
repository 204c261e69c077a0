/// Errors of the Unix-socket ingestion service.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The socket was bound but its file mode could not be set.
    case socketPermissions(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .socketPermissions(let path, let errno):
            "cannot set the mode of socket \(path) (errno \(errno))"
        }
    }
}
