import HeraldJSON

/// An `InputTemplate` split into literal text and `<name>` placeholders, with each placeholder's context
/// (inside a JSON string or bare) and whether the whole template is JSON.
///
/// A placeholder is `<` + one or more of `[A-Za-z0-9_.-]` + `>`; any other `<` is literal text, so
/// `</p>` or `a < b` survive. To put a literal `<name>`-shaped text into a JSON template, escape the
/// `<` as `\u003c`.
struct InputTemplate: Sendable, Hashable {
    enum Piece: Sendable, Hashable {
        case literal(String)
        case placeholder(name: String, inString: Bool)
    }

    let pieces: [Piece]
    /// Placeholder names used inside an object key of a JSON template.
    let keyPlaceholders: [String]
    /// Whether the template is JSON once its placeholders are filled (placeholders in strings by any text,
    /// bare ones by any value).
    let isJSON: Bool

    /// The placeholder names in order of appearance (duplicates kept).
    var placeholderNames: [String] {
        pieces.compactMap { piece in
            if case .placeholder(let name, _) = piece { return name }
            return nil
        }
    }

    init(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        var pieces: [Piece] = []
        var keyPlaceholders: [String] = []
        var literal = String.UnicodeScalarView()
        var inString = false
        var escaped = false
        var stringPlaceholders: [String] = []
        // A placeholder right after an odd backslash would complete an escape with the value's first character
        // (`"\<v>"`), which no probe can vouch for: such a template is not treated as JSON.
        var placeholderAfterBackslash = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let (name, end) = Self.placeholder(in: scalars, at: index) {
                if !literal.isEmpty {
                    pieces.append(.literal(String(literal)))
                    literal = String.UnicodeScalarView()
                }
                pieces.append(.placeholder(name: name, inString: inString))
                if inString { stringPlaceholders.append(name) }
                if inString, escaped { placeholderAfterBackslash = true }
                index = end
                continue
            }
            literal.append(scalar)
            if inString {
                if escaped {
                    escaped = false
                } else if scalar == "\\" {
                    escaped = true
                } else if scalar == "\"" {
                    inString = false
                    if !stringPlaceholders.isEmpty, Self.nextNonWhitespace(in: scalars, after: index) == ":" {
                        keyPlaceholders.append(contentsOf: stringPlaceholders)
                    }
                    stringPlaceholders = []
                }
            } else if scalar == "\"" {
                inString = true
            }
            index += 1
        }
        if !literal.isEmpty { pieces.append(.literal(String(literal))) }
        self.pieces = pieces
        self.keyPlaceholders = keyPlaceholders

        var probe: [UInt8] = []
        for piece in pieces {
            switch piece {
            case .literal(let text): probe.append(contentsOf: text.utf8)
            case .placeholder(_, let inString): if !inString { probe.append(contentsOf: "null".utf8) }
            }
        }
        self.isJSON = !placeholderAfterBackslash && (try? JSONValue(parsing: probe)) != nil
    }

    /// Renders the template. `resolve` returns a placeholder's value, or `nil` when its path matched
    /// nothing.
    ///
    /// In a JSON template a bare placeholder becomes the value's JSON (a missing value becomes `""`, as
    /// EventBridge does), and a placeholder inside a string becomes the value's text, JSON-escaped
    /// (objects and arrays lose their quotes, as in EventBridge). In a text template every placeholder
    /// becomes the value's text unescaped.
    func render(_ resolve: (String) -> JSONValue?) -> [UInt8] {
        var output: [UInt8] = []
        for piece in pieces {
            switch piece {
            case .literal(let text):
                output.append(contentsOf: text.utf8)
            case .placeholder(let name, let inString):
                let value = resolve(name)
                if !isJSON {
                    output.append(contentsOf: Self.text(of: value, stripQuotes: false).utf8)
                } else if inString {
                    var quoted: [UInt8] = []
                    JSONValue.writeString(Self.text(of: value, stripQuotes: true), to: &quoted)
                    output.append(contentsOf: quoted.dropFirst().dropLast())
                } else if let value {
                    value.write(to: &output)
                } else {
                    output.append(contentsOf: "\"\"".utf8)
                }
            }
        }
        return output
    }

    /// The plain-text form of a value: strings unquoted, numbers as written, `null`/missing as empty,
    /// objects and arrays as compact JSON (without `"` when `stripQuotes`).
    private static func text(of value: JSONValue?, stripQuotes: Bool) -> String {
        switch value {
        case nil, .null?: return ""
        case .string(let text)?: return text
        case .number(let number)?: return number.literal
        case .bool(let flag)?: return flag ? "true" : "false"
        case .object?, .array?:
            let json = value?.jsonText ?? ""
            return stripQuotes ? String(json.unicodeScalars.filter { $0 != "\"" }.map(Character.init)) : json
        }
    }

    private static func placeholder(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        var name = String.UnicodeScalarView()
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                return name.isEmpty ? nil : (String(name), index + 1)
            }
            guard scalar.isASCII, Self.isNameCharacter(UInt8(scalar.value)) else { return nil }
            name.append(scalar)
            index += 1
        }
        return nil
    }

    static func isNameCharacter(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }

    private static func nextNonWhitespace(in scalars: [Unicode.Scalar], after index: Int) -> Unicode.Scalar? {
        var position = index + 1
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar != " ", scalar != "\t", scalar != "\n", scalar != "\r" { return scalar }
            position += 1
        }
        return nil
    }
}
