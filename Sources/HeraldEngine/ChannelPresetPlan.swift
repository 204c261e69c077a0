import HeraldCatalog
import HeraldChannels
import HeraldDelivery
import HeraldEvents
import HeraldJSON

/// A target's named channel preset (`HeraldParameters.Channel`), compiled once per plan: it turns the message the
/// target's input produced into the provider's request, and decides classification and pacing.
///
/// The message is the payload of `Input`/`InputPath`/`InputTransformer`:
/// - `twilio-sms`/`twilio-whatsapp`: a JSON object of Twilio Messages parameters (`To`, `Body`, optional `From`,
///   `MediaUrl`, `ContentSid`…). The preset fills `From`/`MessagingServiceSid` from the channel when the message has
///   neither (a message's `MessagingServiceSid` is its sender), prefixes both
///   addresses with `whatsapp:` for WhatsApp, adds `StatusCallback=<public base URL>/webhooks/twilio?cid=<correlation
///   id>` (when `webhooks.public_base_url` is set and the message has none) and sends the form-encoded body.
/// - `resend-email`: a Resend email object (`to` as a string or list, `subject`, `html`/`text`, optional `from`);
///   `from` is filled from the channel, and the correlation id is added as the tag `correlation_id` (as it is when
///   Resend takes it, else hex-encoded and decoded on the way back: ``ResendCorrelationTag``). `Idempotency-Key` is
///   the event id and the target (``idempotencyKey(eventID:target:)``): one event paging two addresses is two emails.
/// - `supabase-insert`/`supabase-upsert`: the row (object) or rows (array of objects), sent as is, with
///   `Prefer: return=minimal` (`,resolution=merge-duplicates` for upsert) and `on_conflict` from `OnConflict`.
/// - `dingtalk`, `lark`, `slack`: the provider's JSON body; plain text (or a JSON string) becomes a text message.
///
/// A message that cannot be sent (no recipient, no sender, a Lark body over 20 KB) is a build error: the event is
/// dead-lettered at once.
struct ChannelPresetPlan: Sendable {
    /// The preset.
    let type: ChannelPresetType
    /// The target's channel setting.
    let settings: TargetChannel
    /// Where the correlation id is read from (nil: the event id).
    let correlationPath: JSONPath?
    /// `<public base URL>/webhooks/twilio`, or nil when Herald has no public URL.
    let statusCallbackURL: String?
    /// The callback query parameter carrying the correlation id.
    let correlationParameter: String

    /// The Resend tag carrying the correlation id (the receipt normalizer reads it back).
    static let resendCorrelationTag = ResendCorrelationTag.name

    /// Compiles the channel setting of a target.
    /// - Throws: ``TargetPlanError/invalidInput(_:)`` for an unknown type or an invalid correlation path.
    init(_ settings: TargetChannel, targetID: String, configuration: EngineConfiguration) throws(TargetPlanError) {
        guard let type = ChannelPresetType(rawValue: settings.type) else {
            throw .invalidInput("target \(targetID): unknown HeraldParameters.Channel.Type \(settings.type)")
        }
        self.type = type
        self.settings = settings
        do {
            correlationPath = try settings.correlationIdPath.map { text throws(JSONPathError) in try JSONPath(parsing: text) }
        } catch {
            throw .invalidInput("target \(targetID): HeraldParameters.Channel.CorrelationIdPath: \(error)")
        }
        statusCallbackURL = configuration.publicBaseURL.map { base in
            var trimmed = base
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            return trimmed + "/webhooks/twilio"
        }
        correlationParameter = configuration.twilioCorrelationParameter
    }

