internal import CEd25519
internal import CSodium

/// The only door to libsodium: one small wrapper per C call, nothing else.
///
/// Every wrapper checks buffer lengths before calling C, so misuse returns a failure value
/// instead of reading or writing out of bounds. Inputs are passed by pointer (no copies).
enum Sodium {
    static let publicKeyBytes = 32
    static let secretKeyBytes = 64
    /// A secret key followed by its expanded form (`ed25519Expand`): what a `SigningKey` holds.
    static let expandedSecretKeyBytes = 128
    static let seedBytes = 32
    static let signatureBytes = 64
    static let sha256Bytes = 32

    /// `sodium_init` runs once, on first use, under the runtime's one-time initialisation of
    /// a global `let` (thread-safe). It is itself idempotent. If it ever failed, libsodium's
    /// portable code paths would still compute correct results, so nothing traps here.
    private static let initialized: Bool = sodium_init() >= 0

    @inline(__always)
    private static func ready() { _ = initialized }

    /// SHA-256 of `data` (`crypto_hash_sha256`).
    static func sha256<C: Collection<UInt8>>(_ data: C) -> [UInt8] {
        ready()
        if let digest = data.withContiguousStorageIfAvailable({ sha256Buffer($0) }) { return digest }
        return Array(data).withUnsafeBufferPointer { sha256Buffer($0) }
    }

