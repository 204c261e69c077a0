import Foundation
/// Expands `${NAME}` and `${NAME:-default}` references in configuration scalars from an injected environment.
///
/// - `${NAME}`: the variable's value; a missing variable is an error naming it.
/// - `${NAME:-default}`: the value, or `default` when the variable is unset or empty.
/// - `$$`: a literal `$`. A `$` not followed by `{` or `$` is kept as is.
/// Names are `[A-Za-z_][A-Za-z0-9_]*`. Values are inserted verbatim (no recursive expansion).
struct EnvironmentSubstitution: Sendable {
    /// Why a scalar could not be expanded; never carries a value, only a name.
    enum Failure: Error, Sendable, Equatable {
        /// The variable is not set and the reference has no default.
        case missing(String)
        /// `${` without a closing `}` or with an invalid name.
        case malformed(String)
    }

    /// The variables available to references.
    let environment: [String: String]

    /// Whether `text` contains at least one `${...}` reference (`$${` is an escaped `$` followed by `{`).
    static func containsReference(_ text: String) -> Bool {
        let characters = Array(text)
        var index = 0
        while index + 1 < characters.count {
            if characters[index] == "$" {
                if characters[index + 1] == "{" { return true }
                if characters[index + 1] == "$" { index += 2; continue }
            }
            index += 1
        }
        return false
    }

    /// Expands every reference in `text`.
    /// - Throws: ``Failure/missing(_:)`` naming the first unset variable without default, ``Failure/malformed(_:)``.
    func expand(_ text: String) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            guard character == "$", next < text.endIndex else {
                output.append(character)
                index = next
                continue
            }
            if text[next] == "$" {
                output.append("$")
                index = text.index(after: next)
                continue
            }
            guard text[next] == "{" else {
                output.append(character)
                index = next
                continue
            }
            let bodyStart = text.index(after: next)
            guard let close = text[bodyStart...].firstIndex(of: "}") else {
                throw .malformed("unterminated ${ reference (a literal $ is written $$)")
            }
            output += try resolve(String(text[bodyStart..<close]))
            index = text.index(after: close)
        }
        return output
    }

    /// Resolves the body of one `${...}` reference.
    private func resolve(_ body: String) throws(Failure) -> String {
        let name: String
        let fallback: String?
        if let range = body.range(of: ":-") {
            name = String(body[..<range.lowerBound])
            fallback = String(body[range.upperBound...])
        } else {
            name = body
            fallback = nil
        }
        guard Self.isValidName(name) else {
            throw .malformed("invalid environment variable reference: names are [A-Za-z_][A-Za-z0-9_]*")
        }
        if let value = environment[name], !(value.isEmpty && fallback != nil) { return value }
        if let fallback { return fallback }
        throw .missing(name)
    }

    /// Whether `name` is a valid variable name.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
