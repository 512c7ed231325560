import Synchronization

/// A bounded, thread-safe memory of warrant signatures that have already verified.
///
/// A server typically receives the same warrant on every request. Decoding it verifies its
/// Ed25519 signature each time, which dominates the cost of decoding; with this cache the second
/// and later decodings of the same exact envelope cost a SHA-256 of the payload and a hash-table
/// lookup instead.
///
/// **What a hit means.** An entry is a SHA-256 digest of everything the signature check depended
/// on: a domain tag, the issuer's 32 key bytes, the 64 signature bytes and the SHA-256 of the
/// payload bytes (which fixes the signed message `"tenuo-warrant-v1" ‖ 0x01 ‖ payload`). Only a
/// verification that *succeeded* inserts its digest, and a lookup hits only on the full 32-byte
/// digest, so a hit means "these exact issuer, signature and payload bytes verified before".
/// A different payload, signature or issuer gives a different digest (short of a SHA-256
/// collision), is a miss and is verified; a failing signature is never remembered. The cache
/// changes what decoding costs, never what it decides: expiry, revocation, approvals, PoP and
/// every chain rule are checked on every call, exactly as without it.
///
/// **Bounds.** At most `capacity` entries (default 4096), split evenly over up to 16 shards (one
/// per 64 entries or more: 16 shards of 256 by default), each guarded by its own `Mutex` held
/// only for one table probe or insert (so two threads rarely wait on each other). A full shard
/// evicts with the CLOCK policy: the hand skips (and clears) entries hit since it last passed
/// them, and replaces the first one that was not. An entry costs
/// its 32-byte digest twice (ring slot and table key) plus the hash table's spare buckets: about
/// 110 bytes in a full shard of 256 (the default), up to about 150 while the arrays grow; 4096
/// entries take about 0.5 MiB. Setting the capacity to 0 switches the cache off (lookups and
/// inserts are skipped; nothing is hashed for it); changing the capacity drops every entry.
public final class VerifiedSignatureCache: Sendable {
    /// The default number of entries of the process-wide cache.
    public static let defaultCapacity = 4096
    /// Upper bound of `capacity` (about 110–150 MiB of entries); larger requests are clamped to it.
    public static let maxCapacity = 1 << 20
    /// The process-wide cache every warrant decoding uses (`Warrant(decoding:)`). On by default.
    public static let shared = VerifiedSignatureCache(capacity: defaultCapacity)

    static let shardCount = 16

    /// The 32-byte digest, as four words (cheap to hash and compare, no heap storage).
    struct Key: Hashable {
        let a: UInt64, b: UInt64, c: UInt64, d: UInt64

        init(digest: [UInt8]) {
            func word(_ i: Int) -> UInt64 {
                var w: UInt64 = 0
                for j in 0..<8 where i + j < digest.count { w = (w << 8) | UInt64(digest[i + j]) }
                return w
            }
            a = word(0)
            b = word(8)
            c = word(16)
            d = word(24)
        }
    }

    /// One shard: a CLOCK ring of keys plus a table from key to ring slot.
    struct Shard {
        var capacity: Int
        var slots: [Key] = []
        var referenced: [Bool] = []
        var index: [Key: Int] = [:]
        var hand = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0

        init(capacity: Int) { self.capacity = capacity }

        mutating func lookup(_ key: Key) -> Bool {
            if let slot = index[key], slot < referenced.count {
                referenced[slot] = true
                hits &+= 1
                return true
            }
            misses &+= 1
            return false
        }

        mutating func insert(_ key: Key) {
            guard capacity > 0, index[key] == nil else { return }
            if slots.count < capacity {
                index[key] = slots.count
                slots.append(key)
                referenced.append(false)
                return
            }
            // CLOCK: give every recently hit entry one more turn (bounded: at most one full sweep
            // clears every flag, so the second pass stops at the latest).
            var steps = 0
            while steps < 2 * capacity, hand < referenced.count, referenced[hand] {
                referenced[hand] = false
                hand = (hand + 1) % capacity
                steps += 1
            }
            guard hand < slots.count else { return }
            index.removeValue(forKey: slots[hand])
            slots[hand] = key
            referenced[hand] = false
            index[key] = hand
            hand = (hand + 1) % capacity
        }
    }

    /// Counters of the cache since it was created or last cleared.
    public struct Statistics: Sendable, Equatable {
        /// Decodings whose signature was found in the cache (no Ed25519 verify).
        public var hits: UInt64
        /// Decodings that looked the signature up, did not find it, and verified it.
        public var misses: UInt64
        /// Entries held now.
        public var entries: Int
        /// The current capacity (0: switched off).
        public var capacity: Int
    }

