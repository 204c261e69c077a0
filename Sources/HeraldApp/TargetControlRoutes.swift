import Foundation
import HeraldAdmin
import HeraldEngine
import HeraldEvents
import HeraldJSON
import Hummingbird

/// `POST /admin/targets/{pause,resume,seek,skip}`: operator controls of one target, `{"target": "BUS/RULE/ID", …}`.
///
/// - `pause` / `resume`: stop and restart sending (the pause survives restarts).
/// - `seek`: `{"sequence": N}`, `{"time": "2026-11-22T10:00:00Z"}` (first event ingested at or after) or
///   `{"latest": true}` (skip everything pending).
/// - `skip`: `{"sequence": N}` moves that one event to the target's dead-letter queue without sending it.
///
/// Protected like the rest of the admin API (bearer token when one is configured).
enum TargetControlRoutes {
    static func register(on router: Router<BasicRequestContext>, engine: DeliveryEngine, adminToken: String?) {
        let authorization = AdminAuthorization(token: adminToken)
        for action in ["pause", "resume", "seek", "skip"] {
            router.post("/admin/targets/\(action)") { request, _ -> Response in
                guard authorization.allows(authorizationHeader: request.headers[.authorization]) else {
                    return reply(401, ["error": "unauthorized", "message": "a valid admin bearer token is required"])
                }
                var request = request
                let body = (try? await request.collectBody(upTo: 65_536)).map { Array(buffer: $0) } ?? []
                guard let json = try? JSONValue(parsing: body), let target = json["target"]?.stringValue else {
                    return reply(400, ["error": "bad_request", "message": "the body must be a JSON object with \"target\": \"BUS/RULE/ID\""])
                }
                guard let key = parseTarget(target) else {
                    return reply(400, ["error": "bad_request", "message": .string("target must be BUS/RULE/ID, not \(target)")])
                }
                do throws(EngineControlError) {
                    switch action {
                    case "pause": try engine.pause(key)
                    case "resume": try engine.resume(key)
                    case "skip":
                        guard let sequence = json["sequence"]?.numberValue.flatMap({ UInt64($0.literal) }) else {
                            return reply(400, ["error": "bad_request", "message": "skip needs \"sequence\""])
                        }
                        try await engine.skip(key, sequence: sequence)
                    default:
                        let given = [json["sequence"], json["time"], json["latest"]].filter { $0 != nil && $0 != .null }.count
                        guard given <= 1 else {
                            return reply(400, ["error": "bad_request", "message": "seek takes one of \"sequence\", \"time\" or \"latest\""])
                        }
                        if let sequence = json["sequence"]?.numberValue.flatMap({ UInt64($0.literal) }) {
                            try await engine.seek(key, toSequence: sequence)
                        } else if let text = json["time"]?.stringValue, let time = UTCTime(iso8601: text) {
                            try await engine.seek(key, toIngestTime: UInt64(max(0, time.nanosecondsSince1970 / 1_000_000)))
                        } else if json["latest"]?.boolValue == true {
                            try await engine.seek(key, toSequence: .max)
                        } else {
                            return reply(400, ["error": "bad_request", "message": "seek needs \"sequence\", \"time\" (RFC 3339) or \"latest\": true"])
                        }
                    }
                } catch {
                    if case .unknownTarget = error { return reply(404, ["error": "not_found", "message": .string(error.description)]) }
                    if case .notFound = error { return reply(404, ["error": "not_found", "message": .string(error.description)]) }
                    if case .invalidArgument = error { return reply(400, ["error": "bad_request", "message": .string(error.description)]) }
                    return reply(500, ["error": "internal", "message": .string(error.description)])
                }
                return reply(200, ["ok": true, "target": .string(key.description), "action": .string(action)])
            }
        }
    }

    /// `BUS/RULE/ID` (the bus name may itself contain `/`).
    static func parseTarget(_ text: String) -> TargetKey? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        return TargetKey(bus: parts.dropLast(2).joined(separator: "/"), rule: parts[parts.count - 2], targetID: parts[parts.count - 1])
    }

    private static func reply(_ status: Int, _ body: JSONObject) -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(body).jsonBytes)))
    }
}
