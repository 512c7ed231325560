import Testing
@testable import TenuoCore

/// The verified-signature cache: a hit needs the exact bytes that verified before, a bad
/// signature is never remembered, and decisions (expiry, PoP) do not change with it.
///
/// Each test uses its own cache instance (`Warrant(decoding:verifiedCache:)`), so the counters
/// it asserts are not disturbed by other tests decoding in parallel through the shared one.
@Suite struct VerifiedCacheTests {
    static let now: UInt64 = 1_704_067_200
    let root = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    let holder = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    let attacker = try! SigningKey(seed: [UInt8](repeating: 0xff, count: 32))

    func mint(_ tool: String = "read_file", ttl: UInt64 = 3600, key: SigningKey? = nil) throws -> Warrant {
        var b = MintBuilder()
        try b.addTool(tool, constraints: try ConstraintSet(flatJSON: try JSON.parse(#"{"path": {"type": "Pattern", "pattern": "/data/*"}}"#)))
        b.holder = holder.publicKey
        b.ttlSeconds = ttl
        return try b.mint(key: key ?? root, now: Self.now)
    }

    func code(_ body: () throws -> Void) -> Int32 { VectorFile.code(body) }

    /// `bytes` with the first occurrence of `pattern` replaced by `replacement` (same length).
    func replacing(_ bytes: [UInt8], _ pattern: [UInt8], with replacement: [UInt8]) -> [UInt8] {
        precondition(pattern.count == replacement.count && !pattern.isEmpty)
        var out = bytes
        for i in 0...(bytes.count - pattern.count) where Array(bytes[i..<(i + pattern.count)]) == pattern {
            out.replaceSubrange(i..<(i + pattern.count), with: replacement)
            return out
        }
        Issue.record("pattern not found")
        return out
    }

    static let sigInvalid = ErrorCode.signatureInvalid.rawValue

    @Test func secondDecodingIsAHit() throws {
        let cache = VerifiedSignatureCache(capacity: 64)
        let w = try mint()
        let a = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics == .init(hits: 0, misses: 1, entries: 1, capacity: 64))
        let b = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics == .init(hits: 1, misses: 1, entries: 1, capacity: 64))
        #expect(a.bytes == b.bytes && a.payloadHash == b.payloadHash && a.payload.id == b.payload.id)
        #expect(b.payloadHash == w.payloadHash)
    }

    @Test func manyWarrantsAcrossShardsAllHit() throws {
        let cache = VerifiedSignatureCache(capacity: VerifiedSignatureCache.defaultCapacity)
        let warrants = try (0..<200).map { i throws -> Warrant in try mint("tool_\(i)") }
        for w in warrants { _ = try Warrant(decoding: w.bytes, verifiedCache: cache) }
        for w in warrants { #expect(try Warrant(decoding: w.bytes, verifiedCache: cache).bytes == w.bytes) }
        #expect(cache.statistics == .init(hits: 200, misses: 200, entries: 200, capacity: 4096))
    }

    @Test func tamperedPayloadIsVerifiedAndRefused() throws {
        let cache = VerifiedSignatureCache(capacity: 64)
        let w = try mint()
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        // Same length, still valid CBOR, same signature: only the signature check can catch it.
        let bad = replacing(w.bytes, Array("read_file".utf8), with: Array("read_filf".utf8))
        #expect(bad != w.bytes)
        for _ in 0..<3 {
            #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
        }
        let s = cache.statistics
        #expect(s.hits == 0 && s.misses == 4 && s.entries == 1)
        // And uncached, the same verdict.
        #expect(code { _ = try Warrant(decoding: bad, verifiedCache: nil) } == Self.sigInvalid)
    }

    @Test func tamperedSignatureIsVerifiedAndRefused() throws {
        let cache = VerifiedSignatureCache(capacity: 64)
        let w = try mint()
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        for bit in [0, 7, 8 * 31, 8 * 32 + 3, 8 * 63 + 1] {
            var bad = w.bytes
            let i = bad.count - 64 + bit / 8
            bad[i] ^= UInt8(1 << (bit % 8))
            #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
            #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
        }
        #expect(cache.statistics.hits == 0)
        #expect(cache.statistics.entries == 1)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics.hits == 1)
    }

    @Test func differentIssuerKeyIsVerifiedAndRefused() throws {
        let cache = VerifiedSignatureCache(capacity: 64)
        let w = try mint()
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        // The root's signature with the attacker's key named as issuer.
        let bad = replacing(w.bytes, root.publicKey.bytes, with: attacker.publicKey.bytes)
        #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
        #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
        #expect(cache.statistics.hits == 0)
        // The key only says where to look (the issuer is outside the bytes it hashes, so `bad`
        // shares the good warrant's key): what hits is byte equality with the kept envelope.
        #expect(cache.key(envelope: bad) == cache.key(envelope: w.bytes))
        var variants = [bad, w.bytes + [0], Array(w.bytes.dropLast())]
        for i in [0, 3, w.bytes.count / 2, w.bytes.count - 65, w.bytes.count - 1] {
            var other = w.bytes
            other[i] ^= 1
            variants.append(other)
        }
        for other in variants {
            #expect(cache.lookup(cache.key(envelope: other), other) == nil)
        }
        #expect(cache.lookup(cache.key(envelope: w.bytes), w.bytes) != nil)  // the exact envelope hits
    }

    /// Every envelope filed under one key: a second valid warrant finds the first one's entry,
    /// does not match its bytes, is verified and decoded itself (and not remembered while the
    /// first one holds the key); tampered copies of either are refused; the first still hits.
    @Test func envelopesWithTheSameKeyAreToldApart() throws {
        for budget in [nil, 0] {  // entries keeping the warrant, and digest-only entries
            let cache = VerifiedSignatureCache(capacity: 64, collideForTesting: true)
            if let budget { cache.withShards { $0.budget = budget } }
            let a = try mint("tool_a"), b = try mint("tool_b")
            #expect(cache.key(envelope: a.bytes) == cache.key(envelope: b.bytes))
            #expect(try Warrant(decoding: a.bytes, verifiedCache: cache).bytes == a.bytes)
            for _ in 0..<2 {
                let got = try Warrant(decoding: b.bytes, verifiedCache: cache)
                #expect(got.bytes == b.bytes && got.payload == b.payload)
            }
            #expect(cache.statistics == .init(hits: 0, misses: 3, entries: 1, capacity: 64))
            let again = try Warrant(decoding: a.bytes, verifiedCache: cache)
            #expect(again.bytes == a.bytes && again.payload == a.payload)
            #expect(cache.statistics.hits == 1)
            let tamperedA = replacing(a.bytes, Array("tool_a".utf8), with: Array("tool_b".utf8))
            var tamperedB = b.bytes
            tamperedB[tamperedB.count - 2] ^= 0x10
            for bad in [tamperedA, tamperedB] {
                #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
            }
            #expect(cache.statistics == .init(hits: 1, misses: 5, entries: 1, capacity: 64))
        }
    }

    /// The shard index (open addressing, backward-shift removal) against a dictionary, under
    /// random inserts and removals of keys whose homes crowd a few buckets at both ends of the
    /// table (long probe runs that wrap around).
    @Test func indexAgreesWithADictionary() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let highs: [UInt64] = [0, 1, 2, 0xffff_ffff, 0xffff_fffe]
        for capacity in [1, 2, 3, 8, 50] {
            var index = VerifiedSignatureCache.Index(capacity: capacity)
            var model: [UInt64: Int] = [:]
            for step in 0..<5000 {
                let word = highs[Int(next() % 5)] << 32 | next() % 24
                let key = VerifiedSignatureCache.Key(word: word)
                if next() % 3 == 0 {
                    index.remove(key)
                    model[word] = nil
                } else {
                    let fits = model[word] == nil && model.count < capacity
                    #expect(index.insert(key, step) == fits)
                    if fits { model[word] = step }
                }
                #expect(index.count == model.count)
                if step % 50 == 0 {
                    for high in highs {
                        for low in 0..<UInt64(24) {
                            let w = high << 32 | low
                            #expect(index[VerifiedSignatureCache.Key(word: w)] == model[w])
                        }
                    }
                }
            }
            index.removeAll()
            #expect(index.isEmpty && index[VerifiedSignatureCache.Key(word: 0)] == nil)
            #expect(index.insert(VerifiedSignatureCache.Key(word: 5), 1) && index[VerifiedSignatureCache.Key(word: 5)] == 1)
        }
        var none = VerifiedSignatureCache.Index(capacity: 0)
        #expect(!none.insert(VerifiedSignatureCache.Key(word: 1), 0) && none.isEmpty)
    }

    @Test func byteComparisonSeesEveryByte() {
        for n in 0..<21 {
            let x = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(VerifiedSignatureCache.sameBytes(x, x))
            #expect(VerifiedSignatureCache.sameBytes(x, Array(x)))
            #expect(!VerifiedSignatureCache.sameBytes(x, x + [0]))
            for i in 0..<n {
                var y = x
                y[i] ^= 0x80
                #expect(!VerifiedSignatureCache.sameBytes(x, y))
            }
        }
    }

    @Test func evictedWarrantsAreVerifiedAgain() throws {
        let cache = VerifiedSignatureCache(capacity: 2)
        let warrants = try (0..<40).map { i throws -> Warrant in try mint("tool_\(i)") }
        for w in warrants { _ = try Warrant(decoding: w.bytes, verifiedCache: cache) }
        #expect(cache.statistics.entries <= 2)
        #expect(cache.statistics.misses == 40)
        for w in warrants {
            let again = try Warrant(decoding: w.bytes, verifiedCache: cache)
            #expect(again.bytes == w.bytes && again.payload.id == w.payload.id)
        }
        let s = cache.statistics
        #expect(s.entries <= 2)
        #expect(s.hits <= 2 && s.misses >= 78)
        // A tampered copy of an evicted warrant is still refused.
        let bad = replacing(warrants[0].bytes, Array("tool_0".utf8), with: Array("tool_X".utf8))
        #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
    }

    @Test func clockGivesRecentlyHitEntriesASecondChance() {
        func key(_ n: UInt8) -> VerifiedSignatureCache.Key { .init(word: UInt64(n)) }
        func env(_ n: UInt8) -> [UInt8] { [UInt8](repeating: n, count: 5) }
        var s = VerifiedSignatureCache.Shard(capacity: 3)
        func has(_ n: UInt8) -> Bool { s.lookup(key(n), env(n)) != nil }
        for n: UInt8 in 1...3 { s.insert(key(n), env(n)) }
        let hit1 = has(1)
        #expect(hit1)
        #expect(s.lookup(key(1), env(2)) == nil)  // the key's entry, other bytes: a miss
        s.insert(key(4), env(4))  // 1 was hit: the hand spares it and evicts 2
        #expect(s.index.count == 3)
        let found = [1, 2, 3, 4].map { has(UInt8($0)) }
        #expect(found == [true, false, true, true])
        for n: UInt8 in 5...20 { s.insert(key(n), env(n)) }
        #expect(s.index.count == 3 && s.slots.count == 3)
        let hit20 = has(20)
        #expect(hit20)
        var off = VerifiedSignatureCache.Shard(capacity: 0)
        off.insert(key(1), env(1))
        let offHit = off.lookup(key(1), env(1)) != nil
        #expect(!offHit && off.index.isEmpty)
    }

    /// A first sight records the envelope; a second sight skips the signature check, decodes and
    /// keeps that decoding; later hits hand it back. Past the budget an entry holds a digest, and
    /// a hit decodes again without verifying. Every result equals a fresh, uncached decoding.
    @Test func hitsReturnTheSameDecodingWithinTheBudget() throws {
        let w = try mint()
        let fresh = try Warrant(decoding: w.bytes, verifiedCache: nil)
        let cache = VerifiedSignatureCache(capacity: 64)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        let key = cache.key(envelope: w.bytes)
        if case .verified? = cache.lookup(key, w.bytes) {} else { Issue.record("a first sight keeps the envelope only") }
        let second = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(second.bytes == fresh.bytes && second.payload == fresh.payload && second.payloadHash == fresh.payloadHash)
        guard case .decoded(let kept)? = cache.lookup(key, w.bytes) else {
            Issue.record("a second sight keeps its decoding")
            return
        }
        #expect(kept.bytes == fresh.bytes && kept.payload == fresh.payload && kept.payloadHash == fresh.payloadHash)
        #expect(kept.signature == fresh.signature && kept.payloadBytes == fresh.payloadBytes)
        #expect(cache.statistics == .init(hits: 3, misses: 1, entries: 1, capacity: 64))

        // A shard whose budget is spent records digests only, and frees budget on eviction.
        var s = VerifiedSignatureCache.Shard(capacity: 2)
        s.budget = w.bytes.count + 10
        func k(_ n: UInt8) -> VerifiedSignatureCache.Key { .init(word: UInt64(n)) }
        let e = w.bytes
        s.insert(k(1), e)
        s.insert(k(2), e)
        #expect(s.held == e.count)
        if case .verified? = s.lookup(k(1), e) {} else { Issue.record("first entry keeps the envelope") }
        s.keep(k(1), e, try mint("other_tool"))  // a warrant decoded from other bytes is refused
        if case .verified? = s.lookup(k(1), e) {} else { Issue.record("another envelope's warrant is not kept") }
        s.keep(k(1), e, w)
        if case .decoded? = s.lookup(k(1), e) {} else { Issue.record("first entry keeps its warrant") }
        if case .verified? = s.lookup(k(2), e) {} else { Issue.record("second entry is over budget") }
        s.keep(k(2), e, w)  // a digest entry (past the budget) keeps no warrant
        if case .verified? = s.lookup(k(2), e) {} else { Issue.record("second entry stays a digest") }
        var other = e
        other[other.count / 2] ^= 1
        #expect(s.lookup(k(1), other) == nil)  // a kept warrant's envelope is compared byte for byte
        #expect(s.lookup(k(2), other) == nil)  // a digest-only entry compares the whole digest
        s.insert(k(3), e)  // both were hit: the sweep clears them and evicts entry 1
        #expect(s.index.count == 2 && s.lookup(k(1), e) == nil)
        #expect(s.held == e.count)  // entry 1's charge went, entry 3 took it
        s.keep(k(3), e, w)
        if case .decoded? = s.lookup(k(3), e) {} else { Issue.record("budget freed by the eviction is reused") }
        s.budget = 0
        for n: UInt8 in 4...7 { s.insert(k(n), [n]) }  // entry 3 is evicted in turn: nothing held
        #expect(s.held == 0 && s.index.count == 2)

        // Through the decoder: a zero-budget cache still skips the verify, and decodes the same.
        let tight = VerifiedSignatureCache(capacity: 1)
        tight.withShards { $0.budget = 0 }
        _ = try Warrant(decoding: w.bytes, verifiedCache: tight)
        let again = try Warrant(decoding: w.bytes, verifiedCache: tight)
        #expect(tight.statistics.hits == 1)
        #expect(again.bytes == fresh.bytes && again.payload == fresh.payload && again.payloadHash == fresh.payloadHash)
        if case .verified? = tight.lookup(tight.key(envelope: w.bytes), w.bytes) {} else {
            Issue.record("a zero budget keeps no decoded warrant")
        }
    }

    @Test func capacityIsSplitExactly() {
        for c in [0, 1, 15, 16, 17, 100, 4096] {
            let total = (0..<VerifiedSignatureCache.shardCount).map { VerifiedSignatureCache.shardCapacity(c, $0) }.reduce(0, +)
            #expect(total == c)
        }
        #expect(VerifiedSignatureCache.activeShards(0) == 1)
        #expect(VerifiedSignatureCache.activeShards(127) == 1)
        #expect(VerifiedSignatureCache.activeShards(128) == 2)
        #expect(VerifiedSignatureCache.activeShards(4096) == 16)
        #expect(VerifiedSignatureCache.activeShards(1 << 20) == 16)
        #expect(VerifiedSignatureCache.shardCapacity(4096, 15) == 256)
        // The decoded budget: 512 envelope bytes per entry, capped per shard.
        #expect(VerifiedSignatureCache.Shard(capacity: 10).budget == 10 * VerifiedSignatureCache.decodedBytesPerEntry)
        #expect(VerifiedSignatureCache.Shard(capacity: 1 << 16).budget == VerifiedSignatureCache.maxDecodedBytesPerShard)
        #expect(VerifiedSignatureCache.Shard(capacity: 0).budget == 0)
        let cache = VerifiedSignatureCache(capacity: VerifiedSignatureCache.maxCapacity + 1)
        #expect(cache.capacity == VerifiedSignatureCache.maxCapacity)
        #expect(VerifiedSignatureCache(capacity: -5).capacity == 0)
    }

    @Test func disabledCacheVerifiesEveryTime() throws {
        let cache = VerifiedSignatureCache(capacity: 0)
        #expect(!cache.isEnabled)
        let w = try mint()
        for _ in 0..<3 { _ = try Warrant(decoding: w.bytes, verifiedCache: cache) }
        #expect(cache.statistics == .init(hits: 0, misses: 0, entries: 0, capacity: 0))
        let bad = replacing(w.bytes, Array("read_file".utf8), with: Array("read_filf".utf8))
        #expect(code { _ = try Warrant(decoding: bad, verifiedCache: cache) } == Self.sigInvalid)
        // A requested capacity over the maximum is refused and changes nothing.
        #expect(throws: TenuoError(.invalidArgument, "verify cache capacity 1048577 exceeds the maximum of 1048576 entries")) {
            try cache.setRequestedCapacity(UInt(VerifiedSignatureCache.maxCapacity) + 1)
        }
        #expect(!cache.isEnabled)
        // Switching on, then off again, drops what was learnt.
        try cache.setRequestedCapacity(8)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics == .init(hits: 1, misses: 1, entries: 1, capacity: 8))
        cache.setCapacity(0)
        #expect(cache.statistics == .init(hits: 1, misses: 1, entries: 0, capacity: 0))
        cache.setCapacity(8)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics == .init(hits: 1, misses: 2, entries: 1, capacity: 8))
        cache.clear()
        #expect(cache.statistics == .init(hits: 0, misses: 0, entries: 0, capacity: 8))
    }

    @Test func decisionsAreUnchangedByAHit() throws {
        let cache = VerifiedSignatureCache(capacity: 64)
        let w = try mint(ttl: 60)
        _ = try Warrant(decoding: w.bytes, verifiedCache: cache)
        let cached = try Warrant(decoding: w.bytes, verifiedCache: cache)
        #expect(cache.statistics.hits == 1)
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        let chain = try WarrantChain([cached])
        let args: [String: Value] = ["path": .string("/data/a")]
        let pop = try ProofOfPossession.sign(warrant: cached, key: holder, tool: "read_file", args: args, now: Int64(Self.now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: args, signature: pop, now: Self.now) } == 0)
        // Expired, missing PoP, wrong PoP key, untrusted root: all still denied.
        let late = Self.now + 120
        let latePop = try ProofOfPossession.sign(warrant: cached, key: holder, tool: "read_file", args: args, now: Int64(late))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: args, signature: latePop, now: late) } == ErrorCode.warrantExpired.rawValue)
        #expect(code { try auth.authorize(chain, tool: "read_file", args: args, signature: nil, now: Self.now) } == Self.sigInvalid)
        let wrong = try ProofOfPossession.sign(warrant: cached, key: attacker, tool: "read_file", args: args, now: Int64(Self.now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: args, signature: wrong, now: Self.now) } == Self.sigInvalid)
        let other = try Authorizer(trustedRoots: [attacker.publicKey])
        #expect(code { try other.authorize(chain, tool: "read_file", args: args, signature: pop, now: Self.now) } == ErrorCode.untrustedRoot.rawValue)
    }

    @Test func concurrentDecodingNeverAcceptsABadWarrant() async throws {
        let cache = VerifiedSignatureCache(capacity: 8)  // small: evictions race with lookups
        let good = try (0..<12).map { i throws -> Warrant in try mint("t\(i)") }
        var bad: [[UInt8]] = []
        for (i, w) in good.enumerated() {
            bad.append(replacing(w.bytes, Array("t\(i)".utf8), with: Array("x\(i)".utf8)))  // payload
            var s = w.bytes
            s[s.count - 1 - i] ^= 0x40  // signature
            bad.append(s)
            bad.append(replacing(w.bytes, root.publicKey.bytes, with: attacker.publicKey.bytes))  // issuer
        }
        let goodBytes = good.map(\.bytes)
        let badBytes = bad
        let results = await withTaskGroup(of: (Int, Int).self) { group in
            for t in 0..<4 {
                group.addTask {
                    var accepted = 0, refused = 0
                    for round in 0..<150 {
                        let g = goodBytes[(round * 7 + t) % goodBytes.count]
                        if (try? Warrant(decoding: g, verifiedCache: cache))?.bytes == g { accepted += 1 }
                        let b = badBytes[(round * 5 + t) % badBytes.count]
                        do throws(TenuoError) {
                            _ = try Warrant(decoding: b, verifiedCache: cache)
                        } catch {
                            if error.code == .signatureInvalid { refused += 1 }
                        }
                        if t == 0 && round % 50 == 49 { cache.clear() }
                    }
                    return (accepted, refused)
                }
            }
            var all: [(Int, Int)] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 4)
        for (accepted, refused) in results {
            #expect(accepted == 150)
            #expect(refused == 150)
        }
        #expect(cache.statistics.entries <= 8)
    }

    /// The process-wide instance: on by default, switchable and resizable. Other tests decode
    /// through it in parallel, so only figures they cannot move are asserted.
    @Test func sharedCacheSwitchesOffAndOn() throws {
        let shared = VerifiedSignatureCache.shared
        #expect(shared.capacity == VerifiedSignatureCache.defaultCapacity)
        let w = try mint()
        _ = try Warrant(decoding: w.bytes)
        shared.setCapacity(0)
        #expect(!shared.isEnabled && shared.statistics.entries == 0)
        _ = try Warrant(decoding: w.bytes)
        #expect(shared.statistics.entries == 0)
        shared.setCapacity(VerifiedSignatureCache.defaultCapacity)
        #expect(shared.isEnabled)
        _ = try Warrant(decoding: w.bytes)
        _ = try Warrant(decoding: w.bytes)
        #expect(shared.statistics.entries >= 1)
    }
}

