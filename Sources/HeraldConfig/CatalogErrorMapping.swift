import Foundation
import HeraldCatalog

/// Turns catalog errors into located ``ConfigError``s without echoing values (which may be secrets).
enum CatalogErrorMapping {
    /// One `Value … at 'path' failed to satisfy constraint: Member must …` problem of a validation message.
    struct Problem: Equatable {
        /// The catalog member path, e.g. `targets.1.member.retryPolicy.maximumRetryAttempts`.
        let path: String
        /// The constraint, e.g. `have value less than or equal to 185`.
        let constraint: String
    }

    /// The problems listed in a `ValidationException` message from ``ShapeValidator``.
    static func problems(in message: String) -> [Problem] {
        guard let regex = try? NSRegularExpression(pattern: #"at '([^']+)' failed to satisfy constraint: Member must ([^;]+)"#) else {
            return []
        }
        let range = NSRange(message.startIndex..., in: message)
        return regex.matches(in: message, range: range).compactMap { match in
            guard let path = Range(match.range(at: 1), in: message), let constraint = Range(match.range(at: 2), in: message) else {
                return nil
            }
            return Problem(path: String(message[path]), constraint: String(message[constraint]))
        }
    }

    /// Maps `error`, raised for the resource described by `sources`, to the node that produced the value.
    /// - Parameters:
    ///   - error: the catalog's error.
    ///   - sources: the resource's source map.
    ///   - what: a short description of the operation, e.g. `rule cdp-fanout`.
    static func map(_ error: CatalogError, sources: SourceMap, what: String) -> ConfigError {
        if case .validation(let message) = error, let problem = problems(in: message).first {
            return ConfigError(.catalog(error.code), at: sources.site(forCatalogPath: problem.path), "must \(problem.constraint)")
        }
        let site: SourceSite
        switch error {
        case .invalidEventPattern: site = sources.site(forCatalogPath: "eventPattern")
        case .limitExceeded: site = sources.site(forCatalogPath: "targets")
        default: site = sources.root
        }
        return ConfigError(.catalog(error.code), at: site, "\(what) was refused: \(error.code): \(scrubbed(error.message))")
    }

    /// The message with any quoted `Value '…'` removed.
    static func scrubbed(_ message: String) -> String {
        message.replacingOccurrences(of: #"Value '[^']*' at"#, with: "Value at", options: .regularExpression)
    }
}
