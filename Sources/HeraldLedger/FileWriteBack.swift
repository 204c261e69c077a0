import CFileSync

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses when the ledger's pages reach the disk, so that they do not arrive all at once.
///
/// The ledger shares its disk with the event log, whose every commit waits for the device to flush. SQLite, left to
/// itself, leaves its writes in the page cache and then syncs megabytes at once (at each checkpoint); a log commit
/// that lands behind such a flush waits for all of it, and on the project's virtual disk that showed as the socket
/// ack p99 (3–4 ms instead of ~1.5 ms with the ledger off). Written back a slice at a time, soon after they are
/// written, the same bytes pass between the log's flushes instead.
///
/// Write-back here is no durability guarantee (``sync(_:)`` is): a slice is handed to the device and waited for, with
/// no cache flush and no metadata.
enum FileWriteBack {
    /// The bytes handed to the device per call.
    static let slice: Int64 = 256 << 10
    /// A call that took at least this long wrote something; the next slice then waits ``pause``.
    static let busyCall: Duration = .microseconds(100)

    /// Writes the file's dirty pages back a slice at a time, pausing `pause` after each slice that had pages to write
    /// (clean slices cost a system call each, ~1 µs). A missing file is not an error (SQLite removes its WAL when the
    /// last connection closes).
    ///
    /// - Returns: The number of slices that had pages to write.
    @discardableResult
    static func writeBack(path: String, pause: Duration) -> Int {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return 0 }
        let clock = ContinuousClock()
        var busy = 0
        var offset: Int64 = 0
        while offset < Int64(status.st_size) {
            let took = clock.measure { _ = herald_write_back(fd, offset, slice) }
            offset += slice
            if took >= busyCall {
                busy += 1
                if pause > .zero, offset < Int64(status.st_size) { sleep(pause) }
            }
        }
        return busy
    }

    /// Makes the file's contents durable (`fdatasync`). A missing file is not an error.
    ///
    /// - Throws: The `errno` of a failed `open` (other than `ENOENT`) or `fdatasync`, as ``LedgerError/database(_:)``.
    static func sync(_ path: String) throws(LedgerError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw .database("cannot open \(path) to sync it: errno \(errno)")
        }
        defer { close(fd) }
        #if os(Linux)
        let result = fdatasync(fd)
        #else
        let result = fsync(fd)
        #endif
        if result != 0 { throw .database("cannot sync \(path): errno \(errno)") }
    }

    /// The file's size in bytes, 0 when it does not exist.
    static func size(_ path: String) -> Int64 {
        var status = stat()
        return stat(path, &status) == 0 ? Int64(status.st_size) : 0
    }

    /// Blocks the calling thread (the ledger's own, never a Swift concurrency thread) for `duration`.
    private static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}
