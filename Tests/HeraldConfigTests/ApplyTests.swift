import HeraldCatalog
import HeraldConfig
import Testing

/// Applying files to catalogs: compare-before-write, updates, API-made resources, prune, references, dry runs.
@Suite struct ApplyTests {
    /// Parses `yaml` as `herald.yaml` with `environment`.
    static func config(_ yaml: String, _ environment: [String: String] = [:]) throws(ConfigError) -> HeraldConfigFile {
        try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: environment)
    }

    /// A file with one resource of each kind; values come from `${ENV}` with defaults.
    static let base = """
        buses:
          - {Name: shop, Description: "${BUS_DESCRIPTION:-Shop events}"}
        connections:
          - Name: crm
            AuthParameters:
              ApiKeyAuthParameters: {ApiKeyName: X-Key, ApiKeyValue: "${CRM_KEY}"}
        api_destinations:
          - {Name: crm, Connection: crm, InvocationEndpoint: "${CRM_URL:-http://127.0.0.1:9/crm}"}
        rules:
          - Name: orders
            EventBusName: shop
            EventPattern: {source: ["${SOURCE:-com.shop}"]}
            Targets:
              - {Id: crm, ApiDestination: crm, RetryPolicy: {MaximumRetryAttempts: "${ATTEMPTS:-3}"}}
        archives:
          - {Name: shop-archive, EventBus: shop, RetentionDays: "${DAYS:-7}"}
        """

    @Test func changedValuesAreUpdatedAndOnlyThose() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        let first = try await Self.config(Self.base, ["CRM_KEY": "k1"]).apply(to: catalog)
        #expect(first.created == 6)
        let arns = catalog.snapshot.apiDestinations["crm"]?.arn

        let version = catalog.snapshot.version
        let changed = try await Self.config(Self.base, ["CRM_KEY": "k2", "ATTEMPTS": "5", "DAYS": "30", "BUS_DESCRIPTION": "Shop"]).apply(to: catalog)
        #expect(changed.updated == 4)
        #expect(changed.changes.filter { $0.action == .updated }.map(\.description).sorted() == [
            "archive shop-archive: updated", "bus shop: updated", "connection crm: updated", "target shop/orders/crm: updated",
        ])
        #expect(changed.unchanged == 2 && changed.created == 0)
        #expect(catalog.snapshot.version == version + 4)
        let snapshot = catalog.snapshot
        #expect(snapshot.connections["crm"]?.authParameters.apiKeyAuthParameters?.apiKeyValue == "k2")
        #expect(snapshot.rules[RuleKey(bus: "shop", name: "orders")]?.targets.first?.retryPolicy?.maximumRetryAttempts == 5)
        #expect(snapshot.archives["shop-archive"]?.retentionDays == 30)
        #expect(snapshot.eventBuses["shop"]?.description == "Shop")
        #expect(snapshot.apiDestinations["crm"]?.arn == arns, "updates keep ARNs (targets stay valid)")

        let pattern = try await Self.config(Self.base, ["CRM_KEY": "k2", "ATTEMPTS": "5", "DAYS": "30", "BUS_DESCRIPTION": "Shop", "SOURCE": "com.other"]).apply(to: catalog)
        #expect(pattern.changes.filter { $0.action == .updated }.map(\.description) == ["rule shop/orders: updated"])
        #expect(catalog.snapshot.rules[RuleKey(bus: "shop", name: "orders")]?.eventPattern == #"{"source":["com.other"]}"#)
    }

    @Test func resourcesCreatedThroughTheAPIAreLeftAloneUnlessPruned() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        _ = try await Self.config(Self.base, ["CRM_KEY": "k"]).apply(to: catalog)
        _ = try await catalog.putRule(PutRuleInput(name: "manual", eventPattern: #"{"source":["x"]}"#))
        _ = try await catalog.putTargets(rule: "manual", eventBusName: nil, targets: [Target(id: "m", arn: "http://127.0.0.1:9/m")])
        _ = try await catalog.putTargets(rule: "orders", eventBusName: "shop", targets: [Target(id: "extra", arn: "http://127.0.0.1:9/e")])
        _ = try await catalog.createEventBus(CreateEventBusInput(name: "scratch"))

        let kept = try await Self.config(Self.base, ["CRM_KEY": "k"]).apply(to: catalog)
        #expect(kept.created == 0 && kept.updated == 0 && kept.deleted == 0)
        #expect(catalog.snapshot.rules[RuleKey(bus: "default", name: "manual")] != nil)
        #expect(catalog.snapshot.rules[RuleKey(bus: "shop", name: "orders")]?.targets.map(\.id) == ["crm", "extra"])

        let pruned = try await Self.config("prune: true\n" + Self.base, ["CRM_KEY": "k"]).apply(to: catalog)
        #expect(pruned.changes.filter { $0.action == .deleted }.map(\.description).sorted() == [
            "bus scratch: deleted", "rule manual: deleted", "target shop/orders/extra: deleted",
        ])
        #expect(catalog.snapshot.rules[RuleKey(bus: "shop", name: "orders")]?.targets.map(\.id) == ["crm"])
        #expect(catalog.snapshot.eventBuses.keys.sorted() == ["default", "shop"])
    }

    @Test func pruneWithAnEmptyFileEmptiesTheCatalog() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        _ = try await Self.config(Self.base, ["CRM_KEY": "k"]).apply(to: catalog)
        let summary = try await Self.config("prune: true\n").apply(to: catalog)
        #expect(summary.deleted == 5)
        let snapshot = catalog.snapshot
        #expect(snapshot.rules.isEmpty && snapshot.connections.isEmpty && snapshot.apiDestinations.isEmpty && snapshot.archives.isEmpty)
        #expect(snapshot.eventBuses.keys.sorted() == ["default"])
    }

    @Test func unresolvedReferencesFailBeforeAnythingIsWritten() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        let yaml = """
            connections:
              - {Name: c, AuthParameters: {ApiKeyAuthParameters: {ApiKeyName: k, ApiKeyValue: v}}}
            rules:
              - Name: r
                EventPattern: {source: [a]}
                Targets:
                  - {Id: t, ApiDestination: missing}
            """
        do {
            _ = try await Self.config(yaml).apply(to: catalog)
            Issue.record("apply should fail")
        } catch {
            #expect(error.description == "herald.yaml:7:33: rules[0].Targets[0].ApiDestination: API destination 'missing' is not declared in the file and does not exist")
        }
        #expect(catalog.snapshot.connections.isEmpty)
        #expect(catalog.snapshot.version == 0)

        let bus = try Self.config("rules:\n  - {Name: r, EventBusName: nope, EventPattern: {source: [a]}}\n")
        await #expect(throws: ConfigError.self) { _ = try await bus.apply(to: catalog) }
    }

    @Test func referencesMayNameResourcesCreatedThroughTheAPI() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        let connection = try await catalog.createConnection(CreateConnectionInput(
            name: "api-made", authorizationType: "BASIC",
            authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "u", password: "p"))))
        let yaml = """
            api_destinations:
              - {Name: d, Connection: api-made, InvocationEndpoint: "http://127.0.0.1:9/d"}
            """
        let summary = try await Self.config(yaml).apply(to: catalog)
        #expect(summary.created == 1)
        #expect(catalog.snapshot.apiDestinations["d"]?.connectionArn == connection.arn)
        #expect(catalog.snapshot.connections["api-made"]?.authParameters.basicAuthParameters?.password == "p")
    }
}

