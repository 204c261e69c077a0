import HeraldCatalog
import HeraldChannels
import HeraldDelivery
import HeraldEvents
import HeraldJSON

/// Signs requests to a DingTalk robot or a Lark/Feishu bot whose "signature verification" is on
/// (`HeraldParameters.Signing`).
///
/// - DingTalk: `timestamp` (ms) and `sign` query parameters are appended to the webhook URL.
/// - Lark/Feishu: `timestamp` (s, as a string) and `sign` are added to the JSON object body.
struct BotRequestSigner: Sendable {
    private enum Kind: Sendable {
        case dingTalk(DingTalkSigner)
        case lark(LarkSigner)
    }

    private let kind: Kind

    /// Whether the requests it signs go to a Lark/Feishu bot.
    var signsLark: Bool {
        if case .lark = kind { return true }
        return false
    }

    /// A signer for `signing`; `nil` when the setting is unusable (unknown type, empty secret).
    init?(_ signing: BotSigning) {
        switch signing.type {
        case "dingtalk":
            guard let signer = try? DingTalkSigner(secret: signing.secret) else { return nil }
            kind = .dingTalk(signer)
        case "lark", "feishu":
            guard let signer = try? LarkSigner(secret: signing.secret) else { return nil }
            kind = .lark(signer)
        default:
            return nil
        }
    }

    /// Signs `request` as of `time`.
    /// - Throws: ``DeliveryBuildError`` when a Lark body is not a JSON object (it cannot carry the signature).
    func sign(_ request: inout DeliveryRequest, at time: UTCTime) throws(DeliveryBuildError) {
        switch kind {
        case .dingTalk(let signer):
            request.url = signer.signedURL(request.url, timestampMilliseconds: time.nanosecondsSince1970 / 1_000_000)
        case .lark(let signer):
            guard case .object(let object)? = try? JSONValue(parsing: request.body) else {
                throw DeliveryBuildError(message: "a signed Lark request needs a JSON object body")
            }
            let seconds = time.secondsSince1970
            // `timestamp` and `sign` first, as Lark's examples (and the library preset) write them.
            var signed = JSONObject([("timestamp", .string(String(seconds))), ("sign", .string(signer.sign(timestampSeconds: seconds)))])
            for member in object where member.key != "timestamp" && member.key != "sign" { signed[member.key] = member.value }
            request.body = JSONValue.object(signed).jsonBytes
        }
    }
}
