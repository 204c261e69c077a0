import HeraldLedgerExport
import Testing

@Suite("PostgresConfig URL parsing")
struct PostgresConfigTests {
    @Test("parses user, password, host, port, database and sslmode")
    func parses() throws {
        let config = try PostgresConfig(url: "postgres://app:s%40cret@db.internal:6543/ledger?sslmode=disable")
        #expect(
            config
                == PostgresConfig(
                    host: "db.internal", port: 6543, username: "app", password: "s@cret", database: "ledger",
                    sslMode: .disable))
        #expect(config.description == "postgres://app@db.internal:6543/ledger?sslmode=disable")
        #expect(!config.description.contains("cret"))
    }

    @Test("defaults: port 5432, database = user, sslmode disable; postgresql:// and require accepted")
    func defaults() throws {
        let config = try PostgresConfig(url: "postgresql://herald@127.0.0.1")
        #expect(config.port == 5432 && config.database == "herald" && config.sslMode == .disable)
        #expect(config.password == nil)
        #expect(try PostgresConfig(url: "postgres://u:p@[::1]:5433/d?sslmode=require").host == "::1")
        #expect(try PostgresConfig(url: "postgres://u@h/d?sslmode=verify-full").sslMode == .verifyFull)
    }

    @Test(
        "bad URLs are clear errors",
        arguments: [
            "http://u@h/d", "postgres://h/d", "postgres://u@/d", "postgres://u@h/d/e", "not a url",
            "postgres://u@h/d?sslmode=verify-ca", "postgres://u@h/d?application_name=x", "postgres://u@h:99999/d",
        ])
    func rejects(url: String) {
        #expect(throws: LedgerExportError.self) { try PostgresConfig(url: url) }
    }
}
