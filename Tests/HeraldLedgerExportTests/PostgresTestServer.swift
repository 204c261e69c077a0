import Foundation

/// A throwaway PostgreSQL cluster for tests: `initdb` into a temporary directory, started with `pg_ctl` on
/// 127.0.0.1 and a free port, SCRAM password authentication over TCP, `fsync=off`, stopped and deleted by ``stop()``.
///
/// PostgreSQL refuses to run as root; when the tests run as root, every server command runs as the `postgres`
/// user through `runuser`, and the cluster directory is handed to that user.
struct PostgresTestServer {
    let directory: URL
    let port: Int
    let binDirectory: String
    let runAsPostgres: Bool
    let username = "herald"
    let database = "postgres"
    /// The superuser's password (SCRAM over TCP); `@` and `/` exercise percent-decoding in URLs.
    let password = "p@ss/w0rd"

    /// The directory holding `initdb` and `pg_ctl`, if PostgreSQL is installed (`HERALD_PG_BIN` overrides).
    static var binDirectory: String? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["HERALD_PG_BIN"] {
            return fileManager.isExecutableFile(atPath: override + "/initdb") ? override : nil
        }
        let root = "/usr/lib/postgresql"
        let versions = (try? fileManager.contentsOfDirectory(atPath: root)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = "\(root)/\(version)/bin"
            if fileManager.isExecutableFile(atPath: bin + "/initdb"), fileManager.isExecutableFile(atPath: bin + "/pg_ctl") {
                return bin
            }
        }
        return nil
    }

    /// `true` when a cluster can be started here: binaries present, and (as root) `runuser` and a `postgres` user.
    static var isAvailable: Bool {
        guard binDirectory != nil else { return false }
        if getuid() != 0 { return true }
        return FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser") && getpwnam("postgres") != nil
    }

    /// Initializes and starts a cluster (bounded: `pg_ctl -w -t 60`).
    /// - Parameter tls: Also enable TLS with a fresh self-signed certificate for `127.0.0.1` (needs `openssl`).
    static func start(tls: Bool = false) throws -> PostgresTestServer {
        guard let bin = binDirectory else { throw ServerError("PostgreSQL binaries not found") }
        let directory = URL(fileURLWithPath: "/tmp/herald-pg-\(UUID().uuidString.prefix(8))", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let server = PostgresTestServer(
            directory: directory, port: try freePort(), binDirectory: bin, runAsPostgres: getuid() == 0)
        if server.runAsPostgres, let user = getpwnam("postgres") {
            guard chown(directory.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
                throw ServerError("cannot chown \(directory.path) to postgres")
            }
        }
        let data = directory.appendingPathComponent("data").path
        let passwordFile = directory.appendingPathComponent("password.txt").path
        guard FileManager.default.createFile(atPath: passwordFile, contents: Data(server.password.utf8)) else {
            throw ServerError("cannot write \(passwordFile)")
        }
        if server.runAsPostgres, let user = getpwnam("postgres") {
            _ = chown(passwordFile, user.pointee.pw_uid, user.pointee.pw_gid)
        }
        try server.run(
            "initdb",
            ["-D", data, "-U", server.username, "--auth-local=trust", "--auth-host=scram-sha-256",
             "--pwfile=\(passwordFile)", "-E", "UTF8", "--no-sync"])
        var options = "-c listen_addresses=127.0.0.1 -p \(server.port) -k \(directory.path) -c fsync=off"
        if tls {
            let key = directory.appendingPathComponent("server.key").path
            let certificate = directory.appendingPathComponent("server.crt").path
            try spawn(
                "/usr/bin/openssl",
                ["openssl", "req", "-new", "-x509", "-days", "1", "-nodes", "-subj", "/CN=127.0.0.1", "-newkey",
                 "rsa:2048", "-keyout", key, "-out", certificate],
                output: directory.appendingPathComponent("openssl-output.log").path)
            if server.runAsPostgres, let user = getpwnam("postgres") {
                _ = chown(key, user.pointee.pw_uid, user.pointee.pw_gid)
                _ = chown(certificate, user.pointee.pw_uid, user.pointee.pw_gid)
            }
            _ = chmod(key, 0o600)
            options += " -c ssl=on -c ssl_cert_file=\(certificate) -c ssl_key_file=\(key)"
        }
        try server.run(
            "pg_ctl",
            ["-D", data, "-l", directory.appendingPathComponent("server.log").path, "-o", options, "-w", "-t", "60",
             "start"])
        return server
    }

    /// Stops the server (immediate mode) and deletes its directory.
    func stop() {
        try? run("pg_ctl", ["-D", directory.appendingPathComponent("data").path, "-m", "immediate", "-w", "-t", "30", "stop"])
        try? FileManager.default.removeItem(at: directory)
    }

    /// The URL with the percent-encoded password.
    var url: String { "postgres://\(username):p%40ss%2Fw0rd@127.0.0.1:\(port)/\(database)?sslmode=disable" }

    /// Runs a PostgreSQL tool to completion (as `postgres` through `runuser` when root), output to a log file.
    ///
    /// Uses `posix_spawn` and `waitpid` rather than Foundation's `Process`: on Linux, `Process` notices the exit
    /// through a descriptor the child inherits, and the server that `pg_ctl start` leaves running keeps it open, so
    /// `waitUntilExit()` would never return.
    func run(_ tool: String, _ arguments: [String]) throws {
        let executable = runAsPostgres ? "/usr/sbin/runuser" : "\(binDirectory)/\(tool)"
        let argv = runAsPostgres
            ? ["runuser", "-u", "postgres", "--", "\(binDirectory)/\(tool)"] + arguments : [tool] + arguments
        try Self.spawn(executable, argv, output: directory.appendingPathComponent("\(tool)-output.log").path)
    }

    /// Runs `executable` with `argv` to completion, stdin from /dev/null, stdout and stderr to `output`.
    static func spawn(_ executable: String, _ argv: [String], output outputPath: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw ServerError("cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw ServerError("waitpid failed: \(errno)") }
        }
        let exitedNormally = status & 0x7f == 0
        let code = (status >> 8) & 0xff
        guard exitedNormally, code == 0 else {
            let text = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            throw ServerError("\(argv.first ?? executable) failed (status \(status)): \(text)")
        }
    }

    /// A port that was free a moment ago on 127.0.0.1.
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw ServerError("socket() failed") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0 else { throw ServerError("bind() failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else { throw ServerError("getsockname() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
