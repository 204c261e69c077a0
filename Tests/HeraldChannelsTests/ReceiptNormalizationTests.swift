import Foundation
import HeraldChannels
import HeraldJSON
import Testing

@Suite("Receipt normalization and lifecycle ranking")
struct ReceiptNormalizationTests {
    @Test("Twilio status callback → normalized receipt")
    func twilio() throws {
        let params = FormURLEncoding.decode(
            "MessageSid=SM1&SmsSid=SM1&SmsStatus=undelivered&MessageStatus=undelivered&ErrorCode=30003"
                + "&To=%2B15552223333&From=%2B15550001111&AccountSid=AC1&ApiVersion=2010-04-01")
        let receipt = try TwilioReceiptNormalizer().normalize(
            parameters: params, callbackURL: "https://herald.example.com/webhooks/twilio?cid=INC-42",
            receivedAt: Date(timeIntervalSince1970: 1_708_645_272.5))
        #expect(receipt.channel == "sms")
        #expect(receipt.providerMessageID == "SM1")
        #expect(receipt.status == .undelivered)
        #expect(receipt.errorCode == "30003")
        #expect(receipt.recipient == "+15552223333")
        #expect(receipt.correlationID == "INC-42")
        #expect(receipt.occurredAt == "2024-02-22T23:41:12.500Z")
        #expect(receipt.receiptID.value == "twilio:SM1:undelivered")

        let whatsapp = try TwilioReceiptNormalizer().normalize(
            parameters: [
                FormParameter("MessageSid", "SM2"), FormParameter("MessageStatus", "read"),
                FormParameter("To", "whatsapp:+1555"), FormParameter("ChannelPrefix", "whatsapp"),
            ], callbackURL: "https://h.example/cb", receivedAt: Date(timeIntervalSince1970: 0))
        #expect(whatsapp.channel == "whatsapp")
        #expect(whatsapp.status == .read)
        #expect(whatsapp.correlationID == nil)
        #expect(whatsapp.occurredAt == "1970-01-01T00:00:00.000Z")
        #expect(throws: ReceiptNormalizationError.missingField("MessageStatus")) {
            try TwilioReceiptNormalizer().normalize(
                parameters: [FormParameter("MessageSid", "SM3")], callbackURL: "https://h/cb", receivedAt: Date())
        }
    }

    @Test("Resend delivered vector body, tags as object map")
    func resendDelivered() throws {
        let body = Array(
            ("{\"type\":\"email.delivered\",\"created_at\":\"2024-02-22T23:41:12.126Z\",\"data\":{\"created_at\":"
                + "\"2024-02-22T23:41:11.894719+00:00\",\"email_id\":\"56761188-7520-42d8-8898-ff6fc54ce618\",\"from\":"
                + "\"Acme <onboarding@resend.dev>\",\"to\":[\"delivered@resend.dev\"],\"subject\":\"Sending this example\","
                + "\"tags\":{\"category\":\"confirm_email\",\"correlation_id\":\"INC-7\"}}}").utf8)
        let receipt = try ResendReceiptNormalizer().normalize(body: body, receiptID: .svix(messageID: "msg_1"))
        #expect(receipt.channel == "email")
        #expect(receipt.provider == .resend)
        #expect(receipt.providerMessageID == "56761188-7520-42d8-8898-ff6fc54ce618")
        #expect(receipt.status == .delivered)
        #expect(receipt.recipient == "delivered@resend.dev")
        #expect(receipt.occurredAt == "2024-02-22T23:41:12.126Z")
        #expect(receipt.correlationID == "INC-7")
        #expect(receipt.receiptID.value == "svix:msg_1")
    }

    @Test(
        "Resend event types",
        arguments: [
            ("email.sent", ReceiptStatus.sent), ("email.delivered", .delivered),
            ("email.delivery_delayed", .deliveryDelayed), ("email.bounced", .bounced), ("email.opened", .opened),
            ("email.clicked", .clicked), ("email.complained", .complained), ("email.failed", .failed),
            ("email.suppressed", .suppressed),
        ])
    func resendTypes(_ type: String, _ status: ReceiptStatus) throws {
        let body: JSONValue = [
            "type": .string(type), "created_at": "2024-01-01T00:00:00.000Z",
            "data": [
                "email_id": "e1", "to": ["a@b.c"], "tags": [["name": "incident_id", "value": "INC-9"]],
                "bounce": ["type": "Permanent", "subType": "General", "message": "mailbox does not exist"],
                "failed": ["reason": "reached_daily_quota"],
            ],
        ]
        let receipt = try ResendReceiptNormalizer().normalize(body: body.jsonBytes)
        #expect(receipt.status == status)
        #expect(receipt.correlationID == "INC-9")
        #expect(receipt.receiptID == .generic(body: body.jsonBytes))
        if status == .bounced {
            #expect(receipt.errorCode == "Permanent/General")
            #expect(receipt.errorMessage == "mailbox does not exist")
        }
        if status == .failed { #expect(receipt.errorMessage == "reached_daily_quota") }
    }

    @Test("Resend rejects non-status events and bad bodies")
    func resendRejects() {
        #expect(throws: ReceiptNormalizationError.unsupportedEventType("contact.created")) {
            try ResendReceiptNormalizer().normalize(body: Array("{\"type\":\"contact.created\",\"data\":{}}".utf8))
        }
        #expect(throws: ReceiptNormalizationError.self) { try ResendReceiptNormalizer().normalize(body: Array("nope".utf8)) }
        #expect(throws: ReceiptNormalizationError.missingField("data.email_id")) {
            try ResendReceiptNormalizer().normalize(
                body: Array("{\"type\":\"email.sent\",\"created_at\":\"x\",\"data\":{}}".utf8))
        }
    }

    @Test("lifecycle ranking never moves backwards")
    func ranking() {
        #expect(ReceiptStatus.canReplace(nil, with: .queued))
        #expect(ReceiptStatus.canReplace(.queued, with: .sent))
        #expect(ReceiptStatus.canReplace(.sent, with: .delivered))
        #expect(ReceiptStatus.canReplace(.delivered, with: .opened))
        #expect(ReceiptStatus.canReplace(.opened, with: .clicked))
        #expect(ReceiptStatus.canReplace(.deliveryDelayed, with: .delivered))
        #expect(!ReceiptStatus.canReplace(.delivered, with: .sent))
        #expect(!ReceiptStatus.canReplace(.delivered, with: .delivered))
        #expect(!ReceiptStatus.canReplace(.opened, with: .read))
        #expect(!ReceiptStatus.canReplace(.clicked, with: .opened))
        #expect(!ReceiptStatus.canReplace(.delivered, with: .deliveryDelayed))
        #expect(ReceiptStatus.canReplace(.delivered, with: .complained))
        #expect(ReceiptStatus.canReplace(.sent, with: .undelivered))
        #expect(!ReceiptStatus.canReplace(.bounced, with: .delivered))
        #expect(!ReceiptStatus.canReplace(.failed, with: .undelivered))
        #expect(!ReceiptStatus.canReplace(.sent, with: .unknown))
        #expect(ReceiptStatus.canReplace(.unknown, with: .queued))
        #expect(ReceiptStatus.twilio("partially_delivered") == .delivered)
        #expect(ReceiptStatus.twilio("brand_new_status") == .unknown)
        for terminal in ReceiptStatus.allCases where terminal.isTerminal {
            for progress in ReceiptStatus.allCases where !progress.isTerminal {
                #expect(!ReceiptStatus.canReplace(terminal, with: progress))
                #expect(ReceiptStatus.canReplace(progress, with: terminal))
            }
        }
    }

    @Test("DeliveryStatus event detail and detail-type mapping")
    func event() throws {
        let receipt = NormalizedReceipt(
            channel: "email", provider: .resend, providerMessageID: "e1", status: .opened, providerStatus: "email.opened",
            recipient: "a@b.c", occurredAt: "2024-01-01T00:00:00.000Z", correlationID: "INC-1", receiptID: .svix(messageID: "m"))
        let event = DeliveryStatusEvent(receipt: receipt, origin: .init(eventID: "evt-1", rule: "InfraP1Alert", target: "email"))
        #expect(event.source == "com.notifications")
        #expect(event.detailType == "Open")
        #expect(
            event.detail.jsonText
                == "{\"channel\":\"email\",\"provider\":\"resend\",\"provider_message_id\":\"e1\",\"status\":\"opened\","
                + "\"error_code\":null,\"recipient\":\"a@b.c\",\"occurred_at\":\"2024-01-01T00:00:00.000Z\","
                + "\"origin_event_id\":\"evt-1\",\"rule\":\"InfraP1Alert\",\"target\":\"email\",\"correlation_id\":\"INC-1\"}")
        #expect(ReceiptStatus.bounced.detailType == "Bounce")
        #expect(ReceiptStatus.clicked.detailType == "Click")
        #expect(ReceiptStatus.complained.detailType == "Complaint")
        #expect(ReceiptStatus.read.detailType == "Open")
        #expect(ReceiptStatus.delivered.detailType == "DeliveryStatus")
        #expect(ReceiptStatus.failed.detailType == "DeliveryStatus")
        #expect(DeliveryStatusEvent(receipt: receipt).detail["rule"] == .null)
    }

    @Test("RFC 3339 formatting")
    func rfc3339() {
        #expect(RFC3339.format(unixMilliseconds: 1_577_808_000_000) == "2019-12-31T16:00:00.000Z")
        #expect(RFC3339.format(unixMilliseconds: 951_782_400_123) == "2000-02-29T00:00:00.123Z")
        #expect(RFC3339.format(unixMilliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }
}
