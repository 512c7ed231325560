import Testing
@testable import TenuoCore

/// The payload fast path (`PayloadScan`) against the tree path (`CBORReader.decode` then
/// `WarrantPayload(cbor:)`), differentially: on every vector payload and on seeded mutations of
/// them, whenever the fast path accepts, the tree path accepts the same bytes and yields an
/// equal payload (same constraint encodings), and the scan's issuer is the tree's key 5.
@Suite struct PayloadDecoderTests {
    /// Payloads of every envelope in vectors.json, plus minted ones with the optional fields.
    static let payloads: [[UInt8]] = {
        var envs: [[UInt8]] = []
        for c in VectorFile.cases {
            for k in ["envelope_hex", "parent_envelope_hex"] {
                if let h = c[k] as? String, let b = try? Hex.decode(h) { envs.append(b) }
            }
            for h in c["envelopes_hex"] as? [String] ?? [] { if let b = try? Hex.decode(h) { envs.append(b) } }
        }
        var out: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for e in envs {
            guard let r = try? Warrant.envelopeRanges(e) else { continue }
            let payload = Array(e[r.payload])
            if seen.insert(payload).inserted { out.append(payload) }
        }
        out.append(contentsOf: minted())
        return out
    }()

    static func minted() -> [[UInt8]] {
        guard let root = try? SigningKey(seed: [UInt8](repeating: 1, count: 32)),
            let holder = try? SigningKey(seed: [UInt8](repeating: 2, count: 32)),
            let approver = try? SigningKey(seed: [UInt8](repeating: 4, count: 32))
        else { return [] }
        var out: [[UInt8]] = []
        let sets = [
            #"{"path": {"type": "Pattern", "pattern": "/data/*"}, "mode": {"type": "OneOf", "values": ["r", "w"]}}"#,
            #"{"n": {"type": "Range", "min": 1, "max": 10}, "q": {"type": "Pattern", "pattern": "weather *"}}"#,
            #"{"url": {"type": "Wildcard"}}"#,
            "{}",
        ]
        for (i, s) in sets.enumerated() {
            guard let cs = try? ConstraintSet(flatJSON: try JSON.parse(s)) else { continue }
            var b = MintBuilder()
            try? b.addTool("tool_\(i)", constraints: cs)
            try? b.addTool("zz", constraints: ConstraintSet())
            b.holder = holder.publicKey
            b.maxDepth = 4
            b.extensions = ["app.note": Array("hello".utf8), "tenuo.session_id": Array("s1".utf8)]
            if i == 1 {
                b.requiredApprovers = [approver.publicKey]
                b.minApprovals = 1
                b.clearance = 3
            }
            if let w = try? b.mint(key: root, now: 1_704_067_200) { out.append(w.payloadBytes) }
        }
        var ib = MintBuilder(type: .issuer)
        ib.issuableTools = ["read_file", "search"]
        ib.constraintBounds = try? ConstraintSet(flatJSON: try JSON.parse(#"{"path": {"type": "Pattern", "pattern": "/data/*"}}"#))
        ib.holder = holder.publicKey
        ib.maxDepth = 5
        ib.maxIssueDepth = 2
        if let w = try? ib.mint(key: root, now: 1_704_067_200) { out.append(w.payloadBytes) }
        return out
    }

    /// nil: the fast path gave up. Otherwise checks it against the tree path.
    @discardableResult
    static func compare(_ p: [UInt8]) -> Bool? {
        guard let scan = PayloadScan.scan(p) else { return nil }
        let tree = try? CBORReader.decode(p)
        #expect(tree != nil, "the scan accepted bytes the tree reader refuses: \(Hex.encode(p))")
        guard let tree else { return false }
        let issuer = tree[uintKey: 5].flatMap { try? PublicKey(wire: $0) }
        #expect(issuer == scan.issuer, "scan and tree disagree on the issuer: \(Hex.encode(p))")
        let slow = try? WarrantPayload(cbor: tree)
        let fast = scan.build(p)
        if let fast {
            #expect(slow == fast, "fast and tree payloads differ: \(Hex.encode(p))")
            #expect(slow?.encoded() == fast.encoded())
            if let slow {
                for (name, set) in fast.tools {
                    for (arg, c) in set.constraints {
                        let t = slow.tools[name]?.constraints[arg]
                        #expect(t?.typeId == c.typeId && t?.valueByteCount == c.valueByteCount)
                        #expect(t.map { type(of: $0.kind) == type(of: c.kind) } == true)
                    }
                }
            }
        }
        return fast != nil
    }

    @Test func vectorPayloadsAgree() {
        #expect(Self.payloads.count > 40)
        var fast = 0
        for p in Self.payloads where Self.compare(p) == true { fast += 1 }
        // Most valid payloads take the fast path (the point of it).
        #expect(fast * 2 > Self.payloads.count, "fast path taken for \(fast) of \(Self.payloads.count)")
        print("payload fast path: \(fast) of \(Self.payloads.count) vector and minted payloads")
    }

    static let mutationsPerPayload = 400

    @Test func mutatedPayloadsAgree() {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        let interesting: [UInt8] = [0x00, 0x01, 0x17, 0x18, 0x19, 0x1f, 0x20, 0x40, 0x60, 0x61, 0x7f, 0x80, 0x9f,
                                    0xa0, 0xa1, 0xa2, 0xbf, 0xc0, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfb, 0xff]
        var accepted = 0
        for p in Self.payloads {
            for round in 0..<Self.mutationsPerPayload {
                var m = p
                for _ in 0...(round % 2) {  // one mutation, or two
                guard !m.isEmpty else { continue }
                let at = Int(next() % UInt64(m.count))
                switch next() % 6 {
                case 0: m[at] = interesting[Int(next() % UInt64(interesting.count))]
                case 1: m[at] ^= UInt8(1 << (next() % 8))
                case 2: m.removeSubrange(at..<m.count)
                case 3: m.remove(at: at)
                case 4: m.insert(interesting[Int(next() % UInt64(interesting.count))], at: at)
                default: m[at] = m[at] &+ 1
                }
                }
                if Self.compare(m) == true { accepted += 1 }
            }
        }
        // Some mutations (a changed byte inside a text, a timestamp) still decode.
        #expect(accepted > 0)
        print("payload fast path: \(accepted) of \(Self.payloads.count * Self.mutationsPerPayload) mutated payloads accepted, all as the tree path")
    }

    /// Shapes the fast path leaves to the tree path, and those it must refuse outright.
    @Test func edgeShapes() throws {
        guard let base = Self.payloads.last(where: { PayloadScan.scan($0) != nil }) else {
            Issue.record("no payload takes the fast path")
            return
        }
        // Trailing byte: refused by both.
        #expect(PayloadScan.scan(base + [0x00]) == nil)
        #expect((try? CBORReader.decode(base + [0x00])) == nil)
        // Truncations: never accepted by the fast path.
        for n in 0..<base.count { #expect(PayloadScan.scan(Array(base[0..<n])) == nil) }
    }
}

/// The shortcuts in front of `Warrant(parsing:)`: the PEM-marker scan that skips ahead, and
/// `Warrant.parsing(base64URLText:)`, which must agree with `Warrant(parsing:)` whenever it
/// answers.
@Suite struct ParseShortcutTests {
    static func naiveMarker(_ b: [UInt8]) -> Bool {
        let m = Array("-----BEGIN".utf8)
        guard b.count >= m.count else { return false }
        for i in 0...(b.count - m.count) where Array(b[i..<(i + m.count)]) == m { return true }
        return false
    }

    @Test func markerScanMatchesNaiveSearch() {
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let pieces = ["-", "--", "----", "-----", "BEGIN", "BEGI", "B", "x", "N", "é"].map { Array($0.utf8) }
        var found = 0
        for _ in 0..<20_000 {
            let n = Int(next() % 10)
            let b = (0..<n).flatMap { _ in pieces[Int(next() % UInt64(pieces.count))] }
            let fast = b.withUnsafeBufferPointer { WarrantChain.containsPEMMarker(utf8: $0) }
            #expect(fast == Self.naiveMarker(b), "\(String(decoding: b, as: UTF8.self))")
            if fast { found += 1 }
        }
        #expect(found > 100)
    }

    @Test func asciiBytesBase64MatchesGeneralDecoder() {
        var state: UInt64 = 7
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let odd = Array("=- _+/\n\u{0}A".utf8) + [0x80, 0xc3]
        var decoded = 0
        for round in 0..<20_000 {
            let raw = (0..<Int(next() % 40)).map { _ in UInt8(truncatingIfNeeded: next()) }
            var text = Array(Base64.encodeURL(raw).utf8)
            if round % 2 == 1 && !text.isEmpty {  // a damaged text half of the time
                let at = Int(next() % UInt64(text.count))
                switch next() % 3 {
                case 0: text[at] = odd[Int(next() % UInt64(odd.count))]
                case 1: text.remove(at: at)
                default: text[text.count - 1] = UInt8(ascii: "B")  // may leave trailing bits set
                }
            }
            let general = try? Base64.decodeURL(String(decoding: text, as: UTF8.self))
            let fast = Base64.decodeURL(asciiBytes: text)
            if let fast {
                decoded += 1
                #expect(general == fast, "\(String(decoding: text, as: UTF8.self))")
            }
            if round % 2 == 0 { #expect(fast == raw) }  // every intact text decodes from its bytes
            #expect(fast == (text.allSatisfy { $0 < 0x80 } ? general : nil))
        }
        #expect(decoded > 10_000)
    }

    @Test func cacheDigestWordsAreTheDigestBigEndian() {
        var state: UInt64 = 99
        for _ in 0..<200 {
            let digest = (0..<32).map { _ -> UInt8 in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 40)
            }
            func word(_ i: Int) -> UInt64 { digest[i..<(i + 8)].reduce(0) { $0 << 8 | UInt64($1) } }
            let k = VerifiedSignatureCache.Digest(digest: digest)
            #expect([k.a, k.b, k.c, k.d] == [word(0), word(8), word(16), word(24)])
        }
    }

    static func outcome(_ body: () throws -> Warrant) -> String {
        do { return Hex.encode(try body().bytes) } catch let e as TenuoError { return "error \(e.code)" } catch {
            return "other"
        }
    }

    @Test func bytesShortcutAgreesWithParsing() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        var b = MintBuilder()
        try b.addTool("search", constraints: try ConstraintSet(flatJSON: try JSON.parse(#"{"q": {"type": "Pattern", "pattern": "weather *"}}"#)))
        b.holder = key.publicKey
        let w = try b.mint(key: key, now: 1_704_067_200)
        let text = w.base64
        var bad = Array(text.utf8)
        bad[bad.count / 2] = bad[bad.count / 2] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let texts: [[UInt8]] = [
            Array(text.utf8), Array((" " + text + "\n").utf8), Array(w.pem.utf8), bad,
            Array(Base64.encodeStandard(w.bytes).utf8), Array((text + "=").utf8), Array(("é" + text).utf8),
            Array((text + "\u{2003}").utf8), [], Array("-----BEGIN".utf8), Array("AAAA".utf8), Array(text.utf8.dropLast()),
            Array(Base64.encodeURL(Array(w.bytes.dropLast())).utf8),
        ]
        var answered = 0
        for t in texts {
            let s = String(decoding: t, as: UTF8.self)
            let slow = Self.outcome { try Warrant(parsing: s) }
            var sawNil = false
            let fast = Self.outcome {
                guard let x = try Warrant.parsing(base64URLText: t) else { sawNil = true; return try Warrant(parsing: s) }
                return x
            }
            if !sawNil { answered += 1 }
            #expect(fast == slow, "\(s.prefix(40))")
        }
        #expect(answered >= 3)  // the plain text, the whitespace-padded one and the flipped byte
    }
}
