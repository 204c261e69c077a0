@testable import HeraldEngine
import Testing

/// The pure decision logic of the sliding window and of per-group ordering.
@Suite("Ordering gate and delivery window")
struct OrderingGateTests {
    @Test("a group sends one at a time; the next waiting event follows a success")
    func oneAtATime() {
        var gate = OrderingGate<Int>()
        #expect(gate.admit(1, sequence: 1, group: "A") == .send)
        #expect(gate.admit(2, sequence: 2, group: "A") == .wait)
        #expect(gate.admit(3, sequence: 3, group: "B") == .send)
        #expect(gate.admit(4, sequence: 4, group: "A") == .wait)
        let first = gate.freshFinished(sequence: 1, group: "A", retried: false)
        #expect(first.next == 2 && first.hold.isEmpty)
        let second = gate.freshFinished(sequence: 2, group: "A", retried: false)
        #expect(second.next == 4)
        #expect(gate.freshFinished(sequence: 4, group: "A", retried: false).next == nil)
        #expect(gate.freshFinished(sequence: 3, group: "B", retried: false).next == nil)
        #expect(gate.activeGroups == 0)
    }

    @Test("a retried event blocks its group: waiting and later events are held and released one by one, in order")
    func retryBlocksGroup() {
        var gate = OrderingGate<Int>()
        #expect(gate.admit(1, sequence: 1, group: "A") == .send)
        #expect(gate.admit(2, sequence: 2, group: "A") == .wait)
        let failed = gate.freshFinished(sequence: 1, group: "A", retried: true)
        #expect(failed.next == nil && failed.hold == [2])
        #expect(gate.admit(5, sequence: 5, group: "A") == .hold)
        #expect(gate.admit(6, sequence: 6, group: "B") == .send)
        #expect(gate.heldCount == 2)
        #expect(gate.retryDone(sequence: 6) == nil, "an event the gate does not know as a blocker releases nothing")
        #expect(gate.retryDone(sequence: 1) == 2)
        #expect(gate.retryDone(sequence: 2) == 5)
        #expect(gate.retryDone(sequence: 5) == nil)
        #expect(gate.admit(7, sequence: 7, group: "A") == .send, "the group is free again")
    }

    @Test("restore rebuilds blockers and held events; a group with held events but no blocker releases its oldest")
    func restore() {
        var gate = OrderingGate<Int>()
        #expect(gate.restore(group: "A", held: [9, 4], blockers: [2]) == nil)
        #expect(gate.restore(group: "B", held: [8, 6], blockers: []) == 6)
        #expect(gate.admit(10, sequence: 10, group: "A") == .hold)
        #expect(gate.retryDone(sequence: 2) == 4)
        #expect(gate.retryDone(sequence: 4) == 9)
        #expect(gate.retryDone(sequence: 9) == 10)
        #expect(gate.retryDone(sequence: 6) == 8)
    }

    @Test("the window's cursor moves to the oldest unfinished event; space frees only once the cursor commit is done")
    func window() {
        var window = DeliveryWindow()
        window.open(last: 10, sequences: [3, 5, 7])
        #expect(window.outstanding == 3)
        #expect(window.retire()?.cursor == 3)
        window.finish(5)
        #expect(window.retire() == nil, "3 is still unfinished")
        window.finish(3)
        let retired = window.retire()
        #expect(retired?.cursor == 7 && retired?.matched == 2)
        #expect(window.outstanding == 3)
        window.committed(2)
        #expect(window.outstanding == 1)
        window.finish(7)
        let all = window.retire()
        #expect(all?.cursor == 11 && all?.matched == 1)
        window.committed(1)
        #expect(window.isIdle)
        window.open(last: 20, sequences: [])
        #expect(window.retire()?.cursor == 21, "a read with no matching event still moves the cursor")
    }
}
