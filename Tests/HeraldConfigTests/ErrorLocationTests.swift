import HeraldCatalog
import HeraldConfig
import Testing

/// Exact `file:line:column: key.path: message` for every kind of error.
@Suite struct ErrorLocationTests {
    /// A valid rule list with a placeholder for the third rule's first target.
    static func rules(thirdTarget: String) -> String {
        """
        rules:
          - Name: one
            EventPattern: {source: [a]}
          - Name: two
            EventPattern: {source: [b]}
          - Name: three
            EventPattern:
              source: [c]
            Targets:
              - Id: t
                Url: http://127.0.0.1:9000/hook
        \(thirdTarget)
        """
    }

    @Test func invalidRetryPolicyPointsAtTheValue() throws {
        let yaml = Self.rules(thirdTarget: """
                    RetryPolicy:
                      MaximumRetryAttempts: 200
            """)
        let error = try #require(ConfigTestSupport.parseError(yaml))
        #expect(error.description == "herald.yaml:13:33: rules[2].Targets[0].RetryPolicy.MaximumRetryAttempts: must be 0...185")
        #expect(error.kind == .invalidValue)
        #expect(error.location == SourceLocation(file: "herald.yaml", line: 13, column: 33))
    }

    @Test func invalidEventAgeInShortForm() throws {
        let yaml = Self.rules(thirdTarget: "        retry: {attempts: 3, max_age: 30}")
        let error = try #require(ConfigTestSupport.parseError(yaml))
        #expect(error.description == "herald.yaml:12:39: rules[2].Targets[0].retry.max_age: must be 60...86400 seconds")
    }

    @Test func badYAMLReportsTheScannerPosition() throws {
        let yaml = """
            rules:
              - Name: one
                EventPattern: {source: [a]
              - Name: two
            """
        let error = try #require(ConfigTestSupport.parseError(yaml))
        #expect(error.kind == .syntax)
        #expect(error.location?.file == "herald.yaml")
        #expect(error.location?.line == 4)
        #expect(error.description.hasPrefix("herald.yaml:4:"))
        #expect(error.description.contains("invalid YAML"))
    }

    @Test func tabIndentationIsASyntaxError() throws {
        let error = try #require(ConfigTestSupport.parseError("rules:\n\t- Name: x\n"))
        #expect(error.kind == .syntax)
        #expect(error.location?.line == 2)
    }

    @Test func duplicateKeysAreSyntaxErrors() throws {
        let error = try #require(ConfigTestSupport.parseError("prune: true\nprune: false\n"))
        #expect(error.kind == .syntax)
        #expect(error.description.contains("duplicate key 'prune'"))
    }

    @Test func unknownKeyPointsAtTheKey() throws {
        let yaml = Self.rules(thirdTarget: "        RetryPolcy: {MaximumRetryAttempts: 3}")
        let error = try #require(ConfigTestSupport.parseError(yaml))
        #expect(error.kind == .unknownKey)
        #expect(error.description.hasPrefix("herald.yaml:12:9: rules[2].Targets[0].RetryPolcy: unknown key 'RetryPolcy' (expected one of: Id, Arn,"))
    }

    @Test func unknownTopLevelKey() throws {
        let error = try #require(ConfigTestSupport.parseError("servers:\n  region: x\n"))
        #expect(error.description.hasPrefix("herald.yaml:1:1: servers: unknown key 'servers'"))
    }

    @Test func wrongTypes() throws {
        let attempts = try #require(ConfigTestSupport.parseError(Self.rules(thirdTarget: "        RetryPolicy: {MaximumRetryAttempts: three}")))
        #expect(attempts.description == "herald.yaml:12:45: rules[2].Targets[0].RetryPolicy.MaximumRetryAttempts: expected an integer, found 'three'")
        #expect(attempts.kind == .wrongType)

        let targets = try #require(ConfigTestSupport.parseError("rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets: {Id: t}\n"))
        #expect(targets.description == "herald.yaml:4:14: rules[0].Targets: expected a list, found a mapping")

        let name = try #require(ConfigTestSupport.parseError("rules:\n  - Name: [a, b]\n    EventPattern: {source: [a]}\n"))
        #expect(name.description == "herald.yaml:2:11: rules[0].Name: expected a string, found a list")
    }

