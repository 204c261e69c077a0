import HeraldCatalog
import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldPattern

/// Everything a worker needs to deliver to one target, compiled once from a catalog snapshot and immutable.
///
/// A worker reads the current plan before each batch, so `PutTargets`/`PutRule`/`DisableRule` take effect on the
/// next batch without restarting the worker or losing its cursor.
public final class TargetPlan: Sendable {
    public let key: TargetKey
    public let ruleArn: String
    /// Whether the rule is enabled; a disabled rule's targets skip events (their cursor still advances).
    public let enabled: Bool
    /// The rule's compiled pattern, shared with the rule's other targets; nil for schedule-only rules, which match
    /// no logged event.
    let matcher: RuleMatcher?
    let input: TargetInput
    let endpoint: TargetEndpoint
    let retry: RetryStateMachine<UTCClock>
    let classifier: any ResponseClassifier
    /// Replays whose events this target must not receive (their `FilterArns` name other rules).
    let excludedReplays: Set<String>
    /// The concurrency of this target: at most this many fresh requests in flight (`HeraldParameters.MaxConcurrency`,
    /// else the engine's default, 64), and as many retries beside them.
    public let window: Int
    /// The most matching events past the durable cursor (in flight, waiting behind their group, or finished and
    /// awaiting their cursor commit): ``window`` × ``EngineConfiguration/uncommittedWindows``. This bounds what a crash
    /// can make Herald send again, and lets the target keep sending while a cursor commit (an fsync) is running.
    public let uncommittedLimit: Int
    let timeout: Duration
    let builder: ApiDestinationRequestBuilder
    /// Signs DingTalk/Lark bot requests (`HeraldParameters.Signing`).
    let signer: BotRequestSigner?
    /// The ordering key path (`HeraldParameters.OrderingKeyPath`): events with the same key are delivered one at a
    /// time in log order (see ``OrderingGate``); nil when the target does not order.
    let ordering: JSONPath?
    /// The named channel preset (`HeraldParameters.Channel`): shapes requests, classifies responses, paces.
    let channel: ChannelPresetPlan?

    /// Compiles the plan of `target` of `rule`; `matcher` is the rule's compiled pattern (``RuleMatcher/make(pattern:capacity:)``),
    /// made once for all of the rule's targets.
    /// - Throws: ``TargetPlanError`` when the rule or target is invalid (the catalog validates both, so this is rare).
    init(
        rule: Rule, target: Target, matcher: RuleMatcher?, snapshot: CatalogSnapshot, configuration: EngineConfiguration,
        resources: EngineResources
    ) throws(TargetPlanError) {
        key = TargetKey(bus: rule.eventBusName, rule: rule.name, targetID: target.id)
        ruleArn = rule.arn
        enabled = rule.state.isEnabled
        self.matcher = matcher
        do throws(InputTransformError) {
            var transformer: HeraldEvents.InputTransformer?
            if let given = target.inputTransformer {
                transformer = try HeraldEvents.InputTransformer(
                    inputPathsMap: given.inputPathsMap ?? [:], inputTemplate: given.inputTemplate)
            }
            input = try TargetInput(input: target.input, inputPath: target.inputPath, inputTransformer: transformer)
        } catch {
            throw .invalidInput(error.message(targetId: target.id))
        }
        endpoint = TargetEndpoint(target: target, snapshot: snapshot, resources: resources)
        // A replayed event goes only to the rules its replay names (every rule of the bus when it names none).
        excludedReplays = Set(snapshot.replays.values.filter { replay in
            let filter = replay.destination.filterArns ?? []
            return !filter.isEmpty && !filter.contains(rule.arn)
        }.map(\.name))
        let retryPolicy: HeraldDelivery.RetryPolicy
        do {
            retryPolicy = try HeraldDelivery.RetryPolicy(
                maximumRetryAttempts: target.retryPolicy?.maximumRetryAttempts,
                maximumEventAgeInSeconds: target.retryPolicy?.maximumEventAgeInSeconds
            )
        } catch {
            throw .invalidRetryPolicy(error.description)
        }
        retry = RetryStateMachine(policy: retryPolicy, backoff: configuration.backoff)
        channel = try target.heraldParameters?.channel.map { settings throws(TargetPlanError) in
            try ChannelPresetPlan(settings, targetID: target.id, configuration: configuration)
        }
        // A channel preset decides classification; without one the URL is recognised (or EventBridge's rules apply).
        classifier = channel.map { ChannelResponseClassifier(preset: $0.type) }
            ?? endpoint.destination.flatMap { ChannelResponseClassifier.forEndpoint($0.invocationEndpoint) }
            ?? EventBridgeResponseClassifier()
        window = max(1, min(target.heraldParameters?.maxConcurrency ?? configuration.inFlightWindow, 1_024, channel?.maxConcurrency ?? .max))
        uncommittedLimit = window * configuration.uncommittedWindows
        timeout = target.heraldParameters?.requestTimeoutSeconds.map { .milliseconds(Int64($0 * 1_000)) }
            ?? configuration.requestTimeout
        builder = ApiDestinationRequestBuilder(userAgent: configuration.userAgent, timeout: timeout)
        signer = target.heraldParameters?.signing.flatMap(BotRequestSigner.init)
        if let text = target.heraldParameters?.orderingKeyPath {
            do {
                ordering = try JSONPath(parsing: text)
            } catch {
                throw .invalidInput("HeraldParameters.OrderingKeyPath of target \(target.id) is not a JSON path: \(error)")
            }
        } else {
            ordering = nil
        }
    }

