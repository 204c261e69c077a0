import HeraldChannels
import HeraldEvents
import HeraldJSON
import HeraldPattern

/// The fuzz targets over Herald's input-facing parsers, and their libFuzzer-style entry points.
///
/// Each `fuzzX(_:)` feeds arbitrary bytes to the real code and checks invariants beyond "does not crash"
/// (round trips, agreement with a second implementation or a reference oracle); a violation calls
/// `preconditionFailure` after printing the details. ``targets`` lists them for the harness and the tests.
public enum HeraldFuzz {
    /// Every target, in a stable order.
    public static let targets: [FuzzTarget] = [
        FuzzTarget(
            name: "json", summary: "JSONValue parsing vs the JSONReader pull parser; serialize/parse round trip",
            maximumInputLength: 16_384, accepts: { (try? JSONValue(parsing: $0)) != nil },
            body: checkJSON),
        FuzzTarget(
            name: "pattern",
            summary: "pattern parse/compile; compiled matcher (tree and bytes) vs the reference interpreter on derived events",
            maximumInputLength: 2048, accepts: { (try? EventPattern(parsing: FuzzInput($0, lineCount: 1).lines[0])) != nil },
            body: checkPattern),
        FuzzTarget(
            name: "envelope", summary: "event envelope and PutEvents entry parsing; serialize/parse round trip",
            maximumInputLength: 16_384, accepts: { (try? EventEnvelope(parsing: $0)) != nil },
            body: checkEnvelope),
        FuzzTarget(
            name: "framing", summary: "LineFrameDecoder: random chunking gives the same frames as a reference splitter",
            maximumInputLength: 8192, accepts: { $0.count > 1 },
            body: checkFraming),
        FuzzTarget(
            name: "form", summary: "form decoding/encoding round trips (HeraldChannels and HeraldEvents encoders)",
            maximumInputLength: 8192, accepts: { !FormURLEncoding.decode($0).isEmpty },
            body: checkForm),
        FuzzTarget(
            name: "twilio", summary: "Twilio signature verification and receipt normalization; signed requests verify",
            maximumInputLength: 8192, accepts: { TwilioSignatureVerifier.urlVariants(of: FuzzInput($0, lineCount: 1).text(0)).count > 1 },
            body: checkTwilio),
        FuzzTarget(
            name: "svix", summary: "Svix/Resend header parsing, verification and payload normalization",
            maximumInputLength: 8192, accepts: { (try? JSONValue(parsing: FuzzInput($0, lineCount: 4).rest)) != nil },
            body: checkSvix),
        FuzzTarget(
            name: "hmac", summary: "generic HMAC endpoint verification and hex/base64 codecs",
            maximumInputLength: 8192, accepts: { $0.count > 1 },
            body: checkHMAC),
        FuzzTarget(
            name: "transform", summary: "JSONPath parse/render/evaluate and input transformer templates",
            maximumInputLength: 4096, accepts: { (try? JSONPath(parsing: FuzzInput($0, lineCount: 1).text(0))) != nil },
            body: checkTransform),
    ]

    /// The target with this name, if any.
    /// - Parameter name: A target name such as `json`.
    public static func target(named name: String) -> FuzzTarget? {
        targets.first { $0.name == name }
    }

    /// JSON parser target (traps on an invariant violation).
    public static func fuzzJSON(_ data: [UInt8]) { run("json", data) }
    /// Pattern parser, compiler and matcher target.
    public static func fuzzPattern(_ data: [UInt8]) { run("pattern", data) }
    /// Event envelope target.
    public static func fuzzEnvelope(_ data: [UInt8]) { run("envelope", data) }
    /// Socket line framing target.
    public static func fuzzFraming(_ data: [UInt8]) { run("framing", data) }
    /// Form encoding target.
    public static func fuzzForm(_ data: [UInt8]) { run("form", data) }
    /// Twilio webhook target.
    public static func fuzzTwilio(_ data: [UInt8]) { run("twilio", data) }
    /// Svix / Resend webhook target.
    public static func fuzzSvix(_ data: [UInt8]) { run("svix", data) }
    /// Generic HMAC webhook target.
    public static func fuzzHMAC(_ data: [UInt8]) { run("hmac", data) }
    /// JSONPath and input transformer target.
    public static func fuzzTransform(_ data: [UInt8]) { run("transform", data) }

    private static func run(_ name: String, _ data: [UInt8]) {
        target(named: name)?.run(data)
    }
}
