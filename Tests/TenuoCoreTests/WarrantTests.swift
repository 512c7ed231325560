import Testing
@testable import TenuoCore

/// Warrant layer: minting limits, grants that must be refused, chain rules, PoP windows and the
/// authorizer's order of checks.
@Suite struct WarrantTests {
    static let now: UInt64 = 1_704_067_200
    let root = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    let orch = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    let worker = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
    let attacker = try! SigningKey(seed: [UInt8](repeating: 0xff, count: 32))

    func set(_ json: String) throws -> ConstraintSet { try ConstraintSet(flatJSON: try JSON.parse(json)) }

    func mintRoot(ttl: UInt64 = 3600, maxDepth: UInt8 = 3, tools: [String: String] = ["read_file": #"{"path": {"type": "Pattern", "pattern": "/data/*"}}"#]) throws -> Warrant {
        var b = MintBuilder()
        for (t, c) in tools { try b.addTool(t, constraints: try set(c)) }
        b.holder = orch.publicKey
        b.ttlSeconds = ttl
        b.maxDepth = maxDepth
        return try b.mint(key: root, now: Self.now)
    }

    func code(_ body: () throws -> Void) -> Int32 { VectorFile.code(body) }

    @Test func mintDefaults() throws {
        var b = MintBuilder()
        try b.addTool("search")
        let w = try b.mint(key: root, now: Self.now)
        #expect(w.payload.holder == root.publicKey)
        #expect(w.payload.maxDepth == 64)
        #expect(w.payload.expiresAt == Self.now + 3600)
        #expect(w.id.bytes[6] >> 4 == 7, "UUIDv7")
        let again = try Warrant(decoding: w.bytes)
        #expect(again.bytes == w.bytes)
        #expect(try Warrant(parsing: w.base64).bytes == w.bytes)
        #expect(try Warrant(parsing: w.pem).bytes == w.bytes)
    }

    @Test func mintRefusals() throws {
        var b = MintBuilder()
        #expect(code { _ = try b.mint(key: root, now: Self.now) } == ErrorCode.builderIncomplete.rawValue)
        #expect(code { try b.addTool("tenuo:x") } == ErrorCode.reservedToolName.rawValue)
        #expect(code { try b.setExtension("tenuo.custom", [1]) } == ErrorCode.reservedExtensionKey.rawValue)
        try b.addTool("x")
        b.ttlSeconds = Limits.maxTTLSeconds + 1
        #expect(code { _ = try b.mint(key: root, now: Self.now) } == ErrorCode.ttlExceeded.rawValue)
        b.ttlSeconds = 0
        #expect(code { _ = try b.mint(key: root, now: Self.now) } == ErrorCode.ttlExceeded.rawValue)
        b.ttlSeconds = 60
        b.maxDepth = 65
        #expect(code { _ = try b.mint(key: root, now: Self.now) } == ErrorCode.depthExceeded.rawValue)
        var many = MintBuilder()
        for i in 0...Limits.maxToolsPerWarrant { try many.addTool("t\(i)") }
        #expect(code { _ = try many.mint(key: root, now: Self.now) } == ErrorCode.tooManyTools.rawValue)
    }

    @Test func grantNarrowsAndVerifies() throws {
        let parent = try mintRoot()
        var g = GrantBuilder(parent: parent)
        try g.setConstraints(try set(#"{"path": {"type": "Pattern", "pattern": "/data/reports/*"}}"#), for: "read_file")
        g.holder = worker.publicKey
        g.ttlSeconds = 600
        let child = try g.grant(key: orch, now: Self.now)
        #expect(child.payload.depth == 1)
        #expect(child.payload.parentHash == parent.payloadHash)
        #expect(child.payload.expiresAt == Self.now + 600)
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        let chain = try WarrantChain([parent, child])
        try auth.verifyChain(chain, now: Self.now)
        let args: [String: Value] = ["path": .string("/data/reports/q3.pdf")]
        let pop = try ProofOfPossession.sign(warrant: child, key: worker, tool: "read_file", args: args, now: Int64(Self.now))
        try auth.authorize(chain, tool: "read_file", args: args, signature: pop, now: Self.now)
        // Round trip of the chain through every text form.
        #expect(try WarrantChain(parsing: chain.pem).stackBytes == chain.stackBytes)
        #expect(try WarrantChain(parsing: chain.base64).stackBytes == chain.stackBytes)
        #expect(try WarrantChain(parsing: parent.pem + child.pem).stackBytes == chain.stackBytes)
        #expect(try WarrantChain(decoding: chain.stackBytes).warrants.count == 2)
    }

    @Test func grantRefusals() throws {
        let parent = try mintRoot()
        // Wrong key: only the parent's holder may delegate (I1).
        var g = GrantBuilder(parent: parent)
        #expect(code { _ = try g.grant(key: attacker, now: Self.now) } == ErrorCode.invalidIssuer.rawValue)
        // Widening a constraint.
        try g.setConstraints(try set(#"{"path": {"type": "Pattern", "pattern": "/*"}}"#), for: "read_file")
        #expect(code { _ = try g.grant(key: orch, now: Self.now) } == ErrorCode.capabilityExpansion.rawValue)
        // Dropping a constraint: an unconstrained child is wider.
        try g.setConstraints(ConstraintSet(), for: "read_file")
        #expect(code { _ = try g.grant(key: orch, now: Self.now) } != 0)
        // A tool the parent does not have.
        var g2 = GrantBuilder(parent: parent)
        try g2.setConstraints(ConstraintSet(), for: "delete_file")
        #expect(code { _ = try g2.grant(key: orch, now: Self.now) } == ErrorCode.capabilityExpansion.rawValue)
        var g2b = GrantBuilder(parent: parent)
        #expect(code { try g2b.retainTools(["delete_file"]) } == ErrorCode.capabilityExpansion.rawValue)
        // Outliving the parent (I3) with an absolute expiry; a TTL is clamped instead.
        var g3 = GrantBuilder(parent: parent)
        g3.expiresAt = parent.payload.expiresAt + 1
        #expect(code { _ = try g3.grant(key: orch, now: Self.now) } == ErrorCode.ttlExceeded.rawValue)
        var g4 = GrantBuilder(parent: parent)
        g4.ttlSeconds = 86_400
        #expect(try g4.grant(key: orch, now: Self.now).payload.expiresAt == parent.payload.expiresAt)
        // Raising max_depth, raising clearance.
        var g5 = GrantBuilder(parent: parent)
        g5.maxDepth = 4
        #expect(code { _ = try g5.grant(key: orch, now: Self.now) } == ErrorCode.depthViolation.rawValue)
    }

    @Test func terminalCannotDelegate() throws {
        var b = MintBuilder()
        try b.addTool("x")
        b.holder = orch.publicKey
        b.terminal = true
        let w = try b.mint(key: root, now: Self.now)
        #expect(w.payload.isTerminal)
        let g = GrantBuilder(parent: w)
        #expect(code { _ = try g.grant(key: orch, now: Self.now) } == ErrorCode.depthExceeded.rawValue)
        // Depth runs out at max_depth: 0 -> 1 -> (terminal at 1)
        let p = try mintRoot(maxDepth: 1)
        var c = GrantBuilder(parent: p)
        c.holder = worker.publicKey
        let child = try c.grant(key: orch, now: Self.now)
        #expect(child.payload.isTerminal)
        #expect(code { _ = try GrantBuilder(parent: child).grant(key: worker, now: Self.now) } == ErrorCode.depthExceeded.rawValue)
    }

    @Test func chainRules() throws {
        let parent = try mintRoot()
        var g = GrantBuilder(parent: parent)
        g.holder = worker.publicKey
        let child = try g.grant(key: orch, now: Self.now)
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        #expect(code { try auth.verifyChain(try WarrantChain([parent, parent]), now: Self.now) } == ErrorCode.chainBroken.rawValue)
        #expect(code { try auth.verifyChain(try WarrantChain([child, parent]), now: Self.now) } == ErrorCode.untrustedRoot.rawValue)
        let other = try mintRoot()
        #expect(code { try auth.verifyChain(try WarrantChain([other, child]), now: Self.now) } == ErrorCode.parentHashMismatch.rawValue)
        // Expiry: links get 30 s of tolerance, the leaf of a call gets none.
        let exp = parent.payload.expiresAt
        #expect(code { try auth.verifyChain(try WarrantChain([parent]), now: exp + 30) } == 0)
        #expect(code { try auth.verifyChain(try WarrantChain([parent]), now: exp + 31) } == ErrorCode.warrantExpired.rawValue)
        #expect(code { try auth.verifyChain(try WarrantChain([parent]), now: parent.payload.issuedAt - 31) } == ErrorCode.issuedInFuture.rawValue)
        let args: [String: Value] = ["path": .string("/data/x")]
        let pop = try ProofOfPossession.sign(warrant: parent, key: orch, tool: "read_file", args: args, now: Int64(exp))
        #expect(code { try auth.authorize(try WarrantChain([parent]), tool: "read_file", args: args, signature: pop, now: exp) } == ErrorCode.warrantExpired.rawValue)
        #expect(code { _ = try WarrantChain([Warrant](repeating: parent, count: 66)) } == ErrorCode.chainTooLong.rawValue)
        #expect(code { _ = try WarrantChain([]) } == ErrorCode.chainBroken.rawValue)
    }

    @Test func popWindows() throws {
        let w = try mintRoot()
        let args: [String: Value] = ["path": .string("/data/a"), "n": .int(5)]
        let t = Int64(Self.now) + 7
        let sig = try ProofOfPossession.sign(warrant: w, key: orch, tool: "read_file", args: args, now: t)
        func ok(_ at: Int64, windows: Int = 5) -> Bool {
            ProofOfPossession.verify(holder: orch.publicKey, id: w.id, tool: "read_file", args: args, signature: sig, now: at, maxWindows: windows)
        }
        #expect(ok(t))
        #expect(ok(t + 60) && ok(t - 60), "two windows either way pass")
        #expect(!ok(t + 90) && !ok(t - 90), "three windows away fail")
        #expect(ok(t + 30, windows: 2) && !ok(t - 30, windows: 2), "2 windows: the verifier accepts its current and previous window")
        #expect(ProofOfPossession.offsets(5) == [0, -1, 1, -2, 2])
        #expect(ProofOfPossession.offsets(4) == [0, -1, 1, -2])
        #expect(ProofOfPossession.offsets(10) == [0, -1, 1, -2, 2, -3, 3, -4, 4, -5])
        // The verifier's buffer: a window integer written over the previous one.
        var cw = CBORWriter(capacity: 8)
        cw.text("ab")
        cw.int(-1_000_000)
        cw.truncate(to: 3)
        cw.int(5)
        #expect(cw.bytes == [0x62, 0x61, 0x62, 0x05] && cw.count == 4)
        cw.truncate(to: 9)
        cw.truncate(to: -1)
        #expect(cw.count == 4)
        #expect(ProofOfPossession.window(-1) == -30)
        #expect(ProofOfPossession.window(Int64.min) == nil)
        #expect(ProofOfPossession.window(Int64.max) == Int64.max / 30 * 30)
        // Ints and floats sign differently; argument order does not matter.
        let f: [String: Value] = ["path": .string("/data/a"), "n": .float(5)]
        #expect(!ProofOfPossession.verify(holder: orch.publicKey, id: w.id, tool: "read_file", args: f, signature: sig, now: t))
        // The wrong key or a changed tool fails.
        let bad = try ProofOfPossession.sign(warrant: w, key: attacker, tool: "read_file", args: args, now: t)
        #expect(!ProofOfPossession.verify(holder: orch.publicKey, id: w.id, tool: "read_file", args: args, signature: bad, now: t))
        #expect(!ProofOfPossession.verify(holder: orch.publicKey, id: w.id, tool: "write_file", args: args, signature: sig, now: t))
        #expect(!ProofOfPossession.verify(holder: orch.publicKey, id: w.id, tool: "read_file", args: args, signature: [1, 2], now: t))
    }

    @Test func authorizationOrder() throws {
        let w = try mintRoot(tools: ["read_file": #"{"path": {"type": "Pattern", "pattern": "/data/*"}}"#, "ping": "{}"])
        let auth = try Authorizer(trustedRoots: [root.publicKey])
        let chain = try WarrantChain([w])
        let bad: [String: Value] = ["path": .string("/etc/passwd")]
        let good: [String: Value] = ["path": .string("/data/x")]
        let now = Self.now
        let wrongPop = try ProofOfPossession.sign(warrant: w, key: attacker, tool: "read_file", args: bad, now: Int64(now))
        let rightPop = try ProofOfPossession.sign(warrant: w, key: orch, tool: "read_file", args: bad, now: Int64(now))
        // Unknown tool is reported before any PoP work; a bad PoP before the constraints.
        #expect(code { try auth.authorize(chain, tool: "nope", args: [:], signature: nil, now: now) } == ErrorCode.toolNotAuthorized.rawValue)
        #expect(code { try auth.authorize(chain, tool: "read_file", args: bad, signature: nil, now: now) } == ErrorCode.signatureInvalid.rawValue)
        #expect(code { try auth.authorize(chain, tool: "read_file", args: bad, signature: wrongPop, now: now) } == ErrorCode.signatureInvalid.rawValue)
        #expect(code { try auth.authorize(chain, tool: "read_file", args: bad, signature: rightPop, now: now) } == ErrorCode.constraintViolation.rawValue)
        let okPop = try ProofOfPossession.sign(warrant: w, key: orch, tool: "read_file", args: good, now: Int64(now))
        #expect(code { try auth.authorize(chain, tool: "read_file", args: good, signature: okPop, now: now) } == 0)
        // A PoP is bound to its arguments.
        #expect(code { try auth.authorize(chain, tool: "read_file", args: good, signature: rightPop, now: now) } == ErrorCode.signatureInvalid.rawValue)
        // An unconstrained tool accepts any arguments.
        let anyArgs: [String: Value] = ["x": .list([.int(1), .null])]
        let pingPop = try ProofOfPossession.sign(warrant: w, key: orch, tool: "ping", args: anyArgs, now: Int64(now))
        #expect(code { try auth.authorize(chain, tool: "ping", args: anyArgs, signature: pingPop, now: now) } == 0)
        // Untrusted root.
        let stranger = try Authorizer(trustedRoots: [attacker.publicKey])
        #expect(code { try stranger.authorize(chain, tool: "read_file", args: good, signature: okPop, now: now) } == ErrorCode.untrustedRoot.rawValue)
    }

    @Test func whyDenied() throws {
        let w = try mintRoot()
        let p = w.payload
        #expect(p.whyDenied(tool: "read_file", args: ["path": .string("/data/x")], now: Self.now) == nil)
        let tool = p.whyDenied(tool: "nope", args: [:], now: Self.now)
        #expect(tool?.denyCode == "TOOL_NOT_FOUND" && tool?.field == nil)
        let c = p.whyDenied(tool: "read_file", args: ["path": .string("/etc")], now: Self.now)
        #expect(c?.denyCode == "CONSTRAINT_MISMATCH" && c?.field == "path" && c?.code == .constraintViolation)
        let missing = p.whyDenied(tool: "read_file", args: [:], now: Self.now)
        #expect(missing?.field == "path")
        let extra = p.whyDenied(tool: "read_file", args: ["path": .string("/data/x"), "mode": .string("w")], now: Self.now)
        #expect(extra?.field == "mode")
        #expect(p.whyDenied(tool: "read_file", args: [:], now: p.expiresAt)?.denyCode == "WARRANT_EXPIRED")
    }

    @Test func authorizerSettings() throws {
        var cfg = AuthorizerConfig(trustedRoots: [])
        cfg.popMaxWindows = 1
        #expect(code { _ = try Authorizer(cfg) } == ErrorCode.invalidArgument.rawValue)
        cfg.popMaxWindows = 11
        #expect(code { _ = try Authorizer(cfg) } == ErrorCode.invalidArgument.rawValue)
        // The binding form: 0 windows selects the default (applied by the authorizer, through
        // the one window rule), other values pass through (checked).
        let byDefault = AuthorizerConfig(trustedRoots: [], popMaxWindows: 0, clockToleranceSeconds: 7)
        #expect(try Authorizer(byDefault).config.popMaxWindows == Limits.popDefaultMaxWindows)
        #expect(byDefault.clockToleranceSeconds == 7)
        #expect(throws: TenuoError(.invalidArgument, "pop_max_windows must be 2–10, got 11")) {
            _ = try Authorizer(AuthorizerConfig(trustedRoots: [], popMaxWindows: 11, clockToleranceSeconds: 7))
        }
        #expect(AuthorizerConfig(trustedRoots: []).clockToleranceSeconds == Limits.clockToleranceSeconds)
        let three = AuthorizerConfig(trustedRoots: [], popMaxWindows: 3, clockToleranceSeconds: 0)
        #expect(three.popMaxWindows == 3)
        #expect(code { _ = try Authorizer(AuthorizerConfig(trustedRoots: [], popMaxWindows: 1, clockToleranceSeconds: 30)) }
            == ErrorCode.invalidArgument.rawValue)
    }

    /// A few thousand mutations of a valid envelope: every one either decodes to the same bytes
    /// or fails with an error code; nothing traps.
    @Test func mutatedEnvelopesNeverTrap() throws {
        let w = try mintRoot()
        var rng: UInt64 = 0x9e37_79b9_7f4a_7c15
        func next() -> UInt64 {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return rng
        }
        var failures = 0
        for i in 0..<3000 {
            var b = w.bytes
            switch i % 4 {
            case 0: b[Int(next() % UInt64(b.count))] ^= UInt8(1 << (next() % 8))
            case 1: b = Array(b.prefix(Int(next() % UInt64(b.count))))
            case 2: b[Int(next() % UInt64(b.count))] = UInt8(truncatingIfNeeded: next())
            default: b.insert(UInt8(truncatingIfNeeded: next()), at: Int(next() % UInt64(b.count)))
            }
            do {
                let d = try Warrant(decoding: b)
                #expect(d.bytes == b)
            } catch { failures += 1 }
        }
        #expect(failures > 2900)
    }
}

@Suite struct WarrantLimitTests {
    /// A received warrant living longer than 90 days is refused at verification (the reference
    /// accepts it; its own builder can never mint one).
    @Test func overlongLifetimeRefused() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 1, count: 32))
        let now: UInt64 = 1_704_067_200
        let p = WarrantPayload(
            id: try WarrantID(bytes: [UInt8](repeating: 7, count: 16)), type: .execution,
            tools: ["x": ConstraintSet()], holder: key.publicKey, issuer: key.publicKey,
            issuedAt: now, expiresAt: now + Limits.maxTTLSeconds + 1, maxDepth: 3)
        let w = try Warrant.sign(p, with: key)
        let decoded = try Warrant(decoding: w.bytes)
        let auth = try Authorizer(trustedRoots: [key.publicKey])
        #expect(throws: TenuoError(.ttlExceeded, "warrant \(p.id) lives \(Limits.maxTTLSeconds + 1) s, over the 90-day maximum")) {
            try auth.verifyChain(try WarrantChain([decoded]), now: now)
        }
    }

    /// Payload keys outside 0–18, text keys and unknown algorithm ids are refused after the
    /// signature check, with precise codes.
    @Test func unknownFieldsRefused() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 1, count: 32))
        let base = WarrantPayload(
            id: try WarrantID(bytes: [UInt8](repeating: 7, count: 16)), type: .execution,
            tools: ["x": ConstraintSet()], holder: key.publicKey, issuer: key.publicKey,
            issuedAt: 1, expiresAt: 100, maxDepth: 3)
        func signed(_ payload: [UInt8]) -> [UInt8] {
            let sig = key.sign(Warrant.signedMessage(payload))
            var w = CBORWriter()
            w.arrayHeader(3); w.unsigned(1); w.byteString(payload); w.arrayHeader(2); w.unsigned(1); w.byteString(sig)
            return w.bytes
        }
        func failure(_ b: [UInt8]) -> ErrorCode? {
            do { _ = try Warrant(decoding: b); return nil } catch { return error.code }
        }
        guard case .map(var entries) = try CBORReader.decode(base.encoded()) else { Issue.record("not a map"); return }
        entries.append(CBORPair(.unsigned(12), .null))
        #expect(failure(signed(CBOR.map(entries).encoded())) == .unknownPayloadField)
        entries.removeLast()
        entries.append(CBORPair(.text("extra"), .null))
        #expect(failure(signed(CBOR.map(entries).encoded())) == .unknownPayloadField)
        entries.removeLast()
        // Holder with algorithm id 2.
        if let i = entries.firstIndex(where: { $0.key == .unsigned(4) }) {
            entries[i].value = .array([.unsigned(2), .bytes(key.publicKey.bytes)])
        }
        #expect(failure(signed(CBOR.map(entries).encoded())) == .unsupportedAlgorithm)
        // A good payload signed by someone else than its issuer.
        let other = try SigningKey(seed: [UInt8](repeating: 2, count: 32))
        var w = CBORWriter()
        let p = base.encoded()
        w.arrayHeader(3); w.unsigned(1); w.byteString(p); w.arrayHeader(2); w.unsigned(1); w.byteString(other.sign(Warrant.signedMessage(p)))
        #expect(failure(w.bytes) == .signatureInvalid)
        #expect(failure(signed(p)) == nil)
    }
}

