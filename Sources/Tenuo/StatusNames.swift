import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// C strings for every status name, built once on first use and never freed, so the pointers
/// returned by `tenuo_status_name` stay valid for the life of the process. The table is
/// immutable after its (thread-safe, lazy) initialisation, so concurrent reads are safe.
nonisolated(unsafe) private let statusNameTable: [Int32: UnsafeMutablePointer<CChar>] = {
    var table: [Int32: UnsafeMutablePointer<CChar>] = [:]
    if let ok = strdup("OK") { table[0] = ok }
    for code in ErrorCode.allCases {
        if let name = strdup(code.name) { table[code.rawValue] = name }
    }
    return table
}()

/// The name returned for codes this library does not know.
nonisolated(unsafe) private let unknownStatusName: UnsafeMutablePointer<CChar>? = strdup("UNKNOWN")

/// Returns the stable upper-snake name of a status code, e.g. `"SIGNATURE_INVALID"` for
/// `TENUO_E_SIGNATURE_INVALID`, or `"OK"` for `TENUO_OK`.
///
/// Threads: callable from any thread.
/// - Parameters:
///   - code: Any status value, known or not.
/// - Returns: A static NUL-terminated string owned by the library (never free it): the
///   name without the `TENUO_E_` prefix, or `"UNKNOWN"` for a code this version does not
///   define. NULL only if memory was exhausted on the first call.
@c public func tenuo_status_name(_ code: tenuo_status) -> UnsafePointer<CChar>? {
    if let name = statusNameTable[code] { return UnsafePointer(name) }
    return UnsafePointer(unknownStatusName)
}
