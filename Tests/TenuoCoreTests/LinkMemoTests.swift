import Testing
@testable import TenuoCore

/// The link memo (`WarrantMemo.linkChecked`): a child whose link rules passed once skips them
/// under a parent with the same payload hash, and only there. Everything that depends on the
/// clock, the authorizer or the parent's identity is still checked on every call.
@Suite struct LinkMemoTests {
    static let now: UInt64 = 1_704_067_200
    let root = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    let orch = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    let worker = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))

    func set(_ json: String) throws -> ConstraintSet { try ConstraintSet(flatJSON: try JSON.parse(json)) }

    func mintRoot(_ pattern: String = "/data/*") throws -> Warrant {
        var b = MintBuilder()
        try b.addTool("read_file", constraints: try set(#"{"path": {"type": "Pattern", "pattern": "\#(pattern)"}}"#))
        b.holder = orch.publicKey
        b.ttlSeconds = 3600
        return try b.mint(key: root, now: Self.now)
    }

    func grant(_ parent: Warrant, _ pattern: String = "/data/reports/*") throws -> Warrant {
        var g = GrantBuilder(parent: parent)
        try g.setConstraints(try set(#"{"path": {"type": "Pattern", "pattern": "\#(pattern)"}}"#), for: "read_file")
        g.holder = worker.publicKey
        g.ttlSeconds = 600
        return try g.grant(key: orch, now: Self.now)
    }

    func code(_ body: () throws -> Void) -> Int32 { VectorFile.code(body) }

    @Test func passIsRememberedOnlyForTheSameParentPayload() throws {
        let parent = try mintRoot()
        let child = try Warrant(decoding: try grant(parent).bytes, verifiedCache: nil)  // fresh memo
        #expect(!child.memo.linkChecked)
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        try auth.verifyChain(try WarrantChain([parent, child]), now: Self.now)
        #expect(child.memo.linkChecked)
        // A copy of the same parent (decoded again) has the same payload hash: the memo applies.
        let parentAgain = try Warrant(decoding: parent.bytes, verifiedCache: nil)
        try auth.verifyChain(try WarrantChain([parentAgain, child]), now: Self.now)

        // Another parent of the same issuer and holder (another payload): every rule runs again
        // and I5 refuses it, memo or not.
        let other = try mintRoot("/data/*")
        #expect(other.payloadHash != parent.payloadHash)
        #expect(code { try auth.verifyChain(try WarrantChain([other, child]), now: Self.now) } == ErrorCode.parentHashMismatch.rawValue)
        #expect(code { try auth.verifyChain(try WarrantChain([child, child]), now: Self.now) } != 0)

        // Checks that depend on the clock or the authorizer still run on a remembered link.
        let chain = try WarrantChain([parent, child])
        #expect(code { try auth.verifyChain(chain, now: Self.now + 4000) } == ErrorCode.warrantExpired.rawValue)
        let stranger = try Authorizer(trustedRoots: [worker.publicKey])
        #expect(code { try stranger.verifyChain(chain, now: Self.now) } == ErrorCode.untrustedRoot.rawValue)
        let args: [String: Value] = ["path": .string("/data/reports/q3.pdf")]
        let pop = try ProofOfPossession.sign(warrant: child, key: worker, tool: "read_file", args: args, now: Int64(Self.now))
        try auth.authorize(chain, tool: "read_file", args: args, signature: pop, now: Self.now)
        let outside: [String: Value] = ["path": .string("/etc/passwd")]
        let pop2 = try ProofOfPossession.sign(warrant: child, key: worker, tool: "read_file", args: outside, now: Int64(Self.now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: outside, signature: pop2, now: Self.now) } == ErrorCode.constraintViolation.rawValue)
    }

    @Test func failureIsNotRemembered() throws {
        let parent = try mintRoot()
        let other = try mintRoot()
        let child = try Warrant(decoding: try grant(parent).bytes, verifiedCache: nil)
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        for _ in 0..<2 {
            #expect(code { try auth.verifyChain(try WarrantChain([other, child]), now: Self.now) } == ErrorCode.parentHashMismatch.rawValue)
            #expect(!child.memo.linkChecked)
        }
        try auth.verifyChain(try WarrantChain([parent, child]), now: Self.now)
        #expect(child.memo.linkChecked)
    }

    /// A cycle (the same warrant twice) is refused in short and long chains alike.
    @Test func repeatedWarrantIsACycle() throws {
        let parent = try mintRoot()
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        #expect(code { try auth.verifyChain(try WarrantChain([parent, parent]), now: Self.now) } == ErrorCode.chainBroken.rawValue)
        let long = try WarrantChain([Warrant](repeating: parent, count: 20))
        #expect(code { try auth.verifyChain(long, now: Self.now) } == ErrorCode.chainBroken.rawValue)
    }
    /// A chain of four whose links were all remembered: every per-call check still runs, and
    /// any link replaced, dropped or reordered is refused with the same error as a fresh check.
    @Test func rememberedChainOfFourStillCheckedPerCall() throws {
        let k3 = try SigningKey(seed: [UInt8](repeating: 4, count: 32))
        let k4 = try SigningKey(seed: [UInt8](repeating: 5, count: 32))
        let r = try mintRoot()
        let a = try grant(r)
        func step(_ parent: Warrant, _ from: SigningKey, _ to: SigningKey, _ ttl: UInt64 = 300) throws -> Warrant {
            var g = GrantBuilder(parent: parent)
            try g.setConstraints(try set(#"{"path": {"type": "Pattern", "pattern": "/data/reports/*"}}"#), for: "read_file")
            g.holder = to.publicKey
            g.ttlSeconds = ttl
            return try Warrant(decoding: try g.grant(key: from, now: Self.now).bytes, verifiedCache: nil)
        }
        let b = try step(a, worker, k3)
        let c = try step(b, k3, k4)
        let chain = try WarrantChain([r, a, b, c])
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        try auth.verifyChain(chain, now: Self.now)
        #expect(a.memo.linkChecked && b.memo.linkChecked && c.memo.linkChecked)
        try auth.verifyChain(chain, now: Self.now)

        // Time: the leaf's 300 s (plus 30 s tolerance) end, and a clock before issuance.
        #expect(code { try auth.verifyChain(chain, now: Self.now + 331) } == ErrorCode.warrantExpired.rawValue)
        #expect(code { try auth.verifyChain(chain, now: Self.now - 31) } == ErrorCode.issuedInFuture.rawValue)
        // Another authorizer's roots.
        let stranger = try Authorizer(trustedRoots: [k4.publicKey])
        #expect(code { try stranger.verifyChain(chain, now: Self.now) } == ErrorCode.untrustedRoot.rawValue)
        // A sibling in the middle (same issuer and holder, another payload): I5 at the next link.
        let b2 = try step(a, worker, k3, 200)
        #expect(code { try auth.verifyChain(try WarrantChain([r, a, b2, c]), now: Self.now) } == ErrorCode.parentHashMismatch.rawValue)
        // A dropped link: the leaf's issuer is not the new parent's holder (I1).
        #expect(code { try auth.verifyChain(try WarrantChain([r, a, c]), now: Self.now) } == ErrorCode.invalidIssuer.rawValue)
        // Reordered, or a link twice.
        #expect(code { try auth.verifyChain(try WarrantChain([r, b, a, c]), now: Self.now) } == ErrorCode.invalidIssuer.rawValue)
        #expect(code { try auth.verifyChain(try WarrantChain([r, a, b, b, c]), now: Self.now) } == ErrorCode.chainBroken.rawValue)
        // The same leaf under a chain from another root the authorizer does not trust.
        #expect(code { try auth.verifyChain(try WarrantChain([a, b, c]), now: Self.now) } == ErrorCode.untrustedRoot.rawValue)
        // The full authorization still checks the PoP and the constraints.
        let args: [String: Value] = ["path": .string("/data/reports/q3.pdf")]
        let pop = try ProofOfPossession.sign(warrant: c, key: k4, tool: "read_file", args: args, now: Int64(Self.now))
        try auth.authorize(chain, tool: "read_file", args: args, signature: pop, now: Self.now)
        let wrongKey = try ProofOfPossession.sign(warrant: c, key: k3, tool: "read_file", args: args, now: Int64(Self.now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: args, signature: wrongKey, now: Self.now) } == ErrorCode.signatureInvalid.rawValue)
        let outside: [String: Value] = ["path": .string("/etc/passwd")]
        let pop2 = try ProofOfPossession.sign(warrant: c, key: k4, tool: "read_file", args: outside, now: Int64(Self.now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: outside, signature: pop2, now: Self.now) } == ErrorCode.constraintViolation.rawValue)
    }
}
