import Hummingbird
import Mustache

/// Renders console pages: a page template inside the layout, as an HTML response with restrictive headers.
struct ConsoleRenderer: Sendable {
    /// The compiled templates.
    private let library: MustacheLibrary

    /// Compiles ``ConsoleTemplates/all``.
    /// - Throws: ``ConsoleError/internalFailure(_:)`` naming a template that does not parse.
    init() throws(ConsoleError) {
        var templates: [String: MustacheTemplate] = [:]
        for (name, text) in ConsoleTemplates.all {
            do {
                templates[name] = try MustacheTemplate(string: text)
            } catch {
                throw .internalFailure("console template '\(name)' does not parse: \(error)")
            }
        }
        library = MustacheLibrary(templates: templates)
    }

    /// What the layout needs besides the page body.
    struct Chrome: Sendable {
        /// Whether to show the log-out button (a token is configured).
        var showLogout: Bool
        /// The CSRF token for the log-out form.
        var csrf: String
        /// A message from the previous action.
        var flash: String?
    }

    /// Renders `template` with `model` inside the layout.
    func page(
        _ template: String, title: String, model: Any, chrome: Chrome, status: HTTPResponse.Status = .ok,
        refreshSeconds: Int? = nil
    ) -> Response {
        guard let body = library.render(model, withTemplate: template) else {
            return Self.plain("console template '\(template)' is missing", status: .internalServerError)
        }
        let layout = LayoutView(
            title: title, refreshSeconds: refreshSeconds, showLogout: chrome.showLogout, csrf: chrome.csrf,
            flash: chrome.flash, body: body)
        guard let html = library.render(layout, withTemplate: "layout") else {
            return Self.plain("console template 'layout' is missing", status: .internalServerError)
        }
        return Response(status: status, headers: Self.headers(contentType: "text/html; charset=utf-8"), body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
    }

    /// The error page of `error`.
    func error(_ error: ConsoleError, chrome: Chrome) -> Response {
        var response = page(
            "error", title: error.title, model: ErrorView(heading: error.title, message: error.message), chrome: chrome,
            status: HTTPResponse.Status(code: error.statusCode))
        if error == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer" }
        return response
    }

    /// A plain-text response (only when a template itself is missing).
    static func plain(_ text: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: headers(contentType: "text/plain; charset=utf-8"), body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The headers of every console response: no scripts, no framing, no caching, no sniffing.
    static func headers(contentType: String) -> HTTPFields {
        [
            .contentType: contentType,
            .contentSecurityPolicy:
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            .xContentTypeOptions: "nosniff",
            .cacheControl: "no-store",
        ]
    }
}
