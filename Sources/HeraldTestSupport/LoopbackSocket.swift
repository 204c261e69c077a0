import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP client socket on 127.0.0.1 with receive deadlines (test use only).
public final class LoopbackSocket {
    private let descriptor: Int32

    /// Connects to 127.0.0.1:`port`.
    public init(port: Int) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    deinit { close(descriptor) }

    /// Sends all of `text`.
    public func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw POSIXError(.EPIPE) }
            sent += count
        }
    }

    /// Reads until `marker` was seen, the peer closed, or `seconds` passed.
    public func receive(until marker: String, seconds: Double) throws -> String {
        try read(seconds: seconds) { $0.contains(marker) }
    }

    /// Reads until the peer closes (or `seconds` pass: then throws).
    public func receiveUntilClosed(seconds: Double) throws -> String {
        var closed = false
        let text = try read(seconds: seconds, closed: &closed) { _ in false }
        guard closed else { throw POSIXError(.ETIMEDOUT) }
        return text
    }

    private func read(seconds: Double, stop: (String) -> Bool) throws -> String {
        var closed = false
        return try read(seconds: seconds, closed: &closed, stop: stop)
    }

    private func read(seconds: Double, closed: inout Bool, stop: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while Date() < deadline {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count <= 0 {
                closed = true
                break
            }
            received += buffer[..<count]
            if stop(String(decoding: received, as: UTF8.self)) { break }
        }
        return String(decoding: received, as: UTF8.self)
    }
}
