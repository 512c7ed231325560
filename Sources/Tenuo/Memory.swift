#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Every string or byte buffer the library hands to C is allocated with `malloc` (e.g. by
// `strdup`); these two functions are the only correct way for callers to release them.

/// Releases a string returned by the library through a `char **` out-parameter.
///
/// The string is overwritten with zeros before it is freed, since exported keys travel as
/// strings. Never pass a pointer the library did not allocate, nor a borrowed string (one
/// returned as `const char *`).
///
/// Threads: callable from any thread; each string is freed once.
/// - Parameters:
///   - s: The string, or NULL (then nothing happens).
@c public func tenuo_string_free(_ s: UnsafeMutablePointer<CChar>?) {
    guard let s else { return }
    explicit_bzero(s, strlen(s))
    free(s)
}

/// Releases a byte buffer returned by the library through a `uint8_t **` out-parameter.
///
/// The buffer is overwritten with zeros before it is freed, since it may hold key material.
///
/// Threads: callable from any thread; each buffer is freed once.
/// - Parameters:
///   - p: The buffer, or NULL (then nothing happens).
///   - len: The length the library reported for it (the number of bytes zeroed).
@c public func tenuo_bytes_free(_ p: UnsafeMutablePointer<UInt8>?, _ len: UInt) {
    guard let p else { return }
    if let count = Int(exactly: len) { explicit_bzero(p, count) }
    free(p)
}
