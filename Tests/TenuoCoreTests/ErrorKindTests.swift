import Testing

@testable import TenuoCore

/// Issue #9: the finer error kind is data on the error (`TenuoError.kind`), set by each
/// producer, kept by every re-wrapping, carried into `ConstraintFailure` and `Denial`; it is
/// never read back from the message. One test per producer family, plus the wrappers.
@Suite struct ErrorKindTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 1, count: 32))
    static let agent = try! SigningKey(seed: [UInt8](repeating: 2, count: 32))
    static let now: UInt64 = 1_767_225_600

    static func json(_ text: String) throws(TenuoError) -> Value { try JSON.parse(text) }

    /// The error `body` throws (fails the test when it does not throw).
    static func error(_ body: () throws -> Void) -> TenuoError? {
        do {
            try body()
            Issue.record("expected an error")
        } catch let e as TenuoError {
            return e
        } catch {
            Issue.record("not a TenuoError: \(error)")
        }
        return nil
    }

    @Test func aMessageThatLooksKindedHasNoKind() {
        let e = TenuoError(.capabilityExpansion, "PatternExpanded: looks like a kind, is only text")
        #expect(e.kind == nil)
        #expect(e.withContext("capability 'read' field 'n'").kind == nil)
        let d = Denial(code: .capabilityExpansion, denyCode: "X", tool: "t", field: nil, reason: e.message, suggestion: "")
        #expect(d.kind == nil && d.error.kind == nil)
        guard case .map(let m) = d.json else { Issue.record("denial JSON is not an object"); return }
        #expect(m["kind"] == nil)
    }

    @Test func wrappersKeepKindAndField() {
        let e = AttenuationFault.rangeExpanded.error("max grew", field: "n")
        #expect(e.kind == "RangeExpanded" && e.code == .capabilityExpansion)
        let w = e.withContext("capability 'read'")
        #expect(w.kind == "RangeExpanded" && w.field == "n" && w.code == .capabilityExpansion)
        #expect(w.message == "capability 'read': RangeExpanded: max grew")
        let r = w.recoded(.invalidPayloadStructure, context: "outer")
        #expect(r.kind == "RangeExpanded" && r.field == "n" && r.code == .invalidPayloadStructure)
        #expect(r.message == "outer: capability 'read': RangeExpanded: max grew")
        let f = r.with(field: "m")
        #expect(f.kind == "RangeExpanded" && f.field == "m" && f.message == r.message)
    }

    @Test func attenuationFaultsSetTheirKind() throws {
        for fault in AttenuationFault.allCases {
            let e = fault.error("detail")
            #expect(e.kind == fault.rawValue && e.code == fault.code)
        }
        // Through a set: the argument becomes the field, the kind stays.
        let data = try Constraint.pattern("/data/*")
        let ten = try Constraint.range(min: 0, max: 10)
        let parent = ConstraintSet(["a": data, "n": ten])
        let wider = ConstraintSet(["a": try .pattern("/*"), "n": ten])
        let e = Self.error { try parent.checkAttenuation(to: wider) }
        #expect(e?.kind == "PatternExpanded" && e?.field == "a" && e?.code == .capabilityExpansion)
        let longer = ConstraintSet(["a": data, "n": try .range(min: 0, max: 20)])
        let r = Self.error { try parent.checkAttenuation(to: longer) }
        #expect(r?.kind == "RangeExpanded" && r?.field == "n")
        // Not wraps its inner error's text in a MonotonicityError of its own.
        let not = Self.error {
            try Constraint(json: try Self.json(#"{"type":"Not","constraint":{"type":"Pattern","pattern":"/a/*"}}"#))
                .checkAttenuation(to: try Constraint(json: try Self.json(#"{"type":"Not","constraint":{"type":"Pattern","pattern":"/a/b*"}}"#)))
        }
        #expect(not?.kind == "MonotonicityError")
    }

    @Test func regexAndGlobParsersSetInvalidPattern() throws {
        let regex = Self.error { _ = try Constraint(json: try Self.json(#"{"type":"Regex","pattern":"("}"#)) }
        #expect(regex?.kind == "InvalidPattern" && regex?.code == .invalidArgument)
        let glob = Self.error { _ = try Constraint.pattern("a[") }
        #expect(glob?.kind == "InvalidPattern")
        // Nested and under an argument name: both contexts are added, the kind kept.
        let nested = Self.error {
            _ = try ConstraintSet(json: try Self.json(#"{"constraints":{"q":{"type":"All","constraints":[{"type":"Regex","pattern":"("}]}}}"#))
        }
        #expect(nested?.kind == "InvalidPattern" && nested?.field == "q")
        #expect(nested.map { $0.message.hasPrefix(#"argument "q": All.constraints[0]: "#) } == true, "\(String(describing: nested))")
        // At evaluation (a pattern decoded from the wire compiles lazily).
        let lazyRegex = Self.error { _ = try Constraint(RegexConstraint(unchecked: "(")).matches(.string("x")) }
        #expect(lazyRegex?.kind == "InvalidPattern" && lazyRegex?.code == .constraintViolation)
        let lazyGlob = Self.error { _ = try Constraint(PatternConstraint(unchecked: "a[")).matches(.string("x")) }
        #expect(lazyGlob?.kind == "InvalidPattern" && lazyGlob?.code == .constraintViolation)
    }

    @Test func urlAndAddressParsersSetValidationError() throws {
        let url = Self.error { _ = try Constraint(json: try Self.json(#"{"type":"UrlPattern","pattern":"not a url"}"#)) }
        #expect(url?.kind == "ValidationError")
        let cidr = Self.error { _ = try Constraint(json: try Self.json(#"{"type":"Cidr","network":"10.0.0.0/99"}"#)) }
        #expect(cidr?.kind == "ValidationError" && cidr?.code == .invalidArgument)
        let ip = Self.error { _ = try CidrConstraint("10.0.0.0/8").contains(ip: "not-an-ip") }
        #expect(ip?.kind == "ValidationError" && ip?.code == .missingRequiredField)
        let safe = Self.error { _ = try Constraint(json: try Self.json(#"{"type":"UrlSafe","allow_domains":["*.1.2.3.4"]}"#)) }
        #expect(safe?.kind == "ValidationError" && safe?.code == .invalidArgument)
        let badPolicy = Constraint(UrlSafeConstraint(
            unchecked: UrlSafePolicy(
                schemes: ["https"], allowDomains: ["*.1.2.3.4"], denyDomains: nil, allowPorts: nil, blockPrivate: true,
                blockLoopback: true, blockMetadata: true, blockReserved: true, blockInternalTLDs: true)))
        let att = Self.error { try badPolicy.checkAttenuation(to: badPolicy) }
        #expect(att?.kind == "ValidationError" && att?.code == .missingRequiredField)
    }

    @Test func grantBuilderSetsSelfIssuance() throws {
        var b = MintBuilder(type: .issuer)
        b.issuableTools = ["read"]
        b.holder = Self.agent.publicKey
        b.ttlSeconds = 600
        let issuerWarrant = try b.mint(key: Self.issuer, now: Self.now)
        var g = GrantBuilder(parent: issuerWarrant)
        g.chooseTools()
        g.allowTool("read")
        g.holder = Self.agent.publicKey  // the issuer warrant's own holder
        let e = Self.error { _ = try g.grant(key: Self.agent, now: Self.now) }
        #expect(e?.kind == "SelfIssuanceProhibited" && e?.code == .invalidAttenuation)
    }

    @Test func denialsCarryTheKindOfTheirError() throws {
        var b = MintBuilder()
        b.tools["search"] = ConstraintSet(["q": Constraint(RegexConstraint(unchecked: "("))])
        b.holder = Self.agent.publicKey
        b.ttlSeconds = 600
        let w = try b.mint(key: Self.issuer, now: Self.now)
        let args: [String: Value] = ["q": .string("x")]
        let why = w.payload.whyDenied(tool: "search", args: args, now: Self.now)
        #expect(why?.kind == "InvalidPattern" && why?.error.kind == "InvalidPattern")
        if case .map(let m)? = why?.json { #expect(m["kind"] == .string("InvalidPattern")) } else { Issue.record("no JSON") }
        let sig = try w.signCall(key: Self.agent, tool: "search", args: args, now: Int64(Self.now))
        let auth = try Authorizer(trustedRoots: [Self.issuer.publicKey])
        let chain = try WarrantChain([w])
        do throws(Denial) {
            try auth.authorize(chain, tool: "search", args: args, signature: sig, now: Self.now)
            Issue.record("allowed")
        } catch {
            #expect(error.kind == "InvalidPattern" && error.code == .constraintViolation)
        }
        // A plain mismatch has no kind.
        var p = MintBuilder()
        p.tools["search"] = ConstraintSet(["q": try .pattern("a*")])
        p.holder = Self.agent.publicKey
        p.ttlSeconds = 600
        let plain = try p.mint(key: Self.issuer, now: Self.now).payload.whyDenied(tool: "search", args: args, now: Self.now)
        #expect(plain != nil && plain?.kind == nil)
    }

    @Test func everyProducedKindIsNamed() {
        // The closed list a binding maps (the Python test checks its table against the same names).
        #expect(Set(ErrorKind.names) == Set(AttenuationFault.allCases.map(\.rawValue) + ["InvalidPattern", "DelegationAuthorityError", "SignatureMismatch"]))
        #expect(ErrorKind.names.contains(ErrorKind.validation) && ErrorKind.names.contains(ErrorKind.invalidPattern))
    }
}
