import Testing

@testable import TenuoCore

/// Rules the C ABI used to apply itself (defaults, ranges, merges, dedupes) and that now live
/// in the core: each test pins one of them through the core API the ABI calls.
@Suite struct CoreRulesTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 11, count: 32))
    static let agent = try! SigningKey(seed: [UInt8](repeating: 12, count: 32))
    static let worker = try! SigningKey(seed: [UInt8](repeating: 13, count: 32))
    static let approverA = try! SigningKey(seed: [UInt8](repeating: 14, count: 32))
    static let approverB = try! SigningKey(seed: [UInt8](repeating: 15, count: 32))
    static let now: UInt64 = 1_767_225_600

    /// A root for `agent`: read(path: /d/*, mode: OneOf[r, w]) and ping.
    static func parent(gates: ApprovalGateMap? = nil) throws -> Warrant {
        var b = MintBuilder()
        try b.setToolConstraint("read", arg: "path", try .pattern("/d/*"), fresh: true)
        try b.setToolConstraint("read", arg: "mode", try .oneOf([.string("r"), .string("w")]), fresh: false)
        try b.addTool("ping")
        b.holder = agent.publicKey
        if let gates {
            b.approvalGates = gates
            b.requiredApprovers = [approverA.publicKey]
        }
        return try b.mint(key: issuer, now: now)
    }

    static func code(_ body: () throws(TenuoError) -> Void) -> TenuoError? {
        do throws(TenuoError) { try body() } catch { return error }
        return nil
    }

    // MARK: 1. PoP window count (was in tenuo_warrant_verify_pop)

    @Test func popWindowCountDefaultsAndRange() throws {
        #expect(try ProofOfPossession.windowCount(requested: 0) == Limits.popDefaultMaxWindows)
        #expect(try ProofOfPossession.windowCount(requested: 2) == 2)
        #expect(try ProofOfPossession.windowCount(requested: 10) == 10)
        for bad in [1, 11, -1, Int(UInt32.max)] {
            let e = Self.code { () throws(TenuoError) in _ = try ProofOfPossession.windowCount(requested: bad) }
            #expect(e?.code == .invalidArgument && e?.message == "max_windows must be 2–10, got \(bad)")
        }
    }

    @Test func verifyCallTriesTheRequestedWindows() throws {
        let w = try Self.parent()
        let t = Int64(Self.now)
        // Signed two windows (60 s) before the check: offsets 0, -1, +1, -2, +2 reach it.
        let sig = try w.signCall(key: Self.agent, tool: "ping", args: [:], now: t - 60)
        try w.verifyCall(tool: "ping", args: [:], signature: sig, now: t)  // default: 5 windows
        try w.verifyCall(tool: "ping", args: [:], signature: sig, now: t, maxWindows: 4)
        let narrow = Self.code { () throws(TenuoError) in try w.verifyCall(tool: "ping", args: [:], signature: sig, now: t, maxWindows: 3) }
        #expect(narrow?.code == .signatureInvalid && narrow?.message == "proof-of-possession verification failed")
        // The range is checked before the signature, even for a valid one.
        let range = Self.code { () throws(TenuoError) in try w.verifyCall(tool: "ping", args: [:], signature: sig, now: t, maxWindows: 11) }
        #expect(range?.code == .invalidArgument)
        let other = Self.code { () throws(TenuoError) in try w.verifyCall(tool: "read", args: [:], signature: sig, now: t) }
        #expect(other?.code == .signatureInvalid)
    }

    // MARK: 2. One argument's constraint on a builder's tool (was in tenuo_*_builder_set_constraint)

    @Test func mintSetConstraintAddsToTheToolsSet() throws {
        var b = MintBuilder()
        try b.setToolConstraint("read", arg: "path", try .pattern("/d/*"), fresh: false)  // new tool
        try b.setToolConstraint("read", arg: "mode", try .exact(.string("r")), fresh: false)
        try b.setToolConstraint("read", arg: "path", try .pattern("/e/*"), fresh: false)  // replaces path only
        #expect(b.tools["read"]?.constraints.keys.sorted() == ["mode", "path"])
        #expect(b.tools["read"]?.constraints["path"] == (try Constraint.pattern("/e/*")))
        var full = MintBuilder()
        for i in 0..<Limits.maxConstraintsPerTool { try full.setToolConstraint("t", arg: "a\(i)", .wildcard, fresh: false) }
        let over = Self.code { () throws(TenuoError) in try full.setToolConstraint("t", arg: "extra", .wildcard, fresh: false) }
        #expect(over?.code == .tooManyConstraints)
        #expect(full.tools["t"]?.constraints.count == Limits.maxConstraintsPerTool)  // unchanged on failure
        let reserved = Self.code { () throws(TenuoError) in try full.setToolConstraint("tenuo:x", arg: "a", .wildcard, fresh: false) }
        #expect(reserved?.code == .reservedToolName)
    }

    @Test func grantSetConstraintStartsFromTheParentsSet() throws {
        let p = try Self.parent()
        var g = GrantBuilder(parent: p, startsEmpty: true)
        try g.setToolConstraint("read", arg: "path", try .pattern("/d/sub/*"))
        // The parent's other argument is kept, the named one narrowed.
        #expect(g.tools["read"]?.constraints["mode"] == (try Constraint.oneOf([.string("r"), .string("w")])))
        #expect(g.tools["read"]?.constraints["path"] == (try Constraint.pattern("/d/sub/*")))
        // A second call starts from the builder's own (narrowed) set.
        try g.setToolConstraint("read", arg: "mode", try .exact(.string("r")))
        #expect(g.tools["read"]?.constraints["path"] == (try Constraint.pattern("/d/sub/*")))
        g.holder = Self.worker.publicKey
        let child = try g.grant(key: Self.agent, now: Self.now)
        #expect(child.payload.tools["read"]?.constraints.count == 2)
        // A tool the parent does not grant starts empty (and grant refuses the widening).
        var h = GrantBuilder(parent: p, startsEmpty: true)
        try h.setToolConstraint("write", arg: "path", try .pattern("/d/*"))
        #expect(h.tools["write"]?.constraints.keys.sorted() == ["path"])
        #expect(Self.code { () throws(TenuoError) in _ = try h.grant(key: Self.agent, now: Self.now) } != nil)
    }

    // MARK: 3. Approval gates and approvers on the builders

    @Test func gateMapsMergeStricterWins() throws {
        typealias G = ApprovalGateMap.ToolApprovalGate
        let path = try Constraint.pattern("/secret/*")
        let base = ApprovalGateMap(["t": G(args: ["path": .constraint(path)], message: "base"), "u": G(args: ["x": .all])])
        let added = ApprovalGateMap(["t": G(args: ["path": .all, "mode": .all]), "u": G(message: "whole"), "v": G()])
        let m = base.merging(added)
        // Per-argument on both sides: union, the base's gate kept for the shared argument;
        // the base's message kept when the added gate has none.
        #expect(m.tools["t"] == G(args: ["path": .constraint(path), "mode": .all], message: "base"))
        // Whole-tool on either side wins; the added message replaces the base's.
        #expect(m.tools["u"] == G(message: "whole"))
        #expect(m.tools["v"] == G())
        #expect(ApprovalGateMap(["u": G()]).merging(ApprovalGateMap(["u": G(args: ["x": .all])])).tools["u"]?.isWholeTool == true)
    }

    @Test func grantAddApprovalGatesMergesEachCall() throws {
        typealias G = ApprovalGateMap.ToolApprovalGate
        var g = GrantBuilder(parent: try Self.parent())
        g.addApprovalGates(ApprovalGateMap(["read": G()]))
        g.addApprovalGates(ApprovalGateMap(["read": G(args: ["path": .all])]))  // does not loosen the first
        #expect(g.addedApprovalGates?.tools["read"]?.isWholeTool == true)
        g.addApprovalGates(ApprovalGateMap(["ping": G(args: ["a": .all])]))
        g.addApprovalGates(ApprovalGateMap(["ping": G(args: ["b": .all])]))
        #expect(g.addedApprovalGates?.tools["ping"]?.args?.keys.sorted() == ["a", "b"])
        g.holder = Self.worker.publicKey
        let child = try g.grant(key: Self.agent, now: Self.now)
        let gates = try ApprovalGateMap(extensionBytes: child.payload.extensions[ApprovalGateMap.extensionKey])
        #expect(gates?.tools["read"]?.isWholeTool == true && gates?.tools["ping"]?.args?.count == 2)
    }

    @Test func grantInheritsParentGatesAndAddedOnesCannotLoosenThem() throws {
        typealias G = ApprovalGateMap.ToolApprovalGate
        let p = try Self.parent(gates: ApprovalGateMap(["read": G()]))
        var g = GrantBuilder(parent: p)
        g.addApprovalGates(ApprovalGateMap(["read": G(args: ["path": .all])]))
        g.holder = Self.worker.publicKey
        let child = try g.grant(key: Self.agent, now: Self.now)
        let gates = try ApprovalGateMap(extensionBytes: child.payload.extensions[ApprovalGateMap.extensionKey])
        #expect(gates?.tools["read"]?.isWholeTool == true)
    }

    @Test func approversMintKeepsDuplicatesGrantSkipsThem() throws {
        var m = MintBuilder()
        m.addRequiredApprover(Self.approverA.publicKey)
        m.addRequiredApprover(Self.approverA.publicKey)
        #expect(m.requiredApprovers == [Self.approverA.publicKey, Self.approverA.publicKey])
        let p = try Self.parent(gates: ApprovalGateMap(["read": ApprovalGateMap.ToolApprovalGate()]))
        var g = GrantBuilder(parent: p)
        g.addRequiredApprover(Self.approverA.publicKey)  // inherited already
        g.addRequiredApprover(Self.approverB.publicKey)
        g.addRequiredApprover(Self.approverB.publicKey)
        #expect(g.requiredApprovers == [Self.approverA.publicKey, Self.approverB.publicKey])
    }

    @Test func mintListAndSetSettingsMerge() throws {
        var b = MintBuilder(type: .issuer)
        try b.mergeConstraintBounds(ConstraintSet(["path": try .pattern("/d/*")]))
        try b.mergeConstraintBounds(ConstraintSet(["mode": .wildcard, "path": try .pattern("/e/*")]))
        #expect(b.constraintBounds?.constraints.keys.sorted() == ["mode", "path"])
        #expect(b.constraintBounds?.constraints["path"] == (try Constraint.pattern("/e/*")))
        try b.setSharedConstraints(ConstraintSet(["a": .wildcard]), replace: false)
        try b.setSharedConstraints(ConstraintSet(["b": .wildcard], allowUnknown: true), replace: false)
        #expect(b.sharedConstraints.constraints.keys.sorted() == ["a", "b"] && b.sharedConstraints.allowUnknown)
        try b.setSharedConstraints(ConstraintSet(["c": .wildcard]), replace: true)
        #expect(b.sharedConstraints.constraints.keys.sorted() == ["c"] && !b.sharedConstraints.allowUnknown)
        try b.setIssuableTools(["x", "y"])
        try b.setIssuableTools(["z"])
        #expect(b.issuableTools == ["z"])
        #expect(Self.code { () throws(TenuoError) in try b.setIssuableTools(["ok", "tenuo:no"]) }?.code == .reservedToolName)
    }

    // MARK: 4. Composite groups (was in tenuo_constraint_push)

    @Test func appendingAClauseToAGroup() throws {
        let a = try Constraint.pattern("/d/*")
        let b = try Constraint.pattern("*.txt")
        let all = try Constraint.all([a]).appending(clause: b)
        #expect(all == (try Constraint.all([a, b])))
        #expect(try all.evaluate(.string("/d/x.txt")) && !(try all.evaluate(.string("/d/x.pdf"))))
        let any = try Constraint.any([a]).appending(clause: b)
        #expect(any == (try Constraint.any([a, b])))
        let e = Self.code { () throws(TenuoError) in _ = try a.appending(clause: b) }
        #expect(e?.code == .invalidArgument && e?.message == "group is Pattern, not All or Any")
        #expect(Self.code { () throws(TenuoError) in _ = try Constraint.not(a).appending(clause: b) }?.code == .invalidArgument)
    }

    // MARK: 5. Grant by a key that is not the parent's holder: a kind, as data

    @Test func grantByAStrangerCarriesTheDelegationAuthorityKind() throws {
        var g = GrantBuilder(parent: try Self.parent())
        g.holder = Self.worker.publicKey
        let e = Self.code { () throws(TenuoError) in _ = try g.grant(key: Self.worker, now: Self.now) }
        #expect(e?.code == .invalidIssuer && e?.kind == ErrorKind.delegationAuthority)
        #expect(ErrorKind.names.contains(ErrorKind.delegationAuthority))
    }
}
