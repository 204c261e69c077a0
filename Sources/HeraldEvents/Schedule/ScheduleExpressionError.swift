/// Why a `ScheduleExpression` is invalid (answered as a `ValidationException`).
public struct ScheduleExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression as given.
    public let expression: String
    /// What is wrong with it.
    public let reason: String

    /// Creates an error.
    public init(expression: String, reason: String) {
        self.expression = expression
        self.reason = reason
    }

    /// `Parameter ScheduleExpression is not valid: <reason>`.
    public var description: String { "Parameter ScheduleExpression is not valid: \(reason)" }
}
