import Testing

@testable import TenuoCore

/// Core-side checks of the issue-8 hardening: overflow-free time arithmetic, linear duplicate-key
/// detection, linear URL paths, DNS limits on hosts, the evaluation cost bound and the regex
/// cache's memory budget. (The C ABI's handle registry, unloading and small stacks are tested
/// in Tests/CTests/hardening.c; the costs in Tests/CTests/worst_case.c.)
@Suite struct HardeningTests {
    @Test func popWindowsNeverOverflow() throws {
        #expect(ProofOfPossession.window(Int64.min) == nil)
        #expect(ProofOfPossession.window(Int64.min + 8) == Int64.min + 8)  // Int64.min + 8 is a multiple of 30
        #expect(ProofOfPossession.window(Int64.min + 7) == nil)
        #expect(ProofOfPossession.window(Int64.max) == Int64.max / 30 * 30)
        #expect(ProofOfPossession.offsets(1_000_000).count == Limits.popMaxWindows)
        let key = try SigningKey(seed: [UInt8](repeating: 3, count: 32))
        var b = MintBuilder(type: .execution)
        b.tools["t"] = ConstraintSet()
        let w = try b.mint(key: key, now: 1_700_000_000)
        #expect(throws: TenuoError.self) {
            try ProofOfPossession.sign(warrant: w, key: key, tool: "t", args: [:], now: Int64.min)
        }
        for t in [Int64.min, Int64.min + 1, -1, 0, Int64.max - 1, Int64.max] {
            let sig = [UInt8](repeating: 0, count: 64)
            #expect(!ProofOfPossession.verify(holder: key.publicKey, id: w.id, tool: "t", args: [:], signature: sig, now: t, maxWindows: 10))
        }
        let top = try ProofOfPossession.sign(warrant: w, key: key, tool: "t", args: [:], now: Int64.max)
        #expect(ProofOfPossession.verify(holder: key.publicKey, id: w.id, tool: "t", args: [:], signature: top, now: Int64.max, maxWindows: 10))
    }

    /// Duplicates are still found by value (a half and a double 1.0, 0.0 and -0.0), and a big map decodes.
    @Test func cborDuplicateKeysByHash() throws {
        func map(_ keys: [[UInt8]]) -> [UInt8] { [0xA0 | UInt8(keys.count)] + keys.flatMap { $0 + [0x00] } }
        let half1: [UInt8] = [0xF9, 0x3C, 0x00]
        let double1: [UInt8] = [0xFB, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0]
        let zero: [UInt8] = [0xF9, 0x00, 0x00]
        let negZero: [UInt8] = [0xF9, 0x80, 0x00]
        let nan: [UInt8] = [0xF9, 0x7E, 0x00]
        #expect(throws: TenuoError.self) { try CBORReader.decode(map([half1, double1])) }
        #expect(throws: TenuoError.self) { try CBORReader.decode(map([zero, negZero])) }
        #expect(throws: TenuoError.self) { try CBORReader.decode(map([[0x61, 0x61], [0x01], [0x61, 0x61]])) }
        _ = try CBORReader.decode(map([nan, nan]))  // NaN is never equal to itself: not a duplicate
        _ = try CBORReader.decode(map([[0x61, 0x61], [0x61, 0x62], [0x01], [0x20]]))
        // 50,000 distinct keys: linear (the quadratic scan took seconds).
        var big: [UInt8] = [0xB9, 0xC3, 0x50]
        for k in 0..<50_000 {
            big += k < 24 ? [UInt8(k)] : k < 256 ? [0x18, UInt8(k)] : [0x19, UInt8(k >> 8), UInt8(k & 0xFF)]
            big.append(0)
        }
        let clock = ContinuousClock()
        let elapsed = try clock.measure { _ = try CBORReader.decode(big) }
        #expect(elapsed < .seconds(1))
        big += [0x00, 0x00]  // key 0 again, as the 50,001st entry
        big[2] = 0x51
        #expect(throws: TenuoError.self) { try CBORReader.decode(big) }
    }

    @Test func fileURLSlashesCollapseLinearly() throws {
        #expect(try URLParser.parse("file:////a").get().path == "/a")
        #expect(try URLParser.parse("file:///a//b/../c").get().path == "/a//c")
        #expect(try URLParser.parse("file:///a/./b/..").get().path == "/a/")
        let long = "file:" + String(repeating: "/", count: 200_000) + "x"
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = URLParser.parse(long) }
        #expect(elapsed < .seconds(1))
        #expect(try URLParser.parse(long).get().path == "/x")
    }

    @Test func hostsWithinDNSLimits() throws {
        let l63 = String(repeating: "a", count: 63)
        #expect(IDNA.toASCII(l63 + ".com") == l63 + ".com")
        #expect(IDNA.toASCII(l63 + "a.com") == nil)
        #expect(IDNA.toASCII(String(repeating: "é", count: 40)) != nil)
        #expect(IDNA.toASCII(String(repeating: "é", count: 64)) == nil)
        #expect(IDNA.toASCII(String(repeating: "é", count: 4096)) == nil)
        let host253 = Array(repeating: String(repeating: "a", count: 49), count: 5).joined(separator: ".") + ".abc"
        #expect(host253.utf8.count == 253)
        #expect(IDNA.toASCII(host253) == host253)
        #expect(IDNA.toASCII(host253 + ".") == host253 + ".")
        #expect(IDNA.toASCII("a" + host253) == nil)
        // Denied by the URL constraints, never allowed.
        let c = try UrlPatternConstraint("https://*.com/*")
        #expect((try? c.matches(.string("https://" + l63 + ".com/x"))) == true)
        #expect((try? c.matches(.string("https://" + l63 + "a.com/x"))) != true)
    }

    @Test func evaluationCostIsBounded() throws {
        let stars = try Constraint(PatternConstraint(String(repeating: "*a", count: 2000)))
        #expect(stars.matchWeight == 4001)
        let big = Value.string(String(repeating: "a", count: 1 << 20))
        #expect(throws: TenuoError.self) { try stars.evaluate(big) }
        #expect(try stars.evaluate(.string(String(repeating: "a", count: 2000))))
        // In a constraint set: an evaluation error (denied), over the whole call.
        let small = try Constraint(PatternConstraint("/data/*"))
        let set = ConstraintSet(["a": stars, "b": small])
        let f = set.check(["a": big, "b": .string("/data/x")])
        #expect(f?.isEvaluationError == true && f?.field == "a")
        #expect(set.check(["a": .string(String(repeating: "a", count: 2000)), "b": .string("/data/x")]) == nil)
        // Ordinary constraints on the largest argument stay far below the bound.
        #expect(MatchCost.work(small, big) < MatchCost.maxWork / 4)
        let nested = try Constraint.not(try Constraint.any([stars, small]))
        #expect(nested.matchWeight == 1 + 1 + 4001 + 8)  // Not + Any + the two patterns ("/data/*": 7 tokens)
        let subset = Constraint(SubsetConstraint((0..<1000).map { .int($0) }))
        let list = Value.list(Array(repeating: .int(999), count: 20_000))
        #expect(throws: TenuoError.self) { try subset.evaluate(list) }
    }

    @Test func regexCacheHasAMemoryBudget() {
        let cache = RegexCache(capacity: 256, maxBytes: 8 << 20)  // room for 8 small programs
        for i in 0..<40 { _ = cache.lookup("^item\(i)[a-z]+$") }
        #expect(cache.chargedBytes == 8 << 20)
        #expect(cache.count == 8)
        for i in 0..<40 { _ = cache.lookup("(unclosed\(i)") }  // failures cost nothing
        #expect(cache.chargedBytes <= 8 << 20)
        #expect(cache.count > 8)
        // A small program is charged the small budget.
        if case .success(let r) = CompiledRegex.compileUncached("^[a-z]+$") {
            #expect(r.memoryCharge == Int(CompiledRegex.smallMemory))
        } else {
            Issue.record("^[a-z]+$ did not compile")
        }
    }
}
