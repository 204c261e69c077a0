import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeraldAdmin

/// Runs EventBridge API calls for `herald rules|archive|replay …`: builds the HTTP client and the SigV4 signer from
/// the environment, calls, prints, shuts the client down.
enum EventBridgeCommandRunner {
    /// The signer from `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (region `AWS_REGION`, `AWS_DEFAULT_REGION`,
    /// else `us-east-1`), or `nil` when they are not both set (developer-mode servers accept unsigned calls).
    static func signer(environment: [String: String] = ProcessInfo.processInfo.environment) -> SigV4Signer? {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty,
            let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty
        else { return nil }
        let region = [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"]].compactMap { $0 }.first { !$0.isEmpty }
        return SigV4Signer(accessKeyID: key, secretAccessKey: secret, region: region ?? "us-east-1", service: "events")
    }

    /// Calls `operation`, then prints its answer as text (`render`) or JSON.
    /// - Throws: `ExitCode.failure` after printing the error to standard error.
    static func run<Value: Encodable & Sendable>(
        _ options: AdminOptions, render: (Value) -> String,
        _ operation: (EventBridgeClient) async throws(AdminClientError) -> Value
    ) async throws {
        let value = try await call(options, operation)
        switch options.output {
        case .table: print(render(value), terminator: "")
        case .json: print(AdminCommandRunner.json(value))
        }
    }

    /// Calls `operation` with a client for `options` and returns its answer; the HTTP client is always shut down.
    /// - Throws: `ExitCode.failure` after printing the error to standard error.
    static func call<Value: Sendable>(
        _ options: AdminOptions, _ operation: (EventBridgeClient) async throws(AdminClientError) -> Value
    ) async throws -> Value {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result<Value, AdminClientError>
        do {
            let client = try EventBridgeClient(endpoint: options.endpoint, signer: signer(), httpClient: httpClient)
            result = .success(try await operation(client))
        } catch {
            result = .failure(error)
        }
        try await httpClient.shutdown()
        switch result {
        case .success(let value):
            return value
        case .failure(let error):
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
