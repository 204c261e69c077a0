import Foundation
import HeraldJSON

extension EventBridgeAPI {
    /// Decodes an operation's input; an empty body counts as `{}`. Timestamps are epoch seconds (numbers), as the
    /// JSON protocol sends them; ISO 8601 strings are accepted too.
    ///
    /// The body is first checked as strict RFC 8259 JSON (`HeraldJSON`), as AWS and PutEvents' own reader are:
    /// Foundation's decoder would also take a trailing comma (`{"Name":"r",}`).
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], operation: String) throws(APIError) -> T {
        if !body.isEmpty {
            do throws(JSONError) {
                try JSONReader.read(body) { (reader: inout JSONReader) throws(JSONError) in try reader.skipValue() }
            } catch {
                throw .serialization("Could not read the \(operation) request: malformed JSON: \(error)")
            }
        }
        let data = body.isEmpty ? Data("{}".utf8) : Data(body)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            if let seconds = try? container.decode(Double.self) {
                guard seconds.isFinite else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(seconds) is not a timestamp") }
                return Date(timeIntervalSince1970: seconds)
            }
            let text = try container.decode(String.self)
            if let seconds = Double(text) {
                // "Infinity", "inf", "nan" parse as Doubles but name no time.
                guard seconds.isFinite else { throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp") }
                return Date(timeIntervalSince1970: seconds)
            }
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            if let date = formatter.date(from: text) { return date }
            formatter.formatOptions = [.withInternetDateTime]
            if let date = formatter.date(from: text) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a timestamp")
        }
        do {
            return try decoder.decode(type, from: data)
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty, !body.isEmpty {
                // The body passed the strict JSON check above: Foundation says "not valid JSON", without a path, for a
                // number it cannot fit in the member's type (`{"Limit":5.5}`, `1e400`). Name the suspects.
                throw .serialization("Could not read the \(operation) request: \(describeUnfitNumber(in: body))")
            }
            throw .serialization("Could not read the \(operation) request: \(describe(error))")
        } catch {
            throw .serialization("Could not read the \(operation) request: \(error)")
        }
    }

    /// Encodes an operation's output with epoch-second timestamps.
    static func encode<T: Encodable>(_ value: T) throws(APIError) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.timeIntervalSince1970)
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return Array(try encoder.encode(value))
        } catch {
            throw .internal("Could not encode the response: \(error)")
        }
    }

    /// The members of `body` holding a number with a fraction or exponent, or an integer too long for 64 bits: those
    /// an integer member (`Limit`, `RetentionDays`, …) cannot take.
    private static func describeUnfitNumber(in body: [UInt8]) -> String {
        var suspects: [String] = []
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let object):
                for member in object { walk(member.value, path.isEmpty ? member.key : path + "." + member.key) }
            case .array(let items):
                for (index, item) in items.enumerated() { walk(item, path + "[\(index)]") }
            case .number(let number):
                let literal = number.literal
                if literal.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) || Int64(literal) == nil { suspects.append(path) }
            default:
                break
            }
        }
        if let value = try? JSONValue(parsing: body) { walk(value, "") }
        let named = suspects.isEmpty ? "" : " (\(suspects.prefix(5).joined(separator: ", ")))"
        return "a number does not fit its member\(named): a fraction, an exponent or too many digits where an integer is expected"
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "body" : keys.joined(separator: ".")
        }
        switch error {
        case .typeMismatch(_, let context): return "wrong type at \(path(context)): \(context.debugDescription)"
        case .valueNotFound(_, let context): return "missing value at \(path(context))"
        case .keyNotFound(let key, let context): return "missing member \(key.stringValue) at \(path(context))"
        case .dataCorrupted(let context): return "malformed JSON (\(path(context))): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}

/// The empty JSON object `{}` answered by operations without output.
struct EmptyOutput: Codable, Sendable {}
