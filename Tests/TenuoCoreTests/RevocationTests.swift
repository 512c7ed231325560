import Foundation
import Testing
@testable import TenuoCore

/// Runs Tests/Vectors/revocation.json (generated with the reference by
/// scripts/gen_revocation_cases.py; the C runner and pytest run the same file).
enum RevocationFile {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/revocation.json")

    static let top: [String: Value] = {
        guard let data = try? Data(contentsOf: url), case .map(let m)? = try? JSON.parse([UInt8](data)) else { return [:] }
        return m
    }()

    static let cases: [VectorCase] = {
        guard case .list(let list)? = top["cases"] else { return [] }
        return list.compactMap { if case .map(let m) = $0 { return VectorCase(raw: m) } else { return nil } }
    }()

    static func key(_ name: String) throws -> SigningKey {
        guard case .map(let keys)? = top["keys"], let seed = keys[name]?.string else { throw TenuoError(.invalidArgument, "no key \(name)") }
        return try SigningKey(seed: try Hex.decode(seed))
    }

    static func authorizer(_ roots: Any?) throws -> Authorizer {
        let names = roots as? [Any] ?? []
        return try Authorizer(trustedRoots: try names.map { try key($0 as? String ?? "").publicKey })
    }

    static func code(_ body: () throws -> Void) -> Int32 { VectorFile.code(body) }
}

@Suite struct RevocationTests {
    @Test func fileLoads() {
        #expect(RevocationFile.cases.count >= 80)
        var kinds: [String: Int] = [:]
        for c in RevocationFile.cases { kinds[c.kind, default: 0] += 1 }
        print("revocation: \(RevocationFile.cases.count) cases \(kinds.sorted { $0.key < $1.key })")
    }

