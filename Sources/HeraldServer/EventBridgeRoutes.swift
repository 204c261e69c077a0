import Foundation
import HeraldEvents
public import Hummingbird
import NIOCore

/// Mounts Herald's EventBridge endpoint (`POST /`) and health check (`GET /healthz`) on a Hummingbird router.
public enum EventBridgeRoutes {
    /// Registers the routes on `router`; more routes (webhooks, admin, metrics) can be added to the same router.
    /// - Parameters:
    ///   - router: the router to extend.
    ///   - api: the EventBridge API (catalog, ingestor, configuration, clock, logger).
    public static func register<Context: RequestContext>(on router: Router<Context>, api: EventBridgeAPI) {
        // Request ids from the event id generator: Foundation's `UUID()` reads `/dev/urandom` (open, read, close)
        // for every one on Linux.
        let requestIDs = EventIDGenerator()
        router.post("/") { request, _ -> Response in
            await handle(request, api: api, requestIDs: requestIDs)
        }
        router.get("/healthz") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: "{\"status\":\"ok\"}"))
            )
        }
        // Load balancers and uptime checkers often probe with HEAD.
        router.head("/healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "15"])
        }
    }

    /// Builds a router holding only the EventBridge routes.
    public static func buildRouter(api: EventBridgeAPI) -> Router<BasicRequestContext> {
        let router = Router()
        register(on: router, api: api)
        return router
    }

    /// `HTTPField.Name`, reached through Hummingbird's re-exported `HTTPFields` (no direct HTTPTypes dependency).
    private typealias FieldName = HTTPFields.Element.Name
    private static let targetHeader = FieldName("X-Amz-Target")
    private static let requestIDHeader = FieldName("x-amzn-RequestId")
    private static let errorTypeHeader = FieldName("X-Amzn-ErrorType")

    private static func handle(_ request: Request, api: EventBridgeAPI, requestIDs: EventIDGenerator) async -> Response {
        var request = request
        // Built only when needed: this is every PutEvents' path.
        func tooLargeResponse() -> Response {
            let tooLarge = APIError(
                code: "ValidationException", message: "The request body exceeds \(api.configuration.maxBodyBytes) bytes.",
                status: .contentTooLarge
            )
            return makeResponse(APIResponse(status: 413, body: errorBody(tooLarge), errorType: tooLarge.code), requestID: requestIDs.next())
        }
        // A body announced too large is refused before any of it is read.
        if let announced = request.headers[.contentLength].flatMap({ Int($0) }), announced > api.configuration.maxBodyBytes {
            return tooLargeResponse()
        }
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: api.configuration.maxBodyBytes)
        } catch is NIOTooManyBytesError {
            return tooLargeResponse()
        } catch {
            // A body that does not parse as HTTP (a bad chunk size, say) or a connection that broke mid-body.
            let unreadable = APIError(code: "SerializationException", message: "Could not read the request body: it is not valid HTTP.")
            return makeResponse(APIResponse(status: 400, body: errorBody(unreadable), errorType: unreadable.code), requestID: requestIDs.next())
        }
        var headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        if let authority = request.head.authority, !headers.contains(where: { $0.name == "host" }) {
            headers.append((name: "host", value: authority))
        }
        let signed = SigV4Request(
            method: request.method.rawValue, path: request.uri.path, query: request.uri.query, headers: headers,
            body: Array(buffer: body)
        )
        let apiRequest = APIRequest(
            target: targetHeader.flatMap { request.headers[$0] },
            contentType: request.headers[.contentType], signed: signed
        )
        return makeResponse(await api.handle(apiRequest), requestID: requestIDs.next())
    }

    private static func makeResponse(_ response: APIResponse, requestID: String) -> Response {
        var fields: HTTPFields = [.contentType: "application/x-amz-json-1.1"]
        if let requestIDHeader { fields[requestIDHeader] = requestID }
        if let errorType = response.errorType, let errorTypeHeader { fields[errorTypeHeader] = errorType }
        return Response(
            status: HTTPResponse.Status(code: response.status), headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }

    private static func errorBody(_ error: APIError) -> [UInt8] {
        let data = try? JSONSerialization.data(withJSONObject: ["__type": error.code, "message": error.message], options: [.sortedKeys])
        return data.map { Array($0) } ?? []
    }
}
