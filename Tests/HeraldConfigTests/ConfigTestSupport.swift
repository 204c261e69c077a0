import Foundation
import HeraldCatalog
import HeraldConfig
import HeraldStorage

/// Shared helpers: real LMDB catalogs in temporary directories and the example files.
enum ConfigTestSupport {
    /// The environment the example files need (fake values; URLs default to loopback).
    static let exampleEnvironment: [String: String] = [
        "SUPABASE_ANON_KEY": "anon-key-123", "SUPABASE_SERVICE_KEY": "service-key-456", "CRM_API_KEY": "crm-key-789",
        "TWILIO_ACCOUNT_SID": "AC0123456789abcdef", "TWILIO_AUTH_TOKEN": "twilio-token-secret",
        "TWILIO_FROM_NUMBER": "+15550000001", "TWILIO_WHATSAPP_FROM": "+15550000002", "RESEND_API_KEY": "re_secret",
        "HERALD_PUBLIC_URL": "https://herald.example.com", "ONCALL_PHONE": "+15550000003",
        "ONCALL_EMAIL": "oncall@example.com", "RESEND_WEBHOOK_SECRET": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    ]

    /// `Examples/config/NAME` of the repository (found relative to this file).
    static func examplePath(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples/config/\(name)").path
    }

    /// A fresh temporary directory, removed by the caller.
    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("herald-config-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `body` with a catalog stored in LMDB under `directory`, closing the store afterwards.
    static func withCatalog<T>(
        directory: String, configuration: CatalogConfiguration = CatalogConfiguration(maxTargetsPerRule: 10),
        _ body: (HeraldCatalog.Catalog) async throws -> T
    ) async throws -> T {
        let store = try HeraldStore(directory: directory)
        defer { store.close() }
        let catalog = try HeraldCatalog.Catalog(
            configuration: configuration, store: StorageCatalogStore(table: store.catalog), patterns: StandardPatternEngine()
        )
        return try await body(catalog)
    }

    /// An in-memory catalog.
    static func memoryCatalog(maxTargetsPerRule: Int = 5) throws -> HeraldCatalog.Catalog {
        try HeraldCatalog.Catalog(
            configuration: CatalogConfiguration(maxTargetsPerRule: maxTargetsPerRule), store: InMemoryCatalogStore(),
            patterns: StandardPatternEngine()
        )
    }

    /// Parses `yaml` as `herald.yaml`, expecting an error, and returns it.
    static func parseError(_ yaml: String, environment: [String: String] = [:]) -> ConfigError? {
        do {
            _ = try HeraldConfigFile.parse(yaml: yaml, file: "herald.yaml", environment: environment)
            return nil
        } catch {
            return error
        }
    }
}
