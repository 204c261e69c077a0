import Foundation
import Testing

/// The test harness's own promise: when a server does not stop cleanly, the failure message carries what it wrote.
@Suite("Test harness: herald serve child process", .serialized, .timeLimit(.minutes(2)))
struct HeraldProcessTests {
    @Test("a stop that is not a clean exit reports the server's last output; a clean one does not; the output file goes with the object")
    func stopReportsOutput() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("herald-proc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var server: HeraldProcess? = HeraldProcess(dataDirectory: directory)
        try await server!.start()
        #expect(server!.outputTail().contains("herald ready"), "the ready line is kept after start")
        let killed = await server!.stop(signal: SIGKILL)
        #expect(killed != 0)
        #expect(server!.lastStop.contains("the server's last output"), "\(server!.lastStop)")
        #expect(server!.lastStop.contains("herald ready"), "\(server!.lastStop)")

        try await server!.start()
        let status = await server!.stop(signal: SIGTERM)
        #expect(status == 0, "\(server!.lastStop)")
        #expect(!server!.lastStop.contains("the server's last output"), "\(server!.lastStop)")

        let output = directory + ".out"
        #expect(FileManager.default.fileExists(atPath: output))
        server = nil
        #expect(!FileManager.default.fileExists(atPath: output), "the output file beside the data directory is removed with the object")
    }
}
