import AsyncHTTPClient
import HeraldDelivery
import HeraldEvents
import HeraldJSON
import HeraldTestSupport
import NIOConcurrencyHelpers
import Testing

@Suite(.timeLimit(.minutes(1))) struct AuthorizationIntegrationTests {
    let event = EventEnvelope(id: "evt-9", detailType: "OrderPlaced", source: "com.app", account: "1",
                              time: UTCTime(iso8601: "2026-11-22T10:00:00Z")!, region: "us-east-1", detail: ["n": 1])

    @Test func apiKeyAndBasicHeaders() async throws {
        try await withLoopback { transport, server in
            let apiKey = AuthorizingTransport(authorization: .apiKey(name: "apikey", value: Secret("sb-secret")), transport: transport, clock: ContinuousClock())
            let basic = AuthorizingTransport(authorization: .basic(username: "AC123", password: Secret("tok:en")), transport: transport, clock: ContinuousClock())
            _ = try await apiKey.send(DeliveryRequest(url: server.baseURL + "/rest/v1/events")).get()
            _ = try await basic.send(DeliveryRequest(url: server.baseURL + "/Messages.json")).get()
            let requests = server.requests
            #expect(requests[0].header("apikey") == "sb-secret")
            #expect(requests[1].header("Authorization") == "Basic QUMxMjM6dG9rOmVu")
        }
    }

    @Test func oauthTokenFetchedOnceRefreshedOn401AndSingleFlight() async throws {
        let validToken = NIOLockedValueBox("token-1")
        let tokenRequests = NIOLockedValueBox(0)
        try await withLoopback { transport, server in
            server.setHandler { request in
                if request.path == "/oauth/token" {
                    tokenRequests.withLockedValue { $0 += 1 }
                    let token = validToken.withLockedValue { $0 }
                    return .respond(status: 200, headers: [("Content-Type", "application/json")],
                                    text: #"{"access_token":"\#(token)","token_type":"Bearer","expires_in":3600}"#)
                }
                let expected = "Bearer " + validToken.withLockedValue { $0 }
                return request.header("Authorization") == expected ? .ok : .respond(status: 401, text: "expired")
            }
            let credentials = OAuthClientCredentials(
                authorizationEndpoint: server.baseURL + "/oauth/token", clientID: "client-a", clientSecret: Secret("s3cret"),
                oauthHttpParameters: .init(headerParameters: [.init(key: "X-Audience", value: "crm")],
                                           bodyParameters: [.init(key: "scope", value: "events:write")]))
            let authorizing = AuthorizingTransport(authorization: .oauthClientCredentials(credentials), transport: transport, clock: ContinuousClock())
            let builder = ApiDestinationRequestBuilder()
            let destination = try ApiDestination(name: "crm", invocationEndpoint: server.baseURL + "/crm/sync")
            let request = try builder.build(destination: destination, connection: nil, payload: TransformedPayload(json: ["a": 1]), event: event)

            // Ten concurrent first requests share one token request.
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<10 { group.addTask { try await authorizing.send(request).get().statusCode } }
                for try await status in group { #expect(status == 200) }
            }
            for _ in 0..<5 {
                let status = try await authorizing.send(request).get().statusCode
                #expect(status == 200)
            }
            #expect(tokenRequests.withLockedValue { $0 } == 1)

            // Without a 401 the sender's rate-limit gate is not asked again.
            let gateCalls = NIOLockedValueBox(0)
            let gate: @Sendable () async -> Void = { gateCalls.withLockedValue { $0 += 1 } }
            _ = await ResendPacing.$gate.withValue(gate) { await authorizing.send(request) }
            #expect(gateCalls.withLockedValue { $0 } == 0)

            // The server rotates its token: the next call gets 401, refreshes once and succeeds; the resend waits for
            // the sender's rate limit (the gate) like any request.
            validToken.withLockedValue { $0 = "token-2" }
            let status = try await ResendPacing.$gate.withValue(gate) { try await authorizing.send(request).get().statusCode }
            #expect(status == 200)
            #expect(gateCalls.withLockedValue { $0 } == 1)
            #expect(tokenRequests.withLockedValue { $0 } == 2)
            #expect(await authorizing.tokenProvider?.tokenRequestCount == 2)

            let tokenRequest = try #require(server.requests.first { $0.path == "/oauth/token" })
            #expect(tokenRequest.method == "POST")
            #expect(tokenRequest.header("Authorization") == "Basic Y2xpZW50LWE6czNjcmV0")
            #expect(tokenRequest.header("X-Audience") == "crm")
            #expect(tokenRequest.header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(tokenRequest.bodyText == "grant_type=client_credentials&scope=events%3Awrite")
            let retried = server.requests.filter { $0.path == "/crm/sync" }.suffix(2)
            #expect(retried.map { $0.header("Authorization") } == ["Bearer token-1", "Bearer token-2"])
            #expect(retried.allSatisfy { $0.header("Idempotency-Key") == "evt-9" })
        }
    }

    @Test func tokenEndpointFailureIsAnAuthorizationError() async throws {
        try await withLoopback { transport, server in
            server.setHandler { _ in .respond(status: 400, text: #"{"error":"invalid_client"}"#) }
            let credentials = OAuthClientCredentials(authorizationEndpoint: server.baseURL + "/token", clientID: "a", clientSecret: Secret("b"))
            let authorizing = AuthorizingTransport(authorization: .oauthClientCredentials(credentials), transport: transport, clock: ContinuousClock())
            let result = await authorizing.send(DeliveryRequest(url: server.baseURL + "/api"))
            guard case .failure(let error) = result else {
                Issue.record("expected an authorization failure")
                return
            }
            #expect(error.kind == .authorizationFailed)
            #expect(error.message == "OAuth token endpoint answered HTTP 400")
            #expect(server.requests.allSatisfy { $0.path == "/token" })
        }
    }

    @Test func tokenExpiryOnAnInjectedClock() async throws {
        let clock = ManualClock()
        try await withLoopback { transport, server in
            server.setHandler { request in
                request.path == "/token"
                    ? .respond(status: 200, text: #"{"access_token":"t","expires_in":"120"}"#) : .ok
            }
            let credentials = OAuthClientCredentials(authorizationEndpoint: server.baseURL + "/token", clientID: "a", clientSecret: Secret("b"))
            let provider = OAuthTokenProvider(credentials: credentials, transport: transport, clock: clock, expiryMargin: .seconds(30))
            _ = await provider.token()
            clock.advance(by: .seconds(89))
            _ = await provider.token()
            #expect(await provider.tokenRequestCount == 1)
            clock.advance(by: .seconds(1))  // 90 s = 120 s lifetime − 30 s margin
            _ = await provider.token()
            #expect(await provider.tokenRequestCount == 2)
        }
    }
}
