import Testing

/// Examples from the EventBridge user guide ("Content filtering in Amazon EventBridge event patterns" and
/// "Comparison operators for use in event patterns").
@Suite("AWS documented examples")
struct AWSExampleTests {
    static let cases: [Case] = [
        Case(#"{"time":[{"prefix":"2017-10-02"}]}"#, #"{"time":"2017-10-02T18:43:48Z"}"#, .match),
        Case(#"{"time":[{"prefix":"2017-10-02"}]}"#, #"{"time":"2017-10-03T18:43:48Z"}"#, .nomatch),
        Case(#"{"detail":{"service":[{"prefix":{"equals-ignore-case":"EventB"}}]}}"#, #"{"detail":{"service":"EVENTBRIDGE"}}"#, .match),
        Case(#"{"FileName":[{"suffix":".png"}]}"#, #"{"FileName":"image.png"}"#, .match),
        Case(#"{"detail":{"FileName":[{"suffix":{"equals-ignore-case":".png"}}]}}"#, #"{"detail":{"FileName":"A.PNG"}}"#, .match),
        Case(#"{"detail":{"state":[{"anything-but":"initializing"}]}}"#, #"{"detail":{"state":"running"}}"#, .match),
        Case(#"{"detail":{"state":[{"anything-but":"initializing"}]}}"#, #"{"detail":{"state":"initializing"}}"#, .nomatch),
        Case(#"{"detail":{"x-limit":[{"anything-but":123}]}}"#, #"{"detail":{"x-limit":456}}"#, .match),
        Case(#"{"detail":{"x-limit":[{"anything-but":123}]}}"#, #"{"detail":{"x-limit":123}}"#, .nomatch),
        Case(#"{"detail":{"state":[{"anything-but":["stopped","overloaded"]}]}}"#, #"{"detail":{"state":"stopped"}}"#, .nomatch),
        Case(#"{"detail":{"x-limit":[{"anything-but":[100,200,300]}]}}"#, #"{"detail":{"x-limit":150}}"#, .match),
        Case(#"{"detail":{"state":[{"anything-but":{"prefix":"init"}}]}}"#, #"{"detail":{"state":"initializing"}}"#, .nomatch),
        Case(#"{"detail":{"FileName":[{"anything-but":{"suffix":".txt"}}]}}"#, #"{"detail":{"FileName":"a.png"}}"#, .match),
        Case(#"{"detail":{"state":[{"anything-but":{"equals-ignore-case":"initializing"}}]}}"#, #"{"detail":{"state":"INITIALIZING"}}"#, .nomatch),
        Case(#"{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}"#, #"{"FilePath":"/usr/lib/x.so"}"#, .nomatch),
        Case(#"{"FilePath":[{"anything-but":{"wildcard":"*/lib/*"}}]}"#, #"{"FilePath":"/usr/bin/x"}"#, .match),
        Case(#"{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}"#, #"{"detail":{"c-count":5}}"#, .match),
        Case(#"{"detail":{"c-count":[{"numeric":[">",0,"<=",5]}]}}"#, #"{"detail":{"c-count":0}}"#, .nomatch),
        Case(#"{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}"#, #"{"detail":{"source-ip":"10.0.0.255"}}"#, .match),
        Case(#"{"detail":{"source-ip":[{"cidr":"10.0.0.0/24"}]}}"#, #"{"detail":{"source-ip":"10.0.1.0"}}"#, .nomatch),
        Case(#"{"detail":{"c-count":[{"exists":false}]}}"#, #"{"detail":{"d-count":1}}"#, .match),
        Case(#"{"detail":{"c-count":[{"exists":true}]}}"#, #"{"detail":{"c-count":1}}"#, .match),
        Case(#"{"detail":{"eventVersion":[""]}}"#, #"{"detail":{"eventVersion":""}}"#, .match),
        Case(#"{"detail":{"responseElements":[null]}}"#, #"{"detail":{"responseElements":null}}"#, .match),
        Case(#"{"EventBusArn":[{"wildcard":"arn:aws:events:us-east-1:*:event-bus/*"}]}"#,
             #"{"EventBusArn":"arn:aws:events:us-east-1:123456789012:event-bus/default"}"#, .match),
        Case(#"{"Location":["New York"],"Day":["Monday"]}"#, #"{"Location":"New York","Day":"Monday"}"#, .match),
        Case(#"{"Location":["New York"],"Day":["Monday"]}"#, #"{"Location":"New York","Day":"Tuesday"}"#, .nomatch),
        Case(
            #"{"detail":{"$or":[{"c-count":[{"numeric":[">",0,"<=",5]}]},{"d-count":[{"numeric":["<",10]}]},{"x-limit":[{"numeric":["=",3.018e2]}]}]}}"#,
            #"{"detail":{"x-limit":301.8}}"#, .match),
        Case(
            #"{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}"#,
            #"{"source":"aws.cloudwatch","namespace":"AWS/ES"}"#, .match),
        Case(
            #"{"source":["aws.cloudwatch"],"$or":[{"metricName":["CPUUtilization","ReadLatency"]},{"namespace":["AWS/EC2","AWS/ES"]}]}"#,
            #"{"source":"aws.ec2","namespace":"AWS/ES"}"#, .nomatch),
        Case(#"{"source":["aws.ec2"],"detail-type":["EC2 Instance State-change Notification"],"detail":{"state":["running"]}}"#,
             #"{"version":"0","source":"aws.ec2","detail-type":"EC2 Instance State-change Notification","detail":{"instance-id":"i-1","state":"running"}}"#,
             .match),
    ]

    @Test("verdicts", arguments: cases)
    func verdicts(_ row: Case) {
        #expect(Verdict.of(pattern: row.pattern, event: row.event) == row.expected)
    }
}
