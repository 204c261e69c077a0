import HeraldChannels
import Testing

@Suite("DingTalk and Lark bot signers")
struct BotSignerTests {
    static let dingtalk = VectorFile.shared?.dingtalk.vectors ?? []
    static let lark = VectorFile.shared?.lark.vectors ?? []

    @Test("DingTalk vectors", arguments: dingtalk)
    func dingTalkVector(_ vector: VectorFile.DingTalk.Vector) throws {
        let signer = try DingTalkSigner(secret: vector.secret)
        let signature = signer.signature(timestampMilliseconds: vector.timestamp_ms)
        let check = signer.check(
            sign: vector.sign_base64, timestampMilliseconds: vector.timestamp_ms, nowMilliseconds: vector.timestamp_ms)
        if vector.expected == "accept" {
            #expect(signature.base64 == vector.sign_base64)
            #expect(check == .valid)
            if let encoded = vector.sign_urlencoded { #expect(signature.urlEncoded == encoded) }
            if let url = vector.url {
                let base = "https://oapi.dingtalk.com/robot/send?access_token=ACCESS_TOKEN"
                #expect(signer.signedURL(base, timestampMilliseconds: vector.timestamp_ms) == url)
            }
        } else {
            #expect(signature.base64 != vector.sign_base64)
            #expect(check == .signatureMismatch)
        }
    }

    @Test("DingTalk rejects timestamps more than an hour off")
    func dingTalkSkew() throws {
        let signer = try DingTalkSigner(secret: "this is secret")
        let sign = signer.signature(timestampMilliseconds: 1_577_808_000_000).base64
        #expect(signer.check(sign: sign, timestampMilliseconds: 1_577_808_000_000, nowMilliseconds: 1_577_811_600_000) == .valid)
        #expect(
            signer.check(sign: sign, timestampMilliseconds: 1_577_808_000_000, nowMilliseconds: 1_577_811_600_001)
                == .invalidTimestamp)
        #expect(throws: ChannelConfigurationError.missingSecret("dingtalk robot secret")) { try DingTalkSigner(secret: "") }
    }

    @Test("DingTalk URL without a query gets '?'")
    func dingTalkQuery() throws {
        let signer = try DingTalkSigner(secret: "this is secret")
        #expect(
            signer.signedURL("https://h.example/send", timestampMilliseconds: 1_577_808_000_000)
                == "https://h.example/send?timestamp=1577808000000&sign=ijHEivi6YiCNPZOq4hZstmvZ3sPfbioAiMhP30ae7W0%3D")
    }

    @Test("DingTalk signing parameters go before a #fragment, which is never sent")
    func dingTalkFragment() throws {
        let signer = try DingTalkSigner(secret: "this is secret")
        let signed = "timestamp=1577808000000&sign=ijHEivi6YiCNPZOq4hZstmvZ3sPfbioAiMhP30ae7W0%3D"
        #expect(
            signer.signedURL("https://h.example/robot/send?access_token=T#ops", timestampMilliseconds: 1_577_808_000_000)
                == "https://h.example/robot/send?access_token=T&" + signed + "#ops")
        #expect(
            signer.signedURL("https://h.example/send#a?b", timestampMilliseconds: 1_577_808_000_000)
                == "https://h.example/send?" + signed + "#a?b")
        #expect(
            signer.signedURL("https://h.example/send?access_token=T&", timestampMilliseconds: 1_577_808_000_000)
                == "https://h.example/send?access_token=T&" + signed)
    }

    @Test("Lark vectors", arguments: lark)
    func larkVector(_ vector: VectorFile.Lark.Vector) throws {
        let signer = try LarkSigner(secret: vector.secret)
        let check = signer.check(sign: vector.sign, timestamp: String(vector.timestamp), nowSeconds: vector.timestamp)
        if vector.expected == "accept" {
            #expect(signer.sign(timestampSeconds: vector.timestamp) == vector.sign)
            #expect(check == .valid)
        } else {
            #expect(signer.sign(timestampSeconds: vector.timestamp) != vector.sign)
            #expect(check == .signatureMismatch)
        }
    }

    @Test("Lark third-party pin and skew")
    func larkExtra() throws {
        let signer = try LarkSigner(secret: "orbit-test-secret")
        let sign = signer.sign(timestampSeconds: 1_756_800_000)
        #expect(sign.hasPrefix("sN+9ZKa5") && sign.hasSuffix("26fg="))
        #expect(signer.check(sign: sign, timestamp: "1756800000", nowSeconds: 1_756_803_601) == .invalidTimestamp)
        #expect(signer.check(sign: sign, timestamp: "soon", nowSeconds: 1_756_800_000) == .invalidTimestamp)
    }
}
