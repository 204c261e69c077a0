import Foundation
import HeraldCatalog

/// `DescribeConnectionResponse` (secrets removed).
private struct ConnectionOutput: Encodable {
    var ConnectionArn: String
    var Name: String
    var Description: String?
    var ConnectionState: String
    var StateReason: String?
    var AuthorizationType: String
    var SecretArn: String?
    var KmsKeyIdentifier: String?
    var AuthParameters: ConnectionAuthParameters?
    var CreationTime: Date
    var LastModifiedTime: Date
    var LastAuthorizedTime: Date?

    init(_ connection: Connection, detailed: Bool) {
        ConnectionArn = connection.arn
        Name = connection.name
        Description = detailed ? connection.description : nil
        ConnectionState = connection.state.rawValue
        StateReason = connection.stateReason
        AuthorizationType = connection.authorizationType.rawValue
        SecretArn = detailed ? connection.secretArn : nil
        KmsKeyIdentifier = detailed ? connection.kmsKeyIdentifier : nil
        AuthParameters = detailed ? connection.redactedAuthParameters : nil
        CreationTime = connection.creationTime
        LastModifiedTime = connection.lastModifiedTime
        LastAuthorizedTime = connection.lastAuthorizedTime
    }
}

/// Create/Update/Delete/Deauthorize output: ARN, state and times.
private struct ConnectionStateOutput: Encodable {
    var ConnectionArn: String
    var ConnectionState: String
    var CreationTime: Date
    var LastModifiedTime: Date
    var LastAuthorizedTime: Date?

    init(_ connection: Connection) {
        ConnectionArn = connection.arn
        ConnectionState = connection.state.rawValue
        CreationTime = connection.creationTime
        LastModifiedTime = connection.lastModifiedTime
        LastAuthorizedTime = connection.lastAuthorizedTime
    }
}

/// Requests naming a connection, and `ListConnections`.
private struct ConnectionNameRequest: Decodable {
    var Name: String?
    var NamePrefix: String?
    var ConnectionState: String?
    var NextToken: String?
    var Limit: Int?
}

extension EventBridgeAPI {
    /// `CreateConnection`: decodes the input, applies it and encodes the output.
    func createConnection(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(CreateConnectionInput.self, from: body, operation: "CreateConnection")
        return try Self.encode(ConnectionStateOutput(try await catalog.createConnection(input)))
    }

    /// `DescribeConnection`: decodes the input, applies it and encodes the output.
    func describeConnection(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ConnectionNameRequest.self, from: body, operation: "DescribeConnection")
        return try Self.encode(ConnectionOutput(try await catalog.describeConnection(name: input.Name), detailed: true))
    }

    /// `UpdateConnection`: decodes the input, applies it and encodes the output.
    func updateConnection(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(UpdateConnectionInput.self, from: body, operation: "UpdateConnection")
        return try Self.encode(ConnectionStateOutput(try await catalog.updateConnection(input)))
    }

    /// `DeleteConnection`: decodes the input, applies it and encodes the output.
    func deleteConnection(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ConnectionNameRequest.self, from: body, operation: "DeleteConnection")
        return try Self.encode(ConnectionStateOutput(try await catalog.deleteConnection(name: input.Name)))
    }

    /// `DeauthorizeConnection`: decodes the input, applies it and encodes the output.
    func deauthorizeConnection(_ body: [UInt8]) async throws -> [UInt8] {
        let input = try Self.decode(ConnectionNameRequest.self, from: body, operation: "DeauthorizeConnection")
        return try Self.encode(ConnectionStateOutput(try await catalog.deauthorizeConnection(name: input.Name)))
    }

    /// `ListConnections`: decodes the input, applies it and encodes the output.
    func listConnections(_ body: [UInt8]) async throws -> [UInt8] {
        struct Output: Encodable {
            var Connections: [ConnectionOutput]
            var NextToken: String?
        }
        let input = try Self.decode(ConnectionNameRequest.self, from: body, operation: "ListConnections")
        let page = try await catalog.listConnections(
            namePrefix: input.NamePrefix, state: input.ConnectionState,
            page: PageRequest(nextToken: input.NextToken, limit: input.Limit)
        )
        return try Self.encode(Output(Connections: page.items.map { ConnectionOutput($0, detailed: false) }, NextToken: page.nextToken))
    }
}
