/// Parses the EventBridge JSONPath subset (see ``JSONPath``).
struct JSONPathParser {
    private let characters: [Character]
    private var index = 0

    init(_ text: String) {
        self.characters = Array(text)
    }

    mutating func parse() throws(JSONPathError) -> [JSONPath.Segment] {
        guard characters.first == "$" else { throw JSONPathError(offset: 0, reason: "a path must start with '$'") }
        index = 1
        var segments: [JSONPath.Segment] = []
        while index < characters.count {
            switch characters[index] {
            case ".":
                index += 1
                if index < characters.count, characters[index] == "*" {
                    index += 1
                    segments.append(.wildcard)
                    continue
                }
                let start = index
                while index < characters.count, characters[index] != ".", characters[index] != "[" {
                    let character = characters[index]
                    if character == "]" || character == "'" || character == "\"" || character.isWhitespace {
                        throw JSONPathError(offset: index, reason: "unexpected '\(character)' in a member name")
                    }
                    index += 1
                }
                guard index > start else { throw JSONPathError(offset: start, reason: "empty member name") }
                segments.append(.member(String(characters[start..<index])))
            case "[":
                segments.append(try bracket())
            default:
                throw JSONPathError(offset: index, reason: "expected '.' or '[' but found '\(characters[index])'")
            }
        }
        return segments
    }

    private mutating func bracket() throws(JSONPathError) -> JSONPath.Segment {
        let open = index
        index += 1
        guard index < characters.count else { throw JSONPathError(offset: open, reason: "unterminated '['") }
        let first = characters[index]
        if first == "*" {
            index += 1
            try expect("]", openedAt: open)
            return .wildcard
        }
        if first == "'" || first == "\"" {
            index += 1
            var name = ""
            while true {
                guard index < characters.count else { throw JSONPathError(offset: open, reason: "unterminated quoted member name") }
                let character = characters[index]
                index += 1
                if character == "\\" {
                    guard index < characters.count else { throw JSONPathError(offset: index, reason: "dangling escape") }
                    name.append(characters[index])
                    index += 1
                } else if character == first {
                    break
                } else {
                    name.append(character)
                }
            }
            try expect("]", openedAt: open)
            return .member(name)
        }
        let start = index
        while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
        guard index > start, let value = Int(String(characters[start..<index])) else {
            throw JSONPathError(offset: start, reason: "expected an array index, '*' or a quoted member name")
        }
        try expect("]", openedAt: open)
        return .index(value)
    }

    private mutating func expect(_ character: Character, openedAt open: Int) throws(JSONPathError) {
        guard index < characters.count, characters[index] == character else {
            throw JSONPathError(offset: index, reason: "expected '\(character)' to close '[' at \(open)")
        }
        index += 1
    }
}
