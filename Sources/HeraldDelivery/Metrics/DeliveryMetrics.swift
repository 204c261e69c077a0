import CoreMetrics

/// Delivery metrics through swift-metrics, with bounded label cardinality: the only label is
/// `target` (the target id, e.g. `rule/target-id`), plus `reason` on dead letters (three values).
/// URLs, event ids and status codes are never labels.
///
/// | Metric | Type | Meaning |
/// |---|---|---|
/// | `herald_deliveries_sent` | counter | attempts sent (first tries and retries) |
/// | `herald_deliveries_succeeded` | counter | events delivered |
/// | `herald_deliveries_retried` | counter | attempts that failed and were scheduled again |
/// | `herald_deliveries_dead_lettered` | counter (`reason`) | events moved to the DLQ |
/// | `herald_deliveries_in_flight` | meter | requests currently outstanding |
/// | `herald_delivery_latency` | timer | request latency (nanoseconds) of answered attempts |
public struct DeliveryMetrics: Sendable {
    private let factory: any MetricsFactory

    /// Creates the metrics on an injected factory (e.g. a `PrometheusMetricsFactory`, or `TestMetrics`).
    public init(factory: any MetricsFactory) {
        self.factory = factory
    }

    /// The metrics of one target; create once per target and keep (creation registers the series).
    public func target(_ targetID: String) -> TargetDeliveryMetrics {
        TargetDeliveryMetrics(targetID: targetID, factory: factory)
    }
}

/// The metric handles of one target.
public struct TargetDeliveryMetrics: Sendable {
    /// The target id used as the `target` label.
    public let targetID: String
    private let sent: Counter
    private let succeeded: Counter
    private let retried: Counter
    private let deadLettered: [String: Counter]
    private let inFlight: Meter
    private let latency: CoreMetrics.Timer

    init(targetID: String, factory: any MetricsFactory) {
        let dimensions = [("target", targetID)]
        self.targetID = targetID
        self.sent = Counter(label: "herald_deliveries_sent", dimensions: dimensions, factory: factory)
        self.succeeded = Counter(label: "herald_deliveries_succeeded", dimensions: dimensions, factory: factory)
        self.retried = Counter(label: "herald_deliveries_retried", dimensions: dimensions, factory: factory)
        var deadLettered: [String: Counter] = [:]
        for reason in ["permanent", "retries_exhausted", "max_age_exceeded"] {
            deadLettered[reason] = Counter(
                label: "herald_deliveries_dead_lettered", dimensions: dimensions + [("reason", reason)], factory: factory)
        }
        self.deadLettered = deadLettered
        self.inFlight = Meter(label: "herald_deliveries_in_flight", dimensions: dimensions, factory: factory)
        self.latency = CoreMetrics.Timer(label: "herald_delivery_latency", dimensions: dimensions, factory: factory)
    }

    /// Call when a request is sent: counts it and raises in-flight.
    public func attemptStarted() {
        sent.increment()
        inFlight.increment()
    }

    /// Call when a request ends (answered or not): lowers in-flight and records the latency of answered
    /// requests.
    public func attemptFinished(latency: Duration?) {
        inFlight.decrement()
        if let latency { self.latency.recordNanoseconds(Self.nanoseconds(latency)) }
    }

    /// Records what the retry state machine decided.
    public func record<Instant>(_ decision: RetryDecision<Instant>) {
        switch decision {
        case .succeeded: succeeded.increment()
        case .retry: retried.increment()
        case .deadLetter(let reason): deadLettered[reason.code]?.increment()
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