    /// Whether the event (already parsed) matches this target's rule; `sequence` is its log sequence, when it comes
    /// from the log (the rule's targets then share the pattern's answer).
    ///
    /// A Scheduled Event (`aws.events` / `Scheduled Event`) goes only to the rule named in its `resources`, as in
    /// EventBridge; every other event is matched against the rule's pattern.
    func matches(_ event: JSONValue, sequence: UInt64? = nil) -> Bool {
        guard enabled else { return false }
        if case .string("aws.events")? = event["source"], case .string("Scheduled Event")? = event["detail-type"] {
            return event["resources"]?.arrayValue?.contains(.string(ruleArn)) ?? false
        }
        guard let matcher else { return false }
        if !excludedReplays.isEmpty, case .string(let replay)? = event["replay-name"], excludedReplays.contains(replay) { return false }
        return matcher.matches(event, sequence: sequence)
    }

    /// What the journal keeps about an attempt of this target: the observer's annotation, completed from the channel
    /// preset when the target has one (its channel and provider, and the correlation id it sent), so every page of a
    /// preset target — bots included, failed or not — has its channel and incident in the ledger.
    func annotation(_ observed: DeliveryAnnotation?, for event: EventEnvelope) -> DeliveryAnnotation? {
        guard let channel else { return observed }
        var annotation = observed ?? DeliveryAnnotation()
        if annotation.channel == nil { annotation.channel = channel.type.channelName }
        if annotation.provider == nil { annotation.provider = channel.type.provider.rawValue }
        if annotation.correlationID == nil { annotation.correlationID = channel.correlationID(for: event) }
        return annotation
    }

    /// Builds the HTTP request for one event.
    /// - Throws: ``DeliveryBuildError`` when the event cannot be turned into a request (a permanent failure).
    func request(for delivery: PendingDelivery, at time: UTCTime = .now) throws(DeliveryBuildError) -> DeliveryRequest {
        guard let destination = endpoint.destination else {
            throw DeliveryBuildError(message: endpoint.unavailable ?? "the target is unavailable")
        }
        var payload: TransformedPayload
        switch input {
        case .matchedEvent:
            // The stored envelope is compact JSON already (checked at ingest): no parse per delivery.
            payload = TransformedPayload(jsonBytes: delivery.envelopeJSON)
        default:
            payload = input.payload(
                for: delivery.envelope,
                context: TransformContext(ruleArn: ruleArn, ruleName: key.rule, ingestionTime: delivery.ingestionTime))
        }
        var httpParameters = endpoint.httpParameters
        if let channel {
            payload = try channel.payload(from: payload, event: delivery.envelope)
            httpParameters = channel.httpParameters(httpParameters)
        }
        var request: DeliveryRequest
        do {
            request = try builder.build(
                destination: destination, connection: endpoint.connection, target: httpParameters, payload: payload,
                event: delivery.envelope, attempt: delivery.state.attempts + 1,
                // Resend keeps a key for 24 hours per team and answers 409 to the same key with another payload: two
                // targets paging one event (or two rules) must not share it, while every retry of one target does.
                idempotencyKey: channel?.type == .resendEmail
                    ? ChannelPresetPlan.idempotencyKey(eventID: delivery.envelope.id, target: key) : nil)
        } catch {
            throw DeliveryBuildError(message: error.description)
        }
        try signer?.sign(&request, at: time)
        if channel?.type == .lark || signer?.signsLark == true { try ChannelPresetPlan.checkLarkBody(request.body) }
        return request
    }
}

/// Why a target cannot be planned; its worker does not run and the engine reports it.
public enum TargetPlanError: Error, Sendable, Equatable, CustomStringConvertible {
    case invalidPattern(String)
    case invalidInput(String)
    case invalidRetryPolicy(String)

    public var description: String {
        switch self {
        case .invalidPattern(let reason): "invalid event pattern: \(reason)"
        case .invalidInput(let reason): "invalid input: \(reason)"
        case .invalidRetryPolicy(let reason): "invalid retry policy: \(reason)"
        }
    }
}

/// Why one event could not be made into a request (dead-lettered at once: retrying cannot help).
public struct DeliveryBuildError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