@Suite struct IssuerWarrantTests {
    let cp = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    let orch = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    let worker = try! SigningKey(seed: [UInt8](repeating: 3, count: 32))
    let now: UInt64 = 1_704_067_200

    func issuer() throws -> Warrant {
        var b = MintBuilder(type: .issuer)
        b.issuableTools = ["read_file"]
        b.constraintBounds = try ConstraintSet(flatJSON: try JSON.parse(#"{"path": {"type": "Pattern", "pattern": "/data/*"}}"#))
        b.holder = orch.publicKey
        b.maxDepth = 5
        b.maxIssueDepth = 2
        return try b.mint(key: cp, now: now)
    }

    func grant(_ parent: Warrant, tool: String, path: String, holder: PublicKey) throws -> Warrant {
        var g = GrantBuilder(parent: parent)
        try g.setConstraints(try ConstraintSet(flatJSON: try JSON.parse(#"{"path": {"type": "Exact", "value": "\#(path)"}}"#)), for: tool)
        g.holder = holder
        return try g.grant(key: orch, now: now)
    }

    @Test func issuesWithinBounds() throws {
        let iss = try issuer()
        #expect(iss.payload.type == .issuer && iss.payload.tools.isEmpty)
        let exec = try grant(iss, tool: "read_file", path: "/data/q3.pdf", holder: worker.publicKey)
        #expect(exec.payload.type == .execution)
        let auth = try Authorizer(trustedRoots: [cp.publicKey])
        try auth.verifyChain(try WarrantChain([iss, exec]), now: now)
        let args: [String: Value] = ["path": .string("/data/q3.pdf")]
        let pop = try ProofOfPossession.sign(warrant: exec, key: worker, tool: "read_file", args: args, now: Int64(now))
        try auth.authorize(try WarrantChain([iss, exec]), tool: "read_file", args: args, signature: pop, now: now)
        // The issuer warrant itself authorizes nothing.
        let own = try ProofOfPossession.sign(warrant: iss, key: orch, tool: "read_file", args: args, now: Int64(now))
        #expect(throws: Denial.self) { try auth.authorize(try WarrantChain([iss]), tool: "read_file", args: args, signature: own, now: now) }
    }

    @Test func refusals() throws {
        let iss = try issuer()
        func code(_ body: () throws -> Void) -> ErrorCode? {
            do { try body(); return nil } catch let e as TenuoError { return e.code } catch { return .internalError }
        }
        #expect(code { _ = try grant(iss, tool: "read_file", path: "/etc/passwd", holder: worker.publicKey) } == .capabilityExpansion)
        #expect(code { _ = try grant(iss, tool: "write_file", path: "/data/x", holder: worker.publicKey) } == .capabilityExpansion)
        // Self-issuance: the issuer warrant's holder, or its own issuer, cannot hold the execution warrant.
        #expect(code { _ = try grant(iss, tool: "read_file", path: "/data/x", holder: orch.publicKey) } == .invalidAttenuation)
        #expect(code { _ = try grant(iss, tool: "read_file", path: "/data/x", holder: cp.publicKey) } == .invalidAttenuation)
        // Structure: an issuer warrant needs issuable tools, an execution warrant cannot have them.
        var b = MintBuilder(type: .issuer)
        #expect(code { _ = try b.mint(key: cp, now: now) } == .invalidPayloadStructure)
        b = MintBuilder()
        try b.addTool("x")
        b.issuableTools = ["x"]
        #expect(code { _ = try b.mint(key: cp, now: now) } == .invalidArgument)
    }
}
