import HeraldJSON

/// The message of a channel target's short form, as the `InputTransformer` that renders it.
struct ChannelMessage {
    /// `InputTemplate` (JSON).
    let template: String
    /// `InputPathsMap`.
    let paths: [String: String]
    /// The first message key's node (where template errors point).
    let site: ConfigNode

    /// Builds the message of a target of `type` from its keys, or nil when the target gives no message key.
    /// - Throws: ``ConfigError`` for a missing required key, a bad `Fields:` entry or an unknown `MsgType`.
    static func template(type: String, map: ConfigMapping) throws(ConfigError) -> ChannelMessage? {
        let keys = TargetDeclaration.messageKeys(type).filter { $0 != "Table" && $0 != "OnConflict" }
        guard let first = keys.compactMap({ map[$0] }).first else { return nil }
        var builder = MessageTemplate(fields: try fields(map))
        var members: [(String, String)] = []
        func string(_ key: String) throws(ConfigError) -> String? {
            try map[key].map { node throws(ConfigError) in builder.string(try node.string()) }
        }
        func required(_ key: String, _ why: String) throws(ConfigError) -> String {
            guard let value = try string(key) else { throw map.owner.error(.missingKey, "missing required key '\(key)' (\(why))") }
            return value
        }
        func list(_ key: String) throws(ConfigError) -> String? {
            guard let node = map[key] else { return nil }
            var items: [String] = []
            for item in try node.stringList() { items.append(builder.string(item)) }
            return "[" + items.joined(separator: ",") + "]"
        }
        switch type {
        case "twilio-sms", "twilio-whatsapp":
            members.append(("To", try required("To", "the recipient: a JSONPath or a number")))
            if let from = try string("From") { members.append(("From", from)) }
            if let service = try string("MessagingServiceSid") { members.append(("MessagingServiceSid", service)) }
            if let body = try string("Body") { members.append(("Body", body)) }
            if let media = try list("MediaUrl") { members.append(("MediaUrl", media)) }
            if map["Body"] == nil && map["MediaUrl"] == nil {
                throw map.owner.error(.missingKey, "missing required key 'Body' (or MediaUrl)")
            }
        case "resend-email":
            if let from = try string("From") { members.append(("from", from)) }
            guard let to = try list("To") else { throw map.owner.error(.missingKey, "missing required key 'To' (the recipient address(es))") }
            members.append(("to", to))
            members.append(("subject", try required("Subject", "the email subject")))
            if let html = try string("Html") { members.append(("html", html)) }
            if let text = try string("Text") { members.append(("text", text)) }
            if map["Html"] == nil && map["Text"] == nil { throw map.owner.error(.missingKey, "missing required key 'Html' (or Text)") }
            for (key, member) in [("ReplyTo", "reply_to"), ("Cc", "cc"), ("Bcc", "bcc")] {
                if let value = try list(key) { members.append((member, value)) }
            }
        case "supabase-insert", "supabase-upsert":
            let row = try map.require("Row")
            for entry in try row.rawMapping() {
                let value = try entry.value.jsonValue()
                switch value {
                case .string(let text): members.append((entry.key, builder.bare(text)))
                default: members.append((entry.key, builder.value(value)))
                }
            }
        case "dingtalk":
            members = try dingTalk(map, required: required, list: list)
        case "lark":
            members = try lark(map, required: required)
        default:
            if let text = try string("Text") { members.append(("text", text)) }
            if let blocks = map["Blocks"] { members.append(("blocks", builder.value(try blocks.jsonValue()))) }
            if map["Text"] == nil && map["Blocks"] == nil { throw map.owner.error(.missingKey, "missing required key 'Text' (or Blocks)") }
        }
        return ChannelMessage(template: MessageTemplate.object(members), paths: builder.paths, site: first)
    }

