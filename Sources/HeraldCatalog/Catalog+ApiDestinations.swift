extension Catalog {
    /// `CreateApiDestination`.
    /// - Throws: `ValidationException`, `ResourceNotFoundException` (connection), `ResourceAlreadyExistsException`,
    ///   `LimitExceededException`.
    public func createApiDestination(_ input: ApiDestinationInput) throws(CatalogError) -> ApiDestination {
        try Self.validate(input, creating: true)
        guard let name = input.name, let connectionArn = input.connectionArn, let endpoint = input.invocationEndpoint,
            let method = input.httpMethod
        else { throw .validation("Name, ConnectionArn, InvocationEndpoint and HttpMethod are required.") }
        try requireConnection(arn: connectionArn)
        guard state.apiDestinations[name] == nil else {
            throw .resourceAlreadyExists("An api-destination '\(name)' already exists.")
        }
        guard state.apiDestinations.count < configuration.maxApiDestinations else {
            throw .limitExceeded("The requested resource exceeds the maximum number allowed (\(configuration.maxApiDestinations) API destinations).")
        }
        let time = now()
        let destination = ApiDestination(
            name: name, arn: arns.apiDestination(name, id: makeID()), description: input.description,
            connectionArn: connectionArn, invocationEndpoint: endpoint, httpMethod: method,
            invocationRateLimitPerSecond: input.invocationRateLimitPerSecond ?? ApiDestination.defaultInvocationRateLimitPerSecond,
            creationTime: time, lastModifiedTime: time
        )
        try saveApiDestination(destination)
        return destination
    }

    /// `DescribeApiDestination`.
    public func describeApiDestination(name: String?) throws(CatalogError) -> ApiDestination {
        try requireApiDestination(name)
    }

    /// `UpdateApiDestination`: replaces the members that are given.
    public func updateApiDestination(_ input: ApiDestinationInput) throws(CatalogError) -> ApiDestination {
        try Self.validate(input, creating: false)
        var destination = try requireApiDestination(input.name)
        if let connectionArn = input.connectionArn {
            try requireConnection(arn: connectionArn)
            destination.connectionArn = connectionArn
        }
        if let description = input.description { destination.description = description }
        if let endpoint = input.invocationEndpoint { destination.invocationEndpoint = endpoint }
        if let method = input.httpMethod { destination.httpMethod = method }
        if let limit = input.invocationRateLimitPerSecond { destination.invocationRateLimitPerSecond = limit }
        destination.lastModifiedTime = now()
        try saveApiDestination(destination)
        return destination
    }

    /// `DeleteApiDestination`.
    public func deleteApiDestination(name: String?) throws(CatalogError) {
        let destination = try requireApiDestination(name)
        var next = state
        next.apiDestinations[destination.name] = nil
        try commit(next, [CatalogRecords.key(apiDestination: destination.name): nil])
    }

    /// `ListApiDestinations`, filtered by name prefix and connection, sorted by name.
    public func listApiDestinations(namePrefix: String?, connectionArn: String?, page: PageRequest) throws(CatalogError) -> Page<ApiDestination> {
        var v = ShapeValidator()
        v.string(namePrefix, "namePrefix", min: 1, max: 64, pattern: ModelPattern.name)
        v.string(connectionArn, "connectionArn", min: 1, max: 1600, pattern: ModelPattern.connectionArn)
        try v.check()
        let items = state.apiDestinations.values
            .filter { $0.name.hasPrefix(namePrefix ?? "") && (connectionArn == nil || $0.connectionArn == connectionArn) }
            .sorted { $0.name < $1.name }
        return try Paginator.page(items, key: \.name, page)
    }

    private func saveApiDestination(_ destination: ApiDestination) throws(CatalogError) {
        var next = state
        next.apiDestinations[destination.name] = destination
        try commit(next, [CatalogRecords.key(apiDestination: destination.name): try CatalogRecords.encode(destination)])
    }

    private func requireConnection(arn: String) throws(CatalogError) {
        guard state.connection(arn: arn) != nil else {
            throw .resourceNotFound("Connection \(arn) does not exist.")
        }
    }

    private func requireApiDestination(_ name: String?) throws(CatalogError) -> ApiDestination {
        var v = ShapeValidator()
        v.string(name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        try v.check()
        guard let name, let destination = state.apiDestinations[name] else {
            throw .resourceNotFound("Failed to describe the api-destination(s). An api-destination '\(name ?? "")' does not exist.")
        }
        return destination
    }

    /// Whether `text` starts with `http://` or `https://` (any case) and names a host.
    static func isHTTPURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        for scheme in ["http://", "https://"] where lowered.hasPrefix(scheme) {
            return lowered.count > scheme.count
        }
        return false
    }

    private static func validate(_ input: ApiDestinationInput, creating: Bool) throws(CatalogError) {
        var v = ShapeValidator()
        v.string(input.name, "name", required: true, min: 1, max: 64, pattern: ModelPattern.name)
        v.string(input.description, "description", max: 512)
        v.string(input.connectionArn, "connectionArn", required: creating, min: 1, max: 1600, pattern: ModelPattern.connectionArn)
        v.string(input.invocationEndpoint, "invocationEndpoint", required: creating, min: 1, max: 2048, pattern: ModelPattern.httpsEndpoint)
        // AWS takes https only; Herald takes http too (loopback and private receivers), and nothing else: an ftp:// or
        // mailto: endpoint could never be delivered to.
        if let endpoint = input.invocationEndpoint, !Self.isHTTPURL(endpoint) {
            v.fail("invocationEndpoint", value: endpoint, constraint: "be an http:// or https:// URL")
        }
        v.string(input.httpMethod, "httpMethod", required: creating)
        v.enumeration(input.httpMethod, "httpMethod", allowed: ApiDestination.httpMethods)
        v.integer(input.invocationRateLimitPerSecond, "invocationRateLimitPerSecond", min: 1)
        try v.check()
    }
}
