import HeraldEngine
import HeraldJSON
import HeraldStorage

extension AdminService {
    /// One page of dead-letter summaries.
    /// - Throws: ``AdminError/badRequest(_:)`` for a bad limit or `after` without a target,
    ///   ``AdminError/notFound(_:)`` for an unknown target, ``AdminError/storage(_:)``.
    public func deadLetters(_ query: DeadLetterQuery) throws(AdminError) -> DeadLetterList {
        guard (1...DeadLetterQuery.maxLimit).contains(query.limit) else {
            throw .badRequest("limit must be 1...\(DeadLetterQuery.maxLimit), got \(query.limit)")
        }
        if let target = query.target {
            let resolved = try resolveTarget(target)
            return try page(of: resolved.key, info: resolved.info, query: query, limit: query.limit)
        }
        guard query.after == nil else { throw .badRequest("'after' pages within one target: give 'target' too") }
        var entries: [DeadLetterSummary] = []
        var truncated = false
        for target in try allTargets() {
            guard entries.count < query.limit else {
                // The limit was reached before this target: it may have entries too.
                if !truncated { truncated = try page(of: target.key, info: target.info, query: query, limit: 1).entries.count > 0 }
                continue
            }
            let page = try page(of: target.key, info: target.info, query: query, limit: query.limit - entries.count)
            entries += page.entries
            if page.nextAfter != nil { truncated = true }
        }
        return DeadLetterList(entries: entries, nextAfter: nil, truncated: truncated ? true : nil)
    }

    /// Up to `limit` matching entries of one target after `query.after`, scanning at most
    /// ``maxScannedPerListing`` entries.
    private func page(of key: TargetKey, info: ConsumerInfo, query: DeadLetterQuery, limit: Int) throws(AdminError)
        -> DeadLetterList
    {
        let reason = query.reason?.lowercased()
        var entries: [DeadLetterSummary] = []
        var after = query.after
        var scanned = 0
        do {
            while entries.count < limit, scanned < Self.maxScannedPerListing {
                let batch = try context.store.consumers.deadLetters(info.id, after: after, limit: context.batchSize)
                var unread = 0
                for (index, entry) in batch.enumerated() {
                    after = entry.sequence
                    scanned += 1
                    if let since = query.since, entry.deadLetteredAt < since { continue }
                    if let reason, entry.reason.rawValue.lowercased() != reason { continue }
                    entries.append(Self.summary(of: entry, target: key).summary)
                    if entries.count == limit {
                        unread = batch.count - index - 1
                        break
                    }
                }
                // The queue ended inside this batch: more only if the limit stopped the listing before its end.
                if batch.count < context.batchSize && unread == 0 { return DeadLetterList(entries: entries, nextAfter: nil) }
            }
        } catch {
            throw .storage(error)
        }
        return DeadLetterList(entries: entries, nextAfter: after)
    }

    /// One entry with its event envelope and every attempt.
    /// - Throws: ``AdminError/notFound(_:)`` for an unknown target or sequence, ``AdminError/storage(_:)``.
    public func deadLetter(target: String, sequence: UInt64) throws(AdminError) -> DeadLetterDetail {
        let resolved = try resolveTarget(target)
        let entry: DeadLetterEntry?
        do {
            entry = try context.store.consumers.deadLetter(resolved.info.id, sequence: sequence)
        } catch {
            throw .storage(error)
        }
        guard let entry else { throw .notFound("target '\(resolved.key)' has no dead letter at sequence \(sequence)") }
        let decoded = Self.summary(of: entry, target: resolved.key)
        let attempts = entry.attempts.map { attempt in
            AttemptReport(
                at: Self.iso(attempt.time), statusCode: attempt.statusCode.map(Int.init), error: attempt.error,
                latencyMilliseconds: Double(attempt.latencyMicroseconds) / 1000,
                responseExcerpt: String(decoding: attempt.responseExcerpt, as: UTF8.self))
        }
        return DeadLetterDetail(
            summary: decoded.summary, bus: decoded.bus, envelope: decoded.envelope,
            firstAttemptAt: Self.iso(entry.firstAttemptTime), attempts: attempts)
    }

    /// The listing fields of an entry, plus its bus and envelope text; an undecodable event yields empty fields.
    static func summary(of entry: DeadLetterEntry, target: TargetKey) -> (summary: DeadLetterSummary, bus: String, envelope: String) {
        var bus = ""
        var envelope = ""
        var event: JSONValue?
        if let stored = try? StoredEvent(decoding: entry.event.payload) {
            bus = stored.busName
            envelope = String(decoding: stored.envelopeJSON, as: UTF8.self)
            event = try? JSONValue(parsing: stored.envelopeJSON)
        }
        let last = entry.attempts.last
        let summary = DeadLetterSummary(
            target: target.description, sequence: entry.sequence, eventID: event?["id"]?.stringValue ?? "",
            source: event?["source"]?.stringValue ?? "", detailType: event?["detail-type"]?.stringValue ?? "",
            reason: entry.reason.rawValue, attempts: Int(entry.attemptCount), lastStatus: last?.statusCode.map(Int.init),
            lastError: last.flatMap { $0.error.isEmpty ? nil : $0.error }, deadLetteredAt: iso(entry.deadLetteredAt),
            redriveCount: Int(entry.redriveCount))
        return (summary, bus, envelope)
    }
}
