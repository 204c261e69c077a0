import Foundation
import HeraldCatalog

/// `ApiDestination` / `DescribeApiDestinationResponse`.
private struct ApiDestinationOutput: Encodable {
    var ApiDestinationArn: String
    var Name: String
    var Description: String?
    var ApiDestinationState: String
    var ConnectionArn: String
    var InvocationEndpoint: String
    var HttpMethod: String
    var InvocationRateLimitPerSecond: Int
    var CreationTime: Date
    var LastModifiedTime: Date

    init(_ destination: ApiDestination, detailed: Bool) {
        ApiDestinationArn = destination.arn
        Name = destination.name
        Description = detailed ? destination.description : nil
        ApiDestinationState = destination.state
        ConnectionArn = destination.connectionArn
        InvocationEndpoint = destination.invocationEndpoint
        HttpMethod = destination.httpMethod
        InvocationRateLimitPerSecond = destination.invocationRateLimitPerSecond
        CreationTime = destination.creationTime
        LastModifiedTime = destination.lastModifiedTime
    }
}

/// Create/Update output.
private struct ApiDestinationStateOutput: Encodable {
    var ApiDestinationArn: String
    var ApiDestinationState: String
    var CreationTime: Date
    var LastModifiedTime: Date

    init(_ destination: ApiDestination) {
        ApiDestinationArn = destination.arn
        ApiDestinationState = destination.state
        CreationTime = destination.creationTime
        LastModifiedTime = destination.lastModifiedTime
    }
}

/// Requests naming an API destination, and `ListApiDestinations`.
private struct ApiDestinationNameRequest: Decodable {
    var Name: String?
    var NamePrefix: String?
    var ConnectionArn: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `CreateApiDestination`: decodes the input, applies it and encodes the output.
    func createApiDestination(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ApiDestinationInput.self, from: body, operation: "CreateApiDestination")
        return try Self.encode(ApiDestinationStateOutput(try await catalog.createApiDestination(input)))
    }

    /// `DescribeApiDestination`: decodes the input, applies it and encodes the output.
    func describeApiDestination(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ApiDestinationNameRequest.self, from: body, operation: "DescribeApiDestination")
        return try Self.encode(ApiDestinationOutput(try await catalog.describeApiDestination(name: input.Name), detailed: true))
    }

    /// `UpdateApiDestination`: decodes the input, applies it and encodes the output.
    func updateApiDestination(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ApiDestinationInput.self, from: body, operation: "UpdateApiDestination")
        return try Self.encode(ApiDestinationStateOutput(try await catalog.updateApiDestination(input)))
    }

    /// `DeleteApiDestination`: decodes the input, applies it and encodes the output.
    func deleteApiDestination(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ApiDestinationNameRequest.self, from: body, operation: "DeleteApiDestination")
        try await catalog.deleteApiDestination(name: input.Name)
        return try Self.encode(EmptyOutput())
    }

    /// `ListApiDestinations`: decodes the input, applies it and encodes the output.
    func listApiDestinations(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var ApiDestinations: [ApiDestinationOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ApiDestinationNameRequest.self, from: body, operation: "ListApiDestinations")
        let page = try await catalog.listApiDestinations(
            namePrefix: input.NamePrefix, connectionArn: input.ConnectionArn,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(
            ApiDestinations: page.items.map { ApiDestinationOutput($0, detailed: false) }, NextToken: page.nextToken
        ))
    }
}
