import HeraldDelivery
import HeraldEvents
import HeraldJSON
import Testing

@Suite struct ResponseClassifierTests {
    let receivedAt = UTCTime(iso8601: "2026-11-22T10:00:00Z")!

    func response(_ status: Int, headers: HTTPFields = [:], body: String = "") -> DeliveryResponse {
        DeliveryResponse(statusCode: status, headers: headers, bodyExcerpt: Array(body.utf8), receivedAt: receivedAt)
    }

    @Test(arguments: [200, 201, 202, 204, 299])
    func successes(status: Int) {
        #expect(EventBridgeResponseClassifier().classify(response(status)) == .success)
    }

    @Test(arguments: [401, 407, 409, 429, 500, 502, 503, 504, 599])
    func retryableStatuses(status: Int) {
        guard case .retryable(let reason, nil) = EventBridgeResponseClassifier().classify(response(status)) else {
            Issue.record("\(status) should be retryable")
            return
        }
        #expect(reason.statusCode == status)
    }

    @Test(arguments: [301, 304, 400, 403, 404, 405, 408, 413, 422, 451])
    func permanentStatuses(status: Int) {
        guard case .permanent(let reason) = EventBridgeResponseClassifier().classify(response(status, body: "bad field")) else {
            Issue.record("\(status) should be permanent")
            return
        }
        #expect(reason.message == "HTTP \(status): bad field")
    }

    @Test func retryAfterSecondsDateAndCap() {
        let classifier = EventBridgeResponseClassifier(maximumRetryAfter: .seconds(600))
        #expect(classifier.classify(response(429, headers: ["Retry-After": "30"]))
            == .retryable(FailureReason(statusCode: 429, message: "HTTP 429"), retryAfter: .seconds(30)))
        #expect(classifier.retryAfter(of: response(503, headers: ["retry-after": " 7200 "])) == .seconds(600))
        #expect(classifier.retryAfter(of: response(503, headers: ["Retry-After": "Sun, 22 Nov 2026 10:02:00 GMT"])) == .seconds(120))
        // The response's own Date header is the reference, so clock skew between us and the server cancels out.
        #expect(classifier.retryAfter(of: response(503, headers: [
            "Date": "Sun, 22 Nov 2026 09:00:00 GMT", "Retry-After": "Sun, 22 Nov 2026 09:01:30 GMT",
        ])) == .seconds(90))
        #expect(classifier.retryAfter(of: response(503, headers: ["Retry-After": "Sun, 22 Nov 2026 09:00:00 GMT"])) == .zero)
        #expect(classifier.retryAfter(of: response(503, headers: ["Retry-After": "soon"])) == nil)
        #expect(RetryAfter.delay(from: "99999999999999999999", now: receivedAt) == .seconds(999_999_999))
    }

    @Test func transportErrorsAreRetryableExceptInvalidRequests() {
        let classifier = EventBridgeResponseClassifier()
        for kind in [TransportError.Kind.connectionRefused, .connectTimeout, .timeout, .connectionReset, .tls, .other] {
            guard case .retryable = classifier.classify(TransportError(kind: kind, message: "x")) else {
                Issue.record("\(kind) should be retryable")
                continue
            }
        }
        guard case .permanent = classifier.classify(.failure(TransportError(kind: .invalidRequest, message: "bad URL"))) else {
            Issue.record("invalid request should be permanent")
            return
        }
    }

    /// A provider preset: DingTalk-style bots answer HTTP 200 with a non-zero `errcode` on failure.
    @Test func presetsCanOverrideTheDefault() {
        let classifier = OverridingResponseClassifier { response in
            guard response.statusCode == 200, let body = try? JSONValue(parsing: response.bodyExcerpt),
                let code = body["errcode"]?.doubleValue, code != 0
            else { return nil }
            let reason = FailureReason(statusCode: 200, message: "errcode \(Int(code))")
            return code == 130101 ? .retryable(reason, retryAfter: .seconds(60)) : .permanent(reason)
        }
        #expect(classifier.classify(response(200, body: #"{"errcode":0,"errmsg":"ok"}"#)) == .success)
        #expect(classifier.classify(response(200, body: #"{"errcode":310000,"errmsg":"sign not match"}"#))
            == .permanent(FailureReason(statusCode: 200, message: "errcode 310000")))
        #expect(classifier.classify(response(200, body: #"{"errcode":130101}"#))
            == .retryable(FailureReason(statusCode: 200, message: "errcode 130101"), retryAfter: .seconds(60)))
        guard case .retryable = classifier.classify(response(502)) else {
            Issue.record("fallback to the default classifier expected")
            return
        }
    }
}
