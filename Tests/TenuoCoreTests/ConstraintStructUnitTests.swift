import Testing

@testable import TenuoCore

/// Unit tests for Contains, Subset, All, Any, Not, Subpath and Shlex. Expected outcomes are the
/// reference runtime's (tenuo 0.3.3), checked with the same harness as the generated cases.
@Suite struct ConstraintStructUnitTests {
    static func c(_ json: String) throws -> Constraint { try Constraint(json: try JSON.parse(json)) }
    static func allows(_ c: Constraint, _ json: String) throws -> Bool {
        (try? c.matches(try JSON.parse(json))) ?? false
    }
    static func attenuation(_ p: Constraint, _ c: Constraint) -> (ErrorCode?, String) {
        do {
            try p.checkAttenuation(to: c)
            return (nil, "")
        } catch {
            return (error.code, error.message)
        }
    }

    /// The constraint sub-slices of the spec's A.25 warrants re-encode byte for byte.
    @Test func specVectorSubSlices() throws {
        var seen = 0
        for v in VectorFile.cases where v.kind == "decode" && v.id.hasPrefix("A.25") && v.raw["pending"] == nil {
            let w = try Warrant(decoding: try VectorFile.bytes(v["envelope_hex"]))
            let payload = CT.hex(w.payloadBytes)
            for (_, set) in w.payload.tools {
                for (_, c) in set.constraints {
                    #expect(payload.contains(CT.hex(c.wireBytes)), "\(v.id): \(c)")
                    #expect(try Constraint(json: c.json()) == c, "\(v.id): JSON round trip of \(c)")
                    seen += 1
                }
            }
        }
        #expect(seen >= 7)
    }

