/// The benchmark workload of `patterns.md`: ~1 KiB EventBridge-style events and the five-family rule mix.
struct Workload {
    /// `fixed`: 50 sources × 40 detail types; `scaled`: max(50, rules/2) × max(40, rules/10).
    enum Variant: String, CaseIterable {
        case fixed, scaled
    }

    static let states = ["running", "pending", "stopping", "stopped", "terminated", "rebooting", "shutting-down", "starting"]
    static let regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "ap-northeast-1", "sa-east-1", "ca-central-1"]
    static let instanceCount = 500
    static let countRange = 10_000

    let sources: [String]
    let types: [String]

    init(variant: Variant, rules: Int) {
        let sourceCount = variant == .fixed ? 50 : max(50, rules / 2)
        let typeCount = variant == .fixed ? 40 : max(40, rules / 10)
        sources = (0..<sourceCount).map { "com.example.service\($0)" }
        types = (0..<typeCount).map { "Example Event Type \($0)" }
    }

    static func instance(_ index: Int) -> String {
        let digits = String(String(index * 7919 % 1_000_003, radix: 16).reversed())
        return "i-0" + digits + String(repeating: "a", count: max(0, 16 - digits.count))
    }

    /// One event of about 1,000 bytes (envelope plus a 21-field detail with nested objects and arrays).
    func event(_ random: inout BenchRandom) -> String {
        let source = random.pick(sources)
        let type = random.pick(types)
        let region = random.pick(Self.regions)
        let instance = Self.instance(random.int(Self.instanceCount))
        let state = random.pick(Self.states)
        let count = random.int(Self.countRange)
        let detail = [
            #""instance-id":"\#(instance)""#, #""state":"\#(state)""#, #""region":"\#(region)""#, #""count":\#(count)"#,
            #""size":\#(random.int(1000)).\#(random.int(100))"#, #""enabled":\#(random.int(2) == 0)"#, #""owner":"arn:aws:iam::123456789012:role/service-role/operator-\#(random.int(100))""#,
            #""az":"\#(region)\#(random.pick(["a", "b", "c"]))""#, #""vpc":"vpc-\#(random.hex(8))""#,
            #""subnet":"subnet-\#(random.hex(8))""#, #""ip":"10.\#(random.int(256)).\#(random.int(256)).\#(random.int(256))""#,
            #""tags":{"env":"\#(random.pick(["prod", "staging", "dev"]))","team":"team-\#(random.int(30))","cost":\#(random.int(9999)),"project":"event-routing-benchmark","contact":"ops-team-\#(random.int(10))@example.com"}"#,
            #""items":[{"sku":"SKU-\#(random.hex(6))","qty":\#(random.int(9))},{"sku":"SKU-\#(random.hex(6))","qty":\#(random.int(9))}]"#,
            #""image":"ami-\#(random.hex(17))","request":"\#(random.hex(8))-\#(random.hex(4))-\#(random.hex(4))-\#(random.hex(4))-\#(random.hex(12))""#, #""type":"\#(random.pick(["t3.micro", "m5.large", "c6g.xlarge"]))""#,
            #""launch":"2026-11-\#(10 + random.int(18))T0\#(random.int(10)):1\#(random.int(10)):00Z""#,
            #""reason":"\#(random.pick(["User initiated (2026-11-22 09:59:58 GMT)", "Scheduled maintenance window event", "Failed system health check on host"]))""#, #""retries":\#(random.int(5))"#,
            #""labels":["\#(random.pick(["a", "b", "c"]))","\#(random.pick(["x", "y", "z"]))"]"#, #""version":\#(random.int(40)).\#(random.int(10))"#,
        ]
        return #"{"version":"0","id":"\#(random.hex(8))-\#(random.hex(4))-\#(random.hex(4))-\#(random.hex(4))-\#(random.hex(12))","detail-type":"\#(type)","source":"\#(source)","account":"123456789012","time":"2026-11-22T10:00:00Z","region":"\#(region)","resources":["arn:aws:ec2:\#(region):123456789012:instance/\#(instance)"],"detail":{\#(detail.joined(separator: ","))}}"#
    }

    /// Rule `index` of the mix: 40% source+type, 25% source+prefix state, 15% region+instance,
    /// 10% source+numeric range on count, 10% type+anything-but list.
    func rule(_ index: Int, _ random: inout BenchRandom) -> String {
        switch index % 20 {
        case 0..<8:
            return #"{"source":["\#(random.pick(sources))"],"detail-type":["\#(random.pick(types))"]}"#
        case 8..<13:
            let prefix = String(random.pick(Self.states).prefix(3 + random.int(3)))
            return #"{"source":["\#(random.pick(sources))"],"detail":{"state":[{"prefix":"\#(prefix)"}]}}"#
        case 13..<16:
            return #"{"detail":{"region":["\#(random.pick(Self.regions))"],"instance-id":["\#(Self.instance(random.int(Self.instanceCount)))"]}}"#
        case 16..<18:
            let low = random.int(Self.countRange)
            return #"{"source":["\#(random.pick(sources))"],"detail":{"count":[{"numeric":[">=",\#(low),"<",\#(low + 1 + random.int(2000))]}]}}"#
        default:
            return #"{"detail-type":["\#(random.pick(types))"],"detail":{"state":[{"anything-but":["stopped","terminated"]}]}}"#
        }
    }

    /// A rule of the all-numeric case: an overlapping range on `detail.count` of width 1–`maximumWidth`.
    static func numericRule(_ random: inout BenchRandom, maximumWidth: Int) -> String {
        let low = random.int(countRange)
        return #"{"detail":{"count":[{"numeric":[">=",\#(low),"<",\#(low + 1 + random.int(maximumWidth))]}]}}"#
    }
}
