import HeraldEngine
import HeraldJSON
import HeraldPattern
import HeraldStorage

extension AdminService {
    /// Moves the selected dead letters back to the retry queue, due now; the engine's retry dispatcher re-delivers
    /// them. Works in batches of ``AdminContext/batchSize`` entries per write transaction.
    /// - Throws: ``AdminError/badRequest(_:)`` for a bad pattern or empty sequence list, ``AdminError/notFound(_:)``
    ///   for an unknown target, ``AdminError/storage(_:)``.
    public func redrive(_ action: DeadLetterAction) async throws(AdminError) -> DeadLetterActionResult {
        let store = context.store
        let result = try await apply(action) { (id, selection, limit) async throws(StorageError) -> Int in
            try await store.consumers.redrive(id, selection, limit: limit)
        }
        return DeadLetterActionResult(matched: result.matched, redriven: result.changed, dryRun: action.dryRun)
    }

    /// Deletes the selected dead letters, in batches of ``AdminContext/batchSize`` entries per write transaction.
    /// - Throws: like ``redrive(_:)``.
    public func purge(_ action: DeadLetterAction) async throws(AdminError) -> DeadLetterActionResult {
        let store = context.store
        let result = try await apply(action) { (id, selection, limit) async throws(StorageError) -> Int in
            try await store.consumers.purgeDeadLetters(id, selection, limit: limit)
        }
        return DeadLetterActionResult(matched: result.matched, purged: result.changed, dryRun: action.dryRun)
    }

    /// Selects the entries of `action` page by page and hands each page's selection to `operation` (unless a dry run).
    private func apply(
        _ action: DeadLetterAction,
        operation: (ConsumerID, DeadLetterSelection, Int) async throws(StorageError) -> Int
    ) async throws(AdminError) -> (matched: Int, changed: Int) {
        let resolved = try resolveTarget(action.target)
        let id = resolved.info.id
        let matcher = try Self.compileFilter(action.filter)
        if let sequences = action.sequences, sequences.isEmpty {
            throw .badRequest("'sequences' is empty: omit it to select every entry")
        }
        let wanted = action.sequences.map(Set.init)
        let batch = context.batchSize
        var matched = 0
        var changed = 0
        do {
            if matcher == nil, wanted == nil {
                // Everything: count, then take whole batches; bounded by the count so entries dead-lettered again
                // meanwhile are not chased forever.
                matched = try context.store.consumers.deadLetterCount(id)
                guard !action.dryRun else { return (matched, 0) }
                for _ in 0...(matched / batch) {
                    let moved = try await operation(id, .all, batch)
                    changed += moved
                    if moved == 0 { break }
                }
                return (matched, changed)
            }
            if matcher == nil, let wanted {
                // Exact sequences: look each up, then act on the present ones in chunks.
                var present: [UInt64] = []
                for sequence in wanted.sorted() where try context.store.consumers.deadLetter(id, sequence: sequence) != nil {
                    present.append(sequence)
                }
                matched = present.count
                // Every sequence named and none there: a 404, as `dlq show` answers for one (a typo, another target).
                if present.isEmpty {
                    throw AdminError.notFound(
                        "no dead letter at \(wanted.count == 1 ? "sequence" : "sequences") \(wanted.sorted().map(String.init).joined(separator: ", ")) of \(action.target)")
                }
                guard !action.dryRun else { return (matched, 0) }
                var start = 0
                while start < present.count {
                    let chunk = Array(present[start..<min(start + batch, present.count)])
                    changed += try await operation(id, .sequences(chunk), chunk.count)
                    start += chunk.count
                }
                return (matched, changed)
            }
            // A filter: scan page by page (paging by sequence stays correct while entries leave the queue).
            var after: UInt64?
            while true {
                let page = try context.store.consumers.deadLetters(id, after: after, limit: batch)
                guard let last = page.last else { break }
                after = last.sequence
                var selected: [UInt64] = []
                for entry in page where wanted?.contains(entry.sequence) ?? true {
                    if let matcher {
                        guard let event = Self.event(of: entry), !matcher.matchingRules(for: event).isEmpty else { continue }
                    }
                    selected.append(entry.sequence)
                }
                matched += selected.count
                if !action.dryRun, !selected.isEmpty {
                    changed += try await operation(id, .sequences(selected), selected.count)
                }
                if page.count < batch { break }
            }
            return (matched, changed)
        } catch let error as AdminError {
            throw error
        } catch let error as StorageError {
            throw .storage(error)
        } catch {
            throw .badRequest("\(error)")
        }
    }

    /// Parses and compiles the filter pattern, if any.
    static func compileFilter(_ text: String?) throws(AdminError) -> CompiledRuleSet<Int>? {
        guard let text else { return nil }
        do {
            return CompiledRuleSet(rules: [(0, try EventPattern(parsing: text))])
        } catch {
            let location = error.path.isEmpty ? "" : " at \(error.path)"
            throw .badRequest("invalid filter pattern\(location): \(error.message)")
        }
    }

    /// The envelope of a dead-lettered event as JSON, or `nil` if its bytes cannot be decoded.
    static func event(of entry: DeadLetterEntry) -> JSONValue? {
        guard let stored = try? StoredEvent(decoding: entry.event.payload) else { return nil }
        return try? JSONValue(parsing: stored.envelopeJSON)
    }
}