    /// `Fields:` — names for `<placeholders>` mapped to JSONPaths.
    private static func fields(_ map: ConfigMapping) throws(ConfigError) -> [String: String] {
        guard let node = map["Fields"] else { return [:] }
        var fields: [String: String] = [:]
        for entry in try node.rawMapping() {
            let valid = !entry.key.isEmpty && entry.key.utf8.count <= 256 && !entry.key.lowercased().hasPrefix("aws.")
                && entry.key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
            guard valid else {
                throw entry.keyNode.error(.invalidValue, "field names are letters, digits, '_' and '-' (not starting with 'aws.')")
            }
            fields[entry.key] = try ChannelDeclaration.path(entry.value)
        }
        guard fields.count <= 90 else { throw node.error(.invalidValue, "at most 90 fields") }
        return fields
    }

    private typealias Value = (String) throws(ConfigError) -> String?
    private typealias Required = (String, String) throws(ConfigError) -> String

    /// DingTalk `text`, `markdown` or `actionCard` (default `markdown` when a `Title` is given, else `text`).
    private static func dingTalk(
        _ map: ConfigMapping, required: Required, list: Value
    ) throws(ConfigError) -> [(String, String)] {
        let kind = try map["MsgType"]?.string() ?? (map["Title"] == nil ? "text" : "markdown")
        let at = MessageTemplate.object([
            ("atMobiles", try list("AtMobiles") ?? "[]"), ("isAtAll", try map["AtAll"]?.bool() == true ? "true" : "false"),
        ])
        switch kind {
        case "text":
            return [("msgtype", "\"text\""), ("text", MessageTemplate.object([("content", try required("Text", "the message text"))])), ("at", at)]
        case "markdown":
            let body = [("title", try required("Title", "markdown needs a title")), ("text", try required("Text", "the markdown text"))]
            return [("msgtype", "\"markdown\""), ("markdown", MessageTemplate.object(body)), ("at", at)]
        case "actionCard":
            let card = [
                ("title", try required("Title", "an action card needs a title")), ("text", try required("Text", "the card text")),
                ("btnOrientation", "\"0\""), ("singleTitle", try required("ButtonTitle", "the button label")),
                ("singleURL", try required("ButtonUrl", "the button link")),
            ]
            return [("msgtype", "\"actionCard\""), ("actionCard", MessageTemplate.object(card))]
        default:
            throw (map["MsgType"] ?? map.owner).error(.invalidValue, "must be text, markdown or actionCard")
        }
    }

    /// Lark `text`, `post` or `interactive` (default `post` when a `Title` is given, else `text`).
    private static func lark(_ map: ConfigMapping, required: Required) throws(ConfigError) -> [(String, String)] {
        let kind = try map["MsgType"]?.string() ?? (map["Title"] == nil ? "text" : "post")
        switch kind {
        case "text":
            return [("msg_type", "\"text\""), ("content", MessageTemplate.object([("text", try required("Text", "the message text"))]))]
        case "post":
            let title = try required("Title", "a post needs a title")
            let paragraph = "[[" + MessageTemplate.object([("tag", "\"text\""), ("text", try required("Text", "the post text"))]) + "]]"
            let post = MessageTemplate.object([("zh_cn", MessageTemplate.object([("title", title), ("content", paragraph)]))])
            return [("msg_type", "\"post\""), ("content", MessageTemplate.object([("post", post)]))]
        case "interactive":
            let header = MessageTemplate.object([
                ("title", MessageTemplate.object([("tag", "\"plain_text\""), ("content", try required("Title", "a card needs a title"))])),
            ])
            let element = MessageTemplate.object([("tag", "\"markdown\""), ("content", try required("Text", "the card text"))])
            return [("msg_type", "\"interactive\""), ("card", MessageTemplate.object([("header", header), ("elements", "[" + element + "]")]))]
        default:
            throw (map["MsgType"] ?? map.owner).error(.invalidValue, "must be text, post or interactive")
        }
    }
}
