import HeraldDelivery
import HeraldEvents
import HeraldJSON
import Testing

@Suite struct RequestBuilderTests {
    let event = EventEnvelope(
        id: "evt-123", detailType: "OrderPlaced", source: "com.app", account: "123456789012",
        time: UTCTime(iso8601: "2026-11-22T10:00:00Z")!, region: "us-east-1",
        detail: ["order": ["id": "o/1 x"], "phone": "+15558675310", "tier": 3])

    @Test func buildsJSONRequestWithPathQueryHeadersAndIdempotency() throws {
        let destination = try ApiDestination(name: "crm", invocationEndpoint: "http://127.0.0.1:8080/orders/*/items/*?v=1", httpMethod: "put")
        let connection = Connection(
            name: "c", authorization: .apiKey(name: "x-api-key", value: Secret("k")),
            invocationHttpParameters: .init(
                headerParameters: [.init(key: "X-Tenant", value: "acme"), .init(key: "Host", value: "evil")],
                queryStringParameters: [.init(key: "token", value: "s e/cret", isValueSecret: true)]))
        let target = TargetHttpParameters(
            pathParameterValues: ["$.detail.order.id", "fixed"],
            headerParameters: ["X-Tenant": "target-loses", "X-Tier": "$.detail.tier"],
            queryStringParameters: ["source": "$.source", "b": "2"])
        let payload = TransformedPayload(json: ["a": 1])
        let request = try ApiDestinationRequestBuilder().build(
            destination: destination, connection: connection, target: target, payload: payload, event: event, attempt: 2)
        #expect(request.method == "PUT")
        #expect(request.url == "http://127.0.0.1:8080/orders/o%2F1%20x/items/fixed?v=1&b=2&source=com.app&token=s%20e%2Fcret")
        #expect(request.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(request.headers["User-Agent"] == "Herald/0.1.0-dev")
        #expect(request.headers["X-Tenant"] == "acme")
        #expect(request.headers["X-Tier"] == "3")
        #expect(request.headers["Host"] == nil)
        #expect(request.headers["Idempotency-Key"] == "evt-123")
        #expect(request.headers["X-Herald-Event-Id"] == "evt-123")
        #expect(request.headers["X-Herald-Attempt"] == "2")
        #expect(request.body == Array(#"{"a":1}"#.utf8))
    }

    @Test("a query key set by both the connection and the target is sent once, with the connection's value; a #fragment stays last")
    func connectionQueryWinsAndFragmentStaysLast() throws {
        let destination = try ApiDestination(name: "d", invocationEndpoint: "http://127.0.0.1:8080/hook?fixed=2#frag")
        let connection = Connection(
            name: "c", authorization: .apiKey(name: "x-api-key", value: Secret("k")),
            invocationHttpParameters: .init(queryStringParameters: [.init(key: "both", value: "connq")]))
        let target = TargetHttpParameters(queryStringParameters: ["both": "tq", "a": "b"])
        let request = try ApiDestinationRequestBuilder().build(
            destination: destination, connection: connection, target: target, payload: TransformedPayload(json: [:]), event: event)
        #expect(request.url == "http://127.0.0.1:8080/hook?fixed=2&a=b&both=connq#frag")
        let plain = try ApiDestination(name: "p", invocationEndpoint: "http://127.0.0.1:8080/hook#frag")
        let second = try ApiDestinationRequestBuilder().build(
            destination: plain, connection: nil, target: TargetHttpParameters(queryStringParameters: ["a": "b"]),
            payload: TransformedPayload(json: [:]), event: event)
        #expect(second.url == "http://127.0.0.1:8080/hook?a=b#frag")
    }

    @Test(arguments: [TransformedPayload(json: ["a": 1]), TransformedPayload(renderedBytes: Array("plain text".utf8))], [nil, 1, 7] as [Int?])
    func withoutHeaderParametersTheFieldsAreThoseOfTheGeneralPath(payload: TransformedPayload, attempt: Int?) throws {
        // No header parameters take a shortcut (every field is appended, no lookups); an ignored parameter (`Host`)
        // takes the general path and must give the same fields in the same order.
        let destination = try ApiDestination(name: "d", invocationEndpoint: "http://127.0.0.1:8080/hook")
        let builder = ApiDestinationRequestBuilder(userAgent: "UA/1")
        let shortcut = try builder.build(destination: destination, connection: nil, payload: payload, event: event, attempt: attempt)
        let general = try builder.build(
            destination: destination, connection: nil, target: TargetHttpParameters(headerParameters: ["Host": "ignored"]),
            payload: payload, event: event, attempt: attempt)
        #expect(shortcut == general)
        #expect(shortcut.headers.fields.map(\.name) == ["User-Agent", "Content-Type", "Idempotency-Key", "X-Herald-Event-Id"] + (attempt == nil ? [] : ["X-Herald-Attempt"]))
        #expect(shortcut.headers["Content-Type"] == (payload.isJSON ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"))
        #expect(shortcut.url == "http://127.0.0.1:8080/hook")
    }

