@testable import HeraldConsole
import Testing

@Suite("Console helpers")
struct ConsoleUnitTests {
    @Test("form bodies decode plus signs, percent escapes and empty values; bad escapes are dropped")
    func form() {
        let form = ConsoleForm(parsing: "a=1+2&b=%3Cx%3E&c=&d&bad=%ZZ&a=3")
        #expect(form["a"] == "3")
        #expect(form["b"] == "<x>")
        #expect(form["c"] == "")
        #expect(form["d"] == "")
        #expect(form["bad"] == nil)
    }

    @Test("flash messages round-trip only with this process's key")
    func flash() {
        let security = ConsoleSecurity(adminToken: "t")
        let other = ConsoleSecurity(adminToken: "t")
        let value = security.signFlash("Redrove 1 <b>")
        #expect(security.verifyFlash(value) == "Redrove 1 <b>")
        #expect(other.verifyFlash(value) == nil)
        #expect(security.verifyFlash(value + "x") == nil)
        #expect(security.verifyFlash("no-dot") == nil)
        #expect(security.sessionValue != other.sessionValue)
        #expect(security.csrfToken != other.csrfToken)
        #expect(ConsoleSecurity(adminToken: nil).sessionValue == nil)
    }

    @Test("origins compare by host and port")
    func origins() {
        #expect(ConsoleSecurity.hostAndPort(of: "http://127.0.0.1:8080") == "127.0.0.1:8080")
        #expect(ConsoleSecurity.hostAndPort(of: "http://LOCALHOST/console/x") == "localhost")
        #expect(ConsoleSecurity.hostAndPort(of: "http://[::1]:9/") == "[::1]:9")
        #expect(ConsoleSecurity.hostAndPort(of: "null") == nil)
    }

    @Test("durations, sizes and links format for people")
    func formats() {
        #expect(ConsoleFormat.duration(3.4) == "3.4s")
        #expect(ConsoleFormat.duration(65) == "1m 5s")
        #expect(ConsoleFormat.duration(90_061) == "1d 1h")
        #expect(ConsoleFormat.duration(-3) == "0.0s")
        #expect(ConsoleFormat.duration(.infinity) == "0.0s")
        #expect(ConsoleFormat.time(1_795_000_001_500) == "2026-11-18T11:06:41.500Z")
        #expect(ConsoleFormat.time(.max) == "2262-04-11T23:47:16.854Z")
        #expect(ConsoleFormat.bytes(512) == "512 B")
        #expect(ConsoleFormat.bytes(3 * 1024 * 1024) == "3.0 MiB")
        #expect(ConsoleFormat.targetHref("default/r/t") == "/console/targets/default/r/t")
        #expect(ConsoleFormat.entryHref(target: "a b/r?/t#", sequence: 7) == "/console/dlq/a%20b/r%3F/t%23/7")
        #expect(ConsoleFormat.incidentHref("x/y") == "/console/incidents/x%2Fy")
    }

    @Test("event JSON is indented in document order with number literals kept; invalid JSON is shown as is")
    func prettyJSON() {
        let text = ConsoleJSON.pretty(Array(#"{"b":[1,2.50,{}],"a":{"q":"x\"<y>"},"e":[]}"#.utf8))
        #expect(text == """
            {
              "b": [
                1,
                2.50,
                {}
              ],
              "a": {
                "q": "x\\"<y>"
              },
              "e": []
            }
            """)
        #expect(ConsoleJSON.pretty(Array("not json <b>".utf8)) == "not json <b>")
    }

    @Test("every built-in template compiles")
    func templates() throws {
        _ = try ConsoleRenderer()
        #expect(ConsoleTemplates.all.count == 9)
    }
}
