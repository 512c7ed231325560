import Foundation
import Testing

@testable import TenuoCore

/// Tests/Vectors/approvals.json, generated against the reference by scripts/gen_approval_cases.py.
enum ApprovalFile {
    static let cases: [ConstraintCase] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/approvals.json")
        guard let data = try? Data(contentsOf: url), case .map(let m)? = try? JSON.parse([UInt8](data)),
            case .list(let l)? = m["cases"]
        else { return [] }
        return l.compactMap { if case .map(let c) = $0 { return ConstraintCase(raw: c) } else { return nil } }
    }()

    static func list(_ c: ConstraintCase, _ k: String) -> [String] {
        guard case .list(let l)? = c.raw[k] else { return [] }
        return l.compactMap { $0.string }
    }

    static func int(_ v: Value?) -> Int64 { if case .int(let i)? = v { return i } else { return -1 } }

    /// libtenuo's status for one case (0 = allowed / parsed / equal).
    static func status(_ c: ConstraintCase) throws -> Int32 {
        switch c.kind {
        case "authorize":
            let roots = try list(c, "trusted_roots").map { try PublicKey(bytes: try Hex.decode($0)) }
            let auth = try Authorizer(trustedRoots: roots)
            let chain = try WarrantChain(try list(c, "envelopes_hex").map { try Warrant(decoding: try Hex.decode($0)) })
            var approvals: [SignedApproval] = []
            for h in list(c, "approvals_hex") {
                approvals.append(try SignedApproval(decoding: try Hex.decode(h)))
            }
            let args = try JSON.parseObject(c.text("args_json"))
            let pop = try Hex.decode(c.text("pop_hex"))
            do throws(Denial) {
                try auth.authorize(chain, tool: c.text("tool"), args: args, signature: pop,
                                   now: UInt64(int(c.raw["now"])), approvals: approvals)
                return 0
            } catch {
                if error.code == .approvalRequired, case .string(let m)? = c.expect("message") {
                    #expect(error.reason == m, "\(c.id): gate message")
                }
                return error.code.rawValue
            }
        case "approval_parse":
            let raw = try Hex.decode(c.text("approval_hex"))
            do throws(TenuoError) {
                let a = try SignedApproval(decoding: raw)
                let p = try a.verify(now: 1_704_067_800)
                #expect(Hex.encode(a.encoded()) == c.text("approval_hex"), "\(c.id): re-encoding")
                #expect(Hex.encode(p.requestHash) == c.expect("request_hash_hex")?.string, "\(c.id)")
                #expect(Hex.encode(p.nonce) == c.expect("nonce_hex")?.string, "\(c.id)")
                #expect(p.externalID == c.expect("external_id")?.string, "\(c.id)")
                #expect(Int64(p.approvedAt) == int(c.expect("approved_at")), "\(c.id)")
                #expect(a.approverKey.hex == c.expect("approver_key_hex")?.string, "\(c.id)")
                return 0
            } catch {
                return error.code.rawValue
            }
        case "approval_sign":
            let key = try SigningKey(seed: [UInt8](repeating: UInt8(int(c.raw["approver_seed"])), count: 32))
            let p = ApprovalPayload(
                requestHash: try Hex.decode(c.text("request_hash_hex")), nonce: try Hex.decode(c.text("nonce_hex")),
                externalID: c.text("external_id"), approvedAt: UInt64(int(c.raw["approved_at"])),
                expiresAt: UInt64(int(c.raw["expires_at"])))
            return Hex.encode(SignedApproval.create(p, key: key).encoded()) == c.expect("approval_hex")?.string ? 0 : -2
        case "request_hash":
            let holder = c.text("holder_hex").isEmpty ? nil : try PublicKey(bytes: try Hex.decode(c.text("holder_hex")))
            let h = ApprovalRequestHash.compute(warrantID: c.text("warrant_id"), tool: c.text("tool"),
                                                args: try JSON.parseObject(c.text("args_json")), holder: holder)
            return Hex.encode(h) == c.expect("hash_hex")?.string ? 0 : -2
        default:
            Issue.record("unknown kind \(c.kind)")
            return -3
        }
    }
}

@Suite struct ApprovalCaseTests {
    @Test func caseFileIsPresent() {
        #expect(ApprovalFile.cases.count >= 80)
    }

    @Test(arguments: ApprovalFile.cases)
    func referenceVerdict(_ c: ConstraintCase) throws {
        let expected = Int32(ApprovalFile.int(c.expect("status")))
        #expect(try ApprovalFile.status(c) == expected, "\(c.id)")
    }

