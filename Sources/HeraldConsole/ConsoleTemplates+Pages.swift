extension ConsoleTemplates {
    /// `/console`: process, log and disk figures and the per-target table.
    static let status = """
        <h1>Status</h1>
        <section class="cards">
        <div><h2>Uptime</h2><p id="uptime">{{uptime}}</p></div>
        <div><h2>Event log</h2><p>first <span id="log-first">{{logFirst}}</span> · last <span id="log-last">{{logLast}}</span>\
         · {{storedEvents}} stored</p></div>
        <div><h2>Disk</h2><p id="disk">{{diskUsed}} used of {{diskMap}} ({{diskFill}}) · data file {{diskFile}}</p></div>
        <div><h2>Server time</h2><p>{{now}}</p></div>
        </section>
        <h2>Targets</h2>
        {{#hasTargets}}
        <table id="targets">
        <thead><tr><th>Target</th><th>State</th><th class="num">Lag (events)</th><th>Oldest pending</th>\
        <th class="num">In flight</th><th class="num">Retry queue</th><th>Next retry due</th><th class="num">DLQ</th>\
        <th>Last error</th></tr></thead>
        <tbody>
        {{#targets}}
        <tr data-target="{{name}}">
        <td><a href="{{href}}">{{name}}</a>{{#problem}}<div class="problem">{{.}}</div>{{/problem}}</td>
        <td class="state-{{state}}">{{state}}</td><td class="num">{{lag}}</td><td>{{lagAge}}</td>
        <td class="num">{{inFlight}}</td><td class="num">{{retrySize}}</td><td>{{retryNextDue}}</td>
        <td class="num dlq-size"><a href="{{href}}#dlq">{{dlqSize}}</a></td>
        <td>{{lastError}}{{#lastErrorAt}}<div class="when">{{.}}</div>{{/lastErrorAt}}</td>
        </tr>
        {{/targets}}
        </tbody>
        </table>
        {{/hasTargets}}
        {{^hasTargets}}<p>No target has stored delivery state yet.</p>{{/hasTargets}}
        <p>{{#refreshing}}{{.}} <a href="/console">Stop reloading</a>{{/refreshing}}\
        {{^refreshing}}<a href="/console?refresh=10" id="auto-refresh">Reload every 10 s</a>{{/refreshing}}</p>

        """

    /// `/console/targets/BUS/RULE/ID`: one target's figures and a page of its dead letters.
    static let target = """
        <h1>Target <span id="target-name">{{name}}</span></h1>
        {{#report}}
        <dl>
        <dt>State</dt><dd class="state-{{state}}">{{state}}{{#problem}} — <span class="problem">{{.}}</span>{{/problem}}</dd>
        <dt>Cursor</dt><dd>{{cursor}}</dd>
        <dt>Lag</dt><dd>{{lag}} events{{#lagAge}}, oldest pending {{.}}{{/lagAge}}</dd>
        <dt>In flight</dt><dd>{{inFlight}}</dd>
        <dt>Since start</dt><dd>{{sent}} sent, {{succeeded}} succeeded, {{retried}} retried, {{deadLettered}} dead-lettered</dd>
        <dt>Retry queue</dt><dd>{{retrySize}}{{#retryNextDue}}, next due {{.}}{{/retryNextDue}}</dd>
        <dt>Dead letters</dt><dd id="dlq-size">{{dlqSize}}</dd>
        <dt>Last error</dt><dd>{{lastError}}{{#lastErrorAt}} ({{.}}){{/lastErrorAt}}</dd>
        </dl>
        {{/report}}
        <h2 id="dlq">Dead-letter queue</h2>
        {{#hasEntries}}
        <form method="post" action="/console/actions/redrive" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="target" value="{{name}}">
        <button type="submit" id="redrive-all">Redrive all…</button></form>
        <form method="post" action="/console/actions/purge" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="target" value="{{name}}">
        <button type="submit" id="purge-all" class="danger">Purge all…</button></form>
        <table id="dlq-entries">
        <thead><tr><th class="num">Sequence</th><th>Event id</th><th>Source</th><th>Detail type</th><th>Reason</th>\
        <th class="num">Attempts</th><th class="num">Last status</th><th>Last error</th><th>Dead-lettered</th>\
        <th class="num">Redrives</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr data-sequence="{{sequence}}"><td class="num"><a href="{{href}}">{{sequence}}</a></td><td>{{eventID}}</td>\
        <td>{{source}}</td><td>{{detailType}}</td><td>{{reason}}</td><td class="num">{{attempts}}</td>\
        <td class="num">{{lastStatus}}</td><td>{{lastError}}</td><td>{{deadLetteredAt}}</td><td class="num">{{redriveCount}}</td></tr>
        {{/entries}}
        </tbody>
        </table>
        {{/hasEntries}}
        {{^hasEntries}}<p id="dlq-empty">{{emptyText}}</p>{{/hasEntries}}
        <p>{{#firstHref}}<a href="{{.}}">First page</a> {{/firstHref}}{{#nextHref}}<a href="{{.}}" id="next-page">Next page</a>{{/nextHref}}</p>

        """

    /// `/console/dlq/BUS/RULE/ID/SEQUENCE`: one dead letter with its event and every attempt.
    static let entry = """
        <h1>Dead letter {{sequence}} of <a href="{{targetHref}}">{{target}}</a></h1>
        <dl>
        <dt>Event id</dt><dd id="event-id">{{eventID}}</dd>
        <dt>Bus</dt><dd>{{bus}}</dd><dt>Source</dt><dd>{{source}}</dd><dt>Detail type</dt><dd>{{detailType}}</dd>
        <dt>Reason</dt><dd id="reason">{{reason}}</dd><dt>Attempts</dt><dd>{{attemptCount}}</dd>
        <dt>First attempt</dt><dd>{{firstAttemptAt}}</dd><dt>Dead-lettered</dt><dd>{{deadLetteredAt}}</dd>
        <dt>Redrives so far</dt><dd>{{redriveCount}}</dd>
        </dl>
        <form method="post" action="/console/actions/redrive" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="target" value="{{target}}">
        <input type="hidden" name="sequence" value="{{sequence}}">
        <button type="submit" id="redrive">Redrive…</button></form>
        <form method="post" action="/console/actions/purge" class="inline">
        <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="target" value="{{target}}">
        <input type="hidden" name="sequence" value="{{sequence}}">
        <button type="submit" id="purge" class="danger">Purge…</button></form>
        <h2>Event</h2>
        <pre id="event-json">{{envelope}}</pre>
        <h2>Attempts</h2>
        <table id="attempts">
        <thead><tr><th>#</th><th>Time</th><th class="num">Status</th><th class="num">Latency</th><th>Error</th>\
        <th>Response excerpt</th></tr></thead>
        <tbody>
        {{#attempts}}
        <tr><td>{{number}}</td><td>{{at}}</td><td class="num">{{status}}</td><td class="num">{{latency}}</td>\
        <td>{{error}}</td><td><pre>{{excerpt}}</pre></td></tr>
        {{/attempts}}
        </tbody>
        </table>

        """

    /// `/console/events`: the newest events on the log, optionally filtered by a pattern, refreshed by the browser.
    static let events = """
        <h1>Live events</h1>
        <form method="get" action="/console/events" id="filter">
        <label>Pattern (EventBridge JSON, optional)<br><textarea name="pattern" rows="3">{{pattern}}</textarea></label>
        <label>Show <input type="number" name="limit" min="1" max="{{maxLimit}}" value="{{limit}}"> events, refresh every
        <input type="number" name="refresh" min="0" max="3600" value="{{refresh}}"> s (0 = off)</label>
        <button type="submit">Apply</button>
        </form>
        {{#message}}<p class="error" role="alert">{{.}}</p>{{/message}}
        <p>{{summary}}</p>
        <table id="events">
        <thead><tr><th class="num">Sequence</th><th>Ingested</th><th>Bus</th><th>Source</th><th>Detail type</th>\
        <th>Event id</th><th>Event</th></tr></thead>
        <tbody>
        {{#rows}}
        <tr data-sequence="{{sequence}}"><td class="num">{{sequence}}</td><td>{{ingestedAt}}</td><td>{{bus}}</td>\
        <td>{{source}}</td><td>{{detailType}}</td><td>{{eventID}}</td>\
        <td><details><summary>JSON</summary><pre>{{envelope}}</pre></details></td></tr>
        {{/rows}}
        </tbody>
        </table>

        """

    /// `/console/incidents` and `/console/incidents/ID`: the lookup form and one incident's timeline.
    static let incidents = """
        <h1>Incidents</h1>
        <form method="get" action="/console/incidents" id="incident-lookup">
        <label>Incident id <input type="text" name="id" value="{{incident}}" required></label>
        <button type="submit">Show timeline</button>
        </form>
        {{#message}}<p class="error" role="alert">{{.}}</p>{{/message}}
        {{#hasIncident}}
        <h2>Timeline of <span id="incident-id">{{incident}}</span></h2>
        {{#hasEntries}}
        <table id="timeline">
        <thead><tr><th>Time</th><th class="num">Offset</th><th>Kind</th><th>Status</th><th>Channel → recipient</th>\
        <th>Summary</th><th>Event id</th><th>Target</th></tr></thead>
        <tbody>
        {{#entries}}
        <tr class="kind-{{kind}}"><td>{{time}}</td><td class="num">{{offset}}</td><td>{{kind}}</td><td>{{status}}</td>\
        <td>{{via}}</td><td>{{summary}}{{#detail}}<pre>{{.}}</pre>{{/detail}}</td><td>{{eventID}}</td>\
        <td>{{#targetHref}}<a href="{{.}}">{{target}}</a>{{/targetHref}}{{^targetHref}}{{target}}{{/targetHref}}</td></tr>
        {{/entries}}
        </tbody>
        </table>
        {{/hasEntries}}
        {{^hasEntries}}<p id="timeline-empty">No recorded steps for this incident.</p>{{/hasEntries}}
        {{/hasIncident}}

        """
}
