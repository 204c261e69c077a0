import Foundation

/// Checks the `Authorization: Bearer <token>` header against the configured admin token in constant time.
public struct AdminAuthorization: Sendable {
    /// The required token, or `nil` to accept every request (developer mode).
    public let token: String?

    /// Creates a checker.
    public init(token: String?) {
        self.token = token
    }

    /// Whether a request carrying `header` (the raw `Authorization` value, if any) may proceed.
    public func allows(authorizationHeader header: String?) -> Bool {
        guard let token else { return true }
        guard let header else { return false }
        let prefix = "bearer "
        guard header.count > prefix.count, header.prefix(prefix.count).lowercased() == prefix else { return false }
        let presented = header.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
        return Self.constantTimeEqual(Array(presented.utf8), Array(token.utf8))
    }

    /// Compares two byte strings in time that depends only on their lengths, never on where they differ.
    public static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        let length = max(lhs.count, rhs.count)
        var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count) | (lhs.count == rhs.count ? 0 : 1)
        for index in 0..<length {
            let left = index < lhs.count ? lhs[index] : 0
            let right = index < rhs.count ? rhs[index] : 0
            difference |= left ^ right
        }
        return difference == 0
    }
}