    @Test func invalidPatternPointsAtTheField() throws {
        let yaml = """
            rules:
              - Name: alerts
                EventPattern:
                  source: [app.cdp]
                  detail:
                    order_amount: [{numeric: [">>", 10]}]
            """
        let error = try #require(ConfigTestSupport.parseError(yaml))
        #expect(error.kind == .invalidPattern)
        #expect(error.location == SourceLocation(file: "herald.yaml", line: 6, column: 23))
        #expect(error.keyPath == "rules[0].EventPattern.detail.order_amount")
        #expect(error.description.hasPrefix("herald.yaml:6:23: rules[0].EventPattern.detail.order_amount: invalid event pattern: "))
    }

    @Test func invalidPatternInsideOrAndAsJSONString() throws {
        let or = """
            rules:
              - Name: alerts
                EventPattern:
                  $or:
                    - detail: {a: [1]}
                    - detail: {b: 5}
            """
        let orError = try #require(ConfigTestSupport.parseError(or))
        #expect(orError.location?.line == 6)
        #expect(orError.keyPath == "rules[0].EventPattern.$or[1].detail.b")

        let json = "rules:\n  - Name: r\n    EventPattern: '{\"source\": \"app\"}'\n"
        let jsonError = try #require(ConfigTestSupport.parseError(json))
        #expect(jsonError.kind == .invalidPattern)
        #expect(jsonError.description.hasPrefix("herald.yaml:3:19: rules[0].EventPattern: invalid event pattern: "))

        let broken = try #require(ConfigTestSupport.parseError("rules:\n  - Name: r\n    EventPattern: '{\"source\": '\n"))
        #expect(broken.kind == .invalidValue)
        #expect(broken.description.hasPrefix("herald.yaml:3:19: rules[0].EventPattern: EventPattern is not valid JSON"))

        // With ${ENV} values in the text, the error says where, never what the environment held.
        let secretInput = "rules:\n  - Name: r\n    EventPattern: {source: [a]}\n    Targets:\n      - {Id: t, Arn: 'http://127.0.0.1:9/x', Input: '{\"k\": ${TOKEN}}'}\n"
        let substituted = try #require(ConfigTestSupport.parseError(secretInput, environment: ["TOKEN": "Tsecret-value"]))
        #expect(substituted.description.contains("Input is not valid JSON (after ${…} substitution)"), "\(substituted.description)")
        #expect(!substituted.description.contains("'T'") && !substituted.description.contains("secret-value"))
    }

    @Test func missingKeysAndContradictions() throws {
        let noPattern = try #require(ConfigTestSupport.parseError("rules:\n  - Name: r\n"))
        #expect(noPattern.description == "herald.yaml:2:5: rules[0]: a rule needs EventPattern or ScheduleExpression")
        #expect(noPattern.kind == .missingKey)

        let noDestination = try #require(ConfigTestSupport.parseError(Self.rules(thirdTarget: "").replacingOccurrences(of: "        Url: http://127.0.0.1:9000/hook\n", with: "")))
        #expect(noDestination.kind == .missingKey)
        #expect(noDestination.description.hasPrefix("herald.yaml:10:9: rules[2].Targets[0]: a target needs one of Arn, Url or ApiDestination"))

        let twice = try #require(ConfigTestSupport.parseError("rules:\n  - Name: r\n    Pattern: {source: [a]}\n    EventPattern: {source: [a]}\n"))
        #expect(twice.description.hasPrefix("herald.yaml:4:5: rules[0].EventPattern: 'EventPattern' and 'Pattern' mean the same"))

        let duplicateRule = try #require(ConfigTestSupport.parseError("rules:\n  - {Name: r, Pattern: {source: [a]}}\n  - {Name: r, Pattern: {source: [b]}}\n"))
        #expect(duplicateRule.description == "herald.yaml:3:12: rules[1].Name: rule 'default/r' is declared twice (first declared at line 2)")
    }

