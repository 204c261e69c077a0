// herald-transport-bench: drives Herald's delivery transports with N concurrent senders against a loopback HTTP
// sink (Tools/delivery-bench/sink.c) and prints requests/s and CPU µs per request for each, medians over
// repetitions. Run it through Tools/transport-bench/run.py, which also builds the sink and runs `wrk` for the ratio.
//
//   herald-transport-bench --url http://127.0.0.1:PORT/bench [--requests 100000] [--concurrency 64]
//       [--repetitions 5] [--body-bytes 1024] [--transports pooled,ahc] [--threads 1] [--loops-per-host 1]
#if canImport(Glibc)
import Glibc
#endif
import AsyncHTTPClient
import HeraldDelivery
import HeraldEvents
import NIOCore
import NIOPosix

/// Command-line options (`--name value`).
struct Options {
    var url = ""
    var requests = 100_000
    var concurrency = 64
    var repetitions = 5
    var bodyBytes = 1024
    var transports = ["pooled", "ahc"]
    var threads = 1
    var loopsPerHost = 1

    init(arguments: [String]) throws(BenchError) {
        var index = 1
        func value() throws(BenchError) -> String {
            index += 1
            guard index < arguments.count else { throw BenchError.usage("\(arguments[index - 1]) needs a value") }
            return arguments[index]
        }
        func number() throws(BenchError) -> Int {
            let text = try value()
            guard let parsed = Int(text), parsed > 0 else { throw BenchError.usage("not a positive number: \(text)") }
            return parsed
        }
        while index < arguments.count {
            switch arguments[index] {
            case "--url": url = try value()
            case "--requests": requests = try number()
            case "--concurrency": concurrency = try number()
            case "--repetitions": repetitions = try number()
            case "--body-bytes": bodyBytes = try number()
            case "--threads": threads = try number()
            case "--loops-per-host": loopsPerHost = try number()
            case "--transports": transports = try value().split(separator: ",").map(String.init)
            default: throw BenchError.usage("unknown option \(arguments[index])")
            }
            index += 1
        }
        guard url.hasPrefix("http://") else { throw BenchError.usage("--url http://127.0.0.1:PORT/path is required") }
    }
}

/// Why the benchmark stopped.
enum BenchError: Error {
    case usage(String)
    case failedRequests(transport: String, count: Int, example: String)
}

/// One repetition's figures.
struct Run {
    var seconds: Double
    var cpuSeconds: Double
    var requests: Int
    var requestsPerSecond: Double { Double(requests) / seconds }
    var cpuMicrosecondsPerRequest: Double { cpuSeconds * 1e6 / Double(requests) }
}

/// User + system CPU time of this process.
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Sends `total` requests from `concurrency` sender loops (a fixed set of tasks, as a delivery worker would run).
func drive(_ transport: any DeliveryTransport, request: DeliveryRequest, total: Int, concurrency: Int) async throws(BenchError) -> Run {
    let cpuBefore = processCPUSeconds()
    let start = ContinuousClock.now
    let failures = await withTaskGroup(of: (Int, String).self) { group in
        for sender in 0..<concurrency {
            let share = total / concurrency + (sender < total % concurrency ? 1 : 0)
            group.addTask {
                var failed = 0
                var example = ""
                for _ in 0..<share {
                    switch await transport.send(request) {
                    case .success(let response) where response.statusCode == 200: break
                    case .success(let response):
                        failed += 1
                        example = "status \(response.statusCode)"
                    case .failure(let error):
                        failed += 1
                        example = error.description
                    }
                }
                return (failed, example)
            }
        }
        var total = (0, "")
        for await (failed, example) in group where failed > 0 { total = (total.0 + failed, example) }
        return total
    }
    let elapsed = ContinuousClock.now - start
    let cpu = processCPUSeconds() - cpuBefore
    if failures.0 > 0 { throw BenchError.failedRequests(transport: "\(type(of: transport))", count: failures.0, example: failures.1) }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Run(seconds: seconds, cpuSeconds: cpu, requests: total)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    guard digits > 0 else { return String(scaled) }
    let whole = String(scaled / Int(scale))
    var fraction = String(abs(scaled) % Int(scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return "\(scaled < 0 && whole == "0" ? "-" : "")\(whole).\(fraction)"
}

func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    guard getloadavg(&loads, 3) == 3 else { return "?" }
    return loads.map { fixed($0, 2) }.joined(separator: " ")
}

func main() async throws {
    let options = try Options(arguments: CommandLine.arguments)
    let group = MultiThreadedEventLoopGroup(numberOfThreads: options.threads)
    let client = HTTPClient(
        eventLoopGroup: group,
        configuration: AsyncHTTPClientTransport.recommendedClientConfiguration(maximumConnectionsPerHost: options.concurrency))
    let ahc = AsyncHTTPClientTransport(client: client)
    let pooled = PooledHTTP1Transport(
        configuration: .init(maximumConnectionsPerHost: options.concurrency, eventLoopsPerHost: options.loopsPerHost),
        fallback: ahc, eventLoopGroup: group)
    let body = Array("{\"bench\":\"".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, options.bodyBytes - 12)) + Array("\"}".utf8)
    let request = DeliveryRequest(
        method: "POST", url: options.url,
        headers: ["Content-Type": "application/json", "User-Agent": "herald-transport-bench", "X-Herald-Event-Id": "00000000-0000-0000-0000-000000000000"],
        body: body)
    print("transport-bench: \(options.requests) requests × \(options.repetitions) repetitions, \(options.concurrency) concurrent, "
        + "\(body.count) B bodies, \(options.threads) event loop thread(s), \(options.loopsPerHost) loop(s) per host, load \(loadAverage())")
    do {
        for name in options.transports {
            let transport: any DeliveryTransport = name == "ahc" ? ahc : pooled
            _ = try await drive(transport, request: request, total: min(options.requests, 5_000), concurrency: options.concurrency)
            var runs: [Run] = []
            for _ in 0..<options.repetitions {
                let run = try await drive(transport, request: request, total: options.requests, concurrency: options.concurrency)
                runs.append(run)
                print("  \(name) run: \(fixed(run.requestsPerSecond, 0)) req/s, \(fixed(run.cpuMicrosecondsPerRequest, 1)) CPU µs/req, load \(loadAverage())")
            }
            let rate = median(runs.map(\.requestsPerSecond))
            let cpu = median(runs.map(\.cpuMicrosecondsPerRequest))
            print("RESULT transport=\(name) requests_per_s=\(fixed(rate, 0)) cpu_us_per_request=\(fixed(cpu, 2)) load=\"\(loadAverage())\"")
        }
    } catch {
        await pooled.shutdown()
        try? await client.shutdown()
        try? await group.shutdownGracefully()
        throw error
    }
    await pooled.shutdown()
    try await client.shutdown()
    try await group.shutdownGracefully()
}

try await main()