    /// A shard's lock in its own heap object (a `Mutex` cannot be stored in an array, and
    /// separate objects keep the shards off each other's cache lines).
    final class Guarded: Sendable {
        let lock: Mutex<Shard>
        init(_ shard: Shard) { lock = Mutex(shard) }
    }

    private let shards: [Guarded]
    private let capacityWord: Atomic<Int>
    /// Serialises capacity changes and clears against each other (never taken by lookups).
    private let configuration = Mutex(())

    /// Creates a cache of `capacity` entries (0: off; clamped to `maxCapacity`).
    public init(capacity: Int) {
        let c = Self.clamp(capacity)
        capacityWord = Atomic(c)
        var s: [Guarded] = []
        for i in 0..<Self.shardCount { s.append(Guarded(Shard(capacity: Self.shardCapacity(c, i)))) }
        shards = s
    }

    private static func clamp(_ capacity: Int) -> Int { min(max(capacity, 0), maxCapacity) }

    /// How many shards a capacity uses: a power of two, each shard holding at least 64 entries
    /// (so a small cache is one exact LRU-like table), at most `shardCount`.
    static func activeShards(_ capacity: Int) -> Int {
        var n = 1
        while n < shardCount && capacity / (2 * n) >= 64 { n *= 2 }
        return n
    }

    /// Shard `i`'s share of `capacity`: an even split over the active shards, the remainder going
    /// to the first ones, so the shards together hold exactly `capacity` entries at most.
    static func shardCapacity(_ capacity: Int, _ i: Int) -> Int {
        let n = activeShards(capacity)
        guard i < n else { return 0 }
        return capacity / n + (i < capacity % n ? 1 : 0)
    }

    /// The number of entries the cache may hold; 0 when it is switched off.
    public var capacity: Int { capacityWord.load(ordering: .relaxed) }

    /// Whether lookups and inserts happen at all (`capacity > 0`).
    public var isEnabled: Bool { capacity > 0 }

    /// Changes the capacity (0 switches the cache off; clamped to `maxCapacity`) and drops every
    /// entry. The hit and miss counters are kept. Safe while other threads decode: a decoding
    /// running meanwhile either finds nothing or inserts into the new table.
    public func setCapacity(_ entries: Int) {
        let c = Self.clamp(entries)
        configuration.withLock { _ in
            capacityWord.store(c, ordering: .relaxed)
            for i in shards.indices {
                shards[i].lock.withLock { s in
                    let (h, m) = (s.hits, s.misses)
                    s = Shard(capacity: Self.shardCapacity(c, i))
                    (s.hits, s.misses) = (h, m)
                }
            }
        }
    }

    /// Drops every entry and zeroes the hit and miss counters; the capacity is kept.
    public func clear() {
        configuration.withLock { _ in
            let c = capacity
            for i in shards.indices { shards[i].lock.withLock { $0 = Shard(capacity: Self.shardCapacity(c, i)) } }
        }
    }

    /// The counters and the current number of entries (each shard read under its lock; the sum
    /// is a consistent figure only when no other thread is decoding).
    public var statistics: Statistics {
        var out = Statistics(hits: 0, misses: 0, entries: 0, capacity: capacity)
        for shard in shards {
            shard.lock.withLock { s in
                out.hits &+= s.hits
                out.misses &+= s.misses
                out.entries += s.index.count
            }
        }
        return out
    }

    /// The digest an entry is stored under. `payloadHash` is SHA-256 of the payload bytes.
    static func key(issuer: PublicKey, signature: [UInt8], payloadHash: [UInt8]) -> Key {
        var m: [UInt8] = Array("tenuo-verified-signature-v1".utf8)
        m.reserveCapacity(m.count + 1 + 32 + 64 + 32)
        m.append(Warrant.envelopeVersion)
        m.append(contentsOf: issuer.bytes)
        m.append(contentsOf: signature)
        m.append(contentsOf: payloadHash)
        return Key(digest: Sodium.sha256(m))
    }

    /// Answers "does `signature` by `issuer` verify over the payload whose SHA-256 is
    /// `payloadHash`?": from the cache when these exact bytes verified before, else by calling
    /// `verify` (the real Ed25519 check), remembering the answer only when it is true.
    func verified(issuer: PublicKey, signature: [UInt8], payloadHash: [UInt8], verify: () -> Bool) -> Bool {
        let c = capacity
        guard c > 0, signature.count == Sodium.signatureBytes, payloadHash.count == Sodium.sha256Bytes else {
            return verify()
        }
        let k = Self.key(issuer: issuer, signature: signature, payloadHash: payloadHash)
        let n = Self.activeShards(c)  // a power of two, at most shardCount
        let shard = shards[Int(truncatingIfNeeded: k.a & UInt64(n - 1))]
        if shard.lock.withLock({ $0.lookup(k) }) { return true }
        guard verify() else { return false }
        shard.lock.withLock { $0.insert(k) }
        return true
    }
}
