// Conversion helpers shared by every exported function: the thread-local error message,
// handle boxes, and checked reading of C inputs / writing of C outputs. No protocol logic.
import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Thread-local error message

/// The key of the per-thread last-error string; its destructor frees a thread's message when
/// the thread exits. Created once (Swift globals initialise thread-safely).
private let errorKey: pthread_key_t = {
    var key = pthread_key_t()
    _ = pthread_key_create(&key) { p in free(p) }
    return key
}()

/// Replaces this thread's last-error message.
func setLastError(_ message: String) {
    let old = pthread_getspecific(errorKey)
    _ = message.withCString { pthread_setspecific(errorKey, strdup($0)) }
    free(old)
}

/// Returns the message of the last failing call made on this thread, or NULL when none failed.
///
/// Read it on the thread that made the failing call: each thread has its own message.
/// Threads: callable from any thread.
/// - Returns: A borrowed NUL-terminated string owned by the library, valid until the next
///   failing call on the same thread (do not free it).
@c public func tenuo_last_error_message() -> UnsafePointer<CChar>? {
    guard let p = pthread_getspecific(errorKey) else { return nil }
    return UnsafePointer(p.assumingMemoryBound(to: CChar.self))
}

/// Runs an entry point body: maps a thrown `TenuoError` to its status code and message.
@inline(__always)
func guarded(_ body: () throws(TenuoError) -> Void) -> tenuo_status {
    do {
        try body()
        return 0
    } catch {
        setLastError(error.message)
        return error.code.rawValue
    }
}

func misuse(_ code: ErrorCode, _ message: String) -> TenuoError { TenuoError(code, message) }

// MARK: Handle boxes

/// Base class of every box that crosses the ABI; the dynamic cast on borrow catches a handle
/// of the wrong kind (e.g. a warrant passed where a key is expected).
class Handle: @unchecked Sendable {}

final class Box<T>: Handle, @unchecked Sendable {
    var value: T
    init(_ value: T) { self.value = value }
}

/// Retains a new box and returns it as an opaque handle for C.
func retain<T>(_ v: T) -> OpaquePointer {
    OpaquePointer(Unmanaged.passRetained(Box(v) as Handle).toOpaque())
}

/// Borrows the box behind a handle, checking its kind.
func borrow<T>(_ p: OpaquePointer?, _ what: String, as: T.Type = T.self) throws(TenuoError) -> Box<T> {
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL") }
    let obj = Unmanaged<Handle>.fromOpaque(UnsafeRawPointer(p)).takeUnretainedValue()
    guard let box = obj as? Box<T> else { throw misuse(.invalidArgument, "\(what) is not a handle of the expected kind") }
    return box
}

/// Releases a handle made by `retain` (NULL is ignored).
func release(_ p: OpaquePointer?) {
    guard let p else { return }
    Unmanaged<Handle>.fromOpaque(UnsafeRawPointer(p)).release()
}

// MARK: Inputs

/// Upper bound of any text or byte input (a chain is at most 256 KiB; its base64 a third more).
let maxInputBytes = 1 << 20

func size(_ len: UInt, _ what: String) throws(TenuoError) -> Int {
    guard let n = Int(exactly: len), n <= maxInputBytes else {
        throw misuse(.valueTooLarge, "\(what) is \(len) bytes, over the \(maxInputBytes)-byte input limit")
    }
    return n
}

/// Reads `(ptr, len)` UTF-8 text. NULL is allowed only with length 0.
func text(_ p: UnsafePointer<CChar>?, _ len: UInt, _ what: String) throws(TenuoError) -> String {
    let n = try size(len, what)
    guard n > 0 else { return "" }
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL with length \(n)") }
    let buf = UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n)
    guard let s = String(validating: buf, as: UTF8.self) else {
        throw misuse(.invalidUTF8, "\(what) is not valid UTF-8")
    }
    return s
}

/// Reads `(ptr, len)` bytes. NULL is allowed only with length 0.
func bytes(_ p: UnsafePointer<UInt8>?, _ len: UInt, _ what: String) throws(TenuoError) -> [UInt8] {
    let n = try size(len, what)
    guard n > 0 else { return [] }
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL with length \(n)") }
    return Array(UnsafeBufferPointer(start: p, count: n))
}

func requireOut<P>(_ p: UnsafeMutablePointer<P>?, _ what: String) throws(TenuoError) -> UnsafeMutablePointer<P> {
    guard let p else { throw misuse(.nullArgument, "output \(what) is NULL") }
    return p
}

// MARK: Outputs

/// Stores a malloc'ed NUL-terminated copy in `*out` (freed by `tenuo_string_free`).
func output(_ s: String, to out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) throws(TenuoError) {
    guard let c = strdup(s) else { throw misuse(.internalError, "out of memory") }
    out.pointee = c
}

/// Stores a malloc'ed copy in `*out` / `*outLen` (freed by `tenuo_bytes_free`).
func output(_ b: [UInt8], to out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>, length: UnsafeMutablePointer<UInt>) throws(TenuoError) {
    guard let m = malloc(max(b.count, 1))?.assumingMemoryBound(to: UInt8.self) else {
        throw misuse(.internalError, "out of memory")
    }
    b.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { m.update(from: base, count: b.count) }
    }
    out.pointee = m
    length.pointee = UInt(b.count)
}

/// Copies fixed-size bytes into a caller buffer of `cap` bytes.
func copyOut(_ b: [UInt8], _ p: UnsafeMutablePointer<UInt8>?, _ cap: UInt, _ what: String) throws(TenuoError) {
    guard let p else { throw misuse(.nullArgument, "output buffer for \(what) is NULL") }
    guard cap >= UInt(b.count) else {
        throw misuse(.bufferTooSmall, "output buffer for \(what) holds \(cap) bytes, \(b.count) needed")
    }
    b.withUnsafeBufferPointer { src in
        if let base = src.baseAddress { p.update(from: base, count: b.count) }
    }
}

/// Clears an out-parameter first, so that on failure it is NULL as documented.
@inline(__always)
func clear<P>(_ p: UnsafeMutablePointer<P?>?) { p?.pointee = nil }

/// The current time in Unix seconds (the only clock read, for callers that want the default).
func clockNow() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return ts.tv_sec > 0 ? UInt64(ts.tv_sec) : 0
}

/// Returns the current time in Unix seconds, as the library's clock reads it.
///
/// Provided so that callers in any language can pass "now" to the time-dependent functions,
/// which never read the clock themselves.
/// Threads: callable from any thread.
@c public func tenuo_now_unix() -> UInt64 { clockNow() }
