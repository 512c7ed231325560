import Testing
@testable import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The Ed25519 key cache (CEd25519/keycache.c): every verify keeps the key's decompressed point
/// and reuses it for the same key. It must change what a verify costs, never what it answers:
/// the answer is libsodium's `crypto_sign_ed25519_verify_detached`'s for every input.
@Suite struct Ed25519KeyCacheTests {
    /// `make swift-test` links the static libsodium as the release library does and sets this,
    /// so there the cache must be in use; a plain `swift test` against the shared libsodium
    /// verifies through libsodium alone and skips the tests that need the cache.
    static let expectActive = getenv("TENUO_EXPECT_ED25519_KEYCACHE").map { String(cString: $0) == "1" } ?? false

    static func key(_ n: Int) -> SigningKey {
        var seed = [UInt8](repeating: 0, count: 32)
        seed[0] = UInt8(truncatingIfNeeded: n)
        seed[1] = UInt8(truncatingIfNeeded: n >> 8)
        seed[31] = 0x7e
        return try! SigningKey(seed: seed)
    }

    static func message(_ n: Int, _ len: Int) -> [UInt8] { (0..<len).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ n) } }

    @Test func activeWhereTheStaticLibsodiumIsLinked() {
        if Self.expectActive { #expect(Ed25519KeyCache.isActive) }
    }

    /// Genuine signatures and single-bit changes of the signature, the message or the key, with
    /// the key's point cached before (the first verify keeps it): the same answer as libsodium.
    @Test func agreesWithLibsodiumOnGenuineAndTamperedInput() {
        var rng = SystemRandomNumberGenerator()
        var checked = 0, refused = 0
        for k in 0..<3 {
            let sk = Self.key(900 + k)
            let pk = sk.publicKey.bytes
            for len in [0, 1, 63, 64, 300] {
                let m = Self.message(k, len)
                let sig = sk.sign(m)
                #expect(Sodium.ed25519Verify(sig, m, pk))
                #expect(Ed25519KeyCache.libsodiumVerify(sig, m, pk))
                for _ in 0..<40 {
                    var s = sig, mm = m, p = pk
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: s[Int.random(in: 0..<64, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                    case 1 where len > 0: mm[Int.random(in: 0..<len, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                    default: p[Int.random(in: 0..<32, using: &rng)] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
                    }
                    let ours = Sodium.ed25519Verify(s, mm, p), theirs = Ed25519KeyCache.libsodiumVerify(s, mm, p)
                    #expect(ours == theirs, "key \(k), \(len)-byte message: ours \(ours), libsodium \(theirs)")
                    checked += 1
                    if !ours { refused += 1 }
                }
                // The genuine signature still verifies with the point now cached.
                #expect(Sodium.ed25519Verify(sig, m, pk))
            }
        }
        #expect(checked == 600)
        #expect(refused == checked)  // no single flipped bit leaves a valid signature
    }

    /// A signing key signs from its expanded form (the seed's hash kept beside it): every
    /// signature must be the one libsodium's `crypto_sign_ed25519_detached` makes from the
    /// plain 64-byte secret key, byte for byte (Ed25519 signing is deterministic).
    @Test func signaturesFromTheExpandedKeyAreLibsodiumsBytes() throws {
        for k in 0..<4 {
            var seed = [UInt8](repeating: UInt8(0x30 + k), count: 32)
            seed[5] = UInt8(k)
            let key = try SigningKey(seed: seed)
            guard var plain = Sodium.ed25519SeedKeypair(seed)?.secretKey else {
                Issue.record("no key pair")
                return
            }
            for len in [0, 1, 111, 112, 128, 1000] {
                let m = Self.message(k, len)
                let ours = key.sign(m)
                #expect(ours == Sodium.ed25519Sign(plain, m), "key \(k), \(len)-byte message")
                #expect(ours.count == 64)
                #expect(Sodium.ed25519Verify(ours, m, key.publicKey.bytes))
            }
            Sodium.memzero(&plain)
        }
        // RFC 8032 section 7.1, TEST 2: one-byte message 0x72.
        let key = try SigningKey(seed: try Hex.decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
        #expect(key.publicKey.hex == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        #expect(Hex.encode(key.sign([0x72])) == "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
    }

    /// Keys libsodium refuses, whatever the signature: small-order points (the identity, a
    /// point of order 2), a non-canonical encoding (y = p), and a non-canonical S.
    @Test func refusedKeysAndScalarsStayRefused() {
        let sk = Self.key(950)
        let m = Self.message(1, 40)
        let sig = sk.sign(m)
        var identity = [UInt8](repeating: 0, count: 32)
        identity[0] = 1
        var order2 = [UInt8](repeating: 0xff, count: 32)
        order2[0] = 0xec
        order2[31] = 0x7f
        var yIsP = [UInt8](repeating: 0xff, count: 32)
        yIsP[0] = 0xed
        yIsP[31] = 0x7f
        for bad in [identity, order2, yIsP] {
            for _ in 0..<2 {  // the second time after any (wrong) chance to be kept
                #expect(!Sodium.ed25519Verify(sig, m, bad))
                #expect(!Ed25519KeyCache.libsodiumVerify(sig, m, bad))
            }
        }
        // S + L (the group order) is the same scalar, not canonical: refused by both.
        var s = Array(sig[32...])
        let order: [UInt8] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ]
        var carry = 0
        for i in 0..<32 {
            let v = Int(s[i]) + Int(order[i]) + carry
            s[i] = UInt8(truncatingIfNeeded: v)
            carry = v >> 8
        }
        if carry == 0 {
            let nonCanonical = Array(sig[..<32]) + s
            #expect(!Sodium.ed25519Verify(nonCanonical, m, sk.publicKey.bytes))
            #expect(!Ed25519KeyCache.libsodiumVerify(nonCanonical, m, sk.publicKey.bytes))
        }
        #expect(Sodium.ed25519Verify(sig, m, sk.publicKey.bytes))
    }

    @Test(.enabled(if: Ed25519KeyCache.isActive)) func aSecondVerifyUnderAKeyFindsItsPoint() {
        let sk = Self.key(960)
        let m = Self.message(2, 100)
        let sig = sk.sign(m)
        let before = Ed25519KeyCache.counters
        for _ in 0..<5 { #expect(Sodium.ed25519Verify(sig, m, sk.publicKey.bytes)) }
        let after = Ed25519KeyCache.counters
        // Other suites verify concurrently, so these are lower bounds; a slot another thread
        // holds at that instant makes a lookup miss (counted as busy) rather than wait.
        #expect(after.kept >= before.kept + 1)
        #expect(after.hits + after.busy >= before.hits + before.busy + 4)
    }

    /// Two keys filed in the same slot: each evicts the other, and a signature by one never
    /// verifies under the other, whichever point the slot holds.
    @Test(.enabled(if: Ed25519KeyCache.isActive)) func keysSharingASlotNeverStandInForEachOther() {
        var bySlot: [Int: SigningKey] = [:]
        var pair: (SigningKey, SigningKey)?
        for n in 1000..<1300 {  // 300 keys over 256 slots: two must share one
            let k = Self.key(n)
            let slot = Ed25519KeyCache.slot(k.publicKey.bytes)
            if let other = bySlot[slot] {
                pair = (other, k)
                break
            }
            bySlot[slot] = k
        }
        guard let (a, b) = pair else {
            Issue.record("no two of 300 keys share a slot")
            return
        }
        let m = Self.message(3, 77)
        let sa = a.sign(m), sb = b.sign(m)
        let pa = a.publicKey.bytes, pb = b.publicKey.bytes
        for _ in 0..<3 {
            #expect(Sodium.ed25519Verify(sa, m, pa))
            #expect(!Sodium.ed25519Verify(sa, m, pb))  // a's point in the slot, b's key asked
            #expect(Sodium.ed25519Verify(sb, m, pb))
            #expect(!Sodium.ed25519Verify(sb, m, pa))  // b's point in the slot, a's key asked
        }
    }

    /// More keys than slots, verified from four threads at once in different orders: every
    /// genuine signature verifies and every tampered one is refused, through evictions and
    /// busy slots.
    @Test func manyKeysFromManyThreads() async {
        let keys = (0..<300).map { Self.key(2000 + $0) }
        let m = Self.message(4, 120)
        let sigs = keys.map { $0.sign(m) }
        let pks = keys.map { $0.publicKey.bytes }
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for t in 0..<4 {
                group.addTask {
                    var good = 0, bad = 0
                    for r in 0..<600 {
                        let i = (r &* (2 * t + 1) &+ t * 71) % keys.count
                        if Sodium.ed25519Verify(sigs[i], m, pks[i]) { good += 1 }
                        var tampered = sigs[i]
                        tampered[r % 64] ^= 0x04
                        if !Sodium.ed25519Verify(tampered, m, pks[i]) { bad += 1 }
                        if !Sodium.ed25519Verify(sigs[i], m, pks[(i + 1) % keys.count]) { bad += 1 }
                    }
                    return (good, bad)
                }
            }
            var total = (0, 0)
            for await (g, b) in group { total = (total.0 + g, total.1 + b) }
            return total
        }
        #expect(results.0 == 2400)
        #expect(results.1 == 4800)
    }
}
