import HeraldEvents

/// Decides whether a response means success, a retryable failure or a permanent one.
///
/// Channel presets override the default for providers whose failures look like success (for example a
/// bot API answering HTTP 200 with `{"errcode": 310000}`): wrap the default in an
/// ``OverridingResponseClassifier``.
public protocol ResponseClassifier: Sendable {
    /// The verdict for a response.
    func classify(_ response: DeliveryResponse) -> AttemptVerdict

    /// The verdict for a response to the `attempt`-th request for an event (1 for the first). Classifiers whose rules
    /// depend on it implement this (a bot's "invalid timestamp" is retried once with a fresh signature, then
    /// permanent); the default ignores it.
    func classify(_ response: DeliveryResponse, attempt: Int) -> AttemptVerdict
}

extension ResponseClassifier {
    public func classify(_ response: DeliveryResponse, attempt: Int) -> AttemptVerdict {
        classify(response)
    }

    /// The verdict for a transport failure: retryable, except an invalid request (which no retry fixes).
    public func classify(_ error: TransportError) -> AttemptVerdict {
        let reason = FailureReason(transportError: error, message: error.description)
        return error.kind == .invalidRequest ? .permanent(reason) : .retryable(reason, retryAfter: nil)
    }

    /// The verdict for a transport result.
    public func classify(_ result: Result<DeliveryResponse, TransportError>) -> AttemptVerdict {
        classify(result, attempt: 1)
    }

    /// The verdict for a transport result of the `attempt`-th request (1 for the first).
    public func classify(_ result: Result<DeliveryResponse, TransportError>, attempt: Int) -> AttemptVerdict {
        switch result {
        case .success(let response): return classify(response, attempt: attempt)
        case .failure(let error): return classify(error)
        }
    }
}

/// EventBridge's rules for API destinations: 2xx succeeds; 401, 407, 409, 429 and 5xx are retried
/// (honouring `Retry-After`, capped at ``maximumRetryAfter``); every other status is permanent.
public struct EventBridgeResponseClassifier: ResponseClassifier {
    /// The statuses below 500 that are retried.
    public static let retryableClientStatuses: Set<Int> = [401, 407, 409, 429]

    /// The longest `Retry-After` honoured; longer requests are cut to this (default 15 minutes, the
    /// backoff cap).
    public var maximumRetryAfter: Duration

    /// Creates the classifier.
    public init(maximumRetryAfter: Duration = .seconds(900)) {
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// The verdict for a response.
    public func classify(_ response: DeliveryResponse) -> AttemptVerdict {
        let status = response.statusCode
        if (200..<300).contains(status) { return .success }
        let excerpt = response.bodyExcerptText.prefix(200)
        let reason = FailureReason(statusCode: status, message: "HTTP \(status)" + (excerpt.isEmpty ? "" : ": \(excerpt)"))
        guard status >= 500 || Self.retryableClientStatuses.contains(status) else { return .permanent(reason) }
        return .retryable(reason, retryAfter: retryAfter(of: response))
    }

    /// The capped `Retry-After` of a response, or `nil` when absent or unparseable.
    public func retryAfter(of response: DeliveryResponse) -> Duration? {
        guard let value = response.headers["Retry-After"] else { return nil }
        let reference = response.headers["Date"].flatMap { UTCTime(httpDate: $0) } ?? response.receivedAt
        return RetryAfter.delay(from: value, now: reference).map { min($0, maximumRetryAfter) }
    }
}

/// A classifier that asks `override` first and falls back to `base` when it returns `nil`.
public struct OverridingResponseClassifier<Base: ResponseClassifier>: ResponseClassifier {
    /// The fallback classifier.
    public let base: Base
    private let override: @Sendable (DeliveryResponse) -> AttemptVerdict?

    /// Creates the classifier.
    ///
    /// - Parameters:
    ///   - base: used when `override` returns `nil`.
    ///   - override: a provider-specific rule, e.g. "HTTP 200 with `errcode != 0` is permanent".
    public init(base: Base, override: @escaping @Sendable (DeliveryResponse) -> AttemptVerdict?) {
        self.base = base
        self.override = override
    }

    /// The override's verdict, or the base's.
    public func classify(_ response: DeliveryResponse) -> AttemptVerdict {
        override(response) ?? base.classify(response)
    }
}

extension OverridingResponseClassifier where Base == EventBridgeResponseClassifier {
    /// Creates a classifier overriding the EventBridge defaults.
    public init(override: @escaping @Sendable (DeliveryResponse) -> AttemptVerdict?) {
        self.init(base: EventBridgeResponseClassifier(), override: override)
    }
}
