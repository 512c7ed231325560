#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif
import Synchronization

/// Non-secret random bytes (the random part of a minted warrant's UUIDv7 id) drawn from the
/// operating system's CSPRNG 256 bytes at a time, so minting does not make one `getrandom`
/// system call per warrant (about 0.4 µs each here). Each thread has its own buffer (no lock);
/// bytes are handed out once and wiped as they go.
///
/// Fork safety: a child process must never hand out bytes its parent also holds (two warrants
/// with one id). A `pthread_atfork` child handler bumps a process-wide generation; a buffer
/// filled in another generation is discarded before use. Were the handler not registered, every
/// request goes straight to the CSPRNG.
enum RandomPool {
    static let refillBytes = 256

    private final class Buffer {
        var bytes = [UInt8](repeating: 0, count: RandomPool.refillBytes)
        var next = RandomPool.refillBytes  // empty until first filled
        var generation: UInt64 = 0
    }

    private static let generation = Atomic<UInt64>(0)

    /// The per-thread buffer's key, and whether the fork handler is in place (both made once).
    private static let key: pthread_key_t? = {
        guard pthread_atfork(nil, nil, { RandomPool.generation.add(1, ordering: .relaxed) }) == 0 else { return nil }
        var k = pthread_key_t()
        let rc = pthread_key_create(&k) { raw in
            guard let raw else { return }
            Unmanaged<Buffer>.fromOpaque(raw).release()
        }
        return rc == 0 ? k : nil
    }()

    private static func buffer() -> Buffer? {
        guard let key else { return nil }
        if let raw = pthread_getspecific(key) { return Unmanaged<Buffer>.fromOpaque(raw).takeUnretainedValue() }
        let b = Buffer()
        let raw = Unmanaged.passRetained(b).toOpaque()
        guard pthread_setspecific(key, raw) == 0 else {
            Unmanaged<Buffer>.fromOpaque(raw).release()
            return nil
        }
        return b
    }

    /// Calls `body` with `n` random bytes read in place in the per-thread buffer (wiped once
    /// `body` returns), so a caller that only reads them makes no array of its own. Counts
    /// outside 1…64, or no per-thread buffer: bytes straight from the CSPRNG.
    static func withBytes<R>(_ n: Int, _ body: (ArraySlice<UInt8>) -> R) -> R {
        guard n > 0, n <= 64, let b = buffer() else { return body(Sodium.randomBytes(n)[...]) }
        let gen = generation.load(ordering: .relaxed)
        var start = b.next
        if b.generation != gen || start > refillBytes - n {
            b.bytes = Sodium.randomBytes(refillBytes)
            b.generation = gen
            start = 0
        }
        b.next = start + n
        let range = start ..< start + n
        let result = body(b.bytes[range])
        for i in range { b.bytes[i] = 0 }
        return result
    }
}
