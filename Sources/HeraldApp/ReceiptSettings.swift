import HeraldChannels
import HeraldConfig
import HeraldReceipts

/// Maps the config file's `webhooks:` section onto the receipt endpoints' and overdue service's settings.
enum ReceiptSettings {
    /// The prefix a generic source's signature carries when the config names none (`sha256=<hex>`, as GitHub and
    /// most HMAC senders write it); a bare signature is accepted too.
    static let defaultSignaturePrefix = "sha256="

    static func configuration(_ settings: WebhookSettings) throws -> ReceiptConfiguration {
        let twilio = try settings.twilio.map {
            try ReceiptConfiguration.Twilio(
                authTokens: $0.authTokens, sharedKeys: $0.sharedKeys, publicBaseURL: settings.publicBaseURL,
                correlationParameter: $0.correlationParameter ?? "cid")
        }
        let resend = try settings.resend.map { resend -> ResendReceiptEndpoint in
            let normalizer = ResendReceiptNormalizer(correlationTags: resendCorrelationTags(settings))
            switch resend.authentication {
            case .svix(let secrets):
                return try ReceiptConfiguration.resendSvix(
                    secrets: secrets, tolerance: Int64(resend.toleranceSeconds ?? 300), normalizer: normalizer)
            case .bearer(let secrets):
                return try ReceiptConfiguration.resendBearer(secrets: secrets, normalizer: normalizer)
            }
        }
        let sources = try settings.sources.map { source in
            try GenericReceiptSource(
                name: source.name,
                verification: HMACEndpointVerifier.Configuration(
                    secrets: source.secrets, signatureHeader: source.signatureHeader ?? "X-Signature",
                    encoding: source.encoding.flatMap(HMACEndpointVerifier.SignatureEncoding.init(rawValue:)) ?? .hex,
                    signaturePrefix: source.signaturePrefix ?? Self.defaultSignaturePrefix, timestampHeader: source.timestampHeader,
                    tolerance: Int64(source.toleranceSeconds ?? 300), idHeader: source.idHeader),
                defaultChannel: source.defaultChannel,
                statusMap: source.statusMap.compactMapValues { ReceiptStatus(rawValue: $0.lowercased()) })
        }
        return ReceiptConfiguration(twilio: twilio, resend: resend, sources: sources, maxBodyBytes: settings.maxBodyBytes ?? 1_048_576)
    }

    /// The Resend tag names carrying the correlation id, for receipts and for recognizing sends alike:
    /// `webhooks.resend.correlation_tags` in order, then the tag the `resend-email` channel writes (so its sends stay
    /// correlated whatever the file names); without the setting, the normalizer's defaults.
    static func resendCorrelationTags(_ settings: WebhookSettings) -> [String] {
        guard let configured = settings.resend?.correlationTags, !configured.isEmpty else {
            return ResendReceiptNormalizer().correlationTags
        }
        return configured.contains(ResendCorrelationTag.name) ? configured : configured + [ResendCorrelationTag.name]
    }

    static func overdue(_ settings: WebhookSettings) -> ReceiptOverdueConfiguration {
        ReceiptOverdueConfiguration(
            defaultTimeout: .milliseconds(Int64((settings.overdueTimeoutSeconds ?? 600) * 1_000)),
            channelTimeouts: settings.overdueChannelTimeoutsSeconds.mapValues { .milliseconds(Int64($0 * 1_000)) })
    }
}