extension ApplyTests {
    @Test func pruneKeepsAPIMadeResourcesThatTheFileRefersTo() async throws {
        let catalog = try ConfigTestSupport.memoryCatalog()
        _ = try await catalog.createConnection(CreateConnectionInput(
            name: "api-made", authorizationType: "BASIC",
            authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "u", password: "p"))))
        _ = try await catalog.createConnection(CreateConnectionInput(
            name: "unused", authorizationType: "BASIC",
            authParameters: ConnectionAuthParameters(basicAuthParameters: BasicAuthParameters(username: "u", password: "p"))))
        let yaml = """
            prune: true
            api_destinations:
              - {Name: d, Connection: api-made, InvocationEndpoint: "http://127.0.0.1:9/d"}
            """
        let summary = try await Self.config(yaml).apply(to: catalog)
        #expect(summary.changes.map(\.description) == ["api-destination d: created", "connection unused: deleted"])
        #expect(catalog.snapshot.connections.keys.sorted() == ["api-made"])
    }
}

extension ApplyTests {
    @Test func checkIsADryRunAgainstAScratchCatalog() async throws {
        let config = try Self.config(Self.base, ["CRM_KEY": "k"])
        let summary = try await config.check(configuration: CatalogConfiguration(maxTargetsPerRule: 5))
        #expect(summary.created == 6)
        let tooMany = try Self.config(
            "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: a, Url: 'http://127.0.0.1:9/a'}\n      - {Id: b, Url: 'http://127.0.0.1:9/b'}\n")
        await #expect(throws: ConfigError.self) { _ = try await tooMany.check(configuration: CatalogConfiguration(maxTargetsPerRule: 1)) }
    }
}

