import Crypto
import Foundation
import HeraldAdmin
import Hummingbird

/// The console's per-process secrets and checks: who is logged in, CSRF tokens, same-origin POSTs and signed
/// flash messages.
///
/// A fresh random key and CSRF token are drawn when the routes are registered, so a restart logs every browser out
/// and invalidates open forms. The session cookie holds HMAC-SHA256(key, token), never the token itself.
struct ConsoleSecurity: Sendable {
    /// The session cookie's name.
    static let sessionCookie = "herald_console"
    /// The flash-message cookie's name.
    static let flashCookie = "herald_flash"

    /// The admin token, or `nil` for developer mode (every request allowed).
    let adminToken: String?
    /// The token every console form carries in its `csrf` field.
    let csrfToken: String
    /// The session cookie's value for a logged-in browser (`nil` in developer mode).
    let sessionValue: String?
    /// Signs the session value and flash messages.
    private let key: SymmetricKey

    /// Draws a new key and CSRF token.
    init(adminToken: String?) {
        let key = SymmetricKey(size: .bits256)
        self.key = key
        self.adminToken = adminToken
        self.csrfToken = Self.hex(SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) })
        self.sessionValue = adminToken.map { token in
            Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Array("herald-console-session\n\(token)".utf8), using: key)))
        }
    }

    /// Whether a token is configured (the console then needs a login).
    var requiresLogin: Bool { adminToken != nil }

    /// How a request stands: allowed, carrying a wrong bearer token, or carrying no credentials.
    enum Standing: Sendable, Equatable {
        /// Developer mode, a valid bearer token or a valid session cookie.
        case allowed
        /// An `Authorization` header with the wrong token (answered with 401).
        case wrongBearer
        /// No credentials at all (sent to the login page).
        case anonymous
    }

    /// Checks a request's bearer header and session cookie.
    func standing(of request: Request) -> Standing {
        guard let sessionValue else { return .allowed }
        if let header = request.headers[.authorization] {
            return AdminAuthorization(token: adminToken).allows(authorizationHeader: header) ? .allowed : .wrongBearer
        }
        if let cookie = request.cookies[Self.sessionCookie]?.value,
            AdminAuthorization.constantTimeEqual(Array(cookie.utf8), Array(sessionValue.utf8))
        {
            return .allowed
        }
        return .anonymous
    }

    /// Whether `presented` is the admin token (constant time).
    func isAdminToken(_ presented: String) -> Bool {
        guard let adminToken else { return true }
        return AdminAuthorization.constantTimeEqual(Array(presented.utf8), Array(adminToken.utf8))
    }

    /// Checks a POST: the form's `csrf` field must equal the process token, and the `Origin` (or, without one,
    /// the `Referer`) must name the host the request was sent to.
    /// - Throws: ``ConsoleError/forbidden(_:)`` naming the failed check.
    func checkPost(_ request: Request, form: ConsoleForm) throws(ConsoleError) {
        guard let presented = form["csrf"],
            AdminAuthorization.constantTimeEqual(Array(presented.utf8), Array(csrfToken.utf8))
        else {
            throw .forbidden("the form's CSRF token is missing or stale: reload the page and try again")
        }
        guard let host = request.head.authority?.lowercased(), !host.isEmpty else {
            throw .forbidden("the request has no Host header")
        }
        let claimed: String
        if let origin = request.headers[.origin] {
            claimed = origin
        } else if let referer = request.headers[.referer] {
            claimed = referer
        } else {
            throw .forbidden("cross-site request refused: neither Origin nor Referer is present")
        }
        guard let origin = Self.hostAndPort(of: claimed), origin == host else {
            throw .forbidden("cross-site request refused: '\(claimed)' is not this server ('\(host)')")
        }
    }

    /// `host[:port]` of an absolute URL, lower-cased; `nil` when it has no host (e.g. `Origin: null`).
    static func hostAndPort(of url: String) -> String? {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else { return nil }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return (components.port.map { "\(bracketed):\($0)" } ?? bracketed).lowercased()
    }

    /// The flash cookie's value for `message`: base64url text, a dot, and its base64url HMAC.
    func signFlash(_ message: String) -> String {
        let text = Self.base64URL(Array(message.utf8))
        let mac = HMAC<SHA256>.authenticationCode(for: Array("herald-console-flash\n\(text)".utf8), using: key)
        return text + "." + Self.base64URL(Array(mac))
    }

    /// The message of a flash cookie value, or `nil` when it is malformed or not signed by this process.
    func verifyFlash(_ value: String) -> String? {
        let parts = value.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let text = Self.bytes(base64URL: String(parts[0])),
            let mac = Self.bytes(base64URL: String(parts[1]))
        else { return nil }
        let valid = HMAC<SHA256>.isValidAuthenticationCode(
            mac, authenticating: Array("herald-console-flash\n\(parts[0])".utf8), using: key)
        return valid ? String(decoding: text, as: UTF8.self) : nil
    }

    /// Lower-case hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Unpadded base64url of `bytes`.
    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes unpadded base64url text.
    static func bytes(base64URL text: String) -> [UInt8]? {
        var standard = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        return Data(base64Encoded: standard).map(Array.init)
    }
}
