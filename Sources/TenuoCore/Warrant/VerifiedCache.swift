import Synchronization

/// A bounded, thread-safe memory of warrant envelopes that have already been decoded and verified.
///
/// A server typically receives the same warrant on every request. Decoding it verifies its
/// Ed25519 signature each time, which dominates the cost of decoding; with this cache the second
/// and later decodings of the same exact envelope cost a short hash, a hash-table lookup and a
/// comparison of the envelope bytes instead of the verification, and from the third on they
/// hand back the warrant decoded the second time (no decoding either).
///
/// **What a hit means.** An entry is filed under a seeded 64-bit hash of the envelope's last 32
/// bytes (`Key`), which only says where to look. Only a decoding that *succeeded* — signature
/// verified over the raw payload, every field decoded and validated — inserts an entry, holding
/// the envelope bytes (later the warrant decoded from exactly them, whose `bytes` are the
/// envelope) or, past the budget, the envelope's BLAKE2b-256 digest. A lookup hits only when
/// the envelope decoded now equals the kept one byte for byte (or has the same BLAKE2b-256
/// digest), so a hit means "these exact bytes were decoded and verified before". Any other byte
/// anywhere (payload, signature, issuer) is a miss and is verified, whatever its key; two
/// envelopes with the same key cost a verification, never an acceptance; a failing envelope is
/// never remembered. Decoding is a pure function of the bytes, so handing back the warrant
/// decoded from the same bytes is the same result as decoding them again. The cache changes
/// what decoding costs, never what it decides: expiry, revocation, approvals, PoP and every
/// chain rule are checked on every call, exactly as without it.
///
/// **Costs.** A first sight (a miss) adds the short hash, one probe and an insert that keeps a
/// reference to the envelope bytes: the decoded warrant, which the caller usually frees soon,
/// is not kept, so its memory is reused as with the cache off. A second sight skips the
/// verification, decodes, and keeps that decoding in the entry; later sights skip both. The
/// digest of an envelope is computed only past the budget.
///
/// **Bounds.** At most `capacity` entries (default 4096), split evenly over up to 16 shards (one
/// per 64 entries or more: 16 shards of 256 by default), each guarded by its own `Mutex` held
/// only for one table probe or insert (so two threads rarely wait on each other). A full shard
/// evicts with the CLOCK policy: the hand skips (and clears) entries hit since it last passed
/// them, and replaces the first one that was not. An entry costs its key twice (ring slot and
/// table), a 33-byte record and the hash table's spare buckets (about 100-150 bytes), and keeps
/// the envelope (then its decoded warrant) while the shard's kept envelopes total at most
/// `decodedBytesPerEntry` (512) bytes per entry of its capacity, and at most
/// `maxDecodedBytesPerShard` (256 KiB); past that budget an entry only records the digest of
/// bytes that verified, and a hit decodes them again without the signature check. A typical
/// 236-byte warrant costs about 0.4 KiB per entry after a first sight and about 1.8 KiB once
/// decoded and kept (about 7 MiB for a full default cache). Setting the capacity to 0
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

    /// Where an envelope's entry is filed: a 64-bit hash of the envelope's last 32 bytes (half
    /// the signature, in every envelope that decodes), seeded per process (Swift's `Hasher`). It is
    /// only an index: a lookup hits only when the entry's envelope equals the one decoded, byte
    /// for byte (`Entry.matches`), so two envelopes with the same key (by chance, or made to
    /// collide by someone who learnt the seed) cost a verification, never an acceptance.
    struct Key: Equatable {
        /// Already a seeded hash: the shard is picked from its low bits, the bucket in the
        /// shard's `Index` from its high bits.
        let word: UInt64
    }

    /// A shard's map from key to ring slot: open addressing with linear probing over a power of
    /// two of buckets, at least twice the shard's capacity (probe runs stay short and an empty
    /// bucket always exists), allocated on the first insert. A bucket is empty when its
    /// `slotPlusOne` is 0. Removal shifts the rest of the probe run back (no tombstones).
    struct Index {
        /// Keys held now.
        private(set) var count = 0
        /// At most this many keys (the shard's capacity).
        let capacity: Int
        private var words: [UInt64] = []
        private var slotPlusOne: [Int32] = []
        private var mask = 0

        init(capacity: Int) { self.capacity = max(capacity, 0) }

        var isEmpty: Bool { count == 0 }

        private func home(_ word: UInt64) -> Int { Int(truncatingIfNeeded: word >> 32) & mask }

        /// The bucket holding `key`, or nil.
        private func bucket(of key: Key) -> Int? {
            guard count > 0 else { return nil }
            var i = home(key.word)
            for _ in 0..<slotPlusOne.count {
                if slotPlusOne[i] == 0 { return nil }
                if words[i] == key.word { return i }
                i = (i + 1) & mask
            }
            return nil
        }

        /// The ring slot filed under `key`, or nil.
        subscript(key: Key) -> Int? {
            guard let b = bucket(of: key) else { return nil }
            return Int(slotPlusOne[b]) - 1
        }

        /// Files `key` at `slot`. False, and nothing changes, when `key` is present already or
        /// `capacity` keys are held.
        @discardableResult
        mutating func insert(_ key: Key, _ slot: Int) -> Bool {
            guard count < capacity, slot >= 0, slot < Int(Int32.max) else { return false }
            if slotPlusOne.isEmpty {
                var n = 4
                while n < 2 * capacity { n <<= 1 }
                words = [UInt64](repeating: 0, count: n)
                slotPlusOne = [Int32](repeating: 0, count: n)
                mask = n - 1
            }
            var i = home(key.word)
            for _ in 0..<slotPlusOne.count {
                if slotPlusOne[i] == 0 {
                    words[i] = key.word
                    slotPlusOne[i] = Int32(slot + 1)
                    count += 1
                    return true
                }
                if words[i] == key.word { return false }
                i = (i + 1) & mask
            }
            return false
        }

        /// Removes `key`, if present: the later members of its probe run that may move into the
        /// hole do (one whose home lies cyclically after the hole, up to itself, stays).
        mutating func remove(_ key: Key) {
            guard var hole = bucket(of: key) else { return }
            var j = hole
            for _ in 0..<slotPlusOne.count {
                j = (j + 1) & mask
                if slotPlusOne[j] == 0 { break }
                if (j &- home(words[j])) & mask >= (j &- hole) & mask {
                    words[hole] = words[j]
                    slotPlusOne[hole] = slotPlusOne[j]
                    hole = j
                }
            }
            words[hole] = 0
            slotPlusOne[hole] = 0
            count -= 1
        }

        /// Empties the index, keeping its buckets' storage.
        mutating func removeAll() {
            guard count > 0 else { return }
            for i in slotPlusOne.indices { slotPlusOne[i] = 0 }
            count = 0
        }
    }

    /// A BLAKE2b-256 digest as four words: what an entry past the decoded budget (which keeps
    /// no envelope bytes) compares a candidate envelope against.
    struct Digest: Equatable {
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

        /// BLAKE2b-256 of `envelope` (collision-resistant; never leaves the process).
        init(envelope: [UInt8]) { self.init(digest: Sodium.blake2b256(envelope)) }

        private init(words a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64) { (self.a, self.b, self.c, self.d) = (a, b, c, d) }

        /// What an evicted slot holds until it is reused (no envelope is compared against it:
        /// the table no longer points at the slot).
        static var zero: Digest { Digest(words: 0, 0, 0, 0) }
    }

    /// What a hit found: the warrant decoded from these bytes before, or only the fact that
    /// they were decoded and verified (then the caller decodes them without the signature check,
    /// and offers the result to `keep`).
    enum Found {
        case decoded(Warrant)
        case verified
    }

    /// What an entry holds of its envelope.
    enum Record {
        /// The envelope bytes (first sight, within the budget): a lookup compares them.
        case envelope([UInt8])
        /// The warrant decoded from them (second sight on, within the budget): its `bytes` are
        /// the envelope, which a lookup compares; a hit hands the warrant back.
        case decoded(Kept)
        /// Past the budget: the envelope's BLAKE2b-256 digest, which a lookup compares.
        case digest(Digest)
    }

    /// One ring slot: the key, what is held of the envelope, and the envelope bytes charged to
    /// the budget for it (0 for a digest).
    struct Entry {
        var key: Key
        var record: Record
        var charge: Int

        /// Whether this entry records exactly `envelope`: every byte equal to the kept one, or
        /// (past the budget) the same BLAKE2b-256 digest.
        func matches(_ envelope: [UInt8]) -> Bool {
            switch record {
            case .envelope(let bytes): return VerifiedSignatureCache.sameBytes(bytes, envelope)
            case .decoded(let kept): return VerifiedSignatureCache.sameBytes(kept.warrant.bytes, envelope)
            case .digest(let digest): return digest == Digest(envelope: envelope)
            }
        }
    }

    /// A kept warrant in its own box: a `Warrant` is a large value whose every copy retains each
    /// of its parts, while moving entries and probing them copies one reference.
    final class Kept: Sendable {
        let warrant: Warrant
        init(_ warrant: Warrant) { self.warrant = warrant }
    }

    /// Byte-wise equality, eight bytes at a time (the envelopes are public: no need for a
    /// constant-time compare).
    static func sameBytes(_ x: [UInt8], _ y: [UInt8]) -> Bool {
        let n = x.count
        guard n == y.count else { return false }
        return x.withUnsafeBytes { a in
            y.withUnsafeBytes { b in
                var i = 0
                while i + 8 <= n {
                    guard a.loadUnaligned(fromByteOffset: i, as: UInt64.self) == b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    else { return false }
                    i += 8
                }
                while i < n {
                    guard a[i] == b[i] else { return false }
                    i += 1
                }
                return true
            }
        }
    }

    /// One shard: a CLOCK ring of entries plus an index from key to ring slot.
    struct Shard {
        var capacity: Int
        /// Envelope bytes of decoded warrants this shard may keep.
        var budget: Int
        /// Envelope bytes of the decoded warrants kept now.
        var held = 0
        var slots: [Entry] = []
        var referenced: [Bool] = []
        var index: Index
        var hand = 0
        var hits: UInt64 = 0
        var misses: UInt64 = 0

        init(capacity: Int) {
            self.capacity = capacity
            index = Index(capacity: capacity)
            budget = min(capacity * VerifiedSignatureCache.decodedBytesPerEntry,
                         VerifiedSignatureCache.maxDecodedBytesPerShard)
        }

        /// Empties the shard (entries, decoded warrants, counters) keeping its capacity and
        /// its tables' storage.
        mutating func removeAll() {
            if !slots.isEmpty { slots.removeAll(keepingCapacity: true) }
            if !referenced.isEmpty { referenced.removeAll(keepingCapacity: true) }
            index.removeAll()
            held = 0
            hand = 0
            hits = 0
            misses = 0
        }

        /// The entry recording exactly `envelope`, filed under `key` (counting a hit or a miss).
        mutating func lookup(_ key: Key, _ envelope: [UInt8]) -> Found? {
            if let slot = index[key], slot < referenced.count, slot < slots.count, slots[slot].matches(envelope) {
                referenced[slot] = true
                hits &+= 1
                if case .decoded(let kept) = slots[slot].record { return .decoded(kept.warrant) }
                return .verified
            }
            misses &+= 1
            return nil
        }

        /// Records that `envelope` (filed under `key`) decoded and verified: its bytes when the
        /// budget allows, else its digest. When another entry already sits under `key` (the same
        /// envelope inserted by another thread, or a rare key collision) it stays and nothing is
        /// added: a later lookup of `envelope` then misses, and verifies.
        mutating func insert(_ key: Key, _ envelope: [UInt8]) {
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
                index.remove(slots[slot].key)
                held -= slots[slot].charge
                slots[slot].record = .digest(.zero)
                slots[slot].charge = 0
                referenced[slot] = false
                hand = (hand + 1) % capacity
            }
            let n = envelope.count
            let entry: Entry
            if n <= budget - held {
                held += n
                entry = Entry(key: key, record: .envelope(envelope), charge: n)
            } else {
                entry = Entry(key: key, record: .digest(Digest(envelope: envelope)), charge: 0)
            }
            if slot == slots.count {
                slots.append(entry)
                referenced.append(false)
            } else {
                slots[slot] = entry
            }
            index.insert(key, slot)
        }

        /// Keeps `warrant`, decoded from exactly `envelope`, in the entry that holds those bytes
        /// (filed under `key`), so that later hits hand it back. Nothing changes when there is
        /// no such entry, or it holds a digest (past the budget) or a warrant already.
        mutating func keep(_ key: Key, _ envelope: [UInt8], _ warrant: Warrant) {
            guard let slot = index[key], slot < slots.count, case .envelope(let bytes) = slots[slot].record,
                VerifiedSignatureCache.sameBytes(bytes, envelope), VerifiedSignatureCache.sameBytes(warrant.bytes, envelope)
            else { return }
            slots[slot].record = .decoded(Kept(warrant))
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
    /// Tests only: every envelope gets the same key (see `key(envelope:)`).
    let collideForTesting: Bool
    /// Serialises capacity changes and clears against each other (never taken by lookups).
    private let configuration = Mutex(())

    /// Creates a cache of `capacity` entries (0: off; clamped to `maxCapacity`).
    public convenience init(capacity: Int) { self.init(capacity: capacity, collideForTesting: false) }

    init(capacity: Int, collideForTesting: Bool) {
        self.collideForTesting = collideForTesting
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

    /// The key an envelope is filed under (see `Key`): Swift's per-process seeded hash of its
    /// last 32 bytes (the signature's S half in any envelope that decodes: a scalar that neither
    /// the holder nor an attacker can choose) or of all of it when shorter. `collideForTesting`
    /// files every envelope under one key (tests of the byte comparison that makes collisions
    /// harmless).
    func key(envelope: [UInt8]) -> Key {
        if collideForTesting { return Key(word: 0) }
        var h = Hasher()
        envelope.withUnsafeBytes { r in
            let n = r.count
            guard n >= 32 else {
                h.combine(bytes: r)
                return
            }
            // Four words: much cheaper through `Hasher` than the same bytes as a buffer.
            h.combine(r.loadUnaligned(fromByteOffset: n - 32, as: UInt64.self))
            h.combine(r.loadUnaligned(fromByteOffset: n - 24, as: UInt64.self))
            h.combine(r.loadUnaligned(fromByteOffset: n - 16, as: UInt64.self))
            h.combine(r.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        }
        return Key(word: UInt64(truncatingIfNeeded: h.finalize()))
    }

    /// Looks `envelope` (filed under `key`) up, counting a hit or a miss; nil when the cache is
    /// off or holds no entry for exactly these bytes.
    func lookup(_ key: Key, _ envelope: [UInt8]) -> Found? {
        let c = capacity
        guard c > 0 else { return nil }
        return shard(key, c).lock.withLock { $0.lookup(key, envelope) }
    }

    /// Remembers that `envelope` (filed under `key`) decoded and verified. Call only after a
    /// successful decoding, with its signature verified, of exactly those bytes.
    func insert(_ key: Key, _ envelope: [UInt8]) {
        let c = capacity
        guard c > 0 else { return }
        shard(key, c).lock.withLock { $0.insert(key, envelope) }
    }

    /// Offers `warrant`, decoded (after a `.verified` hit) from exactly `envelope`, to the entry
    /// holding those bytes, so that the next hits need no decoding (see `Shard.keep`).
    func keep(_ key: Key, _ envelope: [UInt8], _ warrant: Warrant) {
        let c = capacity
        guard c > 0 else { return }
        shard(key, c).lock.withLock { $0.keep(key, envelope, warrant) }
    }

    private func shard(_ key: Key, _ capacity: Int) -> Guarded {
        let n = Self.activeShards(capacity)  // a power of two, at most shardCount
        return shards[Int(truncatingIfNeeded: key.word & UInt64(n - 1))]
    }
}

extension VerifiedSignatureCache {
    /// Runs `body` on every shard under its lock (tests adjust budgets through it).
    func withShards(_ body: (inout Shard) -> Void) {
        for s in shards { s.lock.withLock { body(&$0) } }
    }
}
