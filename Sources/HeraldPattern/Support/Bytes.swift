/// Fast byte comparisons between strings and byte arrays (no Unicode equivalence).
enum Bytes {
    /// Whether `text`'s UTF-8 bytes equal `bytes`.
    @inline(__always)
    static func equal(_ text: String, _ bytes: [UInt8]) -> Bool {
        let utf8 = text.utf8
        guard utf8.count == bytes.count else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ buffer in
            bytes.withUnsafeBufferPointer { other in
                for index in 0..<buffer.count where buffer[index] != other[index] { return false }
                return true
            }
        }) {
            return result
        }
        return utf8.elementsEqual(bytes)
    }

    /// Whether `text`'s UTF-8 bytes start with `prefix`.
    @inline(__always)
    static func hasPrefix(_ text: String, _ prefix: [UInt8]) -> Bool {
        let utf8 = text.utf8
        guard utf8.count >= prefix.count else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ buffer in
            prefix.withUnsafeBufferPointer { other in
                for index in 0..<other.count where buffer[index] != other[index] { return false }
                return true
            }
        }) {
            return result
        }
        return utf8.starts(with: prefix)
    }

    /// Whether `text`'s UTF-8 bytes end with `suffix`.
    @inline(__always)
    static func hasSuffix(_ text: String, _ suffix: [UInt8]) -> Bool {
        let utf8 = text.utf8
        guard utf8.count >= suffix.count else { return false }
        if let result = utf8.withContiguousStorageIfAvailable({ buffer in
            suffix.withUnsafeBufferPointer { other in
                let offset = buffer.count - other.count
                for index in 0..<other.count where buffer[offset + index] != other[index] { return false }
                return true
            }
        }) {
            return result
        }
        return utf8.reversed().starts(with: suffix.reversed())
    }
}
