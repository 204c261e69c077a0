import HeraldJSON

extension JSONPath {
    /// Whether evaluating this path needs the whole event as JSON (the root `$`, or a wildcard or index
    /// as the first step), rather than one envelope member.
    public var needsWholeEvent: Bool {
        guard case .member? = segments.first else { return true }
        return false
    }

    /// Evaluates the path against an envelope without serializing all of it: the first step picks one
    /// envelope member (paths that ``needsWholeEvent`` are evaluated against `event.jsonValue`). Returns
    /// `nil` when nothing matches.
    public func evaluate(in event: EventEnvelope) -> JSONValue? {
        if needsWholeEvent { return evaluate(in: event.jsonValue) }
        guard case .member(let name)? = segments.first else { return nil }
        let member: JSONValue
        switch name {
        case "detail": member = .object(event.detail)
        case "version": member = .string(event.version)
        case "id": member = .string(event.id)
        case "detail-type": member = .string(event.detailType)
        case "source": member = .string(event.source)
        case "account": member = .string(event.account)
        case "time": member = .string(event.time.iso8601String)
        case "region": member = .string(event.region)
        case "resources": member = .array(event.resources.map(JSONValue.string))
        case "replay-name":
            // A missing member answers as the whole-event form does: no match, or `[]` for a wildcard path.
            guard let replayName = event.replayName else { return hasWildcard ? .array([]) : nil }
            member = .string(replayName)
        default: return hasWildcard ? .array([]) : nil
        }
        return Self.evaluate(segments.dropFirst(), in: member)
    }
}
