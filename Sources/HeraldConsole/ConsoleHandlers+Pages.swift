import HeraldAdmin
import Hummingbird

extension ConsoleHandlers {
    /// `GET /console[?refresh=SECONDS]` (1...3600 reloads the page that often).
    func statusPage(refresh text: String?, chrome: ConsoleRenderer.Chrome) throws(ConsoleError) -> Response {
        var refresh: Int?
        if let text, !text.isEmpty {
            guard let value = Int(text), (1...3600).contains(value) else {
                throw .badRequest("refresh must be 1...3600 seconds, got '\(text)'")
            }
            refresh = value
        }
        let report = try admin { () throws(AdminError) in try service.status() }
        var model = StatusView(report)
        model.refreshing = refresh.map { "This page reloads every \($0) s." }
        return renderer.page("status", title: "Status", model: model, chrome: chrome, refreshSeconds: refresh)
    }

    /// `GET /console/targets/BUS/RULE/ID?after=N`.
    func targetPage(target: String, after text: String?, chrome: ConsoleRenderer.Chrome) throws(ConsoleError) -> Response {
        var after: UInt64?
        if let text, !text.isEmpty {
            guard let value = UInt64(text) else { throw .badRequest("'after' must be a sequence number, got '\(text)'") }
            after = value
        }
        let list = try admin { () throws(AdminError) in
            try service.deadLetters(DeadLetterQuery(target: target, limit: Self.entriesPerPage, after: after))
        }
        let report = try admin { () throws(AdminError) in try service.status() }.targets.first { $0.target == target }
        let href = ConsoleFormat.targetHref(target)
        let entries = list.entries.map(EntryRowView.init)
        let model = TargetPageView(
            name: target, csrf: chrome.csrf, report: report.map(TargetView.init), hasEntries: !entries.isEmpty,
            entries: entries,
            emptyText: after == nil ? "The dead-letter queue is empty." : "No more dead letters after sequence \(after ?? 0).",
            firstHref: after == nil ? nil : href + "#dlq",
            nextHref: list.nextAfter.map { href + "?after=\($0)#dlq" })
        return renderer.page("target", title: target, model: model, chrome: chrome)
    }

    /// `GET /console/dlq/BUS/RULE/ID/SEQUENCE`.
    func entryPage(target: String, sequence text: String?, chrome: ConsoleRenderer.Chrome) throws(ConsoleError) -> Response {
        guard let text, let sequence = UInt64(text) else {
            throw .badRequest("the dead letter's sequence must be a number, got '\(text ?? "")'")
        }
        let detail = try admin { () throws(AdminError) in try service.deadLetter(target: target, sequence: sequence) }
        return renderer.page(
            "entry", title: "Dead letter \(sequence)", model: EntryPageView(detail, csrf: chrome.csrf), chrome: chrome)
    }

    /// `GET /console/events?pattern=&limit=&refresh=`.
    func eventsPage(_ parameters: ConsoleForm, chrome: ConsoleRenderer.Chrome) -> Response {
        let pattern = parameters["pattern"] ?? ""
        var limit = 50
        var refresh = 5
        var message: String?
        if let text = parameters["limit"], !text.isEmpty {
            if let value = Int(text), (1...ConsoleEventFeed.maxLimit).contains(value) {
                limit = value
            } else {
                message = "limit must be 1...\(ConsoleEventFeed.maxLimit); showing \(limit)"
            }
        }
        if let text = parameters["refresh"], !text.isEmpty {
            if let value = Int(text), (0...3600).contains(value) {
                refresh = value
            } else {
                message = "refresh must be 0...3600 seconds; using \(refresh)"
            }
        }
        var rows: [EventRowView] = []
        var summary = ""
        var status = HTTPResponse.Status.ok
        do {
            let result = try feed.latest(limit: limit, pattern: pattern)
            rows = result.rows
            let filtered = pattern.allSatisfy(\.isWhitespace) ? "" : " matching the pattern"
            summary = "The newest \(rows.count) event(s)\(filtered), newest first (\(result.scanned) examined)."
                + (refresh > 0 ? " This page reloads every \(refresh) s." : "")
        } catch {
            message = error.message
            status = HTTPResponse.Status(code: error.statusCode)
        }
        let model = EventsPageView(
            pattern: pattern, limit: String(limit), maxLimit: String(ConsoleEventFeed.maxLimit), refresh: String(refresh),
            message: message, summary: summary, rows: rows)
        return renderer.page(
            "events", title: "Live events", model: model, chrome: chrome, status: status,
            refreshSeconds: refresh > 0 && status == .ok ? refresh : nil)
    }

    /// `GET /console/incidents/ID` (or the bare lookup form when `incident` is `nil`).
    func incidentsPage(incident: String?, chrome: ConsoleRenderer.Chrome) async throws(ConsoleError) -> Response {
        guard let incident, !incident.isEmpty else {
            let model = IncidentsPageView(incident: "", message: nil, hasIncident: false, hasEntries: false, entries: [])
            return renderer.page("incidents", title: "Incidents", model: model, chrome: chrome)
        }
        guard let incidents else {
            let model = IncidentsPageView(
                incident: incident, message: "This server has no incident ledger, so there are no timelines to show.",
                hasIncident: false, hasEntries: false, entries: [])
            return renderer.page("incidents", title: "Incident \(incident)", model: model, chrome: chrome, status: .notFound)
        }
        let entries: [ConsoleTimelineEntry]
        do {
            entries = try await incidents.timeline(incident: incident)
        } catch {
            throw .internalFailure("reading the timeline of incident '\(incident)' failed: \(error)")
        }
        let start = entries.first?.time ?? 0
        let rows = entries.map { TimelineRowView($0, start: start) }
        let model = IncidentsPageView(
            incident: incident, message: nil, hasIncident: true, hasEntries: !rows.isEmpty, entries: rows)
        return renderer.page("incidents", title: "Incident \(incident)", model: model, chrome: chrome)
    }
}
