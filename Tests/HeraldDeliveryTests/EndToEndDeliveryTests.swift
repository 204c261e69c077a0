import AsyncHTTPClient
import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldTestSupport
import MetricsTestKit
import Testing

/// Whole attempts (transform → build → authorize → send → classify → decide) against a loopback server.
@Suite(.timeLimit(.minutes(1))) struct EndToEndDeliveryTests {
    let event = try! EventEnvelope(
        entry: PutEventsEntry(source: "com.app", detailType: "OrderPlaced",
                              detail: #"{"order_id":"o-1","amount":12000.50,"phone":"+15558675310","msg":"Paid \"in full\""}"#),
        id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718", ingestionTime: UTCTime(iso8601: "2026-11-22T10:00:00Z")!,
        account: "123456789012", region: "us-east-1")
    let context = TransformContext(ruleArn: "arn:aws:events:us-east-1:123456789012:rule/order-fanout", ruleName: "order-fanout",
                                   ingestionTime: UTCTime(iso8601: "2026-11-22T10:00:00Z")!)

    func deliverer(
        _ server: TestHTTPServer, _ transport: AsyncHTTPClientTransport, path: String = "/crm",
        target: TargetHttpParameters = .init(), input: TargetInput = .matchedEvent, policy: RetryPolicy = .eventBridgeDefault,
        metrics: TargetDeliveryMetrics? = nil
    ) throws -> TargetDeliverer<ContinuousClock> {
        let clock = ContinuousClock()
        let connection = Connection(name: "crm", authorization: .apiKey(name: "x-api-key", value: Secret("k-1")))
        return TargetDeliverer(
            destination: try ApiDestination(name: "crm", invocationEndpoint: server.baseURL + path),
            connection: connection, httpParameters: target, input: input,
            transport: AuthorizingTransport(authorization: connection.authorization, transport: transport, clock: clock),
            classifier: EventBridgeResponseClassifier(maximumRetryAfter: .milliseconds(300)),
            retry: RetryStateMachine(policy: policy, backoff: Backoff(initialDelay: .milliseconds(20), jitter: .none)),
            limiter: RateLimiter(ratePerSecond: 1_000, clock: clock),
            builder: ApiDestinationRequestBuilder(userAgent: "Herald/test"),
            metrics: metrics, clock: clock)
    }

    @Test func retriesThroughFailuresUntilDeliveredWithStableIdempotencyKey() async throws {
        try await withLoopback { transport, server in
            server.enqueue([
                .respond(status: 503),
                .dropConnection,
                .respond(status: 429, headers: [("Retry-After", "120")]),  // capped at 300 ms
                .respond(status: 200, text: "ok"),
            ])
            let metrics = TestMetrics()
            let deliverer = try deliverer(server, transport, metrics: DeliveryMetrics(factory: metrics).target("order-fanout/crm"))
            var state = DeliveryState(ageOrigin: ContinuousClock.now)
            var random = SplitMix64(seed: 3)
            var decisions: [RetryDecision<ContinuousClock.Instant>] = []
            for _ in 0..<10 {
                let report = try await deliverer.attempt(event, context: context, state: &state, random: &random)
                decisions.append(report.decision)
                guard case .retry(let at, _) = report.decision else { break }
                try await ContinuousClock().sleep(until: at)
            }
            #expect(decisions.last == .succeeded)
            #expect(state.attempts == 4)
            let requests = server.requests
            #expect(requests.count == 4)
            #expect(requests.allSatisfy { $0.header("Idempotency-Key") == event.id && $0.header("X-Herald-Event-Id") == event.id })
            #expect(requests.map { $0.header("X-Herald-Attempt") } == ["1", "2", "3", "4"])
            #expect(requests.allSatisfy { $0.header("User-Agent") == "Herald/test" && $0.header("x-api-key") == "k-1" })
            #expect(requests[0].header("Content-Type") == "application/json; charset=utf-8")
            #expect(requests[0].body == event.jsonBytes)
            // The capped Retry-After (300 ms) separated the last two attempts.
            #expect(requests[3].receivedAt - requests[2].receivedAt >= .milliseconds(280))
            let labels = [("target", "order-fanout/crm")]
            #expect(try metrics.expectCounter("herald_deliveries_sent", labels).totalValue == 4)
            #expect(try metrics.expectCounter("herald_deliveries_retried", labels).totalValue == 3)
            #expect(try metrics.expectCounter("herald_deliveries_succeeded", labels).totalValue == 1)
            #expect(try metrics.expectMeter("herald_deliveries_in_flight", labels).lastValue == 0)
        }
    }

    @Test func clientErrorDeadLettersAfterOneRequestWithTheResponseExcerpt() async throws {
        try await withLoopback { transport, server in
            server.enqueue([.respond(status: 422, text: #"{"error":"amount must be an integer"}"#)])
            let deliverer = try deliverer(server, transport)
            var state = DeliveryState(ageOrigin: ContinuousClock.now)
            var random = SplitMix64(seed: 1)
            let report = try await deliverer.attempt(event, context: context, state: &state, random: &random)
            guard case .deadLetter(.permanentFailure(let reason)) = report.decision else {
                Issue.record("expected a permanent dead letter, got \(report.decision)")
                return
            }
            #expect(reason.statusCode == 422)
            #expect(report.response?.bodyExcerptText == #"{"error":"amount must be an integer"}"#)
            #expect(server.requests.count == 1)
        }
    }

    @Test func exhaustedRetriesDeadLetter() async throws {
        try await withLoopback { transport, server in
            server.setHandler { _ in .respond(status: 500) }
            let deliverer = try deliverer(server, transport, policy: try RetryPolicy(maximumRetryAttempts: 2))
            var state = DeliveryState(ageOrigin: ContinuousClock.now)
            var random = SplitMix64(seed: 1)
            var last: RetryDecision<ContinuousClock.Instant>?
            for _ in 0..<10 {
                let report = try await deliverer.attempt(event, context: context, state: &state, random: &random)
                last = report.decision
                guard case .retry(let at, _) = report.decision else { break }
                try await ContinuousClock().sleep(until: at)
            }
            guard case .deadLetter(.retryAttemptsExhausted(_, attempts: 3))? = last else {
                Issue.record("expected retries exhausted after 3 attempts, got \(String(describing: last))")
                return
            }
            #expect(server.requests.count == 3)
        }
    }

    /// Scenario B's SMS: an InputTransformer output form-encoded for a Twilio-style endpoint.
    @Test func formEncodedTwilioMessageOnTheWire() async throws {
        try await withLoopback { transport, server in
            server.enqueue([.respond(status: 201, text: #"{"sid":"SM1","status":"queued"}"#)])
            let transformer = try InputTransformer(
                inputPathsMap: ["phone": "$.detail.phone", "msg": "$.detail.msg", "id": "$.id"],
                inputTemplate: #"{"To": <phone>, "Body": "Order: <msg>", "StatusCallback": "http://127.0.0.1/webhooks/twilio?event=<id>"}"#)
            let deliverer = try deliverer(
                server, transport, path: "/2010-04-01/Accounts/*/Messages.json",
                target: TargetHttpParameters(pathParameterValues: ["AC123"], headerParameters: ["Content-Type": "application/x-www-form-urlencoded"]),
                input: .transformer(transformer))
            var state = DeliveryState(ageOrigin: ContinuousClock.now)
            var random = SplitMix64(seed: 1)
            let report = try await deliverer.attempt(event, context: context, state: &state, random: &random)
            #expect(report.decision == .succeeded)
            let request = try #require(server.requests.first)
            #expect(request.path == "/2010-04-01/Accounts/AC123/Messages.json")
            #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(request.bodyText == "To=%2B15558675310&Body=Order%3A%20Paid%20%22in%20full%22"
                + "&StatusCallback=http%3A%2F%2F127.0.0.1%2Fwebhooks%2Ftwilio%3Fevent%3D6a7e8feb-b491-4cf7-a9f1-bf3703467718")
        }
    }

    @Test func unbuildableRequestDeadLettersWithoutSending() async throws {
        try await withLoopback { transport, server in
            let deliverer = try deliverer(server, transport, path: "/x/*")  // no PathParameterValues
            var state = DeliveryState(ageOrigin: ContinuousClock.now)
            var random = SplitMix64(seed: 1)
            let report = try await deliverer.attempt(event, context: context, state: &state, random: &random)
            #expect(!report.sent)
            guard case .deadLetter(.permanentFailure) = report.decision else {
                Issue.record("expected a permanent dead letter")
                return
            }
            #expect(server.requests.isEmpty)
        }
    }
}
