public import HeraldAdmin
public import Hummingbird

/// Mounts the operator web console under `/console` on a Hummingbird router:
///
/// - `GET /console[?refresh=SECONDS]`: uptime, log, disk and the per-target table.
/// - `GET /console/targets/BUS/RULE/ID[?after=N]`: one target and a page of its dead letters.
/// - `GET /console/dlq/BUS/RULE/ID/SEQUENCE`: one dead letter, its event and every attempt.
/// - `POST /console/actions/redrive`, `POST /console/actions/purge`: `target`, optional `sequence`, `csrf`, and
///   `confirm=yes` (without it the console shows a confirmation step).
/// - `GET /console/events[?pattern=&limit=&refresh=]`: the newest events, optionally filtered by a pattern.
/// - `GET /console/incidents[?id=]`, `GET /console/incidents/ID`: incident lookup and timeline.
/// - `GET|POST /console/login`, `POST /console/logout`.
///
/// With an admin token configured every page needs `Authorization: Bearer <token>` or the session cookie the login
/// form sets; every POST needs the per-process CSRF token and an `Origin` (or `Referer`) naming this host.
public enum ConsoleRoutes {
    /// Registers the console routes on `router`.
    /// - Parameters:
    ///   - router: The router to extend (the one that serves the EventBridge and admin APIs).
    ///   - context: The store, live status source, start time and admin token (the same as the admin API's).
    ///   - incidents: Where incident timelines come from, or `nil` when the server has no ledger.
    /// - Throws: ``ConsoleError/internalFailure(_:)`` when a built-in template does not compile.
    public static func register<Context: RequestContext>(
        on router: Router<Context>, context: AdminContext, incidents: (any ConsoleIncidentSource)?
    ) throws(ConsoleError) {
        let console = ConsoleHandlers(
            service: AdminService(context: context), security: ConsoleSecurity(adminToken: context.adminToken),
            renderer: try ConsoleRenderer(), incidents: incidents, feed: ConsoleEventFeed(store: context.store))
        router.get("/console") { request, _ -> Response in
            await console.page(request) { (chrome) throws(ConsoleError) in
                try console.statusPage(refresh: request.uri.queryParameters.get("refresh"), chrome: chrome)
            }
        }
        router.get("/console/targets/{bus}/{rule}/{id}") { request, context -> Response in
            await console.page(request) { (chrome) throws(ConsoleError) in
                try console.targetPage(
                    target: try ConsoleHandlers.target(context), after: request.uri.queryParameters.get("after"),
                    chrome: chrome)
            }
        }
        router.get("/console/dlq/{bus}/{rule}/{id}/{sequence}") { request, context -> Response in
            await console.page(request) { (chrome) throws(ConsoleError) in
                try console.entryPage(
                    target: try ConsoleHandlers.target(context), sequence: context.parameters.get("sequence"), chrome: chrome)
            }
        }
        for action in [ConsoleHandlers.Action.redrive, .purge] {
            router.post("/console/actions/\(action.rawValue)") { request, _ -> Response in
                await console.form(request) { (form, chrome) async throws(ConsoleError) in
                    try await console.dlqAction(action, form: form, chrome: chrome)
                }
            }
        }
        router.get("/console/events") { request, _ -> Response in
            await console.page(request) { (chrome) throws(ConsoleError) in
                console.eventsPage(ConsoleForm(parsing: request.uri.query ?? ""), chrome: chrome)
            }
        }
        router.get("/console/incidents") { request, _ -> Response in
            await console.page(request) { (chrome) async throws(ConsoleError) in
                if let id = ConsoleForm(parsing: request.uri.query ?? "")["id"], !id.isEmpty {
                    return ConsoleHandlers.redirect(to: ConsoleFormat.incidentHref(id))
                }
                return try await console.incidentsPage(incident: nil, chrome: chrome)
            }
        }
        router.get("/console/incidents/{incident}") { request, context -> Response in
            await console.page(request) { (chrome) async throws(ConsoleError) in
                try await console.incidentsPage(
                    incident: context.parameters.get("incident").map(ConsoleFormat.decodedSegment), chrome: chrome)
            }
        }
        router.get("/console/login") { request, _ -> Response in console.loginPage(request) }
        router.post("/console/login") { request, _ -> Response in
            await console.form(request, requiresLogin: false) { (form, _) throws(ConsoleError) in console.login(form) }
        }
        router.post("/console/logout") { request, _ -> Response in
            await console.form(request) { (_, _) throws(ConsoleError) in console.logout() }
        }
    }
}
