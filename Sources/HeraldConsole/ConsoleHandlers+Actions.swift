import HeraldAdmin
import Hummingbird

extension ConsoleHandlers {
    /// The two dead-letter actions of the console.
    enum Action: String, Sendable {
        /// Move dead letters back to the retry queue.
        case redrive
        /// Delete dead letters.
        case purge
    }

    /// `GET /console/login`: the form, or straight on when no token is configured or the caller is logged in.
    func loginPage(_ request: Request) -> Response {
        let next = Self.safeNext(request.uri.queryParameters.get("next"))
        guard security.requiresLogin, security.standing(of: request) != .allowed else { return Self.redirect(to: next) }
        let model = LoginView(message: nil, csrf: security.csrfToken, next: next)
        return renderer.page(
            "login", title: "Log in", model: model, chrome: ConsoleRenderer.Chrome(showLogout: false, csrf: "", flash: nil))
    }

    /// `POST /console/login`: checks the token (constant time) and sets the session cookie.
    func login(_ form: ConsoleForm) -> Response {
        let next = Self.safeNext(form["next"])
        guard let sessionValue = security.sessionValue else { return Self.redirect(to: next) }
        guard let token = form["token"], !token.isEmpty, security.isAdminToken(token) else {
            let model = LoginView(message: "That is not the admin token.", csrf: security.csrfToken, next: next)
            return renderer.page(
                "login", title: "Log in", model: model, chrome: ConsoleRenderer.Chrome(showLogout: false, csrf: "", flash: nil),
                status: .unauthorized)
        }
        var response = Self.redirect(to: next)
        response.setCookie(Self.cookie(ConsoleSecurity.sessionCookie, value: sessionValue))
        return response
    }

    /// `POST /console/logout`: clears the session cookie.
    func logout() -> Response {
        var response = Self.redirect(to: security.requiresLogin ? "/console/login" : "/console")
        response.setCookie(Self.cookie(ConsoleSecurity.sessionCookie, value: "", maxAge: 0))
        return response
    }

    /// `POST /console/actions/{redrive,purge}` with `target`, optional `sequence` and `confirm`: without
    /// `confirm=yes` shows the confirmation step; with it, acts and redirects to the target page with a flash message.
    func dlqAction(_ action: Action, form: ConsoleForm, chrome: ConsoleRenderer.Chrome) async throws(ConsoleError) -> Response {
        guard let target = form["target"], !target.isEmpty else { throw .badRequest("the form has no 'target'") }
        var sequence: UInt64?
        if let text = form["sequence"], !text.isEmpty {
            guard let value = UInt64(text) else { throw .badRequest("'sequence' must be a number, got '\(text)'") }
            sequence = value
        }
        let confirmed = form["confirm"] == "yes"
        let request = DeadLetterAction(target: target, sequences: sequence.map { [$0] }, dryRun: !confirmed)
        let result: DeadLetterActionResult
        do {
            switch action {
            case .redrive: result = try await service.redrive(request)
            case .purge: result = try await service.purge(request)
            }
        } catch {
            throw ConsoleError(error)
        }
        let what = sequence.map { "dead letter \($0)" } ?? "all \(result.matched) dead letter(s)"
        guard confirmed else {
            guard result.matched > 0 else {
                throw .notFound("target '\(target)' has no \(sequence == nil ? "dead letters" : what)")
            }
            let model = ConfirmView(
                heading: action == .redrive ? "Redrive?" : "Purge?",
                question: action == .redrive
                    ? "Redrive \(what) of \(target)? They go back to the retry queue and are delivered again now."
                    : "Purge \(what) of \(target)? They are deleted for good.",
                warning: action == .purge ? "A purge cannot be undone." : nil,
                action: "/console/actions/\(action.rawValue)", csrf: chrome.csrf, target: target,
                sequence: sequence.map(String.init), buttonLabel: action == .redrive ? "Yes, redrive" : "Yes, purge",
                buttonClass: action == .redrive ? "" : "danger",
                cancelHref: sequence.map { ConsoleFormat.entryHref(target: target, sequence: $0) }
                    ?? ConsoleFormat.targetHref(target))
            return renderer.page("confirm", title: "Confirm", model: model, chrome: chrome)
        }
        let flash: String
        switch action {
        case .redrive:
            flash = "Redrove \(result.redriven ?? 0) of \(result.matched) matching dead letter(s) of \(target); "
                + "they are due for delivery now."
        case .purge:
            flash = "Purged \(result.purged ?? 0) of \(result.matched) matching dead letter(s) of \(target)."
        }
        var response = Self.redirect(to: ConsoleFormat.targetHref(target))
        response.setCookie(Self.cookie(ConsoleSecurity.flashCookie, value: security.signFlash(flash), maxAge: 120))
        return response
    }

    /// A post-login destination inside the console (anything else becomes `/console`, so the login form is no
    /// open redirect).
    static func safeNext(_ text: String?) -> String {
        guard let text, text.hasPrefix("/console"), !text.hasPrefix("//"), !text.contains("\\"),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { return "/console" }
        return text
    }
}
