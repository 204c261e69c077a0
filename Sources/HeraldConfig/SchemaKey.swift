/// How schema keys are matched: PascalCase as in the EventBridge API, camelCase, snake_case and kebab-case are the
/// same key (`EventPattern`, `eventPattern`, `event_pattern`, `event-pattern`).
enum SchemaKey {
    /// The comparison form of a key: lowercased, without `_` and `-`.
    static func normalize(_ key: String) -> String {
        String(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}
