import Testing

@Suite("Exact values, arrays, paths")
struct ExactMatchTests {
    static let cases: [Case] = [
        // strings, byte for byte, no normalisation
        Case(#"{"source":["aws.ec2"]}"#, #"{"source":"aws.ec2"}"#, .match),
        Case(#"{"source":["aws.ec2"]}"#, #"{"source":"aws.ec2 "}"#, .nomatch),
        Case(#"{"a":["é"]}"#, #"{"a":"e\u0301"}"#, .nomatch),
        Case(#"{"a":["\u00e9"]}"#, #"{"a":"é"}"#, .match),
        Case(#"{"a":["e\u0301"]}"#, #"{"a":"e\u0301"}"#, .match),
        Case(#"{"a":[""]}"#, #"{"a":""}"#, .match),
        // types never cross
        Case(#"{"a":["5"]}"#, #"{"a":5}"#, .nomatch),
        Case(#"{"a":[5]}"#, #"{"a":"5"}"#, .nomatch),
        Case(#"{"a":["true"]}"#, #"{"a":true}"#, .nomatch),
        Case(#"{"a":[true]}"#, #"{"a":"true"}"#, .nomatch),
        Case(#"{"a":["null"]}"#, #"{"a":null}"#, .nomatch),
        Case(#"{"a":[null]}"#, #"{"a":"null"}"#, .nomatch),
        Case(#"{"a":[true]}"#, #"{"a":true}"#, .match),
        Case(#"{"a":[false]}"#, #"{"a":false}"#, .match),
        Case(#"{"a":[false]}"#, #"{"a":true}"#, .nomatch),
        Case(#"{"a":[0]}"#, #"{"a":false}"#, .nomatch),
        Case(#"{"a":[null]}"#, #"{"a":null}"#, .match),
        Case(#"{"a":[null]}"#, #"{"b":1}"#, .nomatch),
        Case(#"{"a":[null]}"#, #"{"a":[]}"#, .nomatch),
        // arrays: OR in the pattern, any element in the event
        Case(#"{"a":["x","y"]}"#, #"{"a":"y"}"#, .match),
        Case(#"{"a":["x","y"]}"#, #"{"a":["q","x"]}"#, .match),
        Case(#"{"a":["x"]}"#, #"{"a":[["q"],["x"]]}"#, .match),
        Case(#"{"a":["x"]}"#, #"{"a":[]}"#, .nomatch),
        Case(#"{"a":["x"]}"#, #"{"a":{"x":1}}"#, .nomatch),
        // AND across fields
        Case(#"{"a":["x"],"b":["y"]}"#, #"{"a":"x","b":"y"}"#, .match),
        Case(#"{"a":["x"],"b":["y"]}"#, #"{"a":"x","b":"z"}"#, .nomatch),
        Case(#"{"a":["x"],"b":["y"]}"#, #"{"a":"x"}"#, .nomatch),
        // nesting and dotted paths are the same thing
        Case(#"{"detail":{"state":["running"]}}"#, #"{"detail":{"state":"running"}}"#, .match),
        Case(#"{"detail.state":["running"]}"#, #"{"detail":{"state":"running"}}"#, .match),
        Case(#"{"detail":{"state":["running"]}}"#, #"{"detail.state":"running"}"#, .match),
        Case(#"{"a":{"b":{"c":[1]}}}"#, #"{"a.b":{"c":1}}"#, .match),
        Case(#"{"a":{"b":["x"]}}"#, #"{"a":[{"b":"y"},{"b":"x"}]}"#, .match),
        Case(#"{"a":{"b":["x"]}}"#, #"{"a":{"b":{"c":"x"}}}"#, .nomatch),
        // duplicate keys: last wins
        Case(#"{"a":["x"],"a":["y"]}"#, #"{"a":"y"}"#, .match),
        Case(#"{"a":["x"],"a":["y"]}"#, #"{"a":"x"}"#, .nomatch),
        Case(#"{"a.b":["x"],"a":{"b":["y"]}}"#, #"{"a":{"b":"y"}}"#, .match),
        Case(#"{"a.b":["x"],"a":{"b":["y"]}}"#, #"{"a":{"b":"x"}}"#, .nomatch),
        // array consistency
        Case(#"{"a":{"b":[1],"c":[4]}}"#, #"{"a":[{"b":1,"c":2},{"b":3,"c":4}]}"#, .nomatch),
        Case(#"{"a":{"b":[1],"c":[2]}}"#, #"{"a":[{"b":1,"c":2},{"b":3,"c":4}]}"#, .match),
        Case(#"{"a":{"b":[3],"c":[4]}}"#, #"{"a":[{"b":1,"c":2},{"b":3,"c":4}]}"#, .match),
        Case(#"{"x":["y"],"a":{"b":[3]}}"#, #"{"x":"y","a":[{"b":1,"c":2},{"b":3,"c":4}]}"#, .match),
        Case(#"{"a":{"b":[1]},"d":{"e":[2]}}"#, #"{"a":[{"b":1}],"d":[{"e":0},{"e":2}]}"#, .match),
        Case(#"{"a":{"b":{"c":[1],"d":[2]}}}"#, #"{"a":[{"b":[{"c":1},{"d":2}]}]}"#, .nomatch),
        Case(#"{"a":{"b":{"c":[1],"d":[2]}}}"#, #"{"a":[{"b":[{"c":1,"d":2}]}]}"#, .match),
        Case(#"{"a":{"b":[1,3],"c":[2,4]}}"#, #"{"a":[{"b":1,"c":4},{"b":3,"c":4}]}"#, .match),
        // escaped keys and values are unescaped before matching
        Case(#"{"detail":{"a":["x"]}}"#, #"{"det\u0061il":{"a":"\u0078"}}"#, .match),
        Case(#"{"a.b":["x"]}"#, #"{"a\u002eb":"x"}"#, .match),
        // events: duplicate keys give both leaves
        Case(#"{"a":["x"]}"#, #"{"a":"y","a":"x"}"#, .match),
    ]

    @Test("verdicts", arguments: cases)
    func verdicts(_ row: Case) {
        #expect(Verdict.of(pattern: row.pattern, event: row.event) == row.expected)
    }
}