extension ApplyTests {
    @Test func oauthConnectionsAndParameterMappings() async throws {
        let yaml = """
            connections:
              - Name: crm-oauth
                Description: CRM with client credentials
                AuthParameters:
                  OAuthParameters:
                    ClientParameters: {ClientID: herald, ClientSecret: "${CRM_CLIENT_SECRET}"}
                    AuthorizationEndpoint: http://127.0.0.1:9/oauth/token
                    HttpMethod: post
                    OAuthHttpParameters:
                      BodyParameters: {scope: events.write}
                  InvocationHttpParameters:
                    HeaderParameters:
                      - {Key: X-Tenant, Value: acme}
                      - {Key: X-Signature-Key, Value: "${CRM_SIGNING_KEY}", IsValueSecret: true}
            """
        let config = try Self.config(yaml, ["CRM_CLIENT_SECRET": "cs", "CRM_SIGNING_KEY": "sk"])
        let catalog = try ConfigTestSupport.memoryCatalog()
        #expect(try await config.apply(to: catalog).created == 1)
        let connection = try #require(catalog.snapshot.connections["crm-oauth"])
        #expect(connection.authorizationType == .oauthClientCredentials)
        #expect(connection.description == "CRM with client credentials")
        let oauth = try #require(connection.authParameters.oauthParameters)
        #expect(oauth.clientParameters == OAuthClientParameters(clientID: "herald", clientSecret: "cs"))
        #expect(oauth.httpMethod == "POST" && oauth.authorizationEndpoint == "http://127.0.0.1:9/oauth/token")
        #expect(oauth.oauthHttpParameters?.bodyParameters == [ConnectionParameter(key: "scope", value: "events.write")])
        #expect(connection.authParameters.invocationHttpParameters?.headerParameters == [
            ConnectionParameter(key: "X-Tenant", value: "acme"),
            ConnectionParameter(key: "X-Signature-Key", value: "sk", isValueSecret: true),
        ])
        #expect(try await config.apply(to: catalog).unchanged == 1)
        let rotated = try Self.config(yaml, ["CRM_CLIENT_SECRET": "cs2", "CRM_SIGNING_KEY": "sk"])
        #expect(try await rotated.apply(to: catalog).updated == 1)
        #expect(catalog.snapshot.connections["crm-oauth"]?.authParameters.oauthParameters?.clientParameters?.clientSecret == "cs2")
        #expect(catalog.snapshot.connections["crm-oauth"]?.arn == connection.arn)
    }
}

