import Foundation
@testable import HeraldApp
import HeraldChannels
import HeraldConfig
import HeraldReceipts
import Testing

/// The config file's `webhooks:` section as the receipt endpoints see it.
@Suite struct ReceiptSettingsTests {
    private static let body = Array(#"{"message_id":"m1","status":"delivered"}"#.utf8)
    /// HMAC-SHA256 of `body` with the key `whsec-test`, hex (computed with Python's `hmac`).
    private static let mac = "3f0e70afd49b019e52ac8251ecc527375bc88c780eb21eafd74cc92a583f4005"

    private func source(prefix: String?) throws -> GenericReceiptSource {
        var settings = WebhookSettings()
        settings.sources = [.init(name: "relay", secrets: ["whsec-test"], signaturePrefix: prefix)]
        return try #require(try ReceiptSettings.configuration(settings).sources["relay"])
    }

    private func accepts(_ source: GenericReceiptSource, signature: String) -> Bool {
        let headers = ChannelHeaders([("X-Signature", signature)])
        return (try? source.process(headers: headers, body: Self.body, now: Date())) != nil
    }

    @Test func aSourceWithoutAPrefixTakesTheDocumentedSha256Prefix() throws {
        let source = try source(prefix: nil)
        #expect(accepts(source, signature: "sha256=" + Self.mac))
        #expect(accepts(source, signature: Self.mac), "a bare signature is still accepted")
        #expect(!accepts(source, signature: "sha256=" + String(Self.mac.reversed())))
    }

    @Test func anEmptyPrefixMeansNone() throws {
        let source = try source(prefix: "")
        #expect(accepts(source, signature: Self.mac))
        #expect(!accepts(source, signature: "sha256=" + Self.mac))
    }

    @Test func aConfiguredPrefixIsUsed() throws {
        let source = try source(prefix: "v1=")
        #expect(accepts(source, signature: "v1=" + Self.mac))
    }

    @Test func configuredResendCorrelationTagsAreReadFromReceiptsAndSends() throws {
        var settings = WebhookSettings()
        settings.resend = .init(authentication: .bearer(secrets: ["s3cret"]), correlationTags: ["ref_id"])
        #expect(ReceiptSettings.resendCorrelationTags(settings) == ["ref_id", "correlation_id"], "the channel preset's tag stays readable")
        let resend = try #require(try ReceiptSettings.configuration(settings).resend)
        let receipt = Array(
            #"{"type":"email.delivered","created_at":"2026-11-22T10:00:00.000Z","data":{"email_id":"e-1","tags":[{"name":"ref_id","value":"INC-7"}]}}"#
                .utf8)
        let normalized = try resend.process(headers: ChannelHeaders([("Authorization", "Bearer s3cret")]), body: receipt, now: Date())
        #expect(normalized.correlationID == "INC-7")

        let recognizer = ProviderSendRecognizer(resendCorrelationTags: ReceiptSettings.resendCorrelationTags(settings))
        let sent = recognizer.recognize(
            requestURL: "https://api.resend.com/emails",
            requestBody: Array(#"{"to":["a@example.com"],"tags":[{"name":"ref_id","value":"INC-8"}]}"#.utf8),
            responseStatus: 200, responseBody: Array(#"{"id":"e-2"}"#.utf8))
        #expect(sent?.correlationID == "INC-8")

        settings.resend?.correlationTags = nil
        #expect(ReceiptSettings.resendCorrelationTags(settings) == ["correlation_id", "incident_id"])
    }
}
