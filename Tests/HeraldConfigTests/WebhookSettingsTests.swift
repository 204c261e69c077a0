import HeraldConfig
import Testing

/// The `webhooks:` section: receipt endpoint secrets, generic sources and overdue timeouts.
@Suite struct WebhookSettingsTests {
    @Test func fullSection() throws {
        let yaml = """
            webhooks:
              public_base_url: https://herald.example.com
              receipt_source: herald.receipts
              receipt_event_bus: receipts
              max_body_bytes: 256KiB
              overdue: {timeout: 10m, channels: {sms: 90s}}
              twilio:
                auth_token: ${TWILIO_TOKEN}
                shared_keys: {SK1: "${TWILIO_SHARED}"}
                correlation_parameter: incident
              resend:
                bearer_secrets: ["${RESEND_A}", "${RESEND_B}"]
                tolerance: 5m
              sources:
                relay:
                  secret: ${RELAY_SECRET}
                  signature_header: X-Relay-Signature
                  encoding: BASE64
                  signature_prefix:
                  timestamp_header: X-Relay-Timestamp
                  id_header: X-Relay-Id
                  default_channel: email
                  status_map: {dlvrd: delivered, bnc: bounced}
            """
        let environment = ["TWILIO_TOKEN": "t", "TWILIO_SHARED": "s", "RESEND_A": "a", "RESEND_B": "b", "RELAY_SECRET": "r"]
        let webhooks = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: environment).webhooks
        #expect(webhooks.publicBaseURL == "https://herald.example.com")
        #expect(webhooks.receiptSource == "herald.receipts" && webhooks.receiptEventBus == "receipts")
        #expect(webhooks.maxBodyBytes == 256 << 10)
        #expect(webhooks.overdueTimeoutSeconds == 600 && webhooks.overdueChannelTimeoutsSeconds == ["sms": 90])
        #expect(webhooks.twilio?.authTokens == ["t"] && webhooks.twilio?.sharedKeys == ["SK1": "s"])
        #expect(webhooks.twilio?.correlationParameter == "incident")
        #expect(webhooks.resend?.authentication == .bearer(secrets: ["a", "b"]) && webhooks.resend?.toleranceSeconds == 300)
        let relay = try #require(webhooks.sources.first)
        #expect(relay.name == "relay" && relay.secrets == ["r"] && relay.encoding == "base64" && relay.signaturePrefix == "")
        #expect(relay.signatureHeader == "X-Relay-Signature" && relay.timestampHeader == "X-Relay-Timestamp")
        #expect(relay.idHeader == "X-Relay-Id" && relay.defaultChannel == "email")
        #expect(relay.statusMap == ["dlvrd": "delivered", "bnc": "bounced"])
        #expect(relay.toleranceSeconds == nil)
    }

    @Test func absentSectionMountsNothing() throws {
        let config = try HeraldConfigFile.parse(yaml: "prune: false", file: "h.yaml", environment: [:])
        #expect(config.webhooks == WebhookSettings())
    }

    @Test func secretsMustBeReferencesAndEndpointsNeedThem() throws {
        let literal = try #require(ConfigTestSupport.parseError("webhooks:\n  twilio:\n    auth_tokens: [plain]\n"))
        #expect(literal.description == "herald.yaml:3:19: webhooks.twilio.auth_tokens[0]: secrets must be given as ${ENV_VAR} references, not written into the file")
        let none = try #require(ConfigTestSupport.parseError("webhooks:\n  twilio: {correlation_parameter: cid}\n"))
        #expect(none.description == "herald.yaml:2:11: webhooks.twilio: Twilio needs AuthTokens or SharedKeys")
        let both = try #require(ConfigTestSupport.parseError(
            "webhooks:\n  resend: {svix_secret: '${A}', bearer_secret: '${B}'}\n", environment: ["A": "a", "B": "b"]))
        #expect(both.description.contains("give either SvixSecrets or BearerSecrets"))
        let missing = try #require(ConfigTestSupport.parseError("webhooks:\n  resend: {svix_secret: '${WHSEC}'}\n"))
        #expect(missing.kind == .missingVariable("WHSEC"))
        let encoding = try #require(ConfigTestSupport.parseError(
            "webhooks:\n  sources: [{name: s, secret: '${S}', encoding: rot13}]\n", environment: ["S": "x"]))
        #expect(encoding.description == "herald.yaml:2:49: webhooks.sources[0].encoding: must be hex or base64")
        // A Svix secret that is not base64 fails where the file names it, before anything is applied, without its value.
        let svix = try #require(ConfigTestSupport.parseError(
            "webhooks:\n  resend: {svix_secrets: ['${OK}', '${BAD}']}\n", environment: ["OK": "whsec_c2VjcmV0", "BAD": "whsec_not base64!!"]))
        #expect(svix.description.hasPrefix("herald.yaml:2:36: webhooks.resend.svix_secrets[1]: a Svix secret is whsec_ followed by base64"), "\(svix.description)")
        #expect(!svix.description.contains("not base64!!"))
    }

    @Test func aPublicBaseURLWhoseHostTwilioRefusesFailsWhereTheFileNamesIt() throws {
        let underscore = try #require(ConfigTestSupport.parseError("webhooks:\n  public_base_url: https://herald_internal.example.com/\n"))
        #expect(underscore.description.hasPrefix(
            "herald.yaml:2:20: webhooks.public_base_url: the host 'herald_internal.example.com' contains '_', which Twilio refuses"),
            "\(underscore.description)")
        let noHost = try #require(ConfigTestSupport.parseError("webhooks:\n  public_base_url: https:///webhooks\n"))
        #expect(noHost.description == "herald.yaml:2:20: webhooks.public_base_url: must name a host")
        // A `_` outside the host (user info, path, query) is not the host's.
        for url in ["https://herald.example.com:8443/base_path?a_b=1", "https://user_name@herald.example.com"] {
            let webhooks = try HeraldConfigFile.parse(yaml: "webhooks:\n  public_base_url: \(url)\n", file: "h.yaml", environment: [:]).webhooks
            #expect(webhooks.publicBaseURL == url)
        }
    }

    @Test func statusMapValuesAreHeraldStatusesInAnyCase() throws {
        let yaml = "webhooks:\n  sources: [{name: s, secret: '${S}', status_map: {OK: Delivered, Late: DELIVERY_DELAYED, bnc: bounced}}]\n"
        let webhooks = try HeraldConfigFile.parse(yaml: yaml, file: "h.yaml", environment: ["S": "x"]).webhooks
        #expect(webhooks.sources.first?.statusMap == ["OK": "delivered", "Late": "delivery_delayed", "bnc": "bounced"])
        let unknown = try #require(ConfigTestSupport.parseError(
            "webhooks:\n  sources: [{name: s, secret: '${S}', status_map: {BAD: nonsense}}]\n", environment: ["S": "x"]))
        #expect(unknown.description.hasPrefix("herald.yaml:2:57: webhooks.sources[0].status_map"), "\(unknown.description)")
        #expect(unknown.description.contains("'nonsense' is not a Herald status (expected one of: queued, sending, sent, delivery_delayed, delivered"))
    }
}
