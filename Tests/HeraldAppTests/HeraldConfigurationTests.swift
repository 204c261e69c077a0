import HeraldApp
import Testing

/// What counts as a loopback HTTP address (developer mode and an open admin API are allowed only there).
@Suite struct HeraldConfigurationTests {
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"])
    func loopback(host: String) {
        #expect(HeraldConfiguration(httpHost: host).isLoopback)
    }

    @Test(arguments: ["0.0.0.0", "127.example.com", "127.0.0.1.example.com", "::", "192.168.1.10", "::2", "example.com"])
    func notLoopback(host: String) {
        #expect(!HeraldConfiguration(httpHost: host).isLoopback)
    }
}
