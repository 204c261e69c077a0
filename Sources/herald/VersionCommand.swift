import ArgumentParser

/// `herald version`: prints the version of this build.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print Herald's version.")

    /// The release version of Herald; bumped by hand on release.
    static let current = "0.1.0-dev"

    func run() throws {
        print("herald \(Self.current)")
    }
}
