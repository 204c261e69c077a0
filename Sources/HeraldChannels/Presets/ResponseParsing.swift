import HeraldJSON

/// Helpers shared by the classifiers.
enum ResponseParsing {
    /// The body parsed as JSON, or `nil`.
    static func json(_ response: ProviderResponse) -> JSONValue? {
        guard !response.body.isEmpty else { return nil }
        return try? JSONValue(parsing: response.body)
    }

    /// `Retry-After` in delta-seconds form (HTTP-date form is ignored), capped at one day.
    static func retryAfter(_ response: ProviderResponse) -> Duration? {
        guard let text = response.headers["Retry-After"]?.trimmedSpaces, let seconds = Double(text), seconds >= 0,
            seconds.isFinite
        else { return nil }
        return .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }

    /// A number or numeric string member as an integer.
    static func integer(_ value: JSONValue?) -> Int? {
        if let literal = value?.numberValue?.literal { return Int(literal) }
        if let text = value?.stringValue { return Int(text) }
        return nil
    }

    /// A string member, or a number member's literal.
    static func text(_ value: JSONValue?) -> String? {
        value?.stringValue ?? value?.numberValue?.literal
    }

    /// Generic HTTP-status fallback: 408/429/5xx retryable, everything else permanent.
    static func byStatus(_ response: ProviderResponse, provider: ChannelProvider) -> DeliveryClassification {
        let reason = "\(provider.rawValue) HTTP \(response.status): \(response.bodyExcerpt())"
        switch response.status {
        case 408, 429, 500...599: return .retryable(reason: reason, retryAfter: retryAfter(response))
        default: return .permanent(reason: reason)
        }
    }
}
