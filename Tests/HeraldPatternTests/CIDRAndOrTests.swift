import Testing

@Suite("cidr, IP literals, $or, structure")
struct CIDRAndOrTests {
    static let cases: [Case] = [
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"10.1.2.3"}"#, .match),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"11.1.2.3"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.77/24"}]}"#, #"{"ip":"10.0.0.5"}"#, .match),
        Case(#"{"ip":[{"cidr":"10.0.0.0/+8"}]}"#, #"{"ip":"10.9.9.9"}"#, .match),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"a00::1"}"#, .match),
        Case(#"{"ip":[{"cidr":"::/0"}]}"#, #"{"ip":"10.0.0.1"}"#, .match),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"::ffff:a00:1"}"#, .match),
        Case(#"{"ip":[{"cidr":"2001:db8::/32"}]}"#, #"{"ip":"2001:DB8:0:0::ff"}"#, .match),
        Case(#"{"ip":[{"cidr":"2001:db8::/32"}]}"#, #"{"ip":"2001:db9::1"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"10.0.0.1:80"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":" 10.0.0.1"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":"10.0.0.1/32"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"::/0"}]}"#, #"{"ip":"fe80::1%eth0"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"::/0"}]}"#, #"{"ip":"::ffff:10.0.0.1"}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8"}]}"#, #"{"ip":167772161}"#, .nomatch),
        Case(#"{"ip":[{"cidr":"10.0.0.0/32"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"::/128"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"10.0.0.0/ 8"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"10.0.0.0"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"10.0.0.0/8/8"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"10.0.0/8"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"example.com/8"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":"10.0.0.0/-1"}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":5}]}"#, "{}", .invalid),
        Case(#"{"ip":[{"cidr":["10.0.0.0/8"]}]}"#, "{}", .invalid),
        // IP literal in an exact list
        Case(#"{"ip":["2001:db8::1"]}"#, #"{"ip":"2001:DB8:0::1"}"#, .match),
        Case(#"{"ip":["2001:db8::1"]}"#, #"{"ip":"2001:db8::2"}"#, .nomatch),
        Case(#"{"ip":["10.0.0.1"]}"#, #"{"ip":"10.0.0.1"}"#, .match),
        Case(#"{"ip":["10.0.0.1"]}"#, #"{"ip":"::ffff:a00:1"}"#, .match),
        Case(#"{"ip":["10.0.0.1"]}"#, #"{"ip":"10.0.0.10"}"#, .nomatch),
        // $or
        Case(#"{"$or":[{"a":["x"]},{"b":["y"]}]}"#, #"{"b":"y"}"#, .match),
        Case(#"{"$or":[{"a":["x"]},{"b":["y"]}]}"#, #"{"c":"y"}"#, .nomatch),
        Case(#"{"s":["q"],"$or":[{"a":["x"]},{"b":["y"]}]}"#, #"{"s":"q","a":"x"}"#, .match),
        Case(#"{"s":["q"],"$or":[{"a":["x"]},{"b":["y"]}]}"#, #"{"s":"r","a":"x"}"#, .nomatch),
        Case(#"{"d":{"$or":[{"a":["x"]},{"b":["y"]}]}}"#, #"{"d":{"b":"y"}}"#, .match),
        Case(#"{"$or":[{"a":["x"]},{"$or":[{"b":["y"]},{"c":["z"]}]}]}"#, #"{"c":"z"}"#, .match),
        Case(#"{"$or":{"a":["x"]}}"#, #"{"$or":{"a":"x"}}"#, .match),
        Case(#"{"$or":[{"prefix":"x"},{"suffix":"y"}]}"#, #"{"$or":"xa"}"#, .match),
        Case(#"{"$or":[{"a":{"numeric":["x"]}},{"b":["y"]}]}"#, #"{"b":"y"}"#, .invalid),
        Case(#"{"$or":[{"a":["x"]}]}"#, "{}", .invalid),
        Case(#"{"$or":[]}"#, "{}", .invalid),
        Case(#"{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}"#, #"{"a":"2"}"#, .match),
        Case(#"{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}"#, #"{"a":"1","b":"3"}"#, .match),
        Case(#"{"a":["1"],"$or":[{"a":["2"]},{"b":["3"]}]}"#, #"{"a":"1"}"#, .nomatch),
        Case(#"{"$or":[{"a":["2"]},{"b":["3"]}],"a":["1"]}"#, #"{"a":"2"}"#, .nomatch),
        Case(#"{"$or":[{"a":["2"]},{"b":["3"]}],"a":["1"]}"#, #"{"a":"1"}"#, .match),
        // structure
        Case("[]", "{}", .invalid),
        Case("{}", "{}", .invalid),
        Case(#"{"a":"x"}"#, "{}", .invalid),
        Case(#"{"a":5}"#, "{}", .invalid),
        Case(#"{"a":{}}"#, "{}", .invalid),
        Case(#"{"a":[]}"#, "{}", .invalid),
        Case(#"{"a":[["x"]]}"#, "{}", .invalid),
        Case(#"{"a":[{}]}"#, "{}", .invalid),
        Case(#"{"a":[{"prefix":"x","suffix":"y"}]}"#, "{}", .invalid),
        Case(#"{"a":[{"Prefix":"x"}]}"#, "{}", .invalid),
        Case(#"{"a":[{"regex":"x"}]}"#, "{}", .invalid),
        Case(#"{"a":["x"]"#, "{}", .invalid),
        Case("null", "{}", .invalid),
    ]

    @Test("verdicts", arguments: cases)
    func verdicts(_ row: Case) {
        #expect(Verdict.of(pattern: row.pattern, event: row.event) == row.expected)
    }
}
