import HeraldJSON
import HeraldPattern
import Synchronization

/// A rule's compiled event pattern, shared by all of the rule's targets, remembering its answers for recent log
/// sequences: the targets of a fan-out read the same events at about the same time, so each event is matched once
/// per rule, not once per target.
///
/// The memory is a direct-mapped table indexed by sequence (``capacity`` slots): a slot holds one sequence's
/// answer until a later sequence with the same index replaces it, so it is bounded and needs no eviction. A
/// matcher belongs to one catalog snapshot's plans; a changed pattern gets a new matcher and an empty memory.
final class RuleMatcher: Sendable {
    private struct Slot {
        var sequence: UInt64 = 0
        var matches = false
    }

    private let compiled: CompiledRuleSet<Int>
    private let memory: Mutex<[Slot]>
    /// How many sequences' answers are kept.
    let capacity: Int

    /// Compiles the rule's pattern; nil for a schedule-only rule (no pattern: it matches no logged event).
    /// - Throws: ``TargetPlanError/invalidPattern(_:)``.
    static func make(pattern text: String?, capacity: Int = 4_096) throws(TargetPlanError) -> RuleMatcher? {
        guard let text else { return nil }
        do {
            return RuleMatcher(compiled: CompiledRuleSet(rules: [(0, try EventPattern(parsing: text))]), capacity: capacity)
        } catch {
            throw .invalidPattern(error.description)
        }
    }

    private init(compiled: CompiledRuleSet<Int>, capacity: Int) {
        self.compiled = compiled
        self.capacity = max(1, capacity)
        memory = Mutex(Array(repeating: Slot(), count: self.capacity))
    }

    /// Whether the event matches the pattern; `sequence` (the event's log sequence, ≥ 1) lets targets of the same
    /// rule share the answer. Sequences start at 1, so an empty slot (sequence 0) is never a hit.
    func matches(_ event: JSONValue, sequence: UInt64?) -> Bool {
        guard let sequence, sequence > 0 else { return !compiled.matchingRules(for: event).isEmpty }
        let index = Int(sequence % UInt64(capacity))
        if let known = memory.withLock({ slots -> Bool? in slots[index].sequence == sequence ? slots[index].matches : nil }) {
            return known
        }
        let matches = !compiled.matchingRules(for: event).isEmpty
        memory.withLock { $0[index] = Slot(sequence: sequence, matches: matches) }
        return matches
    }
}
