// The process-wide verified-signature cache (TenuoCore's VerifiedSignatureCache.shared): its
// switch, size, reset and counters. Every decoding of a warrant or chain goes through it.
import TenuoCore

/// The cache's sizes as header macros. They restate TenuoCore's `VerifiedSignatureCache`
/// constants (the generator needs literals); `Tests/CTests/cache.c` checks they agree.
enum VerifyCacheSize {
    /// Capacity of the verified-signature cache when the library loads, in entries.
    /// @c-macro TENUO_VERIFY_CACHE_DEFAULT_ENTRIES
    static let defaultEntries: UInt = 4096

    /// Largest capacity `tenuo_verify_cache_set_capacity` accepts, in entries.
    /// @c-macro TENUO_VERIFY_CACHE_MAX_ENTRIES
    static let maxEntries: UInt = 1048576
}

/// Sets the number of entries of the process-wide verified-signature cache, which lets a warrant
/// whose exact envelope bytes decoded and verified before be decoded again without a second
/// Ed25519 verification (a hash-table lookup; a hit needs the same envelope, byte for byte). The cache
/// is on by default with `TENUO_VERIFY_CACHE_DEFAULT_ENTRIES` entries; 0 switches it off (every
/// decoding verifies). Every entry is dropped; the hit and miss counters are kept. The cache only
/// changes the cost of decoding: expiry, revocation, approvals and proof-of-possession are checked
/// on every call whatever its state.
///
/// Memory: about 100-150 bytes per entry, plus the envelopes it keeps (from a first sight) and their
/// decoded warrants (from a second sight, so that later hits need no decoding either): at most 512
/// envelope bytes per entry on average and 4 MiB of envelopes in all. A typical 236-byte warrant
/// costs about 0.4 KiB per entry, 1.8 KiB once decoded (about 7 MiB for a full default cache);
/// past the budget an entry only records a digest of the verified envelope.
/// Threads: callable from any thread, also while other threads decode and authorize.
/// - Parameters:
///   - entries: The new capacity, at most `TENUO_VERIFY_CACHE_MAX_ENTRIES` (1048576); 0 is off.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_ARGUMENT when `entries` is over the maximum (the cache
///   is then unchanged).
@c public func tenuo_verify_cache_set_capacity(_ entries: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in try VerifiedSignatureCache.shared.setRequestedCapacity(entries) }
}

/// Returns the capacity of the process-wide verified-signature cache (0 when it is off).
///
/// Threads: callable from any thread.
@c public func tenuo_verify_cache_capacity() -> UInt {
    UInt(VerifiedSignatureCache.shared.capacity)
}

/// Empties the process-wide verified-signature cache and zeroes its hit and miss counters; the
/// capacity (and whether it is on) is kept. The next decoding of any warrant verifies its signature.
///
/// Threads: callable from any thread, also while other threads decode.
@c public func tenuo_verify_cache_clear() {
    VerifiedSignatureCache.shared.clear()
}

/// Reads the counters of the process-wide verified-signature cache since it was last cleared.
/// A hit is a decoding that found its signature in the cache (no Ed25519 verification); a miss
/// one that looked, did not find it and verified. While the cache is off nothing is counted.
///
/// Threads: callable from any thread; figures read while other threads decode may be mutually
/// inconsistent by the decodings in flight.
/// - Parameters:
///   - hits: Receives the number of hits, or NULL to skip it.
///   - misses: Receives the number of misses, or NULL to skip it.
///   - entries: Receives the number of entries held now, or NULL to skip it.
/// - Returns: TENUO_OK.
@c public func tenuo_verify_cache_stats(
    _ hits: UnsafeMutablePointer<UInt64>?, _ misses: UnsafeMutablePointer<UInt64>?,
    _ entries: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    let s = VerifiedSignatureCache.shared.statistics
    hits?.pointee = s.hits
    misses?.pointee = s.misses
    entries?.pointee = UInt(s.entries)
    return 0
}
