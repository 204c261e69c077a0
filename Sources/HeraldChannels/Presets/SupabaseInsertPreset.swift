public import HeraldJSON

/// Supabase REST (PostgREST) insert or upsert: `POST /rest/v1/<table>`, JSON, `apikey` + `Authorization: Bearer`.
///
/// Plain insert treats 409 (`23505` unique violation) as an already-written duplicate: at-least-once delivery
/// repeats rows, and the row is there. Upsert sends `Prefer: resolution=merge-duplicates` (or
/// `ignore-duplicates`) with an optional `on_conflict` column list.
public struct SupabaseInsertPreset: ChannelPreset {
    /// What happens when a row with the same key exists.
    public enum Mode: Sendable, Hashable {
        /// Plain insert; a duplicate key answers 409, classified as duplicate success.
        case insert
        /// Upsert merging into the existing row (`resolution=merge-duplicates`).
        case upsertMerge(onConflict: [String])
        /// Upsert keeping the existing row (`resolution=ignore-duplicates`).
        case upsertIgnore(onConflict: [String])
    }

    /// Static settings of one table target.
    public struct Configuration: Sendable, Hashable {
        /// Project URL, e.g. `https://<ref>.supabase.co` (the fake provider's URL in tests).
        public var projectURL: String
        /// Key sent in `apikey` (`sb_secret_…`, `sb_publishable_…` or a legacy JWT).
        public var apiKey: String
        /// Bearer token; defaults to `apiKey` (new keys must never send a different value).
        public var bearerToken: String?
        /// Table (or view) name.
        public var table: String
        /// Insert or upsert.
        public var mode: Mode
        /// Ask for the written rows back (`return=representation`) instead of `return=minimal`.
        public var returnRepresentation: Bool

        /// Creates a configuration.
        /// - Parameters:
        ///   - projectURL: Project URL.
        ///   - apiKey: API key.
        ///   - bearerToken: Bearer token (defaults to the API key).
        ///   - table: Table name.
        ///   - mode: Insert or upsert.
        ///   - returnRepresentation: Return rows instead of nothing.
        public init(
            projectURL: String, apiKey: String, bearerToken: String? = nil, table: String, mode: Mode = .insert,
            returnRepresentation: Bool = false
        ) {
            self.projectURL = projectURL
            self.apiKey = apiKey
            self.bearerToken = bearerToken
            self.table = table
            self.mode = mode
            self.returnRepresentation = returnRepresentation
        }
    }

    /// The table settings.
    public let configuration: Configuration

    /// Creates a preset.
    /// - Parameter configuration: Table settings.
    /// - Throws: `ChannelConfigurationError` when the key or table is empty or the table name is not a plain
    ///   identifier.
    public init(configuration: Configuration) throws(ChannelConfigurationError) {
        guard !configuration.apiKey.isEmpty else { throw .missingSecret("supabase api key") }
        guard !configuration.table.isEmpty,
            configuration.table.utf8.allSatisfy({ FormURLEncoding.isUnreserved($0) })
        else { throw .invalidValue(field: "table", reason: "must be a plain identifier") }
        self.configuration = configuration
    }

    /// Supabase.
    public var provider: ChannelProvider { .supabase }
    /// No documented rate; modest concurrency.
    public var rateLimit: ProviderRateLimit { .supabase }

    /// The table endpoint, with `on_conflict` for upserts that name columns.
    public var endpointURL: String {
        var url = trimmedBase(configuration.projectURL) + "/rest/v1/" + configuration.table
        switch configuration.mode {
        case .insert: break
        case .upsertMerge(let columns), .upsertIgnore(let columns):
            if !columns.isEmpty {
                url += "?on_conflict=" + columns.map(FormURLEncoding.escape).joined(separator: ",")
            }
        }
        return url
    }

    /// The `Prefer` header value.
    public var preferHeader: String {
        var parts = [configuration.returnRepresentation ? "return=representation" : "return=minimal"]
        switch configuration.mode {
        case .insert: break
        case .upsertMerge: parts.append("resolution=merge-duplicates")
        case .upsertIgnore: parts.append("resolution=ignore-duplicates")
        }
        return parts.joined(separator: ",")
    }

    /// Builds the insert request for one row (object) or several rows (array of objects with the same keys).
    /// - Parameter rows: The row(s).
    /// - Returns: A JSON POST with `apikey`, Bearer auth and `Prefer`.
    /// - Throws: `ChannelConfigurationError.invalidValue` when `rows` is not an object or an array of objects.
    public func request(rows: JSONValue) throws(ChannelConfigurationError) -> ChannelRequest {
        switch rows {
        case .object: break
        case .array(let items) where items.allSatisfy({ $0.objectValue != nil }): break
        default: throw .invalidValue(field: "rows", reason: "must be a JSON object or an array of objects")
        }
        var headers = ChannelHeaders()
        headers.append("apikey", configuration.apiKey)
        headers.append("Authorization", "Bearer " + (configuration.bearerToken ?? configuration.apiKey))
        headers.append("Content-Type", "application/json")
        headers.append("Prefer", preferHeader)
        return ChannelRequest(url: endpointURL, headers: headers, body: rows.jsonBytes)
    }

    /// Classifies a response: any 2xx succeeds; 409 with `23505` on plain insert is a duplicate success;
    /// 503/504/520, other 5xx, 408/429 and SQLSTATE `40001`/`40P01` are retryable; 400/401/403/404 and other 409s
    /// are permanent.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - context: Unused.
    /// - Returns: The classification.
    public func classify(_ response: ProviderResponse, context: ClassificationContext) -> DeliveryClassification {
        Self.classify(response, mode: configuration.mode)
    }

    /// Classifies a response without a configured instance (what named channel presets use); see
    /// ``classify(_:context:)``.
    /// - Parameters:
    ///   - response: The HTTP response.
    ///   - mode: Insert or upsert (a 409 is a duplicate success only on insert).
    /// - Returns: The classification.
    public static func classify(_ response: ProviderResponse, mode: Mode) -> DeliveryClassification {
        if (200...299).contains(response.status) {
            return .success(providerMessageID: nil, duplicate: false)
        }
        let json = ResponseParsing.json(response)
        let code = json?["code"]?.stringValue ?? ""
        let message = json?["message"]?.stringValue ?? response.bodyExcerpt()
        let reason = "supabase HTTP \(response.status)" + (code.isEmpty ? "" : " \(code)") + ": " + message
        if code == "40001" || code == "40P01" {
            return .retryable(reason: reason, retryAfter: ResponseParsing.retryAfter(response))
        }
        switch response.status {
        case 409 where mode == .insert && (code == "23505" || code.isEmpty):
            return .success(providerMessageID: nil, duplicate: true)
        case 408, 429, 500...599:
            return .retryable(reason: reason, retryAfter: ResponseParsing.retryAfter(response))
        default:
            return .permanent(reason: reason)
        }
    }
}
