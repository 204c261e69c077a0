import HeraldAdmin
import Hummingbird

/// The console's request handlers: the authentication gate, the pages and the form actions.
///
/// One value is built per process by ``ConsoleRoutes/register(on:context:incidents:)``; it holds only immutable
/// state (the admin service, the per-process secrets and the compiled templates), so handlers share it freely.
struct ConsoleHandlers: Sendable {
    /// The largest form body accepted.
    static let maxFormBytes = 64 * 1024
    /// Dead letters per page on the target page.
    static let entriesPerPage = 50

    /// Status and dead-letter operations.
    let service: AdminService
    /// Login, CSRF and flash checks.
    let security: ConsoleSecurity
    /// The templates.
    let renderer: ConsoleRenderer
    /// The ledger's incident timelines, if the server has one.
    let incidents: (any ConsoleIncidentSource)?
    /// The event log reader of the live view.
    let feed: ConsoleEventFeed

    /// The layout data for a request that passed the gate.
    func chrome(flash: String? = nil) -> ConsoleRenderer.Chrome {
        ConsoleRenderer.Chrome(showLogout: security.requiresLogin, csrf: security.csrfToken, flash: flash)
    }

    /// Runs a page handler behind the gate: a wrong bearer token gets 401, a request without credentials is sent
    /// to the login page, and a pending flash message is shown once and cleared.
    func page(
        _ request: Request, _ build: (ConsoleRenderer.Chrome) async throws(ConsoleError) -> Response
    ) async -> Response {
        switch security.standing(of: request) {
        case .allowed: break
        case .wrongBearer:
            return renderer.error(.unauthorized, chrome: ConsoleRenderer.Chrome(showLogout: false, csrf: "", flash: nil))
        case .anonymous:
            let here = request.uri.query.map { request.uri.path + "?" + $0 } ?? request.uri.path
            return Self.redirect(to: "/console/login?next=" + ConsoleFormat.queryValue(here))
        }
        let flashValue = request.cookies[ConsoleSecurity.flashCookie]?.value
        let chrome = chrome(flash: flashValue.flatMap(security.verifyFlash))
        var response: Response
        do {
            response = try await build(chrome)
        } catch {
            response = renderer.error(error, chrome: chrome)
        }
        if flashValue != nil { response.setCookie(Self.cookie(ConsoleSecurity.flashCookie, value: "", maxAge: 0)) }
        return response
    }

    /// Runs a form handler: requires a logged-in caller (unless `public`), reads the form, checks CSRF and origin.
    func form(
        _ request: Request, requiresLogin: Bool = true,
        _ handle: (ConsoleForm, ConsoleRenderer.Chrome) async throws(ConsoleError) -> Response
    ) async -> Response {
        let chrome = chrome()
        if requiresLogin, security.standing(of: request) != .allowed {
            return renderer.error(.unauthorized, chrome: ConsoleRenderer.Chrome(showLogout: false, csrf: "", flash: nil))
        }
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxFormBytes)
        } catch {
            return renderer.error(.badRequest("the form exceeds \(Self.maxFormBytes) bytes"), chrome: chrome)
        }
        let form = ConsoleForm(parsing: String(buffer: body))
        do {
            try security.checkPost(request, form: form)
            return try await handle(form, chrome)
        } catch {
            return renderer.error(error, chrome: chrome)
        }
    }

    /// Runs an admin-service call, mapping its error.
    func admin<Value>(_ operation: () throws(AdminError) -> Value) throws(ConsoleError) -> Value {
        do {
            return try operation()
        } catch {
            throw ConsoleError(error)
        }
    }

    /// A `303 See Other` to `location` (relative to this host).
    static func redirect(to location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// A console cookie: HttpOnly, SameSite=Strict, scoped to `/console`.
    static func cookie(_ name: String, value: String, maxAge: Int? = nil) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/console", httpOnly: true, sameSite: .strict)
    }

    /// A `BUS/RULE/ID` target name from the three path parameters.
    static func target(_ context: some RequestContext) throws(ConsoleError) -> String {
        guard let bus = context.parameters.get("bus"), let rule = context.parameters.get("rule"),
            let id = context.parameters.get("id")
        else { throw .badRequest("the path must name a target as BUS/RULE/ID") }
        return [bus, rule, id].map(ConsoleFormat.decodedSegment).joined(separator: "/")
    }
}
