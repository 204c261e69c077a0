/// An immutable byte trie mapping keys to branch lists; finds every stored key that is a prefix of a
/// probe (used for `prefix`, and for `suffix` over reversed bytes).
struct ByteTrie: Sendable {
    private var edgeStart: [Int32] = []
    private var edgeBytes: [UInt8] = []
    private var edgeTargets: [Int32] = []
    private var values: [[Int32]] = []

    /// Builds the trie from `(key, branch)` pairs.
    init(_ entries: [([UInt8], Int32)]) {
        var children: [[UInt8: Int32]] = [[:]]
        var nodeValues: [[Int32]] = [[]]
        for (key, branch) in entries {
            var node: Int32 = 0
            for byte in key {
                if let next = children[Int(node)][byte] {
                    node = next
                } else {
                    let next = Int32(children.count)
                    children.append([:])
                    nodeValues.append([])
                    children[Int(node)][byte] = next
                    node = next
                }
            }
            nodeValues[Int(node)].append(branch)
        }
        for table in children {
            edgeStart.append(Int32(edgeBytes.count))
            for (byte, target) in table.sorted(by: { $0.key < $1.key }) {
                edgeBytes.append(byte)
                edgeTargets.append(target)
            }
        }
        edgeStart.append(Int32(edgeBytes.count))
        values = nodeValues
    }

    private func step(_ node: Int32, _ byte: UInt8) -> Int32? {
        var low = Int(edgeStart[Int(node)])
        var high = Int(edgeStart[Int(node) + 1])
        while low < high {
            let mid = (low + high) / 2
            let value = edgeBytes[mid]
            if value == byte { return edgeTargets[mid] }
            if value < byte { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// Adds the branches of every stored key that is a prefix of `text`'s UTF-8 bytes.
    func collectPrefixes(of text: String, into candidates: inout CandidateSet) {
        var node: Int32 = 0
        candidates.add(contentsOf: values[0])
        for byte in text.utf8 {
            guard let next = step(node, byte) else { return }
            node = next
            candidates.add(contentsOf: values[Int(node)])
        }
    }

    /// Adds the branches of every stored (reversed) key that is a suffix of `text`'s UTF-8 bytes.
    func collectSuffixes(of text: String, into candidates: inout CandidateSet) {
        var node: Int32 = 0
        candidates.add(contentsOf: values[0])
        for byte in text.utf8.reversed() {
            guard let next = step(node, byte) else { return }
            node = next
            candidates.add(contentsOf: values[Int(node)])
        }
    }
}