    @Test func agreementCount() throws {
        var agree = 0
        for c in ApprovalFile.cases where (try? ApprovalFile.status(c)) == Int32(ApprovalFile.int(c.expect("status"))) {
            agree += 1
        }
        print("approvals.json: \(agree) of \(ApprovalFile.cases.count) cases reach the expected verdict")
        #expect(agree == ApprovalFile.cases.count)
    }
}

/// §1 fail closed: every payload key and every reserved extension key has a decision, and the
/// decoder follows it.
@Suite struct FailClosedTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 0x41, count: 32))
    static let holder = try! SigningKey(seed: [UInt8](repeating: 0x42, count: 32))

    static func minimal() -> WarrantPayload {
        WarrantPayload(id: try! WarrantID(bytes: [UInt8](repeating: 1, count: 16)), type: .execution,
                       tools: ["t": ConstraintSet()], holder: holder.publicKey, issuer: issuer.publicKey,
                       issuedAt: 1_704_067_200, expiresAt: 1_704_070_800, maxDepth: 3)
    }

    /// Payload bytes with one extra key spliced in (map count + 1).
    static func withExtraKey(_ key: UInt64, _ value: [UInt8]) -> [UInt8] {
        var p = minimal().encoded()
        guard p[0] >= 0xa0 && p[0] < 0xb7 else { return p }
        p[0] += 1
        var w = CBORWriter()
        w.unsigned(key)
        p += w.bytes + value
        return p
    }

    @Test func everyPayloadKeyHasADecisionAndTheDecoderFollowsIt() throws {
        let known = FailClosedTests.minimal().encoded()
        var fullPayload = FailClosedTests.minimal()
        fullPayload.requiredApprovers = [FailClosedTests.holder.publicKey]
        fullPayload.minApprovals = 1
        fullPayload.clearance = 3
        fullPayload.parentHash = [UInt8](repeating: 0, count: 32)
        fullPayload.extensions = ["com.example.x": [1], ApprovalGateMap.extensionKey: ApprovalGateMap(["t": .init()]).encoded()]
        // Every key the encoder can emit has a decision that is not "refused".
        guard case .map(let entries) = try CBORReader.decode(fullPayload.encoded()) else { Issue.record("not a map"); return }
        for e in entries {
            guard case .unsigned(let k) = e.key else { continue }
            if case .refused = FieldPolicy.payloadDecision(k) { Issue.record("emitted key \(k) is refused by the table") }
        }
        // Issuer-only keys.
        for k: UInt64 in [11, 13, 14] {
            #expect(FieldPolicy.payloadFields[k] != nil)
        }
        // Walk keys 0…64: the table decides; the decoder agrees (a key missing from the table is refused).
        for k: UInt64 in 0...64 {
            let decision = FieldPolicy.payloadDecision(k)
            let present = try CBORReader.decode(known)[uintKey: k] != nil
            if present { continue }  // already in the minimal payload; covered above
            // A null value is "absent" for optional fields, so the decoder's acceptance of the key itself is what we test.
            let bytes = FailClosedTests.withExtraKey(k, [0xf6])
            var code: ErrorCode?
            do { _ = try WarrantPayload(cbor: try CBORReader.decode(bytes)) } catch { code = error.code }
            switch decision {
            case .refused(let c): #expect(code == c, "key \(k) must be refused with \(c.name), got \(code?.name ?? "accepted")")
            case .enforced, .metadata:
                #expect(code != .unknownPayloadField, "key \(k) is in the table but the decoder refuses it")
                #expect(k <= 18)
            }
        }
        // Every key 0…18 is named in the table.
        for k: UInt64 in 0...18 { #expect(FieldPolicy.payloadFields[k] != nil, "key \(k) has no decision") }
        #expect(FieldPolicy.payloadFields.count == 19)
    }

    @Test func everyReservedExtensionHasADecision() throws {
        // The reference 0.3.3 understands exactly these tenuo.* keys.
        let referenceKeys: Set<String> = ["tenuo.approval_gates", "tenuo.session_id", "tenuo.agent_id"]
        #expect(Set(FieldPolicy.reservedExtensions.keys) == referenceKeys)
        for k in referenceKeys {
            if case .refused? = FieldPolicy.extensionDecision(k) { Issue.record("\(k) is refused") }
        }
        // An unknown reserved key makes the warrant refused; an application key is carried.
        var p = FailClosedTests.minimal()
        p.extensions = ["tenuo.future_rule": [1]]
        #expect(throws: TenuoError.self) { _ = try Warrant.sign(p, with: FailClosedTests.issuer) }
        do { try p.validateStructure() } catch { #expect(error.code == .reservedExtensionKey) }
        p.extensions = ["com.example.trace": [1, 2, 3]]
        let w = try Warrant.sign(p, with: FailClosedTests.issuer)
        #expect(try Warrant(decoding: w.bytes).payload.extensions["com.example.trace"] == [1, 2, 3])
        // A malformed gate map is refused at decode, naming the extension.
        p.extensions = [ApprovalGateMap.extensionKey: [0xff, 0x00]]
        do { try p.validateStructure(); Issue.record("malformed gates accepted") } catch {
            #expect(error.code == .invalidExtensionValue)
            #expect(error.field == ApprovalGateMap.extensionKey)
        }
        // A gate with an unknown key (a rule this build would ignore) is refused.
        var w2 = CBORWriter()
        w2.mapHeader(1); w2.text("t"); w2.mapHeader(2); w2.text("args"); w2.null(); w2.text("quorum"); w2.unsigned(3)
        p.extensions = [ApprovalGateMap.extensionKey: w2.bytes]
        #expect(throws: TenuoError.self) { try p.validateStructure() }
    }
}

@Suite struct ApprovalBuilderTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 0x51, count: 32))
    static let holder = try! SigningKey(seed: [UInt8](repeating: 0x52, count: 32))
    static let leaf = try! SigningKey(seed: [UInt8](repeating: 0x53, count: 32))
    static let a1 = try! SigningKey(seed: [UInt8](repeating: 0x54, count: 32))
    static let a2 = try! SigningKey(seed: [UInt8](repeating: 0x55, count: 32))
    static let now: UInt64 = 1_704_067_200

    static func root(gates: Bool = true, min: UInt32 = 1) throws -> Warrant {
        var b = MintBuilder()
        try b.addTool("deploy")
        try b.addTool("read")
        b.holder = holder.publicKey
        b.requiredApprovers = [a1.publicKey, a2.publicKey]
        b.minApprovals = min
        if gates { b.approvalGates = ApprovalGateMap(["deploy": .init()]) }
        return try b.mint(key: issuer, now: now)
    }

    @Test func approversWithoutGatesAreRefusedAtMint() {
        #expect(throws: TenuoError.self) { _ = try ApprovalBuilderTests.root(gates: false) }
    }

    @Test func grantInheritsGatesAndApprovers() throws {
        let r = try ApprovalBuilderTests.root()
        var g = GrantBuilder(parent: r)
        g.holder = ApprovalBuilderTests.leaf.publicKey
        let child = try g.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now)
        #expect(child.payload.requiredApprovers == r.payload.requiredApprovers)
        #expect(child.payload.extensions[ApprovalGateMap.extensionKey] == r.payload.extensions[ApprovalGateMap.extensionKey])
        let auth = try Authorizer(trustedRoots: [ApprovalBuilderTests.issuer.publicKey])
        let chain = try WarrantChain([r, child])
        let pop = try ProofOfPossession.sign(warrant: child, key: ApprovalBuilderTests.leaf, tool: "deploy", args: [:], now: Int64(ApprovalBuilderTests.now))
        #expect(throws: Denial.self) { try auth.authorize(chain, tool: "deploy", args: [:], signature: pop, now: ApprovalBuilderTests.now) }
        let hash = ApprovalRequestHash.compute(warrant: child.payload, tool: "deploy", args: [:])
        let ap = SignedApproval.create(ApprovalPayload(requestHash: hash, nonce: [UInt8](repeating: 9, count: 16), externalID: "a",
                                                       approvedAt: ApprovalBuilderTests.now, expiresAt: ApprovalBuilderTests.now + 300), key: ApprovalBuilderTests.a2)
        try auth.authorize(chain, tool: "deploy", args: [:], signature: pop, now: ApprovalBuilderTests.now, approvals: [ap])
        // Dropping the gated tool drops its gate; approvers stay (the reference's shape).
        var g2 = GrantBuilder(parent: r)
        try g2.retainTools(["read"])
        let c2 = try g2.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now)
        #expect(c2.payload.extensions[ApprovalGateMap.extensionKey] == nil)
        try auth.verifyChain(try WarrantChain([r, c2]), now: ApprovalBuilderTests.now)
    }

    @Test func childCannotWeakenApprovals() throws {
        let r = try ApprovalBuilderTests.root(min: 2)
        var g = GrantBuilder(parent: r)
        g.requiredApprovers = [ApprovalBuilderTests.a1.publicKey]
        g.minApprovals = 1
        #expect(throws: TenuoError.self) { _ = try g.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now) }
        var g2 = GrantBuilder(parent: r)
        g2.minApprovals = 1
        #expect(throws: TenuoError.self) { _ = try g2.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now) }
        // Adding the holder's own key as an approver without raising the threshold is refused.
        var g3 = GrantBuilder(parent: r)
        g3.requiredApprovers = [ApprovalBuilderTests.a1.publicKey, ApprovalBuilderTests.a2.publicKey, ApprovalBuilderTests.holder.publicKey]
        #expect(throws: TenuoError.self) { _ = try g3.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now) }
        g3.minApprovals = 3
        _ = try g3.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now)
        // Whole-tool gate weakened to a per-argument gate is refused.
        var g4 = GrantBuilder(parent: r)
        g4.addedApprovalGates = ApprovalGateMap(["read": .init()])
        let c4 = try g4.grant(key: ApprovalBuilderTests.holder, now: ApprovalBuilderTests.now)
        #expect(try ApprovalGateMap(extensionBytes: c4.payload.extensions[ApprovalGateMap.extensionKey])?.tools.count == 2)
    }

    @Test func gateMessageIsNormalised() {
        #expect(ApprovalGateMap.normalizeMessage("  hi  ") == "hi")
        #expect(ApprovalGateMap.normalizeMessage("   ") == nil)
        #expect(ApprovalGateMap.normalizeMessage(String(repeating: "é", count: 300))?.unicodeScalars.count == 200)
    }
}

