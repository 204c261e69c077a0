/// The console's Mustache templates, compiled into the binary (Herald ships as one file, so there is no resource
/// bundle to lose). Every `{{name}}` is HTML-escaped; the only triple-mustache is the layout's `{{{body}}}`, which
/// holds another template's already-escaped output.
enum ConsoleTemplates {
    /// Every template by name.
    static let all: [String: String] = [
        "layout": layout, "login": login, "error": error, "confirm": confirm, "status": status, "target": target,
        "entry": entry, "events": events, "incidents": incidents,
    ]

    /// The page frame: head, navigation, flash message, and the page body.
    static let layout = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        {{#refreshSeconds}}<meta http-equiv="refresh" content="{{refreshSeconds}}">{{/refreshSeconds}}
        <title>{{title}} · Herald console</title>
        <style>
        body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{display:flex;gap:1.5em;align-items:center;background:#1d2330;color:#fff;padding:.6em 1.2em}
        header a{color:#cfd8ea;text-decoration:none}header a.brand{color:#fff;font-weight:700}
        header form{margin-left:auto}main{padding:1em 1.2em;max-width:1400px}
        table{border-collapse:collapse;width:100%;background:#fff;margin:.5em 0 1.2em}
        th,td{border-bottom:1px solid #e3e6ec;padding:.35em .5em;text-align:left;vertical-align:top}
        th{background:#eef0f4;font-weight:600}td.num,th.num{text-align:right}
        pre{background:#fff;border:1px solid #e3e6ec;padding:.6em;white-space:pre-wrap;word-break:break-all;max-height:30em;overflow:auto}
        .cards{display:flex;gap:1em;flex-wrap:wrap}.cards div{background:#fff;border:1px solid #e3e6ec;padding:.4em 1em;min-width:14em}
        .cards h2{font-size:.85em;color:#5a6478;margin:.3em 0}.flash{background:#e3f6e8;border:1px solid #9fd8ae;padding:.6em}
        .error{background:#fdeaea;border:1px solid #f0a8a8;padding:.6em}.problem,.when{color:#8a5a00;font-size:.9em}
        .state-running{color:#11772f}.state-paused,.state-stopped,.state-not-running{color:#a34100}
        button{padding:.35em .9em;cursor:pointer}button.danger{background:#b3261e;color:#fff;border:1px solid #8c1d17}
        form.inline{display:inline}dl{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}dt{font-weight:600}
        label{display:block;margin:.4em 0}textarea{width:100%;max-width:50em;font-family:monospace}
        </style>
        </head>
        <body>
        <header><a class="brand" href="/console">Herald</a>
        <a href="/console">Status</a><a href="/console/events">Events</a><a href="/console/incidents">Incidents</a>
        {{#showLogout}}<form method="post" action="/console/logout"><input type="hidden" name="csrf" value="{{csrf}}">\
        <button type="submit">Log out</button></form>{{/showLogout}}
        </header>
        <main>
        {{#flash}}<p class="flash" id="flash" role="status">{{.}}</p>{{/flash}}
        {{{body}}}
        </main>
        </body>
        </html>

        """

    /// The login form (shown only when an admin token is configured).
    static let login = """
        <h1>Log in</h1>
        {{#message}}<p class="error" role="alert">{{.}}</p>{{/message}}
        <form method="post" action="/console/login">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="next" value="{{next}}">
        <label>Admin token <input type="password" name="token" id="token" autocomplete="current-password" autofocus></label>
        <button type="submit" id="login">Log in</button>
        </form>
        <p>The token is the server's <code>HERALD_ADMIN_TOKEN</code>. The session lasts until the browser closes or the
        server restarts.</p>

        """

    /// An error page.
    static let error = """
        <h1>{{heading}}</h1>
        <p class="error" role="alert">{{message}}</p>
        <p><a href="/console">Back to the status page</a></p>

        """

    /// The confirmation step of a redrive or purge.
    static let confirm = """
        <h1>{{heading}}</h1>
        <p id="confirm-question">{{question}}</p>
        {{#warning}}<p class="error">{{.}}</p>{{/warning}}
        <form method="post" action="{{action}}">
        <input type="hidden" name="csrf" value="{{csrf}}">
        <input type="hidden" name="target" value="{{target}}">
        {{#sequence}}<input type="hidden" name="sequence" value="{{.}}">{{/sequence}}
        <input type="hidden" name="confirm" value="yes">
        <button type="submit" id="confirm" class="{{buttonClass}}">{{buttonLabel}}</button>
        <a href="{{cancelHref}}" id="cancel">Cancel</a>
        </form>

        """
}
