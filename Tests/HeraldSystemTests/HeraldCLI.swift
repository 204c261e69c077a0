import Foundation
import HeraldTestSupport

/// Runs the built `herald` binary as a CLI child process (the operator commands under test).
enum HeraldCLI {
    /// Starts `herald ARGS` with standard output and error going to one pipe, standard input empty.
    /// - Parameters:
    ///   - environment: added to (and overriding) the test's environment.
    ///   - strippingCredentials: remove AWS credentials and the admin token inherited from the test's environment.
    static func launch(_ arguments: [String], environment: [String: String] = [:], strippingCredentials: Bool = false) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HeraldProcess.binary)
        process.arguments = arguments
        process.environment = Self.environment(environment, strippingCredentials: strippingCredentials)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, pipe)
    }

    /// The test's environment plus `extra`, optionally without AWS credentials and the admin token.
    static func environment(_ extra: [String: String], strippingCredentials: Bool) -> [String: String] {
        var base = ProcessInfo.processInfo.environment
        if strippingCredentials {
            for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "HERALD_ADMIN_TOKEN"] { base[name] = nil }
        }
        return base.merging(extra) { $1 }
    }

    /// Runs `herald ARGS` to the end; returns (exit status, standard output and error together). The child is waited
    /// for on a thread of its own: blocking one of Swift's few cooperative threads stalls every other test running
    /// meanwhile (under load, trivial tests took 16 s).
    static func run(_ arguments: [String], environment: [String: String] = [:], strippingCredentials: Bool = false) async throws -> (Int32, String) {
        try await onThread { try runBlocking(arguments, environment: environment, strippingCredentials: strippingCredentials) }
    }

    private static func runBlocking(_ arguments: [String], environment: [String: String], strippingCredentials: Bool) throws -> (Int32, String) {
        let (process, pipe) = try launch(arguments, environment: environment, strippingCredentials: strippingCredentials)
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// ``run(_:environment:strippingCredentials:)`` that also returns when the command ended, taken on the thread that
    /// waited for it (not after the caller resumed).
    static func runOnThread(_ arguments: [String]) async throws -> ((Int32, String), ContinuousClock.Instant) {
        try await onThread { (try runBlocking(arguments, environment: [:], strippingCredentials: false), ContinuousClock.now) }
    }

    /// Runs `herald ARGS` to the end; returns (exit status, standard output, standard error) kept apart.
    static func runSeparately(_ arguments: [String]) async throws -> (Int32, String, String) {
        try await onThread { try runSeparatelyBlocking(arguments) }
    }

    private static func runSeparatelyBlocking(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: HeraldProcess.binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
