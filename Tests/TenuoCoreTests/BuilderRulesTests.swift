import Testing

@testable import TenuoCore

/// The Tenuo SDK's builder rules, now in MintBuilder/GrantBuilder (they were in the Python package).
@Suite struct BuilderRulesTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    static let agent = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    static let worker = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
    static let now: UInt64 = 1_767_225_600

    static func parent() throws -> Warrant {
        var b = MintBuilder()
        try b.setToolConstraint("read", arg: "path", try Constraint.pattern("/d/*"), fresh: true)
        try b.addTool("ping")
        b.holder = agent.publicKey
        return try b.mint(key: issuer, now: now)
    }

    @Test func sharedToolsGetTheSharedConstraintsUnlessGivenTheirOwn() throws {
        var b = MintBuilder()
        b.sdkRules = true
        try b.addSharedTool("a")
        try b.addSharedTool("b")
        try b.setToolConstraint("b", arg: "x", try Constraint.pattern("b*"), fresh: true)
        try b.setSharedConstraint("x", try Constraint.pattern("a*"))
        let w = try b.mint(key: Self.issuer, now: Self.now)
        #expect(w.payload.tools["a"]?.constraints["x"] == (try Constraint.pattern("a*")))
        #expect(w.payload.tools["b"]?.constraints["x"] == (try Constraint.pattern("b*")))
        b.removeTool("a")
        #expect(try b.mint(key: Self.issuer, now: Self.now).payload.tools.keys.sorted() == ["b"])
    }

    @Test func deferredErrorsAreThrownByMint() throws {
        var b = MintBuilder()
        b.sdkRules = true
        b.deferring { (m: inout MintBuilder) throws(TenuoError) in try m.addTool("tenuo:x") }
        b.deferring { (m: inout MintBuilder) throws(TenuoError) in try m.addTool("") }
        try b.addTool("fine")
        #expect(b.deferredError?.code == .reservedToolName)  // the first failure is kept
        #expect(throws: TenuoError.self) { try b.mint(key: Self.issuer, now: Self.now) }
    }

    @Test func sdkRulesIgnoreTheSettingsOfTheOtherType() throws {
        var b = MintBuilder()
        b.sdkRules = true
        try b.addTool("a")
        try b.addIssuableTool("a")
        #expect(try b.mint(key: Self.issuer, now: Self.now).payload.issuableTools == nil)
        b.type = .issuer
        let w = try b.mint(key: Self.issuer, now: Self.now)
        #expect(w.payload.tools.isEmpty && w.payload.issuableTools == ["a"])
        // Without them, mixing is refused (the C contract).
        var strict = MintBuilder()
        try strict.addTool("a")
        try strict.addIssuableTool("a")
        #expect(throws: TenuoError.self) { try strict.mint(key: Self.issuer, now: Self.now) }
    }

    @Test func expiryWinsOverTTLUnderSDKRules() throws {
        var b = MintBuilder()
        b.sdkRules = true
        try b.addTool("a")
        b.expiresAt = Self.now + 100
        b.setTTL(50)
        #expect(try b.mint(key: Self.issuer, now: Self.now).payload.expiresAt == Self.now + 100)
        b.sdkRules = false
        b.setTTL(50)
        #expect(try b.mint(key: Self.issuer, now: Self.now).payload.expiresAt == Self.now + 50)
    }

    @Test func grantSelectionStartsEmpty() throws {
        let p = try Self.parent()
        var g = GrantBuilder(parent: p, startsEmpty: true)
        #expect(g.tools.isEmpty)
        #expect(throws: TenuoError.self) { try g.grant(key: Self.agent, now: Self.now) }
        do { try g.selectTool("nope"); Issue.record("unknown tool selected") } catch { #expect(error.code == .capabilityExpansion) }
        try g.setConstraints(ConstraintSet(["path": try Constraint.pattern("/d/x")]), for: "read")
        try g.selectTool("read")  // keeps the narrower set
        #expect(g.tools["read"]?.constraints["path"] == (try Constraint.pattern("/d/x")))
        try g.selectTool("ping")
        g.keepOnly(["ping", "other"])
        #expect(g.tools.keys.sorted() == ["ping"])
        let child = try g.grant(key: Self.agent, now: Self.now)
        #expect(child.payload.tools.keys.sorted() == ["ping"])
    }

    @Test func inheritAllThenToolIsRefused() throws {
        var g = GrantBuilder(parent: try Self.parent(), startsEmpty: true)
        g.inheritAll()
        #expect(g.tools.keys.sorted() == ["ping", "read"])
        #expect(throws: TenuoError.self) { try g.selectTool("ping") }
        g.keepOnly(["missing"])
        do { _ = try g.grant(key: Self.agent, now: Self.now); Issue.record("granted nothing") } catch { #expect(error.code == .builderIncomplete) }
    }

    @Test func constraintDenialIgnoresExpiryOnly() throws {
        let p = try Self.parent()
        #expect(p.constraintDenial(tool: "read", args: ["path": .string("/d/a")]) == nil)
        #expect(p.constraintDenial(tool: "read", args: ["path": .string("/etc")])?.field == "path")
        #expect(p.constraintDenial(tool: "write", args: nil)?.denyCode == "TOOL_NOT_FOUND")
        #expect(p.constraintDenial(tool: "read", args: nil) == nil)  // tool only
        // A check long after expiry still answers on tools and constraints.
        #expect(p.payload.whyDenied(tool: "read", args: ["path": .string("/d/a")], now: Self.now + 99_999)?.denyCode == "WARRANT_EXPIRED")
    }
}