@Suite struct ApprovalSpecVectorTests {
    /// A.24's envelope (raw bstr approver key and signature, no `[alg, bytes]`) is not the
    /// reference's shape; the reference cannot parse it and neither does libtenuo.
    @Test func a24Refused() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/vectors/tenuo-v1-spec-vectors.json")
        guard let data = try? Data(contentsOf: url) else { return }  // the shared spec file lives outside the repo
        let text = String(decoding: data, as: UTF8.self)
        guard let r = text.range(of: "\"envelope_hex\": \"a470617070726f76616c") else { Issue.record("A.24 not found"); return }
        let start = text.index(r.lowerBound, offsetBy: "\"envelope_hex\": \"".count)
        guard let end = text[start...].firstIndex(of: "\"") else { return }
        let bytes = try Hex.decode(String(text[start..<end]))
        #expect(bytes.count == 324)
        #expect(throws: TenuoError.self) { _ = try SignedApproval(decoding: bytes) }
    }
}

@Suite struct GateMonotonicityTests {
    static func gate(_ c: Constraint) -> ApprovalGateMap {
        ApprovalGateMap(["xfer": .init(args: ["amount": .constraint(c)])])
    }

    @Test func childMustGateEveryValueTheParentGates() throws {
        let tools = ["xfer": ConstraintSet()]
        let parent = GateMonotonicityTests.gate(try .range(min: 1000, max: nil))
        // Narrower gate constraint = fewer calls gated: refused (the reference accepts it).
        #expect(throws: TenuoError.self) {
            try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: GateMonotonicityTests.gate(try .range(min: 5000, max: nil)), childTools: tools)
        }
        // Wider gate constraint, identical gate, whole-tool gate and "all": accepted.
        try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: GateMonotonicityTests.gate(try .range(min: 500, max: nil)), childTools: tools)
        try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: parent, childTools: tools)
        try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: ApprovalGateMap(["xfer": .init()]), childTools: tools)
        try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: ApprovalGateMap(["xfer": .init(args: ["amount": .all])]), childTools: tools)
        // Stripped gates, a removed tool gate, whole-tool weakened to per-argument: refused.
        #expect(throws: TenuoError.self) { try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: nil, childTools: tools) }
        #expect(throws: TenuoError.self) {
            try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: ApprovalGateMap(["other": .init()]), childTools: tools)
        }
        #expect(throws: TenuoError.self) {
            try ApprovalPolicy.checkGateMonotonicity(parent: ApprovalGateMap(["xfer": .init()]), child: parent, childTools: tools)
        }
        // A child without the gated tool may drop its gate.
        try ApprovalPolicy.checkGateMonotonicity(parent: parent, child: nil, childTools: ["read": ConstraintSet()])
        // Exempt: the child may only exempt fewer values.
        let ep = ApprovalGateMap(["xfer": .init(args: ["amount": .exempt(try .range(min: 0, max: 100))])])
        let narrower = ApprovalGateMap(["xfer": .init(args: ["amount": .exempt(try .range(min: 0, max: 50))])])
        let wider = ApprovalGateMap(["xfer": .init(args: ["amount": .exempt(try .range(min: 0, max: 500))])])
        try ApprovalPolicy.checkGateMonotonicity(parent: ep, child: narrower, childTools: tools)
        #expect(throws: TenuoError.self) { try ApprovalPolicy.checkGateMonotonicity(parent: ep, child: wider, childTools: tools) }
    }

    @Test func gateMapRoundTripsTheReferenceBytes() throws {
        // Bytes of the reference's approval_gates({"deploy": None, "read": {"args": None, "message": "  hello  "},
        // "xfer": {"amount": Range(1000, None)}}) (tenuo 0.3.3).
        let hex = "a3666465706c6f79a16461726773f66472656164a26461726773f6676d6573736167656568656c6c6f6478666572a16461726773a166616d6f756e748203a4636d696ef963d0636d6178f66d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        let g = try #require(try ApprovalGateMap(extensionBytes: try Hex.decode(hex)))
        #expect(Hex.encode(g.encoded()) == hex)
        #expect(g.tools["read"]?.message == "hello")
        #expect(try g.requirement(tool: "xfer", args: ["amount": .int(999)]) == nil)
        #expect(try g.requirement(tool: "xfer", args: ["amount": .int(1000)]) == "Approval required for tool 'xfer'")
        #expect(try g.requirement(tool: "xfer", args: [:]) != nil)  // an absent gated argument fires
        #expect(try g.requirement(tool: "read", args: [:]) == "hello")
        #expect(try g.requirement(tool: "other", args: [:]) == nil)
    }
}

