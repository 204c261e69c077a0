import HeraldJSON

/// Encodes a JSON object as an `application/x-www-form-urlencoded` body (a Herald extension, for
/// providers such as Twilio that do not take JSON).
///
/// Rules:
/// - Members become `key=value` pairs in document order, joined by `&`.
/// - Strings are sent as their text, numbers as written, booleans as `true`/`false`.
/// - `null` members are omitted.
/// - An array becomes one pair per element with the same key (`To=a&To=b`); its elements must be
///   scalars.
/// - Nested objects (and objects or arrays inside arrays) are rejected with
///   ``FormEncodingError/nestedValue(key:)``: there is no single standard for flattening them, and guessing
///   could send a provider the wrong field names.
/// - Keys and values are percent-encoded per RFC 3986: everything except `A-Z a-z 0-9 - . _ ~` becomes
///   `%XX` (UTF-8, upper-case hex), so a space is `%20`, never `+`.
public enum FormURLEncoder {
    /// Encodes a JSON value, which must be an object.
    ///
    /// - Throws: ``FormEncodingError``.
    public static func encode(_ value: JSONValue) throws(FormEncodingError) -> [UInt8] {
        guard case .object(let object) = value else { throw .notAnObject }
        var pairs: [String] = []
        for member in object.members {
            switch member.value {
            case .null:
                continue
            case .object:
                throw .nestedValue(key: member.key)
            case .array(let elements):
                for element in elements {
                    guard let text = scalarText(element) else { throw .nestedValue(key: member.key) }
                    pairs.append(percentEncode(member.key) + "=" + percentEncode(text))
                }
            default:
                if let text = scalarText(member.value) {
                    pairs.append(percentEncode(member.key) + "=" + percentEncode(text))
                }
            }
        }
        return Array(pairs.joined(separator: "&").utf8)
    }

    /// Percent-encodes `text` per RFC 3986 (only unreserved characters are kept).
    public static func percentEncode(_ text: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.append(byte)
            default:
                output.append(UInt8(ascii: "%"))
                output.append(hex[Int(byte >> 4)])
                output.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .number(let number): return number.literal
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return ""
        case .object, .array: return nil
        }
    }
}

/// Why a payload cannot be form-encoded.
public enum FormEncodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The payload is not a JSON object (e.g. a text template or an array).
    case notAnObject
    /// The member `key` holds an object, or an array containing an object or array.
    case nestedValue(key: String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .notAnObject: return "a form-encoded body needs a JSON object payload"
        case .nestedValue(let key): return "member '\(key)' holds a nested object or array, which form encoding does not support"
        }
    }
}