/// The PEM marker test that decides how warrant text is read (base64url text has '-' in it too).
@Suite struct PEMMarkerTests {
    @Test func markerIsFoundOnlyWhenPresent() {
        #expect(WarrantChain.containsPEMMarker("-----BEGIN TENUO WARRANT-----\nAAAA\n-----END TENUO WARRANT-----"))
        #expect(WarrantChain.containsPEMMarker("junk before\n-----BEGIN"))
        #expect(!WarrantChain.containsPEMMarker("g2FoWCCk-_-----BEGI"))
        #expect(!WarrantChain.containsPEMMarker("----BEGIN"))
        #expect(!WarrantChain.containsPEMMarker(""))
        #expect(!WarrantChain.containsPEMMarker("é-----BEGİN"))
        #expect(WarrantChain.containsPEMMarker("é-----BEGIN"))
        #expect(WarrantChain.containsPEMMarker("x------BEGIN"))
        #expect(WarrantChain.containsPEMMarker("-----BEGI-----BEGIN"))
        #expect(WarrantChain.containsPEMMarker("-----BB-----BEGIN"))
        #expect(!WarrantChain.containsPEMMarker("-----BEGXN"))
        #expect(!WarrantChain.containsPEMMarker("-- ---BEGIN"))
        #expect(!WarrantChain.containsPEMMarker("-----"))
    }
}