    private static func sha256Buffer(_ data: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: sha256Bytes)
        out.withUnsafeMutableBufferPointer { o in
            guard let dst = o.baseAddress else { return }
            withInput(data) { p, n in _ = crypto_hash_sha256(dst, p, UInt64(n)) }
        }
        return out
    }

    /// BLAKE2b-256 of `data`, unkeyed (`crypto_generichash` with a 32-byte output): a
    /// collision-resistant digest several times cheaper than SHA-256 on this library's
    /// portable build, for digests that stay inside the process (the verified-warrant cache).
    static func blake2b256(_ data: [UInt8]) -> [UInt8] {
        ready()
        var out = [UInt8](repeating: 0, count: 32)
        out.withUnsafeMutableBufferPointer { o in
            guard let dst = o.baseAddress else { return }
            withInput(data) { p, n in _ = crypto_generichash(dst, 32, p, UInt64(n), nil, 0) }
        }
        return out
    }

    /// libsodium declares its pointers non-null; an empty input gets a pointer to a dummy
    /// byte together with length 0.
    @inline(__always)
    private static func withInput<R>(_ data: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> R) -> R
    {
        if let base = data.baseAddress { return body(base, data.count) }
        var dummy: UInt8 = 0
        return withUnsafePointer(to: &dummy) { body($0, 0) }
    }

    @inline(__always)
    private static func withInput<R>(_ data: [UInt8], _ body: (UnsafePointer<UInt8>, Int) -> R) -> R {
        data.withUnsafeBufferPointer { withInput($0, body) }
    }

    /// `n` bytes from the operating system's CSPRNG (`randombytes_buf`). Empty for `n <= 0`.
    static func randomBytes(_ n: Int) -> [UInt8] {
        ready()
        guard n > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: n)
        out.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            randombytes_buf(base, raw.count)
        }
        return out
    }

    /// Derives an Ed25519 key pair from a 32-byte seed (`crypto_sign_ed25519_seed_keypair`).
    /// - Returns: the 32-byte public key and 64-byte secret key (seed ‖ public key), or nil
    ///   when the seed is not 32 bytes. The caller owns and must wipe `secretKey`.
    static func ed25519SeedKeypair(_ seed: [UInt8]) -> (publicKey: [UInt8], secretKey: [UInt8])? {
        guard seed.count == seedBytes else { return nil }
        var sk = [UInt8](repeating: 0, count: secretKeyBytes)
        guard let pk = sk.withUnsafeMutableBufferPointer({ ed25519SeedKeypair(seed: seed, into: $0) }) else {
            memzero(&sk)
            return nil
        }
        return (pk, sk)
    }

    /// Pointer form of `ed25519SeedKeypair`, writing the secret key straight into storage the
    /// caller owns (so no temporary copy of the secret exists).
    static func ed25519SeedKeypair(seed: [UInt8], into secretKey: UnsafeMutableBufferPointer<UInt8>) -> [UInt8]? {
        ready()
        guard seed.count == seedBytes, secretKey.count == secretKeyBytes else { return nil }
        var pk = [UInt8](repeating: 0, count: publicKeyBytes)
        guard let skPointer = secretKey.baseAddress else { return nil }
        let rc = pk.withUnsafeMutableBufferPointer { p -> Int32 in
            guard let pkPointer = p.baseAddress else { return -1 }
            return withInput(seed) { s, _ in crypto_sign_ed25519_seed_keypair(pkPointer, skPointer, s) }
        }
        return rc == 0 ? pk : nil
    }

    /// Detached Ed25519 signature of `message` (`crypto_sign_ed25519_detached`), plain
    /// RFC 8032 with no prefix. Returns an empty array if `secretKey` is not 64 bytes.
    static func ed25519Sign(_ secretKey: UnsafeBufferPointer<UInt8>, _ message: [UInt8]) -> [UInt8] {
        message.withUnsafeBufferPointer { m in withInput(m) { ed25519Sign(secretKey, $0, $1) } }
    }

    /// Signature of `prefix || byte || body`, the message composed in one temporary buffer
    /// (on the stack when small) instead of an array of its own. Same bytes signed, same
    /// signature as `ed25519Sign(secretKey, prefix + [byte] + body)`.
    static func ed25519Sign(
        _ secretKey: UnsafeBufferPointer<UInt8>, prefix: [UInt8], _ byte: UInt8, _ body: [UInt8]
    ) -> [UInt8] {
        withMessage(prefix, byte, body, body.startIndex..<body.endIndex) { ed25519Sign(secretKey, $0, $1) } ?? []
    }

    /// The signature is written into a temporary buffer and copied into an array once: an
    /// array made with `Array(repeating:count:)` goes through the standard library's
    /// unspecialised allocation (hundreds of instructions of metadata lookup).
    /// `secretKey` is libsodium's 64-byte secret key, or `expandedSecretKeyBytes` bytes: that key
    /// followed by its `ed25519Expand` form, which signs without hashing the seed again
    /// (`ced25519_sign`: the same signature).
    private static func ed25519Sign(_ secretKey: UnsafeBufferPointer<UInt8>, _ m: UnsafePointer<UInt8>, _ n: Int)
        -> [UInt8]
    {
        ready()
        guard secretKey.count == secretKeyBytes || secretKey.count == expandedSecretKeyBytes,
            let sk = secretKey.baseAddress
        else { return [] }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: signatureBytes) { s -> [UInt8] in
            guard let sigPointer = s.baseAddress, s.count == signatureBytes else { return [] }
            s.initialize(repeating: 0)
            let rc = secretKey.count == expandedSecretKeyBytes
                ? ced25519_sign(sigPointer, m, n, sk, sk + secretKeyBytes)
                : crypto_sign_ed25519_detached(sigPointer, nil, m, UInt64(n), sk)
            guard rc == 0 else { return [] }
            return Array(UnsafeBufferPointer(s))
        }
    }

    /// Writes the expanded form of the 64-byte secret key `secretKey[0..<64]` into
    /// `secretKey[64..<128]` (`ced25519_expand`). False, and nothing written, for another size.
    static func ed25519Expand(_ secretKey: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        ready()
        guard secretKey.count == expandedSecretKeyBytes, let sk = secretKey.baseAddress else { return false }
        ced25519_expand(sk + secretKeyBytes, sk)
        return true
    }

    /// Array form of `ed25519Sign` for a 64-byte libsodium secret key.
    static func ed25519Sign(_ secretKey: [UInt8], _ message: [UInt8]) -> [UInt8] {
        secretKey.withUnsafeBufferPointer { ed25519Sign($0, message) }
    }

    /// Checks a detached Ed25519 signature as `crypto_sign_ed25519_verify_detached` does, with
    /// the key's decompressed point kept for the next verify under the same key
    /// (`ced25519_verify`, CEd25519/keycache.c: the same checks, the same result).
    /// libsodium rejects small-order keys and R values and non-canonical S and keys.
    /// Wrong lengths give false.
    static func ed25519Verify(_ signature: [UInt8], _ message: [UInt8], _ publicKey: [UInt8]) -> Bool {
        signature.withUnsafeBufferPointer { s in
            message.withUnsafeBufferPointer { m in withInput(m) { ed25519Verify(s, $0, $1, publicKey) } }
        }
    }

    /// Checks the signature `bytes[signature]` over `prefix || byte || bytes[message]`, reading
    /// both where they lie in `bytes` (no copies into arrays of their own); the message is
    /// composed in one temporary buffer. Exactly the bytes `ed25519Verify(Array(bytes[signature]),
    /// prefix + [byte] + bytes[message], publicKey)` checks. A range outside `bytes` gives false.
    static func ed25519Verify(
        _ bytes: [UInt8], signature: Range<Int>, prefix: [UInt8], _ byte: UInt8, message: Range<Int>,
        _ publicKey: [UInt8]
    ) -> Bool {
        guard signature.lowerBound >= 0, signature.upperBound <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { all in
            let s = UnsafeBufferPointer(rebasing: all[signature])
            return withMessage(prefix, byte, bytes, message) { ed25519Verify(s, $0, $1, publicKey) } ?? false
        }
    }

    private static func ed25519Verify(
        _ signature: UnsafeBufferPointer<UInt8>, _ m: UnsafePointer<UInt8>, _ n: Int, _ publicKey: [UInt8]
    ) -> Bool {
        ready()
        guard signature.count == signatureBytes, publicKey.count == publicKeyBytes, let s = signature.baseAddress else {
            return false
        }
        return withInput(publicKey) { p, _ in ced25519_verify(s, m, n, p) == 0 }
    }

    /// Calls `body` with `prefix || byte || bytes[range]` in one temporary buffer (on the stack
    /// when the standard library finds it small enough, else on the heap), never an array.
    /// Nil when `range` is not inside `bytes`.
    private static func withMessage<R>(
        _ prefix: [UInt8], _ byte: UInt8, _ bytes: [UInt8], _ range: Range<Int>,
        _ body: (UnsafePointer<UInt8>, Int) -> R
    ) -> R? {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else { return nil }
        let n = prefix.count + 1 + range.count
        return prefix.withUnsafeBufferPointer { x in
            bytes.withUnsafeBufferPointer { all in
                withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { t -> R? in
                    guard let base = t.baseAddress, t.count >= n else { return nil }
                    var i = t.initialize(fromContentsOf: x)
                    t[i] = byte
                    i += 1
                    let rest = UnsafeMutableBufferPointer(rebasing: t[i..<n])
                    _ = rest.initialize(fromContentsOf: UnsafeBufferPointer(rebasing: all[range]))
                    return body(UnsafePointer(base), n)
                }
            }
        }
    }

    /// Overwrites the array's bytes with zeros in a way the optimiser cannot drop
    /// (`sodium_memzero`). The array must be uniquely referenced, or only a copy is wiped.
    static func memzero(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { return }
            sodium_memzero(base, raw.count)
        }
    }

    /// Pointer form of `memzero`.
    static func memzero(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        guard let base = buffer.baseAddress else { return }
        sodium_memzero(base, buffer.count)
    }

    /// Constant-time equality of two byte strings (`sodium_memcmp`). The lengths are not
    /// secret: different lengths compare unequal at once.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in equal(x, y) } }
    }

    /// Pointer form of `equal` for secrets held outside arrays.
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        guard let x = a.baseAddress, let y = b.baseAddress, a.count > 0 else { return true }
        return sodium_memcmp(x, y, a.count) == 0
    }
}

