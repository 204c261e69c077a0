import Foundation
import HeraldChannels
import HeraldEvents
import HeraldFakeProviders
import HeraldJSON
import Testing

@testable import HeraldReceipts

@Suite("ProviderSendRecognizer against the fake providers", .timeLimit(.minutes(1)))
struct ProviderSendRecognizerTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))
    let recognizer = ProviderSendRecognizer()

    @Test("Twilio: sid, recipient, channel and cid from a real send; truncated excerpts still yield the sid")
    func twilio() async throws {
        let twilio = try await FakeTwilio.start()
        let preset = try TwilioMessagesPreset(
            configuration: .init(
                accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL, from: "+15550001111",
                statusCallbackURL: "https://herald.example.com/webhooks/twilio"))
        let request = try preset.request(for: .init(to: "+15552223333", body: "P1 " + String(repeating: "x", count: 900), correlationID: "INC-42"))
        let response = try await client.send(request)
        let sid = try #require(try JSONValue(parsing: response.body)["sid"]?.stringValue)
        let sent = recognizer.recognize(
            requestURL: request.url, requestBody: request.body, responseStatus: response.status, responseBody: response.body)
        #expect(sent == SentMessage(provider: "twilio", providerMessageID: sid, channel: "sms", recipient: "+15552223333", correlationID: "INC-42"))

        let text = String(decoding: response.body, as: UTF8.self)
        let cut = try #require(text.range(of: "\"status\""))
        let excerpt = Array(text[text.startIndex..<cut.lowerBound].utf8)
        #expect((try? JSONValue(parsing: excerpt)) == nil)
        #expect(recognizer.recognize(requestURL: request.url, requestBody: request.body, responseStatus: 201, responseBody: excerpt)?
            .providerMessageID == sid)
        #expect(recognizer.recognize(requestURL: request.url, requestBody: request.body, responseStatus: 400, responseBody: response.body) == nil)
        // Without the request body the recipient comes from the response.
        #expect(recognizer.recognize(requestURL: request.url, requestBody: [], responseStatus: 201, responseBody: response.body)?.recipient == "+15552223333")

        let whatsapp = try preset.request(for: .init(to: "+15552224444", body: "hi", channel: .whatsapp))
        let whatsappResponse = try await client.send(whatsapp)
        let recognized = recognizer.recognize(
            requestURL: whatsapp.url, requestBody: whatsapp.body, responseStatus: whatsappResponse.status,
            responseBody: whatsappResponse.body)
        #expect(recognized?.channel == "whatsapp")
        #expect(recognized?.recipient == "whatsapp:+15552224444")
        #expect(recognized?.correlationID == nil)
        await twilio.stop()
    }

    @Test("Resend: id, recipients and the correlation tag; other URLs are not sends")
    func resend() async throws {
        let resend = try await FakeResend.start()
        let preset = try ResendEmailPreset(
            configuration: .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: "alerts@example.com"))
        let request = try preset.request(
            for: .init(to: ["a@example.com", "b@example.com"], subject: "P1", text: "db", correlationID: "INC-7"))
        let response = try await client.send(request)
        let id = try #require(try JSONValue(parsing: response.body)["id"]?.stringValue)
        let sent = recognizer.recognize(
            requestURL: request.url, requestBody: request.body, responseStatus: response.status, responseBody: response.body)
        #expect(sent == SentMessage(provider: "resend", providerMessageID: id, channel: "email", recipient: "a@example.com,b@example.com", correlationID: "INC-7"))
        let record = DispatchRecord(try #require(sent), originEventID: "evt-7", rule: "r", target: "t", sentAt: UTCTime(secondsSince1970: 5))
        #expect(record.correlationID == "INC-7" && record.providerMessageID == id && record.channel == "email")
        await resend.stop()

        #expect(recognizer.recognize(requestURL: "https://hooks.slack.com/services/T/B/X", requestBody: [], responseStatus: 200, responseBody: Array("ok".utf8)) == nil)
        #expect(recognizer.recognize(requestURL: "https://mail.example.com/v1/emails", requestBody: Array("{}".utf8), responseStatus: 200, responseBody: Array(#"{"id":"x"}"#.utf8)) == nil)
        // Without the request body: recognized by Resend's host, recipient and correlation unknown.
        #expect(recognizer.recognize(requestURL: "https://API.resend.com:443/emails", requestBody: [], responseStatus: 200, responseBody: Array(#"{"id":"x"}"#.utf8))
            == SentMessage(provider: "resend", providerMessageID: "x", channel: "email", recipient: nil, correlationID: nil))
    }

    @Test("a failed send is still addressed: channel, recipient and correlation id from the request alone")
    func addressedWithoutAnAnswer() throws {
        let twilio = try TwilioMessagesPreset(configuration: .init(
            accountSID: "AC1", authToken: "t", baseURL: "https://api.twilio.com", from: "+15550001111",
            statusCallbackURL: "https://herald.example.com/webhooks/twilio"))
        let sms = try twilio.request(for: .init(to: "+15552223333", body: "P1", correlationID: "INC 42/ü"))
        #expect(recognizer.addressed(requestURL: sms.url, requestBody: sms.body)
            == AddressedMessage(provider: "twilio", channel: "sms", recipient: "+15552223333", correlationID: "INC 42/ü"))
        let resend = try ResendEmailPreset(configuration: .init(apiKey: "re_1", from: "alerts@example.com"))
        let email = try resend.request(for: .init(to: ["oncall@example.com"], subject: "P1", text: "db", correlationID: "INC 42/ü"))
        #expect(recognizer.addressed(requestURL: email.url, requestBody: email.body)
            == AddressedMessage(provider: "resend", channel: "email", recipient: "oncall@example.com", correlationID: "INC 42/ü"))
        #expect(recognizer.addressed(requestURL: "https://hooks.slack.com/services/T/B/X", requestBody: []) == nil)
    }

    @Test("Resend correlation tags: ids Resend takes travel as they are; others round-trip through hx-<hex>")
    func resendCorrelationTags() {
        for id in ["INC-7", "evt_1", "0e8a5c1e-1d7a-4b6b-9a57-2f0c1f9d1e21"] {
            #expect(ResendCorrelationTag.value(for: id) == id)
        }
        for id in ["INC 4/ü", "INC/4", "INC 4", "hx-41", "a:b", String(repeating: "é", count: 63)] {
            let value = ResendCorrelationTag.value(for: id)
            #expect(ResendEmailPreset.isValidTag(value), "\(value)")
            #expect(value.hasPrefix("hx-"))
            #expect(ResendCorrelationTag.id(fromValue: value) == id)
        }
        #expect(ResendCorrelationTag.value(for: "INC/4") != ResendCorrelationTag.value(for: "INC 4"))
        // Too long to encode (over 126 bytes): the old lossy form, never mistaken for an encoded one.
        let long = String(repeating: "é", count: 200)
        let lossy = ResendCorrelationTag.value(for: long)
        #expect(ResendEmailPreset.isValidTag(lossy) && !lossy.hasPrefix("hx-"))
        #expect(ResendCorrelationTag.id(fromValue: "hx-zz") == "hx-zz")
        #expect(ResendReceiptNormalizer().correlation(in: [["name": "correlation_id", "value": "hx-494e4320342fc3bc"]]) == "INC 4/ü")
    }

    @Test("the public base of a webhook behind proxies: the first X-Forwarded-Proto hop, else http; a configured base wins")
    func publicBase() {
        func base(_ proto: String?) -> String {
            var headers = ChannelHeaders()
            if let proto { headers.append("X-Forwarded-Proto", proto) }
            return ReceiptRequestHandler.publicBase(nil, authority: "herald.example.com", headers: headers)
        }
        #expect(base("https") == "https://herald.example.com")
        #expect(base("https, http") == "https://herald.example.com")
        #expect(base(" HTTPS ,http") == "https://herald.example.com")
        #expect(base("ftp") == "http://herald.example.com")
        #expect(base(nil) == "http://herald.example.com")
        #expect(ReceiptRequestHandler.publicBase("https://public.example", authority: "x", headers: ChannelHeaders()) == "https://public.example")
    }

    @Test("URL path and host: after the first ://, without query, fragment, user info or port")
    func pathAndHost() {
        #expect(ProviderSendRecognizer.path(of: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages.json?x=1") == "/2010-04-01/Accounts/AC1/Messages.json")
        #expect(ProviderSendRecognizer.path(of: "http://127.0.0.1:9/emails#f") == "/emails")
        #expect(ProviderSendRecognizer.path(of: "http://h/p?u=http://x/emails") == "/p")
        #expect(ProviderSendRecognizer.path(of: "http://host-only") == "")
        #expect(ProviderSendRecognizer.path(of: "relative/a://b/c") == "/c")
        #expect(ProviderSendRecognizer.host(of: "https://user@API.Resend.com:443/emails") == "api.resend.com")
        #expect(ProviderSendRecognizer.host(of: "http://[::1]/emails") == "[::1]")
        #expect(ProviderSendRecognizer.afterScheme("a:b://c") == "c")
        #expect(ProviderSendRecognizer.afterScheme("no scheme") == "no scheme")
        #expect(ProviderSendRecognizer.afterScheme("ends with:") == "ends with:")
    }
}
