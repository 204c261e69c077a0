/// A rule as `ListRules` and `DescribeRule` answer it (EventBridge member names; times are epoch seconds).
public struct EventBridgeRule: Codable, Sendable, Equatable {
    /// The rule name.
    public var Name: String
    /// The rule ARN.
    public var Arn: String?
    /// The event pattern (JSON text), if any.
    public var EventPattern: String?
    /// The schedule expression, if any.
    public var ScheduleExpression: String?
    /// `ENABLED`, `DISABLED` or `ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS`.
    public var State: String?
    /// The description.
    public var Description: String?
    /// The bus name.
    public var EventBusName: String?
}

/// `ListRules` output.
public struct EventBridgeRuleList: Codable, Sendable, Equatable {
    /// One page of rules.
    public var Rules: [EventBridgeRule]
    /// The next page token.
    public var NextToken: String?

    /// Creates a list.
    public init(Rules: [EventBridgeRule], NextToken: String?) {
        self.Rules = Rules
        self.NextToken = NextToken
    }
}

/// A target as `ListTargetsByRule` answers it: the members the table shows, and every other one
/// (`InputTransformer`, `RetryPolicy`, `HttpParameters`, `DeadLetterConfig`, `HeraldParameters`, …) as it came.
public struct EventBridgeTarget: Codable, Sendable, Equatable {
    /// The target id.
    public var Id: String
    /// The destination ARN or URL.
    public var Arn: String
    /// Constant input, if set.
    public var Input: String?
    /// JSONPath input, if set.
    public var InputPath: String?
    /// The other members, by name.
    public var others: [String: AdminJSON]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    private static let modelled: Set<String> = ["Id", "Arn", "Input", "InputPath"]

    /// Creates a target.
    public init(Id: String, Arn: String, Input: String? = nil, InputPath: String? = nil, others: [String: AdminJSON] = [:]) {
        self.Id = Id
        self.Arn = Arn
        self.Input = Input
        self.InputPath = InputPath
        self.others = others
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Key.self)
        Id = try container.decode(String.self, forKey: Key(stringValue: "Id"))
        Arn = try container.decode(String.self, forKey: Key(stringValue: "Arn"))
        Input = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "Input"))
        InputPath = try container.decodeIfPresent(String.self, forKey: Key(stringValue: "InputPath"))
        var others: [String: AdminJSON] = [:]
        for key in container.allKeys where !Self.modelled.contains(key.stringValue) {
            others[key.stringValue] = try container.decode(AdminJSON.self, forKey: key)
        }
        self.others = others
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Id, forKey: Key(stringValue: "Id"))
        try container.encode(Arn, forKey: Key(stringValue: "Arn"))
        try container.encodeIfPresent(Input, forKey: Key(stringValue: "Input"))
        try container.encodeIfPresent(InputPath, forKey: Key(stringValue: "InputPath"))
        for (name, value) in others { try container.encode(value, forKey: Key(stringValue: name)) }
    }

    /// The `InputTransformer`'s template, if the target has one.
    public var inputTemplate: String? {
        guard case .object(let transformer)? = others["InputTransformer"], case .string(let template)? = transformer["InputTemplate"] else {
            return nil
        }
        return template
    }
}

/// `ListTargetsByRule` output.
public struct EventBridgeTargetList: Codable, Sendable, Equatable {
    /// One page of targets.
    public var Targets: [EventBridgeTarget]
    /// The next page token.
    public var NextToken: String?
}

/// A rule with its targets (`herald rules show`).
public struct EventBridgeRuleDetail: Codable, Sendable, Equatable {
    /// The rule.
    public var rule: EventBridgeRule
    /// Its targets.
    public var targets: [EventBridgeTarget]

    /// Creates a detail.
    public init(rule: EventBridgeRule, targets: [EventBridgeTarget]) {
        self.rule = rule
        self.targets = targets
    }
}

/// An archive as `ListArchives` and `DescribeArchive` answer it.
public struct EventBridgeArchive: Codable, Sendable, Equatable {
    /// The archive name.
    public var ArchiveName: String
    /// The archive ARN (describe only).
    public var ArchiveArn: String?
    /// The archived bus's ARN.
    public var EventSourceArn: String
    /// The description (describe only).
    public var Description: String?
    /// The pattern selecting archived events (describe only).
    public var EventPattern: String?
    /// `ENABLED`, `DISABLED`, `CREATING`, …
    public var State: String
    /// Why the archive is in its state.
    public var StateReason: String?
    /// Retention in days (0 = forever).
    public var RetentionDays: Int?
    /// Bytes archived.
    public var SizeBytes: Int64?
    /// Events archived.
    public var EventCount: Int64?
    /// Creation time, epoch seconds.
    public var CreationTime: Double?
}

/// `ListArchives` output.
public struct EventBridgeArchiveList: Codable, Sendable, Equatable {
    /// One page of archives.
    public var Archives: [EventBridgeArchive]
    /// The next page token.
    public var NextToken: String?

    /// Creates a list.
    public init(Archives: [EventBridgeArchive], NextToken: String?) {
        self.Archives = Archives
        self.NextToken = NextToken
    }
}

/// A replay's destination.
public struct EventBridgeReplayDestination: Codable, Sendable, Equatable {
    /// The bus ARN the events are replayed to.
    public var Arn: String
    /// Only these rules' targets receive the replay (rule ARNs).
    public var FilterArns: [String]?

    /// Creates a destination.
    public init(Arn: String, FilterArns: [String]?) {
        self.Arn = Arn
        self.FilterArns = FilterArns
    }
}

/// A replay as `DescribeReplay`, `StartReplay` and `CancelReplay` answer it (start and cancel fill only some members).
public struct EventBridgeReplay: Codable, Sendable, Equatable {
    /// The replay name.
    public var ReplayName: String?
    /// The replay ARN.
    public var ReplayArn: String?
    /// `STARTING`, `RUNNING`, `CANCELLING`, `COMPLETED`, `CANCELLED` or `FAILED`.
    public var State: String
    /// Why it is in its state.
    public var StateReason: String?
    /// The archive ARN.
    public var EventSourceArn: String?
    /// Where the events go.
    public var Destination: EventBridgeReplayDestination?
    /// Start of the replayed range, epoch seconds.
    public var EventStartTime: Double?
    /// End of the replayed range, epoch seconds.
    public var EventEndTime: Double?
    /// Time of the last replayed event, epoch seconds.
    public var EventLastReplayedTime: Double?
    /// When the replay started, epoch seconds.
    public var ReplayStartTime: Double?
    /// When the replay ended, epoch seconds.
    public var ReplayEndTime: Double?

    /// Whether the replay has finished (completed, cancelled or failed).
    public var isFinished: Bool { ["COMPLETED", "CANCELLED", "FAILED"].contains(State) }

    /// How far the replay got through its time range, 0…1 (`nil` before the first batch or without a range).
    ///
    /// The range is cut at the replay's start: no archived event is newer, so `--to` in the future does not leave the
    /// bar near 0 until the jump to 100%.
    public var progress: Double? {
        if State == "COMPLETED" { return 1 }
        guard let start = EventStartTime, let requestedEnd = EventEndTime else { return nil }
        let end = min(requestedEnd, ReplayStartTime ?? requestedEnd)
        guard end > start else { return nil }
        guard let last = EventLastReplayedTime else { return nil }
        return min(1, max(0, (last - start) / (end - start)))
    }
}
