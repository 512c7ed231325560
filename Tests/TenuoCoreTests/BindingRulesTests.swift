import Testing

@testable import TenuoCore

/// The rules bindings used to apply themselves, now asked of the core (BindingRules.swift).
@Suite struct BindingRulesTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    static let agent = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    static let now: UInt64 = 1_767_225_600

    static func warrant(approvers: Int = 0, min: UInt32? = nil) throws -> Warrant {
        var b = MintBuilder()
        b.tools["search"] = ConstraintSet()
        b.holder = agent.publicKey
        b.ttlSeconds = 600
        if approvers > 0 {
            b.requiredApprovers = (0..<approvers).map { i in (try! SigningKey(seed: [UInt8](repeating: UInt8(10 + i), count: 32))).publicKey }
            b.minApprovals = min
            b.approvalGates = ApprovalGateMap(["search": .init()])
        }
        return try b.mint(key: issuer, now: now)
    }

    @Test func onlyTheHolderSigns() throws {
        let w = try Self.warrant()
        let sig = try w.signCall(key: Self.agent, tool: "search", args: [:], now: Int64(Self.now))
        #expect(ProofOfPossession.verify(holder: Self.agent.publicKey, id: w.id, tool: "search", args: [:],
                                         signature: sig, now: Int64(Self.now)))
        #expect(throws: TenuoError.self) { try w.signCall(key: Self.issuer, tool: "search", args: [:], now: Int64(Self.now)) }
        do {
            _ = try w.signCall(key: Self.issuer, tool: "search", args: [:], now: Int64(Self.now))
        } catch {
            #expect(error.code == .invalidIssuer)
        }
    }

    @Test func challengeUsesTheWindowOfTheTime() throws {
        let w = try Self.warrant()
        let t = Int64(Self.now) + 29  // same 30 s window as now (now is a multiple of 30)
        #expect(try w.popChallenge(tool: "search", args: [:], at: t)
                == ProofOfPossession.challenge(id: w.id, tool: "search", args: [:], window: Int64(Self.now)))
        #expect(try w.popChallenge(tool: "search", args: [:], at: t + 1)
                != ProofOfPossession.challenge(id: w.id, tool: "search", args: [:], window: Int64(Self.now)))
        #expect(throws: TenuoError.self) { try w.popChallenge(tool: "search", args: [:], at: Int64.min) }
    }

    @Test func expiryAndRemainingTime() throws {
        let w = try Self.warrant()
        #expect(!w.isExpired(at: Self.now + 599) && w.isExpired(at: Self.now + 600))
        #expect(w.secondsRemaining(at: Self.now + 100) == 500 && w.secondsRemaining(at: Self.now + 9999) == 0)
    }

    @Test func approvalThreshold() throws {
        #expect(try Self.warrant().approvalThreshold == 0)
        #expect(try Self.warrant(approvers: 3).approvalThreshold == 3)
        #expect(try Self.warrant(approvers: 3, min: 2).approvalThreshold == 2)
    }

    @Test func grantKeepsExactlyTheAllowedTools() throws {
        var b = MintBuilder()
        b.tools = ["search": ConstraintSet(), "read": ConstraintSet(), "write": ConstraintSet()]
        b.holder = Self.agent.publicKey
        b.ttlSeconds = 600
        let parent = try b.mint(key: Self.issuer, now: Self.now)
        var g = GrantBuilder(parent: parent)
        g.allowTool("read")
        g.allowTool("search")
        let child = try g.grant(key: Self.agent, now: Self.now)
        #expect(Set(child.payload.tools.keys) == ["read", "search"])
        var bad = GrantBuilder(parent: parent)
        bad.allowTool("delete")
        #expect(throws: TenuoError.self) { try bad.grant(key: Self.agent, now: Self.now) }
        // Without a choice the child keeps every tool of the parent.
        #expect(Set(try GrantBuilder(parent: parent).grant(key: Self.agent, now: Self.now).payload.tools.keys)
                == ["search", "read", "write"])
    }

    @Test func approvalLifetime() throws {
        let hash = [UInt8](repeating: 7, count: 32)
        let d = try ApprovalPayload.approving(hash, externalID: "bob", now: Self.now, ttl: nil)
        #expect(d.approvedAt == Self.now && d.expiresAt == Self.now + Limits.defaultApprovalTTLSeconds)
        #expect(d.nonce.count == 16)
        #expect(try ApprovalPayload.approving(hash, externalID: "", now: Self.now, ttl: 60).expiresAt == Self.now + 60)
        #expect(throws: TenuoError.self) { try ApprovalPayload.approving(hash, externalID: "", now: Self.now, ttl: 0) }
        #expect(throws: TenuoError.self) { try ApprovalPayload.approving(hash, externalID: "", now: UInt64.max - 5, ttl: 60) }
        #expect(try ApprovalPayload.approving(hash, externalID: "", now: Self.now, ttl: nil).nonce != d.nonce)
        for n in [0, 31, 33] {  // the request hash is a SHA-256: 32 bytes (the rule the C ABI used to apply)
            #expect(throws: TenuoError(.invalidArgument, "request hash must be 32 bytes, got \(n)")) {
                try ApprovalPayload.approving([UInt8](repeating: 7, count: n), externalID: "", now: Self.now, ttl: 60)
            }
        }
    }

    @Test func anEmptyChoiceIsRefusedAndIssuableToolsStartUnconstrained() throws {
        var g = GrantBuilder(parent: try Self.warrant())
        g.chooseTools()
        do {
            _ = try g.grant(key: Self.agent, now: Self.now)
            Issue.record("granting with no tool chosen must fail")
        } catch {
            #expect(error.code == .builderIncomplete)
        }
        var b = MintBuilder(type: .issuer)
        b.issuableTools = ["read"]
        b.holder = Self.agent.publicKey
        b.ttlSeconds = 600
        let issuerWarrant = try b.mint(key: Self.issuer, now: Self.now)
        var e = GrantBuilder(parent: issuerWarrant)
        e.chooseTools()
        e.allowTool("read")
        e.holder = (try SigningKey(seed: [UInt8](repeating: 3, count: 32))).publicKey
        let child = try e.grant(key: Self.agent, now: Self.now)
        #expect(child.payload.type == .execution && Array(child.payload.tools.keys) == ["read"])
    }
}
