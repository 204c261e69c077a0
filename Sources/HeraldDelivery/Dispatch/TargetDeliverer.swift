import HeraldEvents

/// Runs one delivery attempt of an event to an API-destination target, composing the pieces in order:
/// age check → rate limiter → input transformation → request building → authorized send →
/// classification → retry decision → metrics.
///
/// It holds no per-event state: the caller (the per-target dispatcher) keeps each event's
/// ``DeliveryState``, persists the decision, and calls again when a retry is due.
public struct TargetDeliverer<C: Clock>: Sendable where C.Duration == Duration, C.Instant: Sendable {
    /// The outcome of one attempt.
    public struct Report: Sendable {
        /// What to do with the event next.
        public let decision: RetryDecision<C.Instant>
        /// How the attempt was classified.
        public let verdict: AttemptVerdict
        /// The response, when one arrived.
        public let response: DeliveryResponse?
        /// Time spent waiting on the rate limiter during this attempt (already added to the state).
        public let rateLimitWait: Duration
        /// Whether a request was actually sent (false when the event had expired or could not be built).
        public let sent: Bool
    }

    /// The destination.
    public let destination: ApiDestination
    /// Its connection (for invocation parameters).
    public let connection: Connection?
    /// The target's `HttpParameters`.
    public let httpParameters: TargetHttpParameters
    /// The target's input processing.
    public let input: TargetInput
    private let transport: any DeliveryTransport
    private let classifier: any ResponseClassifier
    private let retry: RetryStateMachine<C>
    private let limiter: RateLimiter<C>
    private let builder: ApiDestinationRequestBuilder
    private let metrics: TargetDeliveryMetrics?
    private let clock: C

    /// Creates a deliverer.
    ///
    /// - Parameters:
    ///   - destination: the API destination.
    ///   - connection: its connection, or `nil`.
    ///   - httpParameters: the target's `HttpParameters`.
    ///   - input: the target's `Input`/`InputPath`/`InputTransformer`.
    ///   - transport: sends requests; pass an ``AuthorizingTransport`` for the connection.
    ///   - classifier: response classification (a channel preset, or the EventBridge default).
    ///   - retry: the target's retry state machine.
    ///   - limiter: the destination's rate limiter (shared by its targets).
    ///   - builder: the request builder (User-Agent, timeout).
    ///   - metrics: the target's metrics, or `nil`.
    ///   - clock: the clock `retry` and `limiter` run on.
    public init(
        destination: ApiDestination,
        connection: Connection?,
        httpParameters: TargetHttpParameters = .init(),
        input: TargetInput = .matchedEvent,
        transport: any DeliveryTransport,
        classifier: any ResponseClassifier = EventBridgeResponseClassifier(),
        retry: RetryStateMachine<C>,
        limiter: RateLimiter<C>,
        builder: ApiDestinationRequestBuilder = .init(),
        metrics: TargetDeliveryMetrics? = nil,
        clock: C
    ) {
        self.destination = destination
        self.connection = connection
        self.httpParameters = httpParameters
        self.input = input
        self.transport = transport
        self.classifier = classifier
        self.retry = retry
        self.limiter = limiter
        self.builder = builder
        self.metrics = metrics
        self.clock = clock
    }

    /// Makes one attempt and updates `state`.
    ///
    /// - Parameters:
    ///   - event: the original event.
    ///   - context: rule ARN/name and ingestion time for the transformer.
    ///   - state: the event's delivery state (attempts, age origin, limiter waits).
    ///   - random: jitter source.
    /// - Throws: `CancellationError` if cancelled while waiting on the rate limiter (nothing was sent).
    public func attempt(
        _ event: EventEnvelope,
        context: TransformContext,
        state: inout DeliveryState<C.Instant>,
        random: inout some RandomNumberGenerator
    ) async throws -> Report {
        if retry.isExpired(state, now: clock.now) {
            let reason = state.lastFailure ?? FailureReason(message: "event older than MaximumEventAgeInSeconds before delivery")
            let decision = RetryDecision<C.Instant>.deadLetter(.maximumEventAgeExceeded(reason, attempts: state.attempts))
            metrics?.record(decision)
            return Report(decision: decision, verdict: .permanent(reason), response: nil, rateLimitWait: .zero, sent: false)
        }
        let waited = try await limiter.acquire()
        state.rateLimitWait += waited
        let payload = input.payload(for: event, context: context)
        let request: DeliveryRequest
        do {
            request = try builder.build(
                destination: destination, connection: connection, target: httpParameters, payload: payload, event: event,
                attempt: state.attempts + 1)
        } catch {
            let verdict = AttemptVerdict.permanent(error.failureReason)
            let decision = retry.decide(after: verdict, state: &state, now: clock.now, random: &random)
            metrics?.record(decision)
            return Report(decision: decision, verdict: verdict, response: nil, rateLimitWait: waited, sent: false)
        }
        metrics?.attemptStarted()
        let result = await transport.send(request)
        let response = try? result.get()
        metrics?.attemptFinished(latency: response?.latency)
        let verdict = classifier.classify(result, attempt: state.attempts + 1)
        let decision = retry.decide(after: verdict, state: &state, now: clock.now, random: &random)
        metrics?.record(decision)
        return Report(decision: decision, verdict: verdict, response: response, rateLimitWait: waited, sent: true)
    }
}
