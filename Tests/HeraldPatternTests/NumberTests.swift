import HeraldPattern
import Testing

@Suite("Numbers and numeric")
struct NumberTests {
    static let cases: [Case] = [
        Case(#"{"a":[300]}"#, #"{"a":3e2}"#, .match),
        Case(#"{"a":[300]}"#, #"{"a":3.0E+2}"#, .match),
        Case(#"{"a":[300]}"#, #"{"a":300.000}"#, .match),
        Case(#"{"a":[3.0e2]}"#, #"{"a":300}"#, .match),
        Case(#"{"a":[-0]}"#, #"{"a":0}"#, .match),
        Case(#"{"a":[0]}"#, #"{"a":-0.0}"#, .match),
        Case(#"{"a":[12345678901234567890]}"#, #"{"a":12345678901234567890}"#, .match),
        Case(#"{"a":[12345678901234567890]}"#, #"{"a":12345678901234567890.0}"#, .nomatch),
        Case(#"{"a":[1e400]}"#, #"{"a":1e400}"#, .match),
        Case(#"{"a":[1e400]}"#, #"{"a":1E400}"#, .nomatch),
        Case(#"{"a":[9007199254740992]}"#, #"{"a":9007199254740993}"#, .nomatch),
        Case(#"{"a":[0.3]}"#, #"{"a":0.29999999999999999}"#, .nomatch),
        Case(#"{"a":[1]}"#, #"{"a":1.0000000000000001}"#, .nomatch),
        Case(#"{"a":[{"numeric":["=",1]}]}"#, #"{"a":1.0000000000000001}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",0]}]}"#, #"{"a":1.0000000000000001}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",0]}]}"#, #"{"a":5e-324}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",0]}]}"#, #"{"a":"5"}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",0]}]}"#, #"{"a":true}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",0]}]}"#, #"{"a":null}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",1e300]}]}"#, #"{"a":1.5e308}"#, .match),
        Case(#"{"a":[{"numeric":["<",0]}]}"#, #"{"a":-1.5e308}"#, .match),
        Case(#"{"a":[{"numeric":["=",300]}]}"#, #"{"a":3e2}"#, .match),
        Case(#"{"a":[{"numeric":[">=",5,"<",10]}]}"#, #"{"a":5}"#, .match),
        Case(#"{"a":[{"numeric":[">",5,"<",10]}]}"#, #"{"a":5}"#, .nomatch),
        Case(#"{"a":[{"numeric":[">",5,"<=",10]}]}"#, #"{"a":10}"#, .match),
        Case(#"{"a":[{"numeric":[">",5,"<",10]}]}"#, #"{"a":10}"#, .nomatch),
        Case(#"{"a":[{"numeric":["<=",10]}]}"#, #"{"a":10}"#, .match),
        Case(#"{"a":[{"numeric":["<",10]}]}"#, #"{"a":[20,3]}"#, .match),
        Case(#"{"a":[{"numeric":[">",0,"<",1]}]}"#, #"{"a":0.5}"#, .match),
        Case(#"{"a":[{"numeric":[">",0,"<",1]},5]}"#, #"{"a":5.0}"#, .match),
        // invalid numeric forms
        Case(#"{"a":[{"numeric":[">=",5,"<=",5]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">=",6,"<=",5]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":["<",5,">",1]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":["=",1,"=",1]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":["!=",1]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":["> ",1]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">","1"]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">",1,"<",5,"<",6]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">"]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":">5"}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">",12345678901234567890]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">",1e400]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">",0.29999999999999999]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[5]}]}"#, "{}", .invalid),
        Case(#"{"a":[{"numeric":[">",1,"<"]}]}"#, "{}", .invalid),
    ]

    @Test("verdicts", arguments: cases)
    func verdicts(_ row: Case) {
        #expect(Verdict.of(pattern: row.pattern, event: row.event) == row.expected)
    }

    @Test("comparability", arguments: [
        ("300", true), ("3e2", true), ("0.1", true), ("-0", true), ("1e23", true), ("1.5e308", true),
        ("9007199254740993", false), ("1.0000000000000001", false), ("0.29999999999999999", false),
        ("12345678901234567890", false), ("1e400", false), ("5e-324", false), ("123456789012345678", false),
        ("9007199254740992", true), ("1.7976931348623157e308", true), ("0.30000000000000004", true),
    ])
    func comparability(literal: String, comparable: Bool) {
        #expect((ComparableNumber.value(ofLiteral: literal) != nil) == comparable)
    }
}
