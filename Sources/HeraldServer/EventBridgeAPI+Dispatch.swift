extension EventBridgeAPI {
    /// Operations of the EventBridge model that Herald does not implement (answered with a clear error).
    public static let unimplementedOperations: Set<String> = [
        "ActivateEventSource", "CreateEndpoint", "CreatePartnerEventSource", "DeactivateEventSource", "DeleteEndpoint",
        "DeletePartnerEventSource", "DescribeEndpoint", "DescribeEventSource", "DescribePartnerEventSource",
        "ListEndpoints", "ListEventSources", "ListPartnerEventSourceAccounts", "ListPartnerEventSources",
        "PutPartnerEvents", "PutPermission", "RemovePermission", "UpdateEndpoint",
    ]

    /// Runs one operation on a (possibly empty) JSON body and returns the JSON output.
    func dispatch(operation: String, body: [UInt8]) async throws -> [UInt8] {
        switch operation {
        case "PutEvents": return try await putEvents(body)
        case "TestEventPattern": return try testEventPattern(body)
        case "PutRule": return try await putRule(body)
        case "DescribeRule": return try await describeRule(body)
        case "ListRules": return try await listRules(body)
        case "DeleteRule": return try await deleteRule(body)
        case "EnableRule": return try await setRuleState(body, enabled: true, operation: operation)
        case "DisableRule": return try await setRuleState(body, enabled: false, operation: operation)
        case "PutTargets": return try await putTargets(body)
        case "RemoveTargets": return try await removeTargets(body)
        case "ListTargetsByRule": return try await listTargetsByRule(body)
        case "ListRuleNamesByTarget": return try await listRuleNamesByTarget(body)
        case "CreateEventBus": return try await createEventBus(body)
        case "DescribeEventBus": return try await describeEventBus(body)
        case "UpdateEventBus": return try await updateEventBus(body)
        case "ListEventBuses": return try await listEventBuses(body)
        case "DeleteEventBus": return try await deleteEventBus(body)
        case "CreateConnection": return try await createConnection(body)
        case "DescribeConnection": return try await describeConnection(body)
        case "UpdateConnection": return try await updateConnection(body)
        case "DeleteConnection": return try await deleteConnection(body)
        case "ListConnections": return try await listConnections(body)
        case "DeauthorizeConnection": return try await deauthorizeConnection(body)
        case "CreateApiDestination": return try await createApiDestination(body)
        case "DescribeApiDestination": return try await describeApiDestination(body)
        case "UpdateApiDestination": return try await updateApiDestination(body)
        case "DeleteApiDestination": return try await deleteApiDestination(body)
        case "ListApiDestinations": return try await listApiDestinations(body)
        case "CreateArchive": return try await createArchive(body)
        case "DescribeArchive": return try await describeArchive(body)
        case "UpdateArchive": return try await updateArchive(body)
        case "DeleteArchive": return try await deleteArchive(body)
        case "ListArchives": return try await listArchives(body)
        case "StartReplay": return try await startReplay(body)
        case "DescribeReplay": return try await describeReplay(body)
        case "ListReplays": return try await listReplays(body)
        case "CancelReplay": return try await cancelReplay(body)
        case "TagResource": return try await tagResource(body)
        case "UntagResource": return try await untagResource(body)
        case "ListTagsForResource": return try await listTagsForResource(body)
        default:
            if Self.unimplementedOperations.contains(operation) {
                throw APIError.unknownOperation("Herald does not implement the EventBridge operation \(operation).")
            }
            throw APIError.unknownOperation("Unknown operation \(operation): not an EventBridge operation.")
        }
    }
}