    @Test func containsAndSubsetCompareStrictly() throws {
        let contains = try Self.c(#"{"type": "Contains", "required": [1, "café"]}"#)
        #expect(try Self.allows(contains, #"[1, "café", null]"#))
        #expect(try !Self.allows(contains, #"[1.0, "café"]"#))
        #expect(try !Self.allows(contains, #"[true, "café"]"#))
        #expect(try !Self.allows(contains, "[1, \"cafe\u{301}\"]"))  // NFD is another string
        #expect(try !Self.allows(contains, #""1 café""#))  // a scalar never matches
        let any = try Self.c(#"{"type": "Contains", "required": []}"#)
        #expect(try Self.allows(any, "[]") && Self.allows(any, "[[1], {}]"))
        #expect(try !Self.allows(any, "{}") && !Self.allows(any, "null") && !Self.allows(any, #""""#))
        let subset = try Self.c(#"{"type": "Subset", "allowed": ["read", 0.0]}"#)
        #expect(try Self.allows(subset, #"[]"#) && Self.allows(subset, #"["read", -0.0, "read"]"#))
        #expect(try !Self.allows(subset, #"["read", 0]"#) && !Self.allows(subset, #""read""#))
        #expect(contains.summary == #"Contains([1, "café"])"#)
        #expect(subset.summary == #"Subset(["read", 0.0])"#)
    }

    @Test func listAttenuation() throws {
        let (code, message) = Self.attenuation(
            try .contains([.string("a"), .string("b")]), try .contains([.string("a")]))
        #expect(code == .capabilityExpansion && message.hasPrefix("RequiredValueRemoved: "))
        #expect(Self.attenuation(try .contains([.int(1)]), try .contains([.int(1), .string("x")])).0 == nil)
        #expect(Self.attenuation(try .contains([.int(1)]), try .contains([.float(1)])).0 == .capabilityExpansion)
        let (c2, m2) = Self.attenuation(try .subset([.string("a")]), try .subset([.string("a"), .string("b")]))
        #expect(c2 == .invalidAttenuation && m2.hasPrefix("MonotonicityError: "))
        #expect(Self.attenuation(try .subset([.string("a")]), try .subset([])).0 == nil)
        let (c3, m3) = Self.attenuation(try .subset([.string("a")]), .exact(.list([.string("a")])))
        #expect(c3 == .invalidAttenuation && m3 == "IncompatibleConstraintTypes: cannot attenuate Subset to Exact")
    }

    /// Short-circuit order and error propagation, as the reference evaluates.
    @Test func compositeEvaluation() throws {
        let emptyAll = try CT.constraint("820ca16b636f6e73747261696e747380")
        #expect(CT.code { _ = try emptyAll.matches(.string("a")) } == .missingRequiredField)
        let invalid = Constraint(PatternConstraint(unchecked: "["))
        let a = try Constraint.pattern("a*")
        let anyFirst = try Constraint.any([a, invalid])
        #expect(try anyFirst.matches(.string("ab")))  // stops before the invalid branch
        #expect(CT.code { _ = try anyFirst.matches(.string("b")) } == .constraintViolation)
        #expect(try !Constraint.any([]).matches(.string("a")))
        #expect(try Constraint.not(try .any([])).matches(.null))
        #expect(CT.code { _ = try Constraint.not(invalid).matches(.int(1)) } == .constraintViolation)
        let allFirst = try Constraint.all([try .pattern("b*"), invalid])
        #expect(try !allFirst.matches(.string("a")))  // stops at the first rejecting clause
        #expect(CT.code { _ = try allFirst.matches(.string("b")) } == .constraintViolation)
        // In a set the raise is an evaluation error on the argument.
        let set = ConstraintSet(["a": emptyAll])
        let failure = set.check(["a": .string("x")])
        #expect(failure?.isEvaluationError == true && failure?.code == .missingRequiredField)
        #expect(failure?.reason == "validation error: All constraint with an empty constraints array is invalid")
        #expect(allFirst.summary == #"All([Pattern("b*"), Pattern("[")])"#)
        #expect(anyFirst.summary == #"Any([Pattern("a*"), Pattern("[")])"#)
    }

    @Test func compositeAttenuation() throws {
        let a = try Constraint.pattern("a*")
        let ab = try Constraint.pattern("ab*")
        let z = try Constraint.pattern("*z")
        // All -> All: each parent clause needs a narrower child clause; the child may add clauses.
        #expect(
            Self.attenuation(try .all([a, z]), try .all([try .pattern("*yz"), ab, .exact(.string("abyz"))])).0 == nil)
        let (code, message) = Self.attenuation(try .all([a, z]), try .all([try .pattern("ab*z")]))
        #expect(code == .invalidAttenuation && message.hasPrefix("MonotonicityError: child All must include"))
        // All -> Exact: the value must pass every clause.
        #expect(Self.attenuation(try .all([a, z]), .exact(.string("abz"))).0 == nil)
        #expect(Self.attenuation(try .all([a, z]), .exact(.string("ab"))).0 == .invalidAttenuation)
        // Other pairs are refused, both ways.
        #expect(Self.attenuation(try .all([a]), ab).1 == "IncompatibleConstraintTypes: cannot attenuate All to Pattern")
        #expect(Self.attenuation(a, try .all([ab])).1 == "IncompatibleConstraintTypes: cannot attenuate Pattern to All")
        #expect(Self.attenuation(.wildcard, try .all([ab])).0 == nil)
        #expect(Self.attenuation(try .all([a]), .wildcard).0 == .capabilityExpansion)
        // Any: every child branch narrows a parent branch the parent is sure to reach.
        let any = try Constraint.any([a, z])
        #expect(Self.attenuation(any, try .any([a, z])).0 == nil)
        #expect(Self.attenuation(any, try .any([ab])).0 == nil)
        #expect(Self.attenuation(any, try .any([z, a])).0 == nil)
        #expect(Self.attenuation(any, try .any([])).0 == nil)
        #expect(Self.attenuation(any, try .any([try .pattern("b*")])).0 == .invalidAttenuation)
        #expect(Self.attenuation(any, .exact(.string("ab"))).0 == .invalidAttenuation)
        let raising = Constraint(PatternConstraint(unchecked: "["))
        let shadowed = try Constraint.any([raising, a])
        let (shadowCode, shadowMessage) = Self.attenuation(shadowed, try .any([ab]))
        #expect(shadowCode == .invalidAttenuation)
        #expect(shadowMessage.contains("may be denied by the parent's earlier branch Pattern(\"[\")"))
        #expect(CT.code { _ = try shadowed.matches(.string("ab")) } == .constraintViolation)  // why it is refused
        #expect(Self.attenuation(try .any([a, raising, z]), try .any([ab])).0 == nil)  // a comes first
        #expect(Self.attenuation(try .any([a, raising, z]), try .any([try .pattern("*yz")])).0 == .invalidAttenuation)
        // Not(A) -> Not(B): B -> A valid and A unable to raise where B does not.
        let not = try Constraint.not(.exact(.string("x")))
        #expect(Self.attenuation(not, try .not(.exact(.string("x")))).0 == nil)
        #expect(Self.attenuation(not, try .not(try .oneOf([.string("x"), .string("y")]))).0 == nil)
        #expect(Self.attenuation(try .not(try .oneOf([.string("x"), .string("y")])), not).0 == .invalidAttenuation)
        #expect(Self.attenuation(try .not(try .pattern("/etc/*")), try .not(try .pattern("/*"))).0 == nil)
        #expect(Self.attenuation(try .not(raising), try .not(try .pattern("*"))).0 == .invalidAttenuation)
        #expect(Self.attenuation(try .not(raising), try .not(raising)).0 == nil)  // identical
        let cidr8 = try Constraint(json: .map(["type": .string("Cidr"), "network": .string("10.0.0.0/8")]))
        let cidr16 = try Constraint(json: .map(["type": .string("Cidr"), "network": .string("10.1.0.0/16")]))
        #expect(Self.attenuation(try .not(cidr16), try .not(cidr8)).0 == nil)  // both raise on non-addresses
        #expect(Self.attenuation(try .any([cidr8, a]), try .any([ab])).0 == .invalidAttenuation)
        #expect(Self.attenuation(try .any([cidr8, a]), try .any([.exact(.string("10.1.2.3"))])).0 == nil)
        // A widening inside stays refused (the reference accepts it).
        let exact = try Constraint(json: .map(["type": .string("UrlPattern"), "pattern": .string("https://example.com/exact")]))
        let deeper = try Constraint(json: .map(["type": .string("UrlPattern"), "pattern": .string("https://example.com/exact/*")]))
        #expect(Self.attenuation(try .any([exact]), try .any([deeper])).0 == .invalidAttenuation)
        #expect(Self.attenuation(try .not(deeper), try .not(exact)).0 == .invalidAttenuation)
        // An empty All is never narrowed (the reference lets it become an Exact).
        let emptyAll = try CT.constraint("820ca16b636f6e73747261696e747380")
        #expect(Self.attenuation(emptyAll, .exact(.string("a"))).0 == .invalidAttenuation)
        #expect(Self.attenuation(emptyAll, emptyAll).0 == .invalidAttenuation)
        #expect(Self.attenuation(try .any([emptyAll]), try .any([emptyAll])).0 == .invalidAttenuation)
    }

    /// Nesting: at most 32 enclosing constraints, an empty All/Any counting as one more level,
    /// for decoding, the JSON form and the Swift constructors alike.
    @Test func nestingDepth() throws {
        func wireNest(_ n: Int, _ inner: String) -> String {
            String(repeating: "820ea16a636f6e73747261696e74", count: n) + inner
        }
        let exact = "8201a16576616c75656179"
        let emptyAll = "820ca16b636f6e73747261696e747380"
        _ = try CT.constraint(wireNest(32, exact))
        #expect(CT.code { _ = try CT.constraint(wireNest(33, exact)) } == .tooManyConstraints)
        _ = try CT.constraint(wireNest(31, emptyAll))
        #expect(CT.code { _ = try CT.constraint(wireNest(32, emptyAll)) } == .tooManyConstraints)

        var json: Value = .map(["type": .string("Exact"), "value": .string("y")])
        for _ in 0..<32 { json = .map(["type": .string("Not"), "constraint": json]) }
        _ = try Constraint(json: json)
        #expect(
            CT.code { _ = try Constraint(json: .map(["type": .string("Not"), "constraint": json])) }
                == .tooManyConstraints)

        var built = Constraint.exact(.string("y"))
        for _ in 0..<32 { built = try .not(built) }
        #expect(CT.code { _ = try Constraint.not(built) } == .tooManyConstraints)
        #expect(CT.code { _ = try Constraint.all([built]) } == .tooManyConstraints)
        var anyNest = try Constraint.any([])
        for _ in 0..<31 { anyNest = try .not(anyNest) }
        #expect(CT.code { _ = try Constraint.not(anyNest) } == .tooManyConstraints)
        // A warrant carries the deepest nesting too (CBOR nesting room).
        let deep = try CT.constraint(wireNest(32, exact))
        var mint = MintBuilder()
        try mint.addTool("t", constraints: ConstraintSet(["a": deep]))
        mint.holder = try SigningKey(seed: [UInt8](repeating: 3, count: 32)).publicKey
        let w = try mint.mint(key: try SigningKey(seed: [UInt8](repeating: 2, count: 32)), now: 1_704_067_200)
        let back = try Warrant(decoding: w.bytes)
        #expect(back.payload.tools["t"]?.constraints["a"] == deep)
    }

    /// The examples of docs/constraints-struct.md build and decide as described.
    @Test func docExamples() throws {
        let examples: [(String, String, String)] = [
            (
                #"{"type": "Contains", "required": ["approved", "reviewed"]}"#, #"["reviewed", "x", "approved"]"#,
                #"["approved"]"#
            ),
            (#"{"type": "Subset", "allowed": ["read", "write"]}"#, #"["read"]"#, #"["read", "admin"]"#),
            (
                #"{"type": "All", "constraints": [{"type": "Range", "max": 1000}, {"type": "NotOneOf", "excluded": [13]}]}"#,
                "500", "13"
            ),
            (
                #"{"type": "Any", "constraints": [{"type": "Pattern", "pattern": "/public/*"}, {"type": "Pattern", "pattern": "/shared/*"}]}"#,
                #""/shared/a""#, #""/private/a""#
            ),
            (
                #"{"type": "Not", "constraint": {"type": "Pattern", "pattern": "/secret/*"}}"#, #""/public/x""#,
                #""/secret/k""#
            ),
            (
                #"{"type": "Subpath", "root": "/home/agent/workspace", "case_sensitive": true, "allow_equal": true}"#,
                #""/home/agent/workspace/f.txt""#, #""/home/agent/workspace/../../../etc/passwd""#
            ),
            (#"{"type": "Shlex", "allow": ["npm", "/usr/bin/git"]}"#, #""npm install x""#, #""npm install; rm -rf /""#),
        ]
        for (json, yes, no) in examples {
            let c = try Self.c(json)
            #expect(try Self.allows(c, yes) && !Self.allows(c, no), "\(json)")
        }
    }

    @Test func jsonForm() throws {
        let cases: [(String, ErrorCode)] = [
            (#"{"type": "All", "constraints": []}"#, .invalidArgument),
            (#"{"type": "All"}"#, .invalidArgument),
            (#"{"type": "All", "constraints": [{"type": "Bogus"}]}"#, .unknownConstraintType),
            (#"{"type": "Any", "constraints": {}}"#, .invalidArgument),
            (#"{"type": "Not", "constraint": "x"}"#, .invalidArgument),
            (#"{"type": "Not", "constraints": [{"type": "Wildcard"}]}"#, .invalidArgument),
            (#"{"type": "Contains", "required": "a"}"#, .invalidArgument),
            (#"{"type": "Subset", "allowed": [], "x": 1}"#, .invalidArgument),
            (#"{"type": "Shlex", "allow": []}"#, .invalidArgument),
            (#"{"type": "Shlex", "allow": [1]}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "data"}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "/da\u0000ta"}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "/data", "case_sensitive": "no"}"#, .invalidArgument),
        ]
        for (text, code) in cases {
            #expect(CT.code { _ = try Self.c(text) } == code, "\(text)")
        }
        let all = try Self.c(#"{"type": "all", "constraints": [{"type": "Range", "min": 0, "max": 10}]}"#)
        #expect(
            all.json()
                == .map(["type": .string("All"), "constraints": .list([try Constraint.range(min: 0, max: 10).json()])]))
        let sp = try Self.c(#"{"type": "Subpath", "root": "/Data/../X/", "case_sensitive": false}"#)
        #expect(
            sp.json()
                == .map([
                    "type": .string("Subpath"), "root": .string("/x"), "case_sensitive": .bool(false),
                    "allow_equal": .bool(true),
                ]))
        #expect(sp.summary == #"Subpath("/x", case_sensitive=false, allow_equal=true)"#)
        #expect(
            try Self.c(#"{"type": "Shlex", "allow": ["ls", "/usr/bin/git"]}"#).summary
                == #"Shlex(allow=["ls", "/usr/bin/git"])"#)
        #expect(try Constraint.not(.exact(.string("x"))).summary == #"Not(Exact("x"))"#)
    }
}
