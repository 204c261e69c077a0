import Foundation

/// The shared starter vectors (a copy of shared/reference/channel-vectors.json), decoded for the tests.
struct VectorFile: Decodable, Sendable {
    struct Twilio: Decodable, Sendable {
        struct Vector: Decodable, Sendable, CustomTestStringConvertibleShim {
            var id: String
            var auth_token: String
            var url: String
            var params: [[String]]
            var body: String?
            var signature: String
            var expected: String
        }
        var vectors: [Vector]
    }
    struct Svix: Decodable, Sendable {
        struct Vector: Decodable, Sendable, CustomTestStringConvertibleShim {
            var id: String
            var secret: String
            var msg_id: String
            var timestamp: Int64
            var body: String
            var header_names: String
            var signature_header: String
            var now: Int64
            var expected: String
        }
        var vectors: [Vector]
    }
    struct DingTalk: Decodable, Sendable {
        struct Vector: Decodable, Sendable, CustomTestStringConvertibleShim {
            var id: String
            var secret: String
            var timestamp_ms: Int64
            var sign_base64: String
            var sign_urlencoded: String?
            var url: String?
            var expected: String
        }
        var vectors: [Vector]
    }
    struct Lark: Decodable, Sendable {
        struct Vector: Decodable, Sendable, CustomTestStringConvertibleShim {
            var id: String
            var secret: String
            var timestamp: Int64
            var sign: String
            var expected: String
        }
        var vectors: [Vector]
    }
    var twilio: Twilio
    var svix: Svix
    var resend: Svix
    var dingtalk: DingTalk
    var lark: Lark

    static func load() throws -> VectorFile {
        guard let url = Bundle.module.url(forResource: "channel-vectors", withExtension: "json", subdirectory: "Vectors")
        else { throw VectorError.missingFile }
        return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url))
    }

    /// Loaded once per use site; loading failures surface as an empty list plus a failing `loads` test.
    static let shared: VectorFile? = try? load()
}

enum VectorError: Error { case missingFile }

/// Marker so vector structs print their id in parameterized test names.
protocol CustomTestStringConvertibleShim: CustomStringConvertible { var id: String { get } }
extension CustomTestStringConvertibleShim { var description: String { id } }
