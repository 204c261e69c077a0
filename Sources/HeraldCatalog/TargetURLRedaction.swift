/// Masks the secrets that chat-bot webhook URLs carry, for API output.
///
/// A target's `Arn` may be a plain `http(s)://` URL (a Herald extension), and the bots' webhook URLs *are* their
/// credentials: whoever holds one can post to the channel. `ListTargetsByRule` therefore shows them masked with
/// ``BotSigning/redacted`` (`****`), as it does a bot's signing secret:
///
/// - DingTalk: the `access_token` query parameter's value (`…/robot/send?access_token=****`), on any URL;
/// - Lark / Feishu: the token after `/bot/v2/hook/` (`…/open-apis/bot/v2/hook/****`);
/// - Slack: every path segment after `/services/` on `hooks.slack.com` (`…/services/****/****/****`).
///
/// Other URLs and ARNs are returned as stored. `PutTargets` refuses a URL that still holds the mask, so a listed
/// target put back unchanged fails loudly instead of posting to a broken URL. Keep bot credentials out of the
/// target altogether with an API destination whose connection holds them.
public enum TargetURLRedaction {
    /// `arn` with its webhook secrets masked (unchanged when it is not such a URL).
    public static func redacted(_ arn: String) -> String {
        guard let schemeEnd = schemeEnd(of: arn) else { return arn }
        let afterScheme = arn[schemeEnd...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? arn.endIndex
        let host = arn[schemeEnd..<authorityEnd].lowercased()
        var rest = String(arn[authorityEnd...])
        var fragment = ""
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[hash...])
            rest = String(rest[..<hash])
        }
        var path = rest
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            path = String(rest[..<mark])
            query = String(rest[rest.index(after: mark)...])
        }
        path = maskedPath(path, slack: host.hasPrefix("hooks.slack.com"))
        query = query.map(maskedQuery)
        return String(arn[..<authorityEnd]) + path + (query.map { "?" + $0 } ?? "") + fragment
    }

    /// Whether `arn` is an `http(s)` URL that still holds the mask (a target copied from `ListTargetsByRule`).
    public static func holdsMask(_ arn: String) -> Bool {
        schemeEnd(of: arn) != nil && arn.contains(BotSigning.redacted)
    }

    private static func schemeEnd(of arn: String) -> String.Index? {
        for scheme in ["https://", "http://"] {
            if arn.count >= scheme.count, arn.prefix(scheme.count).lowercased() == scheme {
                return arn.index(arn.startIndex, offsetBy: scheme.count)
            }
        }
        return nil
    }

    private static func maskedPath(_ path: String, slack: Bool) -> String {
        var segments = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if slack, let services = segments.firstIndex(of: "services") {
            for index in segments.indices where index > services && !segments[index].isEmpty { segments[index] = BotSigning.redacted }
        }
        // Lark / Feishu: `/open-apis/bot/v2/hook/<token>`, on whichever host.
        for index in segments.indices.dropFirst(3) where segments[index - 3] == "bot" && segments[index - 2] == "v2"
            && segments[index - 1] == "hook" && !segments[index].isEmpty
        {
            segments[index] = BotSigning.redacted
        }
        return segments.joined(separator: "/")
    }

    private static func maskedQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let equals = pair.firstIndex(of: "=") else { return String(pair) }
            let name = pair[..<equals].lowercased()
            return name == "access_token" ? pair[..<equals] + "=" + BotSigning.redacted : String(pair)
        }.joined(separator: "&")
    }
}
