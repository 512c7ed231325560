import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// NUL-terminated copy of `TenuoVersion.string`, made once (thread-safely, as every global)
/// and never freed, so the pointer handed to C stays valid for the life of the process.
nonisolated(unsafe) private let versionCString: UnsafeMutablePointer<CChar>? = strdup(TenuoVersion.string)

/// Returns the library version as `major * 10000 + minor * 100 + patch`.
///
/// Equals `TENUO_VERSION_NUMBER` when the header matches the loaded library.
/// Threads: callable from any thread.
@c public func tenuo_version_number() -> Int32 { TenuoVersion.number }

/// Returns the library version as text, e.g. `"0.1.0"`, equal to `TENUO_VERSION_STRING` when
/// the header matches the loaded library.
///
/// Threads: callable from any thread.
/// - Returns: A static NUL-terminated string owned by the library; never free it. NULL only if
///   memory was exhausted on the first call.
@c public func tenuo_version_string() -> UnsafePointer<CChar>? {
    UnsafePointer(versionCString)
}

/// Returns the ABI generation, bumped only when an exported function changes incompatibly.
///
/// Equals `TENUO_ABI_VERSION` when the header matches the loaded library.
/// Threads: callable from any thread.
@c public func tenuo_abi_version() -> Int32 { TenuoVersion.abi }

/// Returns the Tenuo wire-format version this library reads and writes (envelope and payload).
///
/// Equals `TENUO_WIRE_VERSION`.
/// Threads: callable from any thread.
@c public func tenuo_wire_version() -> Int32 { TenuoVersion.wire }
