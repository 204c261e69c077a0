import HeraldDelivery
import HeraldEvents
import HeraldJSON
import MetricsTestKit
import Testing

@Suite struct DeliveryMetricsTests {
    @Test func countsOutcomesWithTargetLabelOnly() throws {
        let metrics = TestMetrics()
        let target = DeliveryMetrics(factory: metrics).target("cdp-fanout/crm")
        let reason = FailureReason(statusCode: 500, message: "HTTP 500")
        for decision: RetryDecision<UTCTime> in [
            .succeeded, .succeeded, .retry(at: UTCTime(secondsSince1970: Int64(1)), delay: .seconds(1)),
            .deadLetter(.permanentFailure(reason)), .deadLetter(.retryAttemptsExhausted(reason, attempts: 4)),
        ] {
            target.attemptStarted()
            target.attemptFinished(latency: .milliseconds(3))
            target.record(decision)
        }
        target.attemptStarted()
        let labels = [("target", "cdp-fanout/crm")]
        #expect(try metrics.expectCounter("herald_deliveries_sent", labels).totalValue == 6)
        #expect(try metrics.expectCounter("herald_deliveries_succeeded", labels).totalValue == 2)
        #expect(try metrics.expectCounter("herald_deliveries_retried", labels).totalValue == 1)
        #expect(try metrics.expectCounter("herald_deliveries_dead_lettered", labels + [("reason", "permanent")]).totalValue == 1)
        #expect(try metrics.expectCounter("herald_deliveries_dead_lettered", labels + [("reason", "retries_exhausted")]).totalValue == 1)
        #expect(try metrics.expectMeter("herald_deliveries_in_flight", labels).lastValue == 1)
        #expect(try metrics.expectTimer("herald_delivery_latency", labels).values == Array(repeating: 3_000_000, count: 5))
    }
}

@Suite struct GroupOrderingTests {
    typealias P = GroupOrdering.Pending

    @Test func oneInFlightPerGroupAndFailuresBlockOnlyTheirGroup() {
        let pending = [
            P(sequence: 1, groupKey: "INC-1", isDue: false),  // failed, waiting for its retry
            P(sequence: 2, groupKey: "INC-2", inFlight: true),
            P(sequence: 3, groupKey: "INC-1"),  // behind the failing event of INC-1
            P(sequence: 4, groupKey: "INC-2"),  // behind the in-flight event of INC-2
            P(sequence: 5, groupKey: "INC-3"),
            P(sequence: 6, groupKey: nil),
            P(sequence: 7, groupKey: "INC-3"),
            P(sequence: 8, groupKey: nil, inFlight: true),
            P(sequence: 9, groupKey: nil),
        ]
        #expect(GroupOrdering.sendable(pending) == [5, 6, 9])
        #expect(GroupOrdering.sendable(pending, limit: 2) == [5, 6])
        // Once INC-1's retry is due it goes first; the rest of INC-1 still waits.
        var retried = pending
        retried[0].isDue = true
        #expect(GroupOrdering.sendable(retried) == [1, 5, 6, 9])
        // When INC-2's head completes (removed from pending), its next event becomes eligible.
        #expect(GroupOrdering.sendable(pending.filter { $0.sequence != 2 }) == [4, 5, 6, 9])
    }

    @Test func groupKeysFromJSONPaths() throws {
        let event = EventEnvelope(id: "1", detailType: "d", source: "s", account: "1", time: UTCTime(secondsSince1970: Int64(0)), region: "r",
                                  detail: ["incident_id": "INC-7", "n": 42, "o": ["a": 1], "z": nil])
        #expect(GroupOrdering.groupKey(of: event, path: try JSONPath(parsing: "$.detail.incident_id")) == "INC-7")
        #expect(GroupOrdering.groupKey(of: event, path: try JSONPath(parsing: "$.detail.n")) == "42")
        #expect(GroupOrdering.groupKey(of: event, path: try JSONPath(parsing: "$.detail.o")) == #"{"a":1}"#)
        #expect(GroupOrdering.groupKey(of: event, path: try JSONPath(parsing: "$.detail.z")) == nil)
        #expect(GroupOrdering.groupKey(of: event, path: try JSONPath(parsing: "$.detail.missing")) == nil)
    }
}
