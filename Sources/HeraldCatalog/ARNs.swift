/// Builds and parses the ARNs of Herald resources for one region and account.
public struct ARNs: Sendable, Equatable {
    /// The region in every ARN.
    public let region: String
    /// The account id in every ARN.
    public let accountID: String

    /// Creates an ARN builder.
    public init(region: String, accountID: String) {
        self.region = region
        self.accountID = accountID
    }

    private var prefix: String { "arn:aws:events:\(region):\(accountID):" }

    /// `…:event-bus/NAME`.
    public func eventBus(_ name: String) -> String { prefix + "event-bus/" + name }
    /// `…:rule/NAME` on the default bus, `…:rule/BUS/NAME` otherwise.
    public func rule(_ name: String, bus: String) -> String {
        bus == EventBus.defaultName ? prefix + "rule/" + name : prefix + "rule/\(bus)/\(name)"
    }
    /// `…:connection/NAME/ID`.
    public func connection(_ name: String, id: String) -> String { prefix + "connection/\(name)/\(id)" }
    /// `…:api-destination/NAME/ID`.
    public func apiDestination(_ name: String, id: String) -> String { prefix + "api-destination/\(name)/\(id)" }
    /// `…:archive/NAME`.
    public func archive(_ name: String) -> String { prefix + "archive/" + name }
    /// `…:replay/NAME`.
    public func replay(_ name: String) -> String { prefix + "replay/" + name }
    /// A Secrets Manager-style ARN for a connection's secret (nothing is stored in AWS; it names Herald's record).
    public func connectionSecret(_ name: String, id: String) -> String {
        "arn:aws:secretsmanager:\(region):\(accountID):secret:events!connection/\(name)/\(id)"
    }

    /// The bus name from a bus name or a bus ARN of this region and account (`arn:aws:events:REGION:ACCOUNT:event-bus/
    /// NAME`); nil or empty gives `default`. An ARN of another region or account is returned whole, so that looking it
    /// up finds nothing (`ResourceNotFoundException` naming it) instead of quietly using the local bus of that name.
    public func busName(fromNameOrArn value: String?) -> String {
        guard let value, value.hasPrefix("arn:") else { return Self.busName(fromNameOrArn: value) }
        let local = prefix + "event-bus/"
        return value.hasPrefix(local) ? String(value.dropFirst(local.count)) : value
    }

    /// The bus name from a bus name or a bus ARN (`arn:…:event-bus/NAME`, any region or account); nil or empty gives
    /// `default`.
    public static func busName(fromNameOrArn value: String?) -> String {
        guard let value, !value.isEmpty else { return EventBus.defaultName }
        if value.hasPrefix("arn:"), let range = value.range(of: ":event-bus/") {
            return String(value[range.upperBound...])
        }
        return value
    }

    /// The resource part after the last `:` of an ARN, e.g. `rule/BUS/NAME`; nil when `arn` is not an ARN.
    public static func resource(of arn: String) -> Substring? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return nil }
        return parts[5]
    }
}
