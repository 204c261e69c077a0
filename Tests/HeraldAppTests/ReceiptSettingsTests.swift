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
}
