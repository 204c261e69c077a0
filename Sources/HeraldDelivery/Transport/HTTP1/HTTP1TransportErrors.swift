import NIOCore

/// Maps NIO errors seen by a ``PooledHTTP1Transport`` connection onto ``TransportError`` kinds.
enum HTTP1TransportErrors {
    /// The ``TransportError`` for a connect or connection failure.
    static func transportError(from error: any Error) -> TransportError {
        if let channelError = error as? ChannelError {
            switch channelError {
            case .connectTimeout(let amount):
                return TransportError(kind: .connectTimeout, message: "connect timed out after \(amount.nanoseconds / 1_000_000) ms")
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed:
                return TransportError(kind: .connectionReset, message: "connection closed (\(channelError))")
            default:
                return TransportError(kind: .other, message: String(describing: channelError))
            }
        }
        return AsyncHTTPClientTransport.transportError(from: error)
    }
}
