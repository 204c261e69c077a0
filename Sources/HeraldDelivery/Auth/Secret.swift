/// A secret value (API key, password, client secret, token) that never shows up in logs: its
/// `description`, `debugDescription` and reflection all print `<redacted>`.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; read it only to put it on the wire.
    public let value: String

    /// Wraps a secret.
    public init(_ value: String) {
        self.value = value
    }

    /// `<redacted>`.
    public var description: String { "<redacted>" }
    /// `<redacted>`.
    public var debugDescription: String { "<redacted>" }
    /// A mirror without children, so `dump` and string interpolation of containers cannot leak it.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
