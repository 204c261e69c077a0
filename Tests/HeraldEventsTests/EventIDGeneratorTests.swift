import Foundation
import HeraldEvents
import Synchronization
import Testing

@Suite("Event ids")
struct EventIDGeneratorTests {
    @Test("ids are lowercase version-7 UUID text that sorts in the order the ids were made, and distinct")
    func format() throws {
        let generator = EventIDGenerator()
        var seen = Set<String>()
        var previous = ""
        for _ in 0..<2000 {  // more than one 4 KiB pool
            let id = generator.next()
            let uuid = try #require(UUID(uuidString: id), "\(id)")
            #expect(uuid.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect(bytes[14] == UInt8(ascii: "7"), "version 7: \(id)")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]), "variant: \(id)")
            #expect(id > previous, "\(id) after \(previous)")
            previous = id
            seen.insert(id)
        }
        #expect(seen.count == 2000)
    }

    @Test("the first 48 bits are the clock's milliseconds; a 12-bit counter orders ids of one millisecond, then the time moves on")
    func timestampAndCounter() {
        let clock = Mutex<UInt64>(0x0190_1234_5678)
        let generator = EventIDGenerator(millisecondsSinceEpoch: { clock.withLock { $0 } })
        let first = generator.next()
        #expect(first.hasPrefix("01901234-5678-7000-"), "\(first)")
        #expect(generator.next().hasPrefix("01901234-5678-7001-"))
        // 4,096 ids share a millisecond; the next one takes the following millisecond.
        var last = ""
        for _ in 2..<4096 { last = generator.next() }
        #expect(last.hasPrefix("01901234-5678-7fff-"), "\(last)")
        #expect(generator.next().hasPrefix("01901234-5679-7000-"))
        // A clock that steps back does not make ids go back.
        clock.withLock { $0 = 0x0190_0000_0000 }
        let afterStepBack = generator.next()
        #expect(afterStepBack.hasPrefix("01901234-5679-7001-"), "\(afterStepBack)")
        clock.withLock { $0 = 0x0190_1234_6000 }
        #expect(generator.next().hasPrefix("01901234-6000-7000-"))
    }

    @Test("concurrent callers get distinct ids")
    func concurrent() async {
        let generator = EventIDGenerator()
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<500).map { _ in generator.next() } } }
            var all: [String] = []
            for await part in group { all += part }
            return all
        }
        #expect(Set(ids).count == 2000)
    }
}
