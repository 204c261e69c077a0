#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
public import HeraldChannels
public import NIOCore
public import NIOPosix

/// All six fake providers started together on loopback (for `herald demo` and integration tests), with preset
/// configurations that point at them.
///
/// - Important: Call ``stop()`` when done.
public final class FakeProviderSuite: Sendable {
    /// Fake Twilio.
    public let twilio: FakeTwilio
    /// Fake Resend.
    public let resend: FakeResend
    /// Fake Supabase.
    public let supabase: FakeSupabase
    /// Fake DingTalk robot.
    public let dingTalk: FakeDingTalk
    /// Fake Lark bot.
    public let lark: FakeLark
    /// Fake Slack webhook.
    public let slack: FakeSlack

    private init(
        twilio: FakeTwilio, resend: FakeResend, supabase: FakeSupabase, dingTalk: FakeDingTalk, lark: FakeLark,
        slack: FakeSlack
    ) {
        self.twilio = twilio
        self.resend = resend
        self.supabase = supabase
        self.dingTalk = dingTalk
        self.lark = lark
        self.slack = slack
    }

    /// Starts every fake with its default credentials.
    /// - Parameters:
    ///   - group: Event loops.
    ///   - clock: Time source shared by the fakes.
    /// - Returns: The running suite.
    /// - Throws: `FakeProviderError.bindFailed` (fakes already started are stopped first).
    public static func start(
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        clock: @escaping @Sendable () -> Date = { Date() }
    ) async throws(FakeProviderError) -> FakeProviderSuite {
        let twilio = try await FakeTwilio.start(group: group, clock: clock)
        var started: [@Sendable () async -> Void] = [twilio.stop]
        do throws(FakeProviderError) {
            let resend = try await FakeResend.start(group: group, clock: clock)
            started.append(resend.stop)
            let supabase = try await FakeSupabase.start(group: group)
            started.append(supabase.stop)
            let dingTalk = try await FakeDingTalk.start(group: group, clock: clock)
            started.append(dingTalk.stop)
            let lark = try await FakeLark.start(group: group, clock: clock)
            started.append(lark.stop)
            let slack = try await FakeSlack.start(group: group)
            return FakeProviderSuite(
                twilio: twilio, resend: resend, supabase: supabase, dingTalk: dingTalk, lark: lark, slack: slack)
        } catch {
            for stop in started { await stop() }
            throw error
        }
    }

    /// Stops every fake.
    public func stop() async {
        await twilio.stop()
        await resend.stop()
        await supabase.stop()
        await dingTalk.stop()
        await lark.stop()
        await slack.stop()
    }

    /// Points Resend's webhooks at Herald (`<heraldBaseURL>/webhooks/resend`).
    /// - Parameter heraldBaseURL: Herald's loopback base URL, e.g. `http://127.0.0.1:8080`.
    public func setHeraldBaseURL(_ heraldBaseURL: String) {
        resend.setWebhookURL(trimmed(heraldBaseURL) + "/webhooks/resend")
    }

    /// Delivers every pending Twilio status callback and Resend webhook.
    /// - Returns: Every callback made.
    public func deliverAllReceipts() async -> [CallbackAttempt] {
        let twilioAttempts = await twilio.deliverReceipts()
        return twilioAttempts + (await resend.deliverWebhooks())
    }

    /// A Twilio preset configuration for the fake, with status callbacks to `<heraldBaseURL>/webhooks/twilio`.
    /// - Parameters:
    ///   - heraldBaseURL: Herald's base URL.
    ///   - from: Sender number.
    /// - Returns: The configuration.
    public func twilioConfiguration(heraldBaseURL: String, from: String = "+15550100000")
        -> TwilioMessagesPreset.Configuration
    {
        .init(
            accountSID: twilio.accountSID, authToken: twilio.authToken, baseURL: twilio.baseURL, from: from,
            statusCallbackURL: trimmed(heraldBaseURL) + "/webhooks/twilio")
    }

    /// A Resend preset configuration for the fake.
    /// - Parameter from: Sender.
    /// - Returns: The configuration.
    public func resendConfiguration(from: String = "Herald <alerts@herald.test>") -> ResendEmailPreset.Configuration {
        .init(apiKey: resend.apiKey, baseURL: resend.baseURL, from: from)
    }

    /// A Supabase preset configuration for a table of the fake.
    /// - Parameter table: Table name (`events` or `alert_events` by default).
    /// - Returns: The configuration.
    public func supabaseConfiguration(table: String = "events") -> SupabaseInsertPreset.Configuration {
        .init(projectURL: supabase.baseURL, apiKey: supabase.apiKey, table: table)
    }

    /// A DingTalk preset configuration for the fake robot (signed).
    public var dingTalkConfiguration: DingTalkRobotPreset.Configuration {
        .init(webhookURL: dingTalk.webhookURL, secret: dingTalk.secret)
    }

    /// A Lark preset configuration for the fake bot (signed).
    public var larkConfiguration: LarkBotPreset.Configuration {
        .init(webhookURL: lark.webhookURL, secret: lark.secret)
    }

    /// A Slack preset configuration for the fake webhook.
    public var slackConfiguration: SlackWebhookPreset.Configuration {
        .init(webhookURL: slack.webhookURL)
    }

    private func trimmed(_ url: String) -> String {
        var text = url
        while text.hasSuffix("/") { text.removeLast() }
        return text
    }
}
