import HeraldChannels
import HeraldFakeProviders
import HeraldJSON
import Testing

@Suite("Fake Supabase over loopback HTTP", .timeLimit(.minutes(1)))
struct FakeSupabaseTests {
    let client = LoopbackHTTPClient(timeout: .seconds(30))

    @Test("insert, duplicate 409 classified as duplicate success, upsert, auth")
    func insert() async throws {
        let supabase = try await FakeSupabase.start()
        let insert = try SupabaseInsertPreset(
            configuration: .init(projectURL: supabase.baseURL, apiKey: supabase.apiKey, table: "events"))
        let row: JSONValue = ["id": "evt-1", "source": "app.cdp", "amount": 12000]
        let created = try await client.send(try insert.request(rows: row))
        #expect(created.status == 201)
        #expect(created.body.isEmpty)
        let duplicate = try await client.send(try insert.request(rows: row))
        #expect(duplicate.status == 409)
        #expect(try JSONValue(parsing: duplicate.body)["code"] == "23505")
        #expect(insert.classify(duplicate) == .success(providerMessageID: nil, duplicate: true))
        #expect(supabase.rows(in: "events").count == 1)

        let upsert = try SupabaseInsertPreset(
            configuration: .init(
                projectURL: supabase.baseURL, apiKey: supabase.apiKey, table: "events", mode: .upsertMerge(onConflict: ["id"]),
                returnRepresentation: true))
        let merged = try await client.send(try upsert.request(rows: [["id": "evt-1", "amount": 13000], ["id": "evt-2"]]))
        #expect(merged.status == 201)
        #expect(try JSONValue(parsing: merged.body).arrayValue?.count == 2)
        #expect(supabase.rows(in: "events").first?["amount"] == 13000)
        #expect(supabase.rows(in: "events").count == 2)

        var noKey = try insert.request(rows: ["id": "evt-3"])
        noKey.headers.remove("apikey")
        #expect(try await client.send(noKey).status == 401)
        let wrong = try SupabaseInsertPreset(configuration: .init(projectURL: supabase.baseURL, apiKey: "nope", table: "events"))
        let unauthorized = try await client.send(try wrong.request(rows: ["id": "x"]))
        #expect(unauthorized.status == 401)
        #expect(!wrong.classify(unauthorized).isRetryable)
        let missing = try SupabaseInsertPreset(configuration: .init(projectURL: supabase.baseURL, apiKey: supabase.apiKey, table: "nope"))
        #expect(try await client.send(try missing.request(rows: ["id": "x"])).status == 404)

        supabase.failNextRequest(status: 503, code: "PGRST001", message: "Could not connect")
        #expect(insert.classify(try await client.send(try insert.request(rows: ["id": "evt-9"]))).isRetryable)
        await supabase.stop()
    }
}
