import HeraldCatalog
import HeraldConfig
import Testing

/// Short forms, key aliases, mapping-form sections and the server section.
@Suite struct ShortFormTests {
    /// Parses one target of a rule from `yaml` (indented as a target mapping entry).
    static func target(_ yaml: String, environment: [String: String] = [:]) throws -> Target {
        let text = "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - Id: t\n" + yaml
        let config = try HeraldConfigFile.parse(yaml: text, file: "herald.yaml", environment: environment)
        return try #require(config.rules.first?.targets.first?.target)
    }

    @Test func urlTargetWithHeadersRetryAndTransformer() throws {
        let target = try Self.target("""
                    url: ${HOOK:-http://127.0.0.1:9000}/hook
                    method: post
                    headers: {X-Team: data, Content-Type: application/json}
                    query: {source: herald}
                    retry: {attempts: 3, max_age: 3600}
                    input_paths: {m: $.detail.msg, id: $.id}
                    input_template: '{"text": "<m>", "id": "<id>"}'
                    timeout: 2500ms
            """)
        #expect(target.arn == "http://127.0.0.1:9000/hook")
        #expect(target.httpParameters == HttpParameters(
            headerParameters: ["X-Team": "data", "Content-Type": "application/json"], queryStringParameters: ["source": "herald"]))
        #expect(target.retryPolicy == RetryPolicy(maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600))
        #expect(target.inputTransformer == InputTransformer(inputPathsMap: ["m": "$.detail.msg", "id": "$.id"], inputTemplate: #"{"text": "<m>", "id": "<id>"}"#))
        #expect(target.heraldParameters == HeraldTargetParameters(requestTimeoutSeconds: 2.5))
    }

    @Test func apiVocabularyAndAliasesAreTheSameKeys() throws {
        let pascal = try Self.target("        Arn: http://127.0.0.1:1/x\n        RetryPolicy: {MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 120}\n")
        let snake = try Self.target("        arn: http://127.0.0.1:1/x\n        retry_policy: {maximum_retry_attempts: 2, maximum_event_age_in_seconds: 2m}\n")
        let camel = try Self.target("        arn: http://127.0.0.1:1/x\n        retryPolicy: {maximumRetryAttempts: 2, maximumEventAgeInSeconds: 120}\n")
        #expect(pascal == snake && snake == camel)
    }

    @Test func inputAsYAMLMappingBecomesJSON() throws {
        let target = try Self.target("        url: http://127.0.0.1:1/x\n        input: {text: hello, count: 3, ok: true, none: null, quoted: '42'}\n")
        #expect(target.input == #"{"text":"hello","count":3,"ok":true,"none":null,"quoted":"42"}"#)
    }

    @Test func patternAsJSONStringOrMappingIsEquivalent() throws {
        let yaml = """
            rules:
              mapping:
                pattern:
                  source: [app.cdp]
                  detail: {amount: [{numeric: [">", 10.5]}], flag: [true], note: [null]}
              string:
                EventPattern: '{"source":["app.cdp"],"detail":{"amount":[{"numeric":[">",10.5]}],"flag":[true],"note":[null]}}'
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: [:])
        #expect(config.rules.map(\.input.name) == ["mapping", "string"])
        #expect(config.rules[0].input.eventPattern == config.rules[1].input.eventPattern)
    }

    @Test func resourcesAsMappingsOfNameToDefinition() async throws {
        let yaml = """
            buses: [orders]
            connections:
              hooks:
                AuthParameters: {ApiKeyAuthParameters: {ApiKeyName: x-key, ApiKeyValue: k}}
            api_destinations:
              hook:
                connection: hooks
                endpoint: http://127.0.0.1:9/hook
                method: put
                rate_limit: 5
            rules:
              placed:
                bus: orders
                pattern: {detail-type: [OrderPlaced]}
                enabled: false
                targets:
                  - {id: hook, api_destination: hook}
            archives:
              orders-archive: {bus: orders, retention_days: 7}
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: [:])
        let catalog = try ConfigTestSupport.memoryCatalog()
        let summary = try await config.apply(to: catalog)
        #expect(summary.created == 6)
        let snapshot = catalog.snapshot
        let destination = try #require(snapshot.apiDestinations["hook"])
        #expect(destination.httpMethod == "PUT" && destination.invocationRateLimitPerSecond == 5)
        #expect(destination.connectionArn == snapshot.connections["hooks"]?.arn)
        let rule = try #require(snapshot.rules[RuleKey(bus: "orders", name: "placed")])
        #expect(rule.state == .disabled)
        #expect(rule.targets.first?.arn == destination.arn)
        #expect(snapshot.archives["orders-archive"]?.eventSourceArn == snapshot.eventBuses["orders"]?.arn)
    }

    @Test func shortFormMisuseIsReported() throws {
        let method = try #require(ConfigTestSupport.parseError(
            "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: t, Url: 'http://127.0.0.1:1/x', Method: GET}\n"))
        #expect(method.description == "herald.yaml:5:54: rules[0].Targets[0].Method: Url targets are sent with POST; declare an api_destination for other methods")
        let both = try #require(ConfigTestSupport.parseError(
            "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: t, Url: 'http://127.0.0.1:1/x', Retry: {Attempts: 1}, RetryPolicy: {MaximumRetryAttempts: 1}}\n"))
        #expect(both.description.contains("give either RetryPolicy or Retry"))
        let paths = try #require(ConfigTestSupport.parseError(
            "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: t, Url: 'http://127.0.0.1:1/x', InputPaths: {m: $.x}}\n"))
        #expect(paths.kind == .missingKey)
        let scheme = try #require(ConfigTestSupport.parseError(
            "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: t, Url: 'ftp://x'}\n"))
        #expect(scheme.description == "herald.yaml:5:22: rules[0].Targets[0].Url: must be an http:// or https:// URL")
    }

    @Test func serverSection() throws {
        let yaml = """
            server:
              http_address: 0.0.0.0:8080
              socket_path: /run/herald.sock
              data_dir: /var/lib/herald
              log_level: DEBUG
              region: eu-central-1
              account: "123456789012"
              map_size: 2GiB
              preallocate: 16MiB
              max_targets_per_rule: 20
              max_entry_bytes: 512KiB
            """
        let server = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: [:]).server
        #expect(server == ServerSettings(
            httpAddress: "0.0.0.0:8080", socketPath: "/run/herald.sock", dataDirectory: "/var/lib/herald", logLevel: "debug",
            region: "eu-central-1", accountID: "123456789012", mapSizeBytes: 2 << 30, maxTargetsPerRule: 20,
            maximumEntryBytes: 512 << 10, preallocateBytes: 16 << 20))
        #expect(try HeraldConfigFile.parse(yaml: "server: {map_size: 512}", file: "h", environment: [:]).server.mapSizeBytes == 512 << 20)
        #expect(try HeraldConfigFile.parse(yaml: "server: {preallocate: 0}", file: "h", environment: [:]).server.preallocateBytes == 0)
        #expect(try HeraldConfigFile.parse(yaml: "server: {preallocate: false}", file: "h", environment: [:]).server.preallocateBytes == 0)
        #expect(try HeraldConfigFile.parse(yaml: "server: {preallocate: 8}", file: "h", environment: [:]).server.preallocateBytes == 8 << 20)
        let preallocate = try #require(ConfigTestSupport.parseError("server:\n  preallocate: lots\n"))
        #expect(preallocate.description.hasPrefix("herald.yaml:2:16: server.preallocate: expected a positive size"))
        let bad = try #require(ConfigTestSupport.parseError("server:\n  http_address: localhost\n"))
        #expect(bad.description == "herald.yaml:2:17: server.http_address: must be HOST:PORT, e.g. 127.0.0.1:4010")
        let level = try #require(ConfigTestSupport.parseError("server:\n  log_level: loud\n"))
        #expect(level.description.hasPrefix("herald.yaml:2:14: server.log_level: must be one of trace"))
        let region = try #require(ConfigTestSupport.parseError("server:\n  region: Not A Region\n"))
        #expect(region.description == "herald.yaml:2:11: server.region: must be an AWS region name such as us-east-1")
        #expect(try HeraldConfigFile.parse(yaml: "server: {region: ap-southeast-2}", file: "h", environment: [:]).server.region == "ap-southeast-2")
        #expect(try HeraldConfigFile.parse(yaml: "server: {region: us-gov-west-1}", file: "h", environment: [:]).server.region == "us-gov-west-1")
    }

    @Test func emptyDocumentIsAnEmptyConfiguration() throws {
        let config = try HeraldConfigFile.parse(yaml: "# nothing yet\n", file: "h.yaml", environment: [:])
        #expect(config == HeraldConfigFile(file: "h.yaml"))
    }
}
