#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import HeraldChannels
import HeraldEvents
import HeraldJSON
import Hummingbird
import Logging

/// Why a webhook was refused before processing.
enum ReceiptRejection: Error, Sendable {
    /// Verification or normalization failed (status from `ReceiptEndpointError.httpStatus`).
    case endpoint(ReceiptEndpointError)
    /// No such source is configured.
    case unknownSource(String)
}

extension ReceiptRequestHandler {
    /// Verifies and normalizes a request for `source`.
    func verify(_ request: Request, source: String, headers: ChannelHeaders, body: [UInt8], receivedAt: Date)
        throws(ReceiptRejection) -> ReceiptObservation
    {
        do {
            switch source {
            case "twilio":
                guard let twilio = configuration.twilio else { throw ReceiptRejection.unknownSource(source) }
                let url = Self.publicBase(twilio.publicBaseURL, authority: request.head.authority, headers: headers)
                    + request.uri.string
                return try Self.storable(
                    ReceiptObservation(try twilio.endpoint.process(url: url, headers: headers, body: body, receivedAt: receivedAt)),
                    field: "MessageSid")
            case "resend":
                guard let resend = configuration.resend else { throw ReceiptRejection.unknownSource(source) }
                return try Self.storable(
                    ReceiptObservation(try resend.process(headers: headers, body: body, now: receivedAt)), field: "data.email_id")
            default:
                guard let generic = configuration.sources[source] else { throw ReceiptRejection.unknownSource(source) }
                return try generic.process(headers: headers, body: body, now: receivedAt)
            }
        } catch let error as ReceiptEndpointError {
            throw .endpoint(error)
        } catch let error as ReceiptRejection {
            throw error
        } catch {
            throw .unknownSource(source)
        }
    }

    /// `observation`, unless its message id is longer than the dispatch store keeps (``ReceiptKeys/maxComponentBytes``):
    /// such a receipt can never be stored, so it is malformed (400: the provider stops retrying), not a store failure
    /// (503: retried for days).
    /// - Parameter field: The provider's name of the message id, for the answer.
    static func storable(_ observation: ReceiptObservation, field: String) throws(ReceiptEndpointError) -> ReceiptObservation {
        guard observation.providerMessageID.utf8.count <= ReceiptKeys.maxComponentBytes else {
            throw .malformed(.malformedBody("\(field) is longer than \(ReceiptKeys.maxComponentBytes) bytes"))
        }
        return observation
    }

    /// The response for a refused request (nothing was stored).
    func rejection(_ rejection: ReceiptRejection, source: String) -> Response {
        switch rejection {
        case .unknownSource(let name):
            return Self.response(404, ["error": "no receipt source \(name)"])
        case .endpoint(let error):
            switch error {
            case .unauthorized(let reason):
                tracker.logger.notice("receipt rejected", metadata: ["source": "\(source)", "reason": "\(reason)"])
                return Self.response(401, ["error": "unauthorized"])
            case .ignored(let type):
                return Self.response(204, ["outcome": "ignored", "type": type])
            case .malformed(let reason):
                return Self.response(400, ["error": "malformed receipt: \(reason)"])
            }
        }
    }

    /// The configured public base URL, or `<X-Forwarded-Proto or http>://<Host>` (HTTP/1 `Host` arrives as the
    /// request's authority).
    static func publicBase(_ configured: String?, authority: String?, headers: ChannelHeaders) -> String {
        if let configured { return configured }
        // Behind several proxies the header lists every hop (`https, http`): the first is what the sender used.
        let first = headers["X-Forwarded-Proto"]?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let scheme = first.flatMap { $0 == "https" || $0 == "http" ? $0 : nil } ?? "http"
        return scheme + "://" + (authority ?? headers["Host"] ?? "localhost")
    }

    /// A JSON response (no body for 204).
    static func response(_ status: Int, _ members: [String: String]) -> Response {
        let code = HTTPResponse.Status(code: status)
        guard status != 204 else { return Response(status: code) }
        let object = JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) })
        return Response(
            status: code, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: JSONValue.object(object).jsonBytes)))
    }

    /// A `Date` as `UTCTime`.
    static func utc(_ date: Date) -> UTCTime {
        UTCTime(nanosecondsSince1970: Int64((date.timeIntervalSince1970 * 1e9).rounded(.down)))
    }
}
