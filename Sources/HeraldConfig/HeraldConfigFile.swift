import Foundation
import Yams

/// A parsed and validated Herald configuration file.
///
/// Load it with ``load(path:environment:)`` (or ``parse(yaml:file:environment:)``), then call
/// ``apply(to:logger:)`` at start-up. Every error is a ``ConfigError`` whose description reads
/// `herald.yaml:14:7: rules[2].targets[0].RetryPolicy.MaximumRetryAttempts: must be 0...185`.
public struct HeraldConfigFile: Sendable, Equatable {
    /// The top-level keys the file accepts.
    static let keys = ["Server", "Webhooks", "Ledger", "Prune", "Buses", "Connections", "ApiDestinations", "Channels", "Rules", "Archives"]

    /// The file name used in error locations.
    public var file: String
    /// The `server:` section (all unset when absent).
    public var server: ServerSettings
    /// The `webhooks:` section (no endpoint mounted when absent).
    public var webhooks: WebhookSettings
    /// The `ledger:` section (defaults when absent).
    public var ledger = LedgerFileSettings()
    /// Whether `apply` deletes resources that the file does not declare (`prune: true`; default false).
    public var prune: Bool
    /// Declared event buses.
    public var buses: [BusDeclaration]
    /// Declared connections.
    public var connections: [ConnectionDeclaration]
    /// Declared API destinations.
    public var apiDestinations: [ApiDestinationDeclaration]
    /// Declared named channels (their connections and API destinations are also in ``connections`` and
    /// ``apiDestinations``).
    public var channels: [ChannelDeclaration] = []
    /// Declared rules with their targets.
    public var rules: [RuleDeclaration]
    /// Declared archives.
    public var archives: [ArchiveDeclaration]

    /// Creates an empty configuration.
    public init(
        file: String, server: ServerSettings = ServerSettings(), webhooks: WebhookSettings = WebhookSettings(), prune: Bool = false, buses: [BusDeclaration] = [],
        connections: [ConnectionDeclaration] = [], apiDestinations: [ApiDestinationDeclaration] = [],
        rules: [RuleDeclaration] = [], archives: [ArchiveDeclaration] = []
    ) {
        self.file = file
        self.server = server
        self.webhooks = webhooks
        self.prune = prune
        self.buses = buses
        self.connections = connections
        self.apiDestinations = apiDestinations
        self.rules = rules
        self.archives = archives
    }

    /// Reads and parses the file at `path`.
    /// - Parameters:
    ///   - path: the file to read; its last path component is used in error locations.
    ///   - environment: the variables `${NAME}` references resolve from (pass `ProcessInfo.processInfo.environment`
    ///     from the executable; tests pass a dictionary).
    /// - Throws: ``ConfigError`` with the exact location of the first problem.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> HeraldConfigFile {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(kind: .io, location: nil, keyPath: "", message: "cannot read configuration file \(path): \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(kind: .io, location: nil, keyPath: "", message: "configuration file \(path) is not UTF-8 text")
        }
        return try parse(yaml: text, file: name, environment: environment)
    }

    /// Parses configuration text.
    /// - Parameters:
    ///   - yaml: the YAML document.
    ///   - file: the name used in error locations.
    ///   - environment: the variables `${NAME}` references resolve from.
    /// - Throws: ``ConfigError`` with the exact location of the first problem.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigError) -> HeraldConfigFile {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: yaml) else { return HeraldConfigFile(file: file) }
            root = node
        } catch let error as YamlError {
            throw syntaxError(error, file: file)
        } catch {
            throw ConfigError(kind: .syntax, location: nil, keyPath: "", message: "\(file): cannot parse YAML: \(error)")
        }
        let context = ConfigNode.Context(file: file, substitution: EnvironmentSubstitution(environment: environment))
        let document = ConfigNode(node: root, path: "", context: context)
        if document.isNull { return HeraldConfigFile(file: file) }
        let map = try document.mapping(keys)
        var config = HeraldConfigFile(file: file)
        if let server = map["Server"] { config.server = try ServerSettings.parse(server) }
        if let webhooks = map["Webhooks"] { config.webhooks = try WebhookSettings.parse(webhooks) }
        if let ledger = map["Ledger"] { config.ledger = try LedgerFileSettings.parse(ledger) }
        config.prune = try map["Prune"]?.bool() ?? false
        config.buses = try section(map, "Buses", BusDeclaration.parse)
        config.connections = try section(map, "Connections", ConnectionDeclaration.parse)
        config.apiDestinations = try section(map, "ApiDestinations", ApiDestinationDeclaration.parse)
        config.channels = try section(map, "Channels", ChannelDeclaration.parse)
        let channels = try config.expandChannels()
        config.rules = try section(map, "Rules") { (node: ConfigNode, name: ConfigNode?) throws(ConfigError) in
            try RuleDeclaration.parse(node, name: name, channels: channels)
        }
        config.archives = try section(map, "Archives", ArchiveDeclaration.parse)
        try config.checkReferences(map)
        return config
    }

    /// Parses a resource section given as a list of entries or as a mapping of name to entry.
    private static func section<T>(
        _ map: ConfigMapping, _ key: String, _ parse: (ConfigNode, ConfigNode?) throws(ConfigError) -> T
    ) throws(ConfigError) -> [T] {
        guard let node = map[key] else { return [] }
        var result: [T] = []
        if case .mapping = node.node {
            for entry in try node.rawMapping() { result.append(try parse(entry.value, entry.keyNode)) }
        } else {
            for item in try node.sequence() { result.append(try parse(item, nil)) }
        }
        return result
    }

    /// Maps a Yams error to a located syntax error.
    private static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        func located(_ mark: Mark, _ message: String) -> ConfigError {
            ConfigError(kind: .syntax, location: SourceLocation(file: file, line: mark.line, column: mark.column), keyPath: "", message: message)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
            return located(mark, "invalid YAML: \(problem)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return located(context.mark, "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, _, _, _):
            return ConfigError(kind: .syntax, location: nil, keyPath: "", message: "\(file): invalid YAML input: \(problem)")
        default:
            return ConfigError(kind: .syntax, location: nil, keyPath: "", message: "\(file): cannot parse YAML: \(error)")
        }
    }
}
