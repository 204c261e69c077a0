import HeraldStorage
import Testing

@Suite("Catalog")
struct CatalogTests {
    @Test("get, put, delete and overwrite")
    func basicOperations() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        #expect(try store.catalog.get("rule/default/a") == nil)
        try store.catalog.put("rule/default/a", [1, 2, 3])
        #expect(try store.catalog.get("rule/default/a") == [1, 2, 3])
        try store.catalog.put("rule/default/a", [4])
        #expect(try store.catalog.get("rule/default/a") == [4])
        #expect(try store.catalog.delete("rule/default/a"))
        #expect(try !store.catalog.delete("rule/default/a"))
        #expect(try store.catalog.get("rule/default/a") == nil)
        try store.catalog.put("empty", [])
        #expect(try store.catalog.get("empty") == [])
    }

    @Test("list by prefix, with paging, in key order")
    func listByPrefix() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        try store.catalog.apply([
            .put(key: "target/b", value: [2]), .put(key: "rule/x", value: [9]), .put(key: "target/a", value: [1]),
            .put(key: "target/c", value: [3]), .put(key: "targets", value: [4]), .put(key: "z", value: [5]),
        ])
        #expect(try store.catalog.list(prefix: "target/").map(\.key) == ["target/a", "target/b", "target/c"])
        #expect(try store.catalog.list(prefix: "target/").map(\.value) == [[1], [2], [3]])
        #expect(try store.catalog.list(prefix: "target/", limit: 2).map(\.key) == ["target/a", "target/b"])
        #expect(try store.catalog.list(prefix: "target/", after: "target/b").map(\.key) == ["target/c"])
        #expect(try store.catalog.list(prefix: "target/", after: "a").map(\.key) == ["target/a", "target/b", "target/c"])
        #expect(try store.catalog.list(prefix: "").count == 6)
        #expect(try store.catalog.list(prefix: "nothing").isEmpty)
        #expect(try store.catalog.count(prefix: "target") == 4)
    }

    @Test("apply is atomic: an invalid key rejects the whole batch")
    func atomicBatch() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        let longKey = String(repeating: "k", count: 600)
        #expect(throws: StorageError.self) {
            try store.catalog.apply([.put(key: "a", value: [1]), .put(key: longKey, value: [2])])
        }
        #expect(throws: StorageError.self) { try store.catalog.put("", [1]) }
        #expect(try store.catalog.get("a") == nil)
    }

    @Test("deletePrefix removes exactly the matching keys across many pages")
    func deletePrefix() throws {
        let directory = TemporaryDirectory()
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        var changes: [CatalogChange] = []
        for index in 0..<2000 {
            changes.append(.put(key: "bus/one/rule/\(index)", value: payload(index, size: 100)))
            changes.append(.put(key: "bus/two/rule/\(index)", value: [1]))
        }
        try store.catalog.apply(changes)
        try store.catalog.apply([.deletePrefix("bus/one/")])
        #expect(try store.catalog.count(prefix: "bus/one/") == 0)
        #expect(try store.catalog.count(prefix: "bus/two/") == 2000)
    }

    @Test("catalog survives reopen")
    func reopen() throws {
        let directory = TemporaryDirectory()
        do {
            let store = try HeraldStore(directory: directory.path)
            try store.catalog.put("connection/c1", Array("secret-free".utf8))
            store.close()
        }
        let store = try HeraldStore(directory: directory.path)
        defer { store.close() }
        #expect(try store.catalog.get("connection/c1") == Array("secret-free".utf8))
    }
}
