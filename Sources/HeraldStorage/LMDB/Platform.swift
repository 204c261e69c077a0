#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `close(2)` under a name that does not clash with `close()` methods.
@inline(__always)
func systemClose(_ descriptor: Int32) {
    _ = close(descriptor)
}

/// `EINVAL`, for internal "LMDB returned no handle" errors.
let invalidArgumentCode: Int32 = EINVAL
