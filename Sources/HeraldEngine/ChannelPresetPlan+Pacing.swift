import HeraldCatalog
import HeraldChannels

extension TargetEndpoint {
    /// The pace of `target`: its named channel preset's documented limit (with the same 5% margin as
    /// ``providerRate(_:)``) when it has `HeraldParameters.Channel`, else what its URL is recognised as.
    /// `nil` when neither sets a rate (Twilio and Supabase limit concurrency instead: see the plan's window).
    static func providerRate(for target: Target, url: String) -> Double? {
        if let type = target.heraldParameters?.channel.flatMap({ ChannelPresetType(rawValue: $0.type) }) {
            return type.rateLimit.sustainedPerSecond.map { $0 * 0.95 }
        }
        return providerRate(url)
    }
}
