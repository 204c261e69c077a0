import Foundation
import HeraldChannels
import Yams

extension WebhookSettings {
    /// Parses the `webhooks:` mapping.
    static func parse(_ node: ConfigNode) throws(ConfigError) -> WebhookSettings {
        let map = try node.mapping([
            "PublicBaseUrl", "ReceiptSource", "ReceiptEventBus", "MaxBodyBytes", "Overdue", "Twilio", "Resend", "Sources",
        ])
        var settings = WebhookSettings()
        if let url = map["PublicBaseUrl"] {
            let value = try url.nonEmptyString()
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw url.error(.invalidValue, "must be an http:// or https:// URL")
            }
            let host = Self.host(of: value)
            guard !host.isEmpty else { throw url.error(.invalidValue, "must name a host") }
            // Twilio status callbacks are built on it, and Twilio refuses them when the host has a `_`.
            guard !host.contains("_") else {
                throw url.error(.invalidValue, "the host '\(host)' contains '_', which Twilio refuses in a StatusCallback URL; use a host name without '_'")
            }
            settings.publicBaseURL = value
        }
        settings.receiptSource = try map["ReceiptSource"]?.nonEmptyString()
        settings.receiptEventBus = try map["ReceiptEventBus"]?.nonEmptyString()
        if let bytes = map["MaxBodyBytes"] { settings.maxBodyBytes = try ByteSize.parse(bytes, plainUnit: 1) }
        if let overdue = map["Overdue"] {
            let inner = try overdue.mapping(["Timeout", "Channels"])
            if let timeout = inner["Timeout"] { settings.overdueTimeoutSeconds = try positiveDuration(timeout) }
            for entry in try inner["Channels"]?.rawMapping() ?? [] {
                settings.overdueChannelTimeoutsSeconds[entry.key] = try positiveDuration(entry.value)
            }
        }
        if let twilio = map["Twilio"] {
            let inner = try twilio.mapping(["AuthTokens", "AuthToken", "SharedKeys", "CorrelationParameter"])
            var sharedKeys: [String: String] = [:]
            for entry in try inner["SharedKeys"]?.rawMapping() ?? [] { sharedKeys[entry.key] = try secret(entry.value) }
            let tokens = try inner.first("AuthTokens", "AuthToken").map { node throws(ConfigError) in try secrets(node) } ?? []
            if tokens.isEmpty && sharedKeys.isEmpty { throw twilio.error(.missingKey, "Twilio needs AuthTokens or SharedKeys") }
            settings.twilio = Twilio(
                authTokens: tokens, sharedKeys: sharedKeys, correlationParameter: try inner["CorrelationParameter"]?.nonEmptyString())
        }
        if let resend = map["Resend"] {
            let inner = try resend.mapping(["SvixSecrets", "SvixSecret", "BearerSecrets", "BearerSecret", "Tolerance", "CorrelationTags"])
            let svix = try inner.first("SvixSecrets", "SvixSecret")
            let bearer = try inner.first("BearerSecrets", "BearerSecret")
            let authentication: Resend.Authentication
            switch (svix, bearer) {
            case (let svix?, nil): authentication = .svix(secrets: try svixSecrets(svix))
            case (nil, let bearer?): authentication = .bearer(secrets: try secrets(bearer))
            case (_?, let bearer?): throw bearer.error(.invalidValue, "give either SvixSecrets or BearerSecrets, not both")
            case (nil, nil): throw resend.error(.missingKey, "Resend needs SvixSecrets or BearerSecrets")
            }
            settings.resend = Resend(
                authentication: authentication, toleranceSeconds: try inner["Tolerance"].map { node throws(ConfigError) in try Durations.seconds(node) },
                correlationTags: try inner["CorrelationTags"]?.stringList())
        }
        if let sources = map["Sources"] {
            if case .mapping = sources.node {
                for entry in try sources.rawMapping() { settings.sources.append(try source(entry.value, name: entry.keyNode)) }
            } else {
                for item in try sources.sequence() { settings.sources.append(try source(item, name: nil)) }
            }
        }
        return settings
    }

    /// The host of an `http(s)://` URL: after the scheme and any user info, before the port, path, query or fragment.
    static func host(of url: String) -> Substring {
        var rest = url[(url.range(of: "://")?.upperBound ?? url.startIndex)...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("[") { return rest.firstIndex(of: "]").map { rest[...$0] } ?? rest }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest
    }

    /// One generic source.
    private static func source(_ node: ConfigNode, name entryName: ConfigNode?) throws(ConfigError) -> Source {
        let map = try node.mapping([
            "Name", "Secrets", "Secret", "SignatureHeader", "Encoding", "SignaturePrefix", "TimestampHeader", "Tolerance",
            "IdHeader", "DefaultChannel", "StatusMap",
        ])
        let nameNode = try ResourceName.node(map, key: "Name", entryName: entryName, owner: node)
        let name = try nameNode.string()
        try Names.check(name, at: nameNode, maxLength: 64)
        guard let secretNode = try map.first("Secrets", "Secret") else { throw node.error(.missingKey, "missing required key 'Secrets'") }
        var encoding: String?
        if let node = map["Encoding"] {
            let value = try node.string().lowercased()
            guard value == "hex" || value == "base64" else { throw node.error(.invalidValue, "must be hex or base64") }
            encoding = value
        }
        let prefix: String?
        if let entry = map.entries["SignaturePrefix"] {
            prefix = entry.value.isNull ? "" : try entry.value.string()
        } else {
            prefix = nil
        }
        return Source(
            name: name, secrets: try secrets(secretNode), signatureHeader: try map["SignatureHeader"]?.nonEmptyString(),
            encoding: encoding, signaturePrefix: prefix, timestampHeader: try map["TimestampHeader"]?.nonEmptyString(),
            toleranceSeconds: try map["Tolerance"].map { node throws(ConfigError) in try Durations.seconds(node) },
            idHeader: try map["IdHeader"]?.nonEmptyString(), defaultChannel: try map["DefaultChannel"]?.nonEmptyString(),
            statusMap: try map["StatusMap"].map { node throws(ConfigError) in try Self.statusMap(node) } ?? [:])
    }

    /// A source's `StatusMap`: provider status text → a Herald status name (``ReceiptStatus``), matched in any case
    /// and kept in Herald's spelling; a name Herald does not know fails where the file writes it.
    private static func statusMap(_ node: ConfigNode) throws(ConfigError) -> [String: String] {
        var map: [String: String] = [:]
        for entry in try node.rawMapping() {
            let name = try entry.value.string()
            guard let status = ReceiptStatus(rawValue: name.lowercased()) else {
                let names = ReceiptStatus.allCases.map(\.rawValue).joined(separator: ", ")
                throw entry.value.error(.invalidValue, "'\(name)' is not a Herald status (expected one of: \(names))")
            }
            map[entry.key] = status.rawValue
        }
        return map
    }

    /// A secret: must be a `${ENV}` reference, resolved and non-empty.
    static func secret(_ node: ConfigNode) throws(ConfigError) -> String {
        let raw = try node.rawScalar(expected: "a ${ENV_VAR} reference")
        guard EnvironmentSubstitution.containsReference(raw) else {
            throw node.error(.invalidValue, "secrets must be given as ${ENV_VAR} references, not written into the file")
        }
        return try node.nonEmptyString()
    }

    /// Svix signing secrets: `whsec_` and base64 (checked here, where the file can name the place, rather than when
    /// the endpoint is built after the configuration was applied).
    private static func svixSecrets(_ node: ConfigNode) throws(ConfigError) -> [String] {
        try secrets(node) { item, value throws(ConfigError) in
            let encoded = value.hasPrefix("whsec_") ? String(value.dropFirst(6)) : value
            guard let key = Data(base64Encoded: encoded), !key.isEmpty else {
                throw item.error(.invalidValue, "a Svix secret is whsec_ followed by base64 (Resend's webhook signing secret); this one is not")
            }
        }
    }

    /// One secret or a list of them (two during rotation).
    /// - Parameter validate: checks each secret's value (given its node, for the error's place).
    private static func secrets(
        _ node: ConfigNode, validate: (ConfigNode, String) throws(ConfigError) -> Void = { _, _ in }
    ) throws(ConfigError) -> [String] {
        let items: [ConfigNode] = if case .scalar = node.node { [node] } else { try node.sequence() }
        var values: [String] = []
        for item in items {
            let value = try secret(item)
            try validate(item, value)
            values.append(value)
        }
        guard !values.isEmpty else { throw node.error(.invalidValue, "needs at least one secret") }
        return values
    }

    /// A duration in seconds that must be positive.
    private static func positiveDuration(_ node: ConfigNode) throws(ConfigError) -> Double {
        let seconds = try Durations.fractionalSeconds(node)
        guard seconds > 0 else { throw node.error(.invalidValue, "must be a positive duration") }
        return seconds
    }
}
