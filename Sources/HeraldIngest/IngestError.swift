/// Errors of the Unix-socket ingestion service.
public enum IngestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The socket was bound but its file mode could not be set.
    case socketPermissions(path: String, errno: Int32)
    /// Another process answers on the socket path (a second server on the same socket): it is left alone.
    case socketInUse(path: String)

    public var description: String {
        switch self {
        case .socketPermissions(let path, let errno):
            "cannot set the mode of socket \(path) (errno \(errno))"
        case .socketInUse(let path):
            "another process is listening on the socket \(path); stop it first or give this server another --socket"
        }
    }
}