    @Test(arguments: RevocationFile.cases)
    func run(_ c: VectorCase) throws {
        switch c.kind {
        case "srl":
            let key = try RevocationFile.key(c["issuer"] as? String ?? "")
            let ids = (c["ids"] as? [Any] ?? []).compactMap { $0 as? String }
            let version = UInt64(c["version"] as? String ?? "") ?? 0
            let when = try UTCTimestamp(text: c["issued_at"] as? String ?? "")
            let built = try SignedRevocationList.sign(revokedIDs: ids, version: version, issuedAt: when, key: key)
            #expect(Hex.encode(built.bytes) == c["srl_hex"] as? String, "byte-identical to the reference's to_bytes()")
            let parsed = try SignedRevocationList(bytes: try VectorFile.bytes(c["srl_hex"]))
            try parsed.verify(expectedIssuer: key.publicKey)
            #expect(parsed.revokedIDs == ids && parsed.version == version && parsed.issuedAt == when)
            #expect(parsed.issuedAt.offsetText == c["issued_at_offset"] as? String)
        case "srl_parse":
            let verifier = try RevocationFile.key(c["verify_with"] as? String ?? "").publicKey
            var srl: SignedRevocationList?
            let parseCode = RevocationFile.code { srl = try SignedRevocationList(bytes: try VectorFile.bytes(c["srl_hex"])) }
            if c.expect["stage"] as? String == "parse" {
                #expect(parseCode == c.expectedCode, "\(c.id): parse")
            } else {
                #expect(parseCode == 0, "\(c.id): parses")
                let v = RevocationFile.code { try srl?.verify(expectedIssuer: verifier) }
                #expect(v == c.expectedCode, "\(c.id): verify")
            }
        case "install":
            let a = try RevocationFile.authorizer(c["roots"])
            for case let step as [String: Any] in c["steps"] as? [Any] ?? [] {
                let want = Int32((step["expect"] as? [String: Any])?["code"] as? Int ?? 0)
                let got = RevocationFile.code {
                    try a.setRevocationList(try SignedRevocationList(bytes: try VectorFile.bytes(step["srl_hex"])))
                }
                #expect(got == want, "\(c.id)")
            }
        case "decision":
            let a = try RevocationFile.authorizer(c["roots"])
            for case let pair as [Any] in c["clearance"] as? [Any] ?? [] {
                try a.requireClearance(pair[0] as? String ?? "", UInt8(pair[1] as? Int ?? 0))
            }
            if let hex = c["srl_hex"] as? String {
                try a.setRevocationList(try SignedRevocationList(bytes: try Hex.decode(hex)))
            }
            let chain = try WarrantChain(decoding: try VectorFile.bytes(c["chain_hex"]))
            let now = UInt64(c["now"] as? Int ?? 0)
            var denyCode: String?
            let got: Int32
            if let tool = c["tool"] as? String {
                guard case .map(let args) = c.value("args") else { Issue.record("args"); return }
                let pop = (c["pop_hex"] as? String).flatMap { try? Hex.decode($0) }
                do {
                    try a.authorize(chain, tool: tool, args: args, signature: pop, now: now)
                    got = 0
                } catch {
                    got = error.code.rawValue
                    denyCode = error.denyCode
                }
            } else {
                got = RevocationFile.code { try a.verifyChain(chain, now: now) }
                if got == ErrorCode.warrantRevoked.rawValue { denyCode = "WARRANT_REVOKED" }
            }
            #expect(got == c.expectedCode, "\(c.id)")
            if let want = c.expect["deny_code"] as? String { #expect(denyCode == want, "\(c.id): deny code") }
        case "clearance_pattern":
            let a = try Authorizer(trustedRoots: [])
            let got = RevocationFile.code { try a.requireClearance(c["pattern"] as? String ?? "", 30) }
            #expect(got == c.expectedCode, "\(c.id)")
        default:
            Issue.record("unknown kind \(c.kind)")
        }
    }

    @Test func timestampForms() throws {
        let cases: [(UInt64, UInt32, String)] = [
            (0, 0, "1970-01-01T00:00:00Z"), (1_767_225_600, 500_000_000, "2026-01-01T00:00:00.500Z"),
            (1_767_225_600, 123_456_000, "2026-01-01T00:00:00.123456Z"), (951_782_400, 1, "2000-02-29T00:00:00.000000001Z"),
            (UTCTimestamp.maxSeconds, 999_999_999, "9999-12-31T23:59:59.999999999Z"),
        ]
        for (s, n, text) in cases {
            let t = try UTCTimestamp(seconds: s, nanos: n)
            #expect(t.text == text)
            #expect(try UTCTimestamp(text: text) == t)
        }
        for bad in ["2026-02-30T00:00:00Z", "2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.5Z", "2026-01-01T24:00:00Z",
                    "2026-01-01T00:00:60Z", "1969-12-31T23:59:59Z", "2026-01-01T00:00:00+00:00", "2026-01-01 00:00:00Z", ""] {
            #expect(throws: TenuoError.self) { try UTCTimestamp(text: bad) }
        }
        #expect(throws: TenuoError.self) { try UTCTimestamp(seconds: 0, nanos: 1_000_000_000) }
    }

    @Test func explicitIssuerAndRequests() throws {
        let cp = try SigningKey(seed: [UInt8](repeating: 9, count: 32))
        let root = try SigningKey(seed: [UInt8](repeating: 8, count: 32))
        let a = try Authorizer(trustedRoots: [root.publicKey])
        let when = try UTCTimestamp(seconds: 1_767_225_600)
        let srl = try SignedRevocationList.sign(revokedIDs: ["x"], version: 1, issuedAt: when, key: cp)
        // The control-plane key is not a root: refused in the one-argument form, accepted when named.
        #expect(VectorFile.code { try a.setRevocationList(srl) } == ErrorCode.invalidPayloadStructure.rawValue)
        #expect(VectorFile.code { try a.setRevocationList(srl, expectedIssuer: root.publicKey) } == ErrorCode.signatureInvalid.rawValue)
        try a.setRevocationList(srl, expectedIssuer: cp.publicKey)
        #expect(a.currentPolicy.revocationList?.version == 1)

        let r = try RevocationRequest.sign(warrantID: "tnu_wrt_019b7680000070008000000000000003", reason: "leaked", key: cp,
                                           requestedAt: try UTCTimestamp(seconds: 1_767_225_600, nanos: 42))
        let back = try RevocationRequest(bytes: r.bytes)
        try back.verifySignature()
        #expect(back.warrantID == r.warrantID && back.reason == "leaked" && back.requestor == cp.publicKey)
        var tampered = r.bytes
        tampered[tampered.count - 1] ^= 1
        #expect(VectorFile.code { try RevocationRequest(bytes: tampered).verifySignature() } == ErrorCode.signatureInvalid.rawValue)
    }

    /// Setters and decisions race on two threads; every decision sees a whole policy.
    @Test func concurrentSetAndAuthorize() async throws {
        guard let c = RevocationFile.cases.first(where: { $0.id == "decision/no_srl" }) else { Issue.record("case"); return }
        let a = try RevocationFile.authorizer(c["roots"])
        let chain = try WarrantChain(decoding: try VectorFile.bytes(c["chain_hex"]))
        let pop = try VectorFile.bytes(c["pop_hex"])
        let now = UInt64(c["now"] as? Int ?? 0)
        let root = try RevocationFile.key("root")
        let leafID = chain.leaf.id.description
        let t0 = try UTCTimestamp(seconds: 0)
        await withTaskGroup(of: Int.self) { g in
            g.addTask {
                for v in 1...200 {
                    let ids = v % 2 == 0 ? [leafID] : []
                    if let s = try? SignedRevocationList.sign(revokedIDs: ids, version: UInt64(v), issuedAt: t0, key: root) {
                        try? a.setRevocationList(s)
                    }
                }
                return 0
            }
            g.addTask {
                var odd = 0
                for _ in 0..<200 {
                    do throws(Denial) { try a.authorize(chain, tool: "read", args: [:], signature: pop, now: now) } catch {
                        if error.code != .warrantRevoked { odd += 1 }
                    }
                }
                return odd
            }
            var total = 0
            for await n in g { total += n }
            #expect(total == 0, "every denial is a revocation")
        }
        #expect(a.currentPolicy.revocationList?.version == 200)
    }
}