/// The Ed25519 key cache behind every verify (CEd25519/keycache.c), as tests and benchmarks see it.
enum Ed25519KeyCache {
    /// Whether verification keeps decompressed keys: libsodium's ref10 internals linked in (the
    /// static libsodium 1.0.18) and their self-test passed. False means every verify is
    /// `crypto_sign_ed25519_verify_detached` itself.
    static var isActive: Bool { ced25519_keycache_active() != 0 }

    /// Lookups that found their key, keys decompressed and kept, and lookups or inserts that
    /// found their slot busy, since the process started.
    static var counters: (hits: UInt64, kept: UInt64, busy: UInt64) {
        var h: UInt64 = 0, k: UInt64 = 0, b: UInt64 = 0
        ced25519_keycache_counters(&h, &k, &b)
        return (h, k, b)
    }

    /// Empties the cache.
    static func clear() { ced25519_keycache_clear() }

    /// The slot (0-255) a 32-byte key is kept in.
    static func slot(_ publicKey: [UInt8]) -> Int {
        precondition(publicKey.count == 32)
        return Int(ced25519_keycache_slot(publicKey))
    }

    /// libsodium's `crypto_sign_ed25519_verify_detached` itself (no cache), for comparison.
    static func libsodiumVerify(_ signature: [UInt8], _ message: [UInt8], _ publicKey: [UInt8]) -> Bool {
        guard signature.count == 64, publicKey.count == 32 else { return false }
        return message.withUnsafeBufferPointer { m in
            ced25519_verify_libsodium(signature, m.baseAddress, m.count, publicKey) == 0
        }
    }
}
