import HeraldCatalog
import HeraldConfig
import Logging
import Testing

/// `${ENV}` substitution, missing variables and secret hygiene.
@Suite struct EnvironmentTests {
    /// A connection whose username has a default and whose password does not.
    static let connection = """
        connections:
          - Name: crm
            AuthParameters:
              BasicAuthParameters:
                Username: ${CRM_USER:-herald}
                Password: ${CRM_PASSWORD}
        """

    @Test func referencesResolveFromTheInjectedEnvironment() throws {
        let config = try HeraldConfigFile.parse(yaml: Self.connection, file: "herald.yaml", environment: ["CRM_PASSWORD": "hunter2"])
        let auth = try #require(config.connections.first?.input.authParameters?.basicAuthParameters)
        #expect(auth == BasicAuthParameters(username: "herald", password: "hunter2"))
        #expect(config.connections.first?.input.authorizationType == "BASIC")
    }

    @Test func defaultsApplyWhenUnsetOrEmptyAndValuesWinOtherwise() throws {
        let yaml = "server:\n  region: ${REGION:-eu-west-1}\n  data_dir: ${DATA:-/var/lib/herald}\n  socket_path: cost$$5 ${SOCK:-}x\n"
        let unset = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: ["DATA": ""])
        #expect(unset.server.region == "eu-west-1")
        #expect(unset.server.dataDirectory == "/var/lib/herald")
        #expect(unset.server.socketPath == "cost$5 x")
        let set = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: ["REGION": "ap-south-1", "DATA": "/d", "SOCK": "s"])
        #expect(set.server.region == "ap-south-1")
        #expect(set.server.dataDirectory == "/d")
        #expect(set.server.socketPath == "cost$5 sx")
    }

    @Test func aMissingVariableIsAnErrorNamingIt() throws {
        let error = try #require(ConfigTestSupport.parseError(Self.connection, environment: ["UNRELATED": "x"]))
        #expect(error.kind == .missingVariable("CRM_PASSWORD"))
        #expect(error.description == "herald.yaml:6:19: connections[0].AuthParameters.BasicAuthParameters.Password: environment variable CRM_PASSWORD is not set (use ${CRM_PASSWORD:-default} for a default)")
    }

    @Test func malformedReferencesAreErrors() throws {
        let unterminated = try #require(ConfigTestSupport.parseError("server:\n  region: ${REGION\n"))
        #expect(unterminated.kind == .invalidValue)
        #expect(unterminated.description.hasPrefix("herald.yaml:2:11: server.region: unterminated ${"))
        let badName = try #require(ConfigTestSupport.parseError("server:\n  region: ${1X}\n"))
        #expect(badName.description.contains("invalid environment variable reference"))
    }

    @Test func secretsNeverAppearInErrorsOrLogs() async throws {
        let secret = "s3cr3t-value-that-must-not-leak"
        // A secret substituted into a value the catalog refuses (control characters break the header pattern).
        let yaml = """
            connections:
              - Name: crm
                AuthParameters:
                  ApiKeyAuthParameters: {ApiKeyName: X-Key, ApiKeyValue: "${CRM_KEY}"}
            """
        let config = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: ["CRM_KEY": "\(secret)\u{1}"])
        let catalog = try ConfigTestSupport.memoryCatalog()
        let records = LogRecords()
        let logger = Logger(label: "test") { _ in RecordingLogHandler(records: records) }
        do {
            _ = try await config.apply(to: catalog, logger: logger)
            Issue.record("apply should fail")
        } catch {
            #expect(error.kind == .catalog("ValidationException"))
            #expect(error.keyPath == "connections[0].AuthParameters.ApiKeyAuthParameters.ApiKeyValue")
            #expect(!error.description.contains(secret))
        }
        // A valid secret: applied, logged by name only.
        let good = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: ["CRM_KEY": secret])
        _ = try await good.apply(to: catalog, logger: logger)
        let logged = records.all.joined(separator: "\n")
        #expect(logged.contains("crm"))
        #expect(!logged.contains(secret))
        #expect(catalog.snapshot.connections["crm"]?.authParameters.apiKeyAuthParameters?.apiKeyValue == secret)

        // Wrong-typed values echo the text as written in the file (the reference), never the substituted value.
        let typed = try #require(ConfigTestSupport.parseError("server:\n  max_targets_per_rule: ${N}\n", environment: ["N": secret]))
        #expect(typed.description == "herald.yaml:2:25: server.max_targets_per_rule: expected an integer, found '${N}'")
    }

    @Test func serverCredentialsMustBeReferences() throws {
        let literal = try #require(ConfigTestSupport.parseError("server:\n  credentials:\n    AKID: plain-secret\n"))
        #expect(literal.description == "herald.yaml:3:11: server.credentials.AKID: secrets must be given as ${ENV_VAR} references, not written into the file")
        #expect(!literal.description.contains("plain-secret"))
        let config = try HeraldConfigFile.parse(
            yaml: "server:\n  credentials:\n    - {AccessKeyId: AKID, SecretAccessKey: '${HERALD_SECRET}'}\n",
            file: "h.yaml", environment: ["HERALD_SECRET": "xyz"])
        #expect(config.server.credentials == ["AKID": "xyz"])
    }
}
