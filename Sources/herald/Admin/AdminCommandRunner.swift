import ArgumentParser
import AsyncHTTPClient
import Foundation
import HeraldAdmin

/// Runs one admin API call for a CLI command: builds the HTTP client, calls, prints, shuts the client down.
enum AdminCommandRunner {
    /// Calls `operation` with a client for `options`, then prints the answer as a table (`render`) or JSON.
    /// - Throws: `ExitCode.failure` after printing the error to standard error.
    static func run<Value: Encodable & Sendable>(
        _ options: AdminOptions, render: (Value) -> String,
        _ operation: (AdminClient) async throws(AdminClientError) -> Value
    ) async throws {
        let value = try await call(options, operation)
        print(value, options: options, render: render)
    }

    /// Prints an answer as a table (`render`) or JSON.
    static func print<Value: Encodable>(_ value: Value, options: AdminOptions, render: (Value) -> String) {
        switch options.output {
        case .table: Swift.print(render(value), terminator: "")
        case .json: Swift.print(json(value))
        }
    }

    /// Calls `operation` with a client for `options` and returns its answer; the HTTP client is always shut down.
    /// - Throws: `ExitCode.failure` after printing the error to standard error.
    static func call<Value: Sendable>(
        _ options: AdminOptions, _ operation: (AdminClient) async throws(AdminClientError) -> Value
    ) async throws -> Value {
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let result: Result<Value, AdminClientError>
        do {
            let client = try AdminClient(endpoint: options.endpoint, token: options.resolvedToken, httpClient: httpClient)
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

    /// Pretty, key-sorted JSON.
    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
