#if canImport(FoundationEssentials)
public import FoundationEssentials
#else
public import Foundation
#endif
import HeraldChannels
import HeraldEvents
import HeraldServer
public import Hummingbird
import Logging

/// Mounts the receipt webhooks on a Hummingbird router:
/// `POST /webhooks/twilio`, `POST /webhooks/resend` and `POST /webhooks/{source}` (generic HMAC sources).
///
/// Every request is verified over its raw bytes with the injected clock. Answers: unverified or stale → 401 and
/// nothing stored; verified but not a message status → 204; verified but malformed → 400; duplicate → 200
/// (`{"outcome":"duplicate"}`), not re-ingested; accepted → 200 once the event is durable
/// (`{"outcome":"ingested","event_id":…}`, or `not_advanced` for a late status); store or ingest failure → 503 so the
/// provider retries; unknown source → 404; body over the limit → 413.
public enum ReceiptRoutes {
    /// Registers the webhook routes on `router`.
    /// - Parameters:
    ///   - router: The router to extend (the same one that serves the EventBridge API).
    ///   - tracker: Dedupe, correlation, ranking and ingest.
    ///   - configuration: Secrets and sources.
    ///   - now: The clock used for timestamp tolerances and receive times.
    public static func register<Context: RequestContext>(
        on router: Router<Context>, tracker: ReceiptTracker, configuration: ReceiptConfiguration,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let handler = ReceiptRequestHandler(tracker: tracker, configuration: configuration, now: now)
        router.post("/webhooks/twilio") { request, _ -> Response in await handler.handle(request, source: "twilio") }
        router.post("/webhooks/resend") { request, _ -> Response in await handler.handle(request, source: "resend") }
        router.post("/webhooks/:source") { request, context -> Response in
            await handler.handle(request, source: context.parameters.get("source") ?? "")
        }
    }
}

/// The request handling behind ``ReceiptRoutes``.
struct ReceiptRequestHandler: Sendable {
    /// Dedupe, correlation, ranking and ingest.
    let tracker: ReceiptTracker
    /// Secrets and sources.
    let configuration: ReceiptConfiguration
    /// The injected clock.
    let now: @Sendable () -> Date

    /// Handles one webhook for `source` (`twilio`, `resend` or a generic source name).
    func handle(_ request: Request, source: String) async -> Response {
        var request = request
        let body: [UInt8]
        do {
            body = Array(buffer: try await request.collectBody(upTo: configuration.maxBodyBytes))
        } catch {
            return Self.response(413, ["error": "body too large"])
        }
        let headers = ChannelHeaders(request.headers.map { ($0.name.canonicalName, $0.value) })
        let receivedAt = now()
        let observation: ReceiptObservation
        do {
            observation = try verify(request, source: source, headers: headers, body: body, receivedAt: receivedAt)
        } catch {
            return rejection(error, source: source)
        }
        do {
            let outcome = try await tracker.process(observation, receivedAt: Self.utc(receivedAt))
            var answer = ["outcome": outcome.name]
            if case .ingested(let event) = outcome { answer["event_id"] = event.envelope.id }
            return Self.response(200, answer)
        } catch {
            tracker.logger.error("receipt not processed", metadata: ["source": "\(source)", "error": "\(error)"])
            return Self.response(503, ["error": "receipt could not be stored; retry"])
        }
    }
}
