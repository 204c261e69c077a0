/// Extra header, query-string and body parameters a connection (or its OAuth token request) adds to
/// every request (`InvocationHttpParameters` / `OAuthHttpParameters`).
public struct ConnectionHttpParameters: Sendable, Hashable {
    /// One key/value parameter; `value` is redacted in logs when `isValueSecret`.
    public struct Parameter: Sendable, Hashable, CustomStringConvertible {
        /// The key.
        public var key: String
        /// The value (always wrapped; `isValueSecret` only controls Describe output).
        public var value: Secret
        /// `IsValueSecret`: never returned by Describe calls.
        public var isValueSecret: Bool

        /// Creates a parameter.
        public init(key: String, value: String, isValueSecret: Bool = false) {
            self.key = key
            self.value = Secret(value)
            self.isValueSecret = isValueSecret
        }

        /// `key=value`, or `key=<redacted>` for secret values.
        public var description: String { "\(key)=\(isValueSecret ? "<redacted>" : value.value)" }
    }

    /// Headers to add.
    public var headerParameters: [Parameter]
    /// Query-string parameters to add.
    public var queryStringParameters: [Parameter]
    /// Body parameters to add (merged into a JSON object or appended to a form body).
    public var bodyParameters: [Parameter]

    /// Creates parameters (all empty by default).
    public init(headerParameters: [Parameter] = [], queryStringParameters: [Parameter] = [], bodyParameters: [Parameter] = []) {
        self.headerParameters = headerParameters
        self.queryStringParameters = queryStringParameters
        self.bodyParameters = bodyParameters
    }

    /// Whether there are no parameters at all.
    public var isEmpty: Bool { headerParameters.isEmpty && queryStringParameters.isEmpty && bodyParameters.isEmpty }
}