    @Test func formEncodesWhenTheTargetAsksForIt() throws {
        let destination = try ApiDestination(name: "twilio", invocationEndpoint: "https://api.twilio.example/2010-04-01/Accounts/*/Messages.json")
        let transformer = try InputTransformer(
            inputPathsMap: ["to": "$.detail.phone", "id": "$.id"],
            inputTemplate: #"{"To": <to>, "From": "+15017122661", "Body": "Order <id> placed", "StatusCallback": "https://h.example/webhooks/twilio?e=<id>"}"#)
        let payload = transformer.transform(event, context: TransformContext(ruleArn: "arn", ruleName: "r", ingestionTime: event.time))
        let request = try ApiDestinationRequestBuilder().build(
            destination: destination,
            connection: Connection(name: "t", authorization: .basic(username: "AC1", password: Secret("pw")),
                                   invocationHttpParameters: .init(bodyParameters: [.init(key: "MessagingServiceSid", value: "MG1")])),
            target: TargetHttpParameters(pathParameterValues: ["AC1"], headerParameters: ["content-type": "application/x-www-form-urlencoded"]),
            payload: payload, event: event)
        #expect(request.url == "https://api.twilio.example/2010-04-01/Accounts/AC1/Messages.json")
        #expect(request.headers["Content-Type"] == "application/x-www-form-urlencoded")
        #expect(String(decoding: request.body, as: UTF8.self)
            == "To=%2B15558675310&From=%2B15017122661&Body=Order%20evt-123%20placed&StatusCallback=https%3A%2F%2Fh.example%2Fwebhooks%2Ftwilio%3Fe%3Devt-123&MessagingServiceSid=MG1")
    }

    @Test func mergesBodyParametersIntoJSONAndDropsBodiesOfGET() throws {
        let post = try ApiDestination(name: "p", invocationEndpoint: "http://localhost/x")
        let connection = Connection(name: "c", authorization: .apiKey(name: "k", value: Secret("v")),
                                    invocationHttpParameters: .init(bodyParameters: [.init(key: "api_version", value: "2")]))
        let merged = try ApiDestinationRequestBuilder().build(destination: post, connection: connection, payload: TransformedPayload(json: ["a": 1]), event: event)
        #expect(merged.body == Array(#"{"a":1,"api_version":"2"}"#.utf8))
        let text = try ApiDestinationRequestBuilder().build(destination: post, connection: connection, payload: TransformedPayload(renderedBytes: Array("hello <x>".utf8)), event: event)
        #expect(text.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(text.body == Array("hello <x>".utf8))
        let get = try ApiDestination(name: "g", invocationEndpoint: "http://localhost/x", httpMethod: "GET")
        let request = try ApiDestinationRequestBuilder().build(destination: get, connection: nil, payload: TransformedPayload(json: ["a": 1]), event: event)
        #expect(request.body.isEmpty && request.headers["Content-Type"] == nil)
    }

    @Test func errors() throws {
        #expect(throws: RequestBuildError.invalidEndpoint("ftp://x")) { try ApiDestination(name: "d", invocationEndpoint: "ftp://x") }
        #expect(throws: RequestBuildError.invalidEndpoint("http:///x")) { try ApiDestination(name: "d", invocationEndpoint: "http:///x") }
        #expect(throws: RequestBuildError.invalidMethod("TRACE")) { try ApiDestination(name: "d", invocationEndpoint: "http://h/", httpMethod: "TRACE") }
        #expect(throws: RequestBuildError.invalidRateLimit(0)) { try ApiDestination(name: "d", invocationEndpoint: "http://h/", invocationRateLimitPerSecond: 0) }
        let destination = try ApiDestination(name: "d", invocationEndpoint: "http://h/*/*")
        #expect(throws: RequestBuildError.missingPathParameters(expected: 2, provided: 1)) {
            try ApiDestinationRequestBuilder().build(destination: destination, connection: nil, target: .init(pathParameterValues: ["a"]),
                                                     payload: TransformedPayload(json: [:]), event: event)
        }
        let form = TargetHttpParameters(pathParameterValues: ["a", "b"], headerParameters: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(throws: RequestBuildError.formEncoding(.nestedValue(key: "n"))) {
            try ApiDestinationRequestBuilder().build(destination: destination, connection: nil, target: form,
                                                     payload: TransformedPayload(json: ["n": ["x": 1]]), event: event)
        }
        #expect(throws: RequestBuildError.self) { try TargetHttpParameters(headerParameters: ["h": "$.a["]).validate() }
    }

    @Test func secretsAreRedacted() {
        let secret = Secret("hunter2")
        let connection = Connection(name: "c", authorization: .basic(username: "u", password: secret),
                                    invocationHttpParameters: .init(headerParameters: [.init(key: "k", value: "hidden", isValueSecret: true)]))
        let printed = "\(connection) \(String(reflecting: connection)) \(secret)"
        #expect(!printed.contains("hunter2"))
        #expect(!printed.contains("hidden"))
        #expect(printed.contains("<redacted>"))
    }
}
