import Foundation
import HeraldEvents
import Testing

@Suite("Event ids")
struct EventIDGeneratorTests {
    @Test("ids are lowercase version-4 UUID text, as UUID().uuidString.lowercased() writes them, and distinct")
    func format() throws {
        let generator = EventIDGenerator()
        var seen = Set<String>()
        for _ in 0..<2000 {  // more than one 4 KiB pool
            let id = generator.next()
            let uuid = try #require(UUID(uuidString: id), "\(id)")
            #expect(uuid.uuidString.lowercased() == id)
            let bytes = Array(id.utf8)
            #expect(bytes.count == 36)
            #expect(bytes[14] == UInt8(ascii: "4"), "version 4: \(id)")
            #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]), "variant: \(id)")
            seen.insert(id)
        }
        #expect(seen.count == 2000)
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