    /// The `Idempotency-Key` of a Resend send: `EVENT-ID/BUS/RULE/TARGET`, or, when that is longer than Resend's 256
    /// characters, the event id and a 64-bit FNV-1a hash of the target (stable across restarts).
    static func idempotencyKey(eventID: String, target: TargetKey) -> String {
        let full = "\(eventID)/\(target.bus)/\(target.rule)/\(target.targetID)"
        if full.utf8.count <= ResendEmailPreset.maximumIdempotencyKeyLength { return full }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(target.bus)/\(target.rule)/\(target.targetID)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\(eventID.prefix(200))/" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// The most requests in flight the provider allows (Twilio 100, Supabase 10), if it limits concurrency.
    var maxConcurrency: Int? { type.rateLimit.maxConcurrentRequests }

    /// The correlation id of `event`: the value at ``correlationPath`` (a string or number), else the event id.
    func correlationID(for event: EventEnvelope) -> String {
        switch correlationPath?.evaluate(in: event) {
        case .string(let text)? where !text.isEmpty: text
        case .number(let number)?: number.literal
        default: event.id
        }
    }

    /// The target's HTTP parameters with the preset's headers and query added: the form `Content-Type` for Twilio
    /// (always), JSON for the others (unless the target sets one), Supabase's `Prefer` (unless set) and
    /// `on_conflict`.
    func httpParameters(_ base: TargetHttpParameters) -> TargetHttpParameters {
        var parameters = base
        func setDefault(_ name: String, _ value: String) {
            guard !parameters.headerParameters.keys.contains(where: { $0.lowercased() == name.lowercased() }) else { return }
            parameters.headerParameters[name] = value
        }
        switch type.provider {
        case .twilio:
            parameters.headerParameters = parameters.headerParameters.filter { $0.key.lowercased() != "content-type" }
            parameters.headerParameters["Content-Type"] = "application/x-www-form-urlencoded"
            setDefault("Accept", "application/json")
        case .supabase:
            setDefault("Content-Type", "application/json")
            setDefault("Prefer", type == .supabaseUpsert ? "return=minimal,resolution=merge-duplicates" : "return=minimal")
            if let columns = settings.onConflict, !columns.isEmpty, type == .supabaseUpsert {
                parameters.queryStringParameters["on_conflict"] = columns.joined(separator: ",")
            }
        case .resend, .dingTalk, .lark, .slack:
            setDefault("Content-Type", "application/json")
        }
        return parameters
    }

    /// The provider payload for one message.
    /// - Throws: ``DeliveryBuildError`` when the message lacks what the provider requires.
    func payload(from message: TransformedPayload, event: EventEnvelope) throws(DeliveryBuildError) -> TransformedPayload {
        let json = message.json
        switch type {
        case .twilioSMS, .twilioWhatsApp:
            return TransformedPayload(json: .object(try twilio(object(json, message), event: event)))
        case .resendEmail:
            return TransformedPayload(json: .object(try resend(object(json, message), event: event)))
        case .supabaseInsert, .supabaseUpsert:
            switch json {
            case .object?: return message
            case .array(let rows)? where !rows.isEmpty && rows.allSatisfy({ $0.objectValue != nil }): return message
            default: throw failure("a Supabase row must be a JSON object or a non-empty array of objects")
            }
        case .dingTalk:
            if let text = Self.text(json, message) {
                return TransformedPayload(json: ["msgtype": "text", "text": ["content": .string(text)]])
            }
            guard json?["msgtype"]?.stringValue != nil else { throw failure("a DingTalk message needs msgtype") }
            return message
        case .lark:
            if let text = Self.text(json, message) {
                return TransformedPayload(json: ["msg_type": "text", "content": ["text": .string(text)]])
            }
            guard json?["msg_type"]?.stringValue != nil else { throw failure("a Lark message needs msg_type") }
            return message
        case .slack:
            if let text = Self.text(json, message) { return TransformedPayload(json: ["text": .string(text)]) }
            guard json?["text"] != nil || json?["blocks"] != nil else { throw failure("a Slack message needs text or blocks") }
            return message
        }
    }

    /// Refuses a Lark request body over Lark's 20 KB (``LarkBotPreset/maximumBodyBytes``, the signature included)
    /// before it is sent: Lark answers 9499 to it, so no retry can help.
    static func checkLarkBody(_ body: [UInt8]) throws(DeliveryBuildError) {
        guard body.count > LarkBotPreset.maximumBodyBytes else { return }
        throw DeliveryBuildError(
            message: "lark channel: the body is \(body.count) bytes; Lark refuses bodies over 20 KB (\(LarkBotPreset.maximumBodyBytes) bytes)")
    }

    /// The message as a JSON object.
    private func object(_ json: JSONValue?, _ message: TransformedPayload) throws(DeliveryBuildError) -> JSONObject {
        guard case .object(let object)? = json else {
            throw failure("the message must be a JSON object, not \(json == nil ? "text" : "a JSON \(Self.kind(of: json))")")
        }
        return object
    }

    /// Twilio Messages form parameters.
    private func twilio(_ message: JSONObject, event: EventEnvelope) throws(DeliveryBuildError) -> JSONObject {
        var form = message
        guard let to = Self.nonEmpty(form["To"]) else { throw failure("the message has no To") }
        form["To"] = .string(address(to))
        // The channel's sender is used only when the message has none: a message's MessagingServiceSid is a sender
        // (Twilio picks the number from the service), so the channel's From is not added to it.
        let messageHasService = Self.nonEmpty(form["MessagingServiceSid"]) != nil
        if let from = Self.nonEmpty(form["From"]) ?? (messageHasService ? nil : settings.from.flatMap({ $0.isEmpty ? nil : $0 })) {
            form["From"] = .string(address(from))
        } else {
            form["From"] = nil
            if !messageHasService, let service = settings.messagingServiceSid {
                form["MessagingServiceSid"] = .string(service)
            }
            guard Self.nonEmpty(form["MessagingServiceSid"]) != nil else {
                throw failure("the message has no From and the channel no From or MessagingServiceSid")
            }
        }
        if let body = form["Body"]?.stringValue, body.count > TwilioMessagesPreset.maximumBodyLength {
            throw failure("Body is longer than \(TwilioMessagesPreset.maximumBodyLength) characters")
        }
        if form["StatusCallback"] == nil, let callback = statusCallbackURL {
            form["StatusCallback"] = .string(
                callback + "?" + FormURLEncoding.escape(correlationParameter) + "="
                    + FormURLEncoding.escape(correlationID(for: event)))
        }
        return form
    }

    /// A Resend email with its sender, recipients list and correlation tag.
    private func resend(_ message: JSONObject, event: EventEnvelope) throws(DeliveryBuildError) -> JSONObject {
        var email = message
        switch email["to"] {
        case .string(let to)? where !to.isEmpty: email["to"] = .array([.string(to)])
        case .array(let list)? where !list.isEmpty && list.allSatisfy({ Self.nonEmpty($0) != nil }): break
        default: throw failure("the message has no to")
        }
        if Self.nonEmpty(email["from"]) == nil {
            guard let from = settings.from, !from.isEmpty else { throw failure("the message has no from and the channel no From") }
            email["from"] = .string(from)
        }
        guard Self.nonEmpty(email["subject"]) != nil else { throw failure("the message has no subject") }
        var tags = (email["tags"]?.arrayValue ?? []).filter { $0["name"]?.stringValue != Self.resendCorrelationTag }
        tags.append(["name": .string(Self.resendCorrelationTag), "value": .string(ResendCorrelationTag.value(for: correlationID(for: event)))])
        email["tags"] = .array(tags)
        return email
    }

    /// `value` with the `whatsapp:` prefix for WhatsApp (not on Messaging Service SIDs or prefixed addresses).
    private func address(_ value: String) -> String {
        guard type == .twilioWhatsApp, !value.hasPrefix("whatsapp:"), !value.hasPrefix("MG") else { return value }
        return "whatsapp:" + value
    }

    private func failure(_ reason: String) -> DeliveryBuildError {
        DeliveryBuildError(message: "\(type.rawValue) channel: \(reason)")
    }

    /// The message as text when it is plain text or a JSON string.
    private static func text(_ json: JSONValue?, _ message: TransformedPayload) -> String? {
        switch json {
        case nil: message.text
        case .string(let text)?: text
        default: nil
        }
    }

    private static func nonEmpty(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text)? where !text.isEmpty: text
        case .number(let number)?: number.literal
        default: nil
        }
    }

    private static func kind(of value: JSONValue?) -> String {
        switch value {
        case .array?: "array"
        case .string?: "string"
        case .number?: "number"
        case .bool?: "boolean"
        default: "null"
        }
    }
}
