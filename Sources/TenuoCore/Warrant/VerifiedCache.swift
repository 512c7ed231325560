import Synchronization

/// A bounded, thread-safe memory of warrant envelopes that have already been decoded and verified.
///
/// A server typically receives the same warrant on every request. Decoding it verifies its
/// Ed25519 signature each time, which dominates the cost of decoding; with this cache the second
/// and later decodings of the same exact envelope cost one hash of the envelope and a
/// hash-table lookup instead, and usually hand back the warrant decoded the first time.
///
/// **What a hit means.** An entry is keyed by a BLAKE2b-256 digest of the whole envelope bytes
/// (payload, which names the issuer, and signature alike). Only a decoding that *succeeded* —
/// signature verified over the raw payload, every field decoded and validated — inserts an
/// entry, and a lookup hits only on the full 32-byte digest, so a hit means "these exact bytes
/// were decoded and verified before". Any other byte anywhere (payload, signature, issuer)
/// gives a different digest (short of a BLAKE2b collision), is a miss and is verified; a
/// failing envelope is never remembered. Decoding is a pure function of the bytes, so handing
/// back the warrant decoded from the same bytes is the same result as decoding them again.
/// The cache changes what decoding costs, never what it decides: expiry, revocation,
/// approvals, PoP and every chain rule are checked on every call, exactly as without it.
///
/// **Bounds.** At most `capacity` entries (default 4096), split evenly over up to 16 shards (one
/// per 64 entries or more: 16 shards of 256 by default), each guarded by its own `Mutex` held
/// only for one table probe or insert (so two threads rarely wait on each other). A full shard
/// evicts with the CLOCK policy: the hand skips (and clears) entries hit since it last passed
/// them, and replaces the first one that was not. An entry costs its 32-byte digest twice (ring
/// slot and table key) plus the hash table's spare buckets (about 110-150 bytes), and keeps the
/// decoded warrant while the shard's decoded warrants total at most `decodedBytesPerEntry`
/// (512) envelope bytes per entry of its capacity, and at most `maxDecodedBytesPerShard`
/// (256 KiB); past that budget an entry only records that the bytes verified, and a hit
/// decodes them again without the signature check. A typical 236-byte warrant costs about
/// 1.8 KiB per entry in all (about 7 MiB for a full default cache). Setting the capacity to 0
/// switches the cache off (lookups and inserts are skipped; nothing is hashed for it);
/// changing the capacity drops every entry.
public final class VerifiedSignatureCache: Sendable {
    /// The default number of entries of the process-wide cache.
    public static let defaultCapacity = 4096
    /// Upper bound of `capacity`; larger requests are clamped to it.
    public static let maxCapacity = 1 << 20
    /// Envelope bytes of kept decoded warrants allowed per entry of capacity, on average.
    public static let decodedBytesPerEntry = 512
    /// Envelope bytes of kept decoded warrants one shard may hold whatever its capacity
    /// (16 shards: 4 MiB of envelopes, some 15-30 MiB decoded, at most).
    public static let maxDecodedBytesPerShard = 256 << 10
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
            guard digest.count == 32 else {
                (a, b, c, d) = (word(0), word(8), word(16), word(24))
                return
            }
            // The same big-endian words, read eight bytes at a time.
            (a, b, c, d) = digest.withUnsafeBytes { r in
                (UInt64(bigEndian: r.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
                 UInt64(bigEndian: r.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                 UInt64(bigEndian: r.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
                 UInt64(bigEndian: r.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
            }
        }

        /// Equality compares all four words; the table's hash needs only one of them. The
        /// digest's bits are uniform (and unknown without finding BLAKE2b preimages), and
        /// Swift's hashing is seeded per process on top, so one word spreads keys as well as
        /// four, for a quarter of the hashing.
        func hash(into h: inout Hasher) { h.combine(b) }
    }

    /// What a hit found: the warrant decoded from these bytes before, or (past the decoded
    /// budget) only the fact that they were decoded and verified.
    enum Found {
        case decoded(Warrant)
        case verified
    }

    /// One ring slot: the key, and the decoded warrant with the envelope bytes it is charged.
    struct Entry {
        var key: Key
        var warrant: Warrant?
        var charge: Int
    }

    /// One shard: a CLOCK ring of entries plus a table from key to ring slot.
    struct Shard {
        var capacity: Int
        /// Envelope bytes of decoded warrants this shard may keep.
        var budget: Int
        /// Envelope bytes of the decoded warrants kept now.
        var held = 0
        var slots: [Entry] = []
        var referenced: [Bool] = []
        var index: [Key: Int] = [:]
        var hand = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0

        init(capacity: Int) {
            self.capacity = capacity
            budget = min(capacity * VerifiedSignatureCache.decodedBytesPerEntry,
                         VerifiedSignatureCache.maxDecodedBytesPerShard)
        }

        /// Empties the shard (entries, decoded warrants, counters) keeping its capacity and
        /// its tables' storage.
        mutating func removeAll() {
            if !slots.isEmpty { slots.removeAll(keepingCapacity: true) }
            if !referenced.isEmpty { referenced.removeAll(keepingCapacity: true) }
            if !index.isEmpty { index.removeAll(keepingCapacity: true) }
            held = 0
            hand = 0
            hits = 0
            misses = 0
        }

        mutating func lookup(_ key: Key) -> Found? {
            if let slot = index[key], slot < referenced.count {
                referenced[slot] = true
                hits &+= 1
                if let w = slots[slot].warrant { return .decoded(w) }
                return .verified
            }
            misses &+= 1
            return nil
        }

        /// Records that `key`'s envelope decoded and verified, keeping `warrant` (the result)
        /// when the budget allows; `nil` records the verification only.
        mutating func insert(_ key: Key, _ warrant: Warrant?) {
            guard capacity > 0, index[key] == nil else { return }
            let slot: Int
            if slots.count < capacity {
                slot = slots.count
            } else {
                // CLOCK: give every recently hit entry one more turn (bounded: at most one full
                // sweep clears every flag, so the second pass stops at the latest).
                var steps = 0
                while steps < 2 * capacity, hand < referenced.count, referenced[hand] {
                    referenced[hand] = false
                    hand = (hand + 1) % capacity
                    steps += 1
                }
                guard hand < slots.count else { return }
                slot = hand
                index.removeValue(forKey: slots[slot].key)
                held -= slots[slot].charge
                slots[slot].warrant = nil
                slots[slot].charge = 0
                referenced[slot] = false
                hand = (hand + 1) % capacity
            }
            // The entry is built once (a Warrant is a large value: every copy retains its parts).
            var charge = 0
            var keep = false
            if let n = warrant?.bytes.count, n <= budget - held {
                charge = n
                keep = true
            }
            held += charge
            let entry = Entry(key: key, warrant: keep ? warrant : nil, charge: charge)
            if slot == slots.count {
                slots.append(entry)
                referenced.append(false)
            } else {
                slots[slot] = entry
            }
            index[key] = slot
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

    let shards: [Guarded]
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

    /// `setCapacity` for a capacity a caller asked for: refused, the cache unchanged, when it is
    /// over `maxCapacity` (what the C ABI and the bindings call).
    /// - Throws: `.invalidArgument` naming the maximum.
    public func setRequestedCapacity(_ entries: UInt) throws(TenuoError) {
        guard entries <= UInt(Self.maxCapacity) else {
            throw TenuoError(.invalidArgument, "verify cache capacity \(entries) exceeds the maximum of \(Self.maxCapacity) entries")
        }
        setCapacity(Int(entries))
    }

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

    /// Drops every entry and zeroes the hit and miss counters; the capacity is kept (and so is
    /// the tables' storage, up to what they held, so refilling does not allocate it again).
    public func clear() {
        configuration.withLock { _ in
            for i in shards.indices { shards[i].lock.withLock { $0.removeAll() } }
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

    /// The key of an envelope: BLAKE2b-256 of its exact bytes (collision-resistant like
    /// SHA-256, and several times cheaper here; the digest never leaves the process).
    static func key(envelope: [UInt8]) -> Key { Key(digest: Sodium.blake2b256(envelope)) }

    /// Looks `key` up (counting a hit or a miss); nil when the cache is off or the key absent.
    func lookup(_ key: Key) -> Found? {
        let c = capacity
        guard c > 0 else { return nil }
        return shard(key, c).lock.withLock { $0.lookup(key) }
    }

    /// Remembers that the envelope under `key` decoded and verified into `warrant`. Call only
    /// after a successful decoding of exactly those bytes.
    func insert(_ key: Key, _ warrant: Warrant) {
        let c = capacity
        guard c > 0 else { return }
        shard(key, c).lock.withLock { $0.insert(key, warrant) }
    }

    private func shard(_ key: Key, _ capacity: Int) -> Guarded {
        let n = Self.activeShards(capacity)  // a power of two, at most shardCount
        return shards[Int(truncatingIfNeeded: key.a & UInt64(n - 1))]
    }
}

extension VerifiedSignatureCache {
    /// Runs `body` on every shard under its lock (tests adjust budgets through it).
    func withShards(_ body: (inout Shard) -> Void) {
        for s in shards { s.lock.withLock { body(&$0) } }
    }
}