    @Test func catalogErrorsAreMappedBackToTheNode() async throws {
        // The catalog's quota (2 targets per rule here) is only known at apply time.
        let yaml = """
            rules:
              - Name: r
                EventPattern: {source: [a]}
                Targets:
                  - {Id: a, Url: "http://127.0.0.1:9/a"}
                  - {Id: b, Url: "http://127.0.0.1:9/b"}
                  - {Id: c, Url: "http://127.0.0.1:9/c"}
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: [:])
        let catalog = try ConfigTestSupport.memoryCatalog(maxTargetsPerRule: 2)
        do {
            _ = try await config.apply(to: catalog)
            Issue.record("apply should fail")
        } catch {
            #expect(error.description == "herald.yaml:5:7: rules[0].Targets: 3 targets exceed the maximum of 2 per rule (raise server.MaxTargetsPerRule)")
        }
        #expect(catalog.snapshot.rules.isEmpty, "nothing is written when a reference check fails")

        // A header value the catalog's model pattern refuses is reported at the header mapping of that target.
        let header = """
            rules:
              - Name: r
                EventPattern: {source: [a]}
                Targets:
                  - Id: a
                    Url: http://127.0.0.1:9/a
                    Headers:
                      X-Bad: "caf\\u00e9"
            """
        let headerConfig = try HeraldConfigFile.parse(yaml: header, file: "herald.yaml", environment: [:])
        do {
            _ = try await headerConfig.apply(to: catalog)
            Issue.record("apply should fail")
        } catch {
            #expect(error.kind == .catalog("ValidationException"))
            #expect(error.location == SourceLocation(file: "herald.yaml", line: 8, column: 11))
            #expect(error.keyPath == "rules[0].Targets[0].Headers")
            #expect(error.message.hasPrefix("must satisfy regular expression pattern"))
            #expect(!error.description.contains("café"))
        }
    }
}

/// The `ledger:` section's `Path`.
@Suite struct LedgerPathConfigTests {
    @Test func pathIsReadAsGiven() throws {
        let config = try HeraldConfigFile.parse(
            yaml: "ledger:\n  Path: /mnt/ledger/ledger.sqlite\n  RetentionDays: 7\n", file: "herald.yaml", environment: [:])
        #expect(config.ledger.path == "/mnt/ledger/ledger.sqlite")
        #expect(config.ledger.retentionDays == 7)
        #expect(try HeraldConfigFile.parse(yaml: "ledger: {Enabled: true}\n", file: "herald.yaml", environment: [:]).ledger.path == nil)
    }

    @Test func aDirectoryOrEmptyPathIsRefusedAtItsLocation() throws {
        let error = try #require(ConfigTestSupport.parseError("ledger:\n  Path: /mnt/ledger/\n"))
        #expect(error.kind == .invalidValue)
        #expect(error.location?.line == 2)
        #expect(error.description.contains("ledger.Path"), "\(error.description)")
        let empty = try #require(ConfigTestSupport.parseError("ledger:\n  Path: \"\"\n"))
        #expect(empty.location?.line == 2)
    }
}

/// The `ledger:` section's deferral limits (how long the ledger waits out an ingest or delivery burst).
@Suite struct LedgerDeferralConfigTests {
    @Test func limitsAreReadWithUnits() throws {
        let config = try HeraldConfigFile.parse(
            yaml: "ledger:\n  DeferWhileIngestAbove: 60000\n  DeferWhileDeliveryAbove: 0\n  MaximumDeferral: 1500ms\n",
            file: "herald.yaml", environment: [:])
        #expect(config.ledger.deferWhileIngestAbove == 60_000)
        #expect(config.ledger.deferWhileDeliveryAbove == 0)
        #expect(config.ledger.maximumDeferralSeconds == 1.5)
        let unset = try HeraldConfigFile.parse(yaml: "ledger: {Enabled: true}\n", file: "herald.yaml", environment: [:]).ledger
        #expect(unset.deferWhileIngestAbove == nil && unset.deferWhileDeliveryAbove == nil && unset.maximumDeferralSeconds == nil)
    }

    @Test func badLimitsAreRefusedAtTheirLocation() throws {
        let negative = try #require(ConfigTestSupport.parseError("ledger:\n  Enabled: true\n  DeferWhileIngestAbove: -5\n"))
        #expect(negative.location?.line == 3)
        #expect(negative.description.contains("ledger.DeferWhileIngestAbove"), "\(negative.description)")
        let word = try #require(ConfigTestSupport.parseError("ledger:\n  MaximumDeferral: soon\n"))
        #expect(word.location?.line == 2)
        #expect(word.description.contains("ledger.MaximumDeferral"), "\(word.description)")
        let long = try #require(ConfigTestSupport.parseError("ledger:\n  MaximumDeferral: 1h\n"))
        #expect(long.kind == .invalidValue)
        #expect(long.description.contains("at most 5m"), "\(long.description)")
    }
}
