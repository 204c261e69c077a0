/// The field paths a rule set uses, as a trie of dot-separated segments.
///
/// Event keys are split on `.` while walking, so `{"a.b":1}` and `{"a":{"b":1}}` reach the same node,
/// exactly as joining keys with `.` would, without building path strings per event.
struct PathTrie: Sendable {
    private var children: [[ByteString: Int32]] = [[:]]
    /// The same edges as `children`, as byte arrays, for hash-free lookup at nodes with few children.
    private var smallChildren: [[([UInt8], Int32)]] = [[]]
    private var fieldIDs: [Int32] = [-1]

    /// The root node.
    static let root: Int32 = 0

    /// Adds a dotted path and returns its node.
    mutating func insert(path: String, field: Int32) {
        var node = Self.root
        for segment in path.split(separator: ".", omittingEmptySubsequences: false) {
            let key = ByteString(String(segment))
            if let next = children[Int(node)][key] {
                node = next
            } else {
                let next = Int32(children.count)
                children.append([:])
                smallChildren.append([])
                fieldIDs.append(-1)
                children[Int(node)][key] = next
                smallChildren[Int(node)].append((Array(segment.utf8), next))
                node = next
            }
        }
        fieldIDs[Int(node)] = field
    }

    /// The node reached from `node` by an event key (split on `.`), or `nil` if no used path goes there.
    func child(of node: Int32, key: String) -> Int32? {
        if children[Int(node)].isEmpty { return nil }
        if !key.utf8.contains(UInt8(ascii: ".")) { return segmentChild(of: node, key) }
        var current = node
        for segment in key.split(separator: ".", omittingEmptySubsequences: false) {
            guard let next = segmentChild(of: current, String(segment)) else { return nil }
            current = next
        }
        return current
    }

    /// The node reached from `node` by an event key given as UTF-8 bytes (split on `.`), or `nil`.
    func child(of node: Int32, keyBytes key: UnsafeBufferPointer<UInt8>) -> Int32? {
        if children[Int(node)].isEmpty { return nil }
        var current = node
        var segmentStart = 0
        var index = 0
        while true {
            if index == key.count || key[index] == UInt8(ascii: ".") {
                guard let next = segmentChild(of: current, UnsafeBufferPointer(rebasing: key[segmentStart..<index])) else {
                    return nil
                }
                current = next
                if index == key.count { return current }
                segmentStart = index + 1
            }
            index += 1
        }
    }

    @inline(__always)
    private func segmentChild(of node: Int32, _ segment: UnsafeBufferPointer<UInt8>) -> Int32? {
        let small = smallChildren[Int(node)]
        if small.count <= 8 {
            for (bytes, next) in small where bytes.count == segment.count {
                if bytes.withUnsafeBufferPointer({ $0.elementsEqual(segment) }) { return next }
            }
            return nil
        }
        return children[Int(node)][ByteString(String(decoding: segment, as: UTF8.self))]
    }

    @inline(__always)
    private func segmentChild(of node: Int32, _ segment: String) -> Int32? {
        let small = smallChildren[Int(node)]
        if small.count <= 8 {
            for (bytes, next) in small where Bytes.equal(segment, bytes) { return next }
            return nil
        }
        return children[Int(node)][ByteString(segment)]
    }

    /// The field id at `node`, or -1.
    func field(at node: Int32) -> Int32 {
        fieldIDs[Int(node)]
    }

    /// Whether any used path continues below `node`.
    func hasChildren(_ node: Int32) -> Bool {
        !children[Int(node)].isEmpty
    }
}