/// The rules for signing a new approval live in the core (`SignedApproval.create(requestHash:…)`);
/// `tenuo_approval_create` only converts.
@Suite struct ApprovalCreateRuleTests {
    static let key = try! SigningKey(seed: [UInt8](repeating: 0x51, count: 32))
    static let hash = [UInt8](repeating: 7, count: 32)

    static func create(hash: [UInt8] = hash, nonce: [UInt8] = [], approved: UInt64 = 100, expires: UInt64 = 400)
        throws(TenuoError) -> SignedApproval
    {
        try SignedApproval.create(requestHash: hash, nonce: nonce, externalID: "ops", approvedAt: approved,
                                  expiresAt: expires, key: key)
    }

    @Test func refusesWhatTheRulesForbid() {
        let refused: [(String, () throws(TenuoError) -> SignedApproval)] = [
            ("31-byte hash", { () throws(TenuoError) in try Self.create(hash: [UInt8](repeating: 7, count: 31)) }),
            ("33-byte hash", { () throws(TenuoError) in try Self.create(hash: [UInt8](repeating: 7, count: 33)) }),
            ("15-byte nonce", { () throws(TenuoError) in try Self.create(nonce: [UInt8](repeating: 1, count: 15)) }),
            ("17-byte nonce", { () throws(TenuoError) in try Self.create(nonce: [UInt8](repeating: 1, count: 17)) }),
            ("expires == approved", { () throws(TenuoError) in try Self.create(approved: 400, expires: 400) }),
            ("expires before approved", { () throws(TenuoError) in try Self.create(approved: 401, expires: 400) }),
            ("expires past Int64.max", { () throws(TenuoError) in try Self.create(expires: UInt64(Int64.max) + 1) }),
        ]
        for (what, body) in refused {
            #expect(CT.code { _ = try body() } == .invalidArgument, "\(what)")
        }
    }

    @Test func signsAVerifiableApproval() throws {
        let given = [UInt8](repeating: 3, count: 16)
        let a = try Self.create(nonce: given, expires: UInt64(Int64.max))
        let p = try a.verify(now: 100)
        #expect(p.nonce == given && p.requestHash == Self.hash && p.externalID == "ops")
        #expect(p.approvedAt == 100 && p.expiresAt == UInt64(Int64.max))
        // An empty nonce means fresh random bytes, different each time.
        let r1 = try Self.create().verify(now: 100).nonce
        let r2 = try Self.create().verify(now: 100).nonce
        #expect(r1.count == 16 && r2.count == 16 && r1 != r2)
    }
}
