import Foundation
import HeraldStorage

/// A temporary data directory, removed when the value is dropped.
final class TemporaryDirectory: Sendable {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.path
        path = base + "/herald-storage-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Deterministic payload bytes for sequence-independent checks.
func payload(_ tag: Int, size: Int = 64) -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: size)
    var state = UInt64(truncatingIfNeeded: tag) &* 0x9E37_79B9_7F4A_7C15 &+ 1
    for index in bytes.indices {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        bytes[index] = UInt8(truncatingIfNeeded: state)
    }
    return bytes
}
