import Testing

@testable import TenuoCore

/// All, Any and Not: the differential cases of Tests/Vectors/constraints-composites.json
/// (generated against the reference by scripts/gen_constraint_cases_sets_composites_paths.py),
/// evaluation order, attenuation, nesting depth and attenuation soundness. Expected outcomes are
/// the reference runtime's (tenuo 0.3.3).
@Suite struct ConstraintCompositeTests {
    @Test func fileLoads() {
        #expect(CaseFile.composites.cases.count > 1_300)
        #expect(CaseFile.composites.extra.count >= 100)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: CaseFile.composites.cases)
    func run(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: CaseFile.composites.extra)
    func runExtra(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.runExtra(c)
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
            CT.attenuation(try .all([a, z]), try .all([try .pattern("*yz"), ab, .exact(.string("abyz"))])).0 == nil)
        let (code, message) = CT.attenuation(try .all([a, z]), try .all([try .pattern("ab*z")]))
        #expect(code == .invalidAttenuation && message.hasPrefix("MonotonicityError: child All must include"))
        // All -> Exact: the value must pass every clause.
        #expect(CT.attenuation(try .all([a, z]), .exact(.string("abz"))).0 == nil)
        #expect(CT.attenuation(try .all([a, z]), .exact(.string("ab"))).0 == .invalidAttenuation)
        // Other pairs are refused, both ways.
        #expect(CT.attenuation(try .all([a]), ab).1 == "IncompatibleConstraintTypes: cannot attenuate All to Pattern")
        #expect(CT.attenuation(a, try .all([ab])).1 == "IncompatibleConstraintTypes: cannot attenuate Pattern to All")
        #expect(CT.attenuation(.wildcard, try .all([ab])).0 == nil)
        #expect(CT.attenuation(try .all([a]), .wildcard).0 == .capabilityExpansion)
        // Any: every child branch narrows a parent branch the parent is sure to reach.
        let any = try Constraint.any([a, z])
        #expect(CT.attenuation(any, try .any([a, z])).0 == nil)
        #expect(CT.attenuation(any, try .any([ab])).0 == nil)
        #expect(CT.attenuation(any, try .any([z, a])).0 == nil)
        #expect(CT.attenuation(any, try .any([])).0 == nil)
        #expect(CT.attenuation(any, try .any([try .pattern("b*")])).0 == .invalidAttenuation)
        #expect(CT.attenuation(any, .exact(.string("ab"))).0 == .invalidAttenuation)
        let raising = Constraint(PatternConstraint(unchecked: "["))
        let shadowed = try Constraint.any([raising, a])
        let (shadowCode, shadowMessage) = CT.attenuation(shadowed, try .any([ab]))
        #expect(shadowCode == .invalidAttenuation)
        #expect(shadowMessage.contains("may be denied by the parent's earlier branch Pattern(\"[\")"))
        #expect(CT.code { _ = try shadowed.matches(.string("ab")) } == .constraintViolation)  // why it is refused
        #expect(CT.attenuation(try .any([a, raising, z]), try .any([ab])).0 == nil)  // a comes first
        #expect(CT.attenuation(try .any([a, raising, z]), try .any([try .pattern("*yz")])).0 == .invalidAttenuation)
        // Not(A) -> Not(B): B -> A valid and A unable to raise where B does not.
        let not = try Constraint.not(.exact(.string("x")))
        #expect(CT.attenuation(not, try .not(.exact(.string("x")))).0 == nil)
        #expect(CT.attenuation(not, try .not(try .oneOf([.string("x"), .string("y")]))).0 == nil)
        #expect(CT.attenuation(try .not(try .oneOf([.string("x"), .string("y")])), not).0 == .invalidAttenuation)
        #expect(CT.attenuation(try .not(try .pattern("/etc/*")), try .not(try .pattern("/*"))).0 == nil)
        #expect(CT.attenuation(try .not(raising), try .not(try .pattern("*"))).0 == .invalidAttenuation)
        #expect(CT.attenuation(try .not(raising), try .not(raising)).0 == nil)  // identical
        let cidr8 = try Constraint(json: .map(["type": .string("Cidr"), "network": .string("10.0.0.0/8")]))
        let cidr16 = try Constraint(json: .map(["type": .string("Cidr"), "network": .string("10.1.0.0/16")]))
        #expect(CT.attenuation(try .not(cidr16), try .not(cidr8)).0 == nil)  // both raise on non-addresses
        #expect(CT.attenuation(try .any([cidr8, a]), try .any([ab])).0 == .invalidAttenuation)
        #expect(CT.attenuation(try .any([cidr8, a]), try .any([.exact(.string("10.1.2.3"))])).0 == nil)
        // A widening inside stays refused (the reference accepts it).
        let exact = try Constraint(json: .map(["type": .string("UrlPattern"), "pattern": .string("https://example.com/exact")]))
        let deeper = try Constraint(json: .map(["type": .string("UrlPattern"), "pattern": .string("https://example.com/exact/*")]))
        #expect(CT.attenuation(try .any([exact]), try .any([deeper])).0 == .invalidAttenuation)
        #expect(CT.attenuation(try .not(deeper), try .not(exact)).0 == .invalidAttenuation)
        // An empty All is never narrowed (the reference lets it become an Exact).
        let emptyAll = try CT.constraint("820ca16b636f6e73747261696e747380")
        #expect(CT.attenuation(emptyAll, .exact(.string("a"))).0 == .invalidAttenuation)
        #expect(CT.attenuation(emptyAll, emptyAll).0 == .invalidAttenuation)
        #expect(CT.attenuation(try .any([emptyAll]), try .any([emptyAll])).0 == .invalidAttenuation)
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

    /// The examples of docs/constraints-sets-composites-paths.md build and decide as described.
    @Test func docExamples() throws {
        try CT.checkExamples([
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
        ])
    }

    @Test func jsonForm() throws {
        CT.checkRefusals([
            (#"{"type": "All", "constraints": []}"#, .invalidArgument),
            (#"{"type": "All"}"#, .invalidArgument),
            (#"{"type": "All", "constraints": [{"type": "Bogus"}]}"#, .unknownConstraintType),
            (#"{"type": "Any", "constraints": {}}"#, .invalidArgument),
            (#"{"type": "Not", "constraint": "x"}"#, .invalidArgument),
            (#"{"type": "Not", "constraints": [{"type": "Wildcard"}]}"#, .invalidArgument),
        ])
        let all = try CT.parse(#"{"type": "all", "constraints": [{"type": "Range", "min": 0, "max": 10}]}"#)
        #expect(
            all.json()
                == .map(["type": .string("All"), "constraints": .list([try Constraint.range(min: 0, max: 10).json()])]))
        #expect(try Constraint.not(.exact(.string("x"))).summary == #"Not(Exact("x"))"#)
    }

    static let leafValues: [Value] = [
        .string("a"), .string("ab"), .string("abz"), .string("az"), .string("b"), .string("z"), .int(5), .float(5),
        .int(11), .null, .list([.string("a")]), .string("/data/x"), .string("ls -l"), .bool(true),
    ]

    static func leaf(_ r: inout SeededRandom) -> Constraint {
        let all: [Constraint] = [
            (try? .pattern("a*")) ?? .wildcard, (try? .pattern("*z")) ?? .wildcard, (try? .pattern("ab*")) ?? .wildcard,
            .exact(.string("a")), .exact(.string("ab")), .exact(.int(5)),
            (try? .oneOf([.string("a"), .string("b")])) ?? .wildcard,
            (try? .notOneOf([.string("b")])) ?? .wildcard, (try? .range(min: 0, max: 10)) ?? .wildcard,
            (try? .range(min: 2, max: 8)) ?? .wildcard, .wildcard, (try? .contains([.string("a")])) ?? .wildcard,
            (try? .subpath("/data")) ?? .wildcard, (try? .subpath("/data/x")) ?? .wildcard,
            (try? .shlex(allow: ["ls"])) ?? .wildcard, Constraint(PatternConstraint(unchecked: "[")),
        ]
        return r.pick(all)
    }

    static func tree(_ r: inout SeededRandom, _ depth: Int) -> Constraint {
        if depth == 0 || r.chance(0.4) { return leaf(&r) }
        let kids = (0..<(1 + r.int(3))).map { _ in tree(&r, depth - 1) }
        switch r.int(3) {
        case 0: return (try? .all(kids)) ?? .wildcard
        case 1: return (try? .any(kids)) ?? .wildcard
        default: return (try? .not(kids[0])) ?? .wildcard
        }
    }

    /// A child of `c`: narrowed clauses, added or dropped clauses, or something unrelated.
    static func mutate(_ c: Constraint, _ r: inout SeededRandom) -> Constraint {
        if let a = c.kind as? AllConstraint {
            var cs = a.constraints
            switch r.int(4) {
            case 0: cs.append(leaf(&r))
            case 1: if let i = cs.indices.randomElement(using: &r.generator) { cs[i] = mutate(cs[i], &r) }
            case 2: if cs.count > 1 { cs.remove(at: r.int(cs.count)) }
            default: cs.shuffle(using: &r.generator)
            }
            return (try? .all(cs)) ?? c
        }
        if r.chance(0.3) { return c }
        return r.chance(0.5) ? leaf(&r) : tree(&r, 2)
    }

    static func probes(_ c: Constraint, _ r: inout SeededRandom) -> [Value] {
        var vs = leafValues
        if let e = c.kind as? ExactConstraint { vs.append(e.value) }
        return vs
    }

    @Test func compositesNeverWiden() throws {
        try Soundness.check(
            "All/Any/Not", seed: 12, pairs: 6_000, minAccepted: 1_000,
            draw: { r in
                let parent = Self.tree(&r, 3)
                let child = r.chance(0.2) ? .exact(r.pick(Self.leafValues)) : Self.mutate(parent, &r)
                return (parent, child)
            },
            probes: Self.probes)
    }

    /// Leaves that can raise on some values (an invalid glob, a Cidr on a non-address string),
    /// beside narrowable ones, for the Any and Not rules.
    static func raisingLeaf(_ r: inout SeededRandom) -> Constraint {
        let cidr = { (n: String) in (try? Constraint(json: .map(["type": .string("Cidr"), "network": .string(n)]))) ?? .wildcard }
        return r.pick([Constraint(PatternConstraint(unchecked: "[")), cidr("10.0.0.0/8"), cidr("10.1.0.0/16")])
    }

    static let anyNotValues: [Value] = leafValues + [.string("10.1.2.3"), .string("10.2.0.1"), .string("abc"), .string("zz")]

    /// A child of an Any: a subset of the parent's branches, each kept, narrowed or replaced, in any order.
    static func narrowAny(_ branches: [Constraint], _ r: inout SeededRandom) -> [Constraint] {
        var out: [Constraint] = []
        for b in branches where r.chance(0.7) {
            out.append(r.chance(0.4) ? b : r.chance(0.7) ? mutate(b, &r) : leaf(&r))
        }
        if r.chance(0.2) { out.append(r.chance(0.5) ? leaf(&r) : raisingLeaf(&r)) }
        out.shuffle(using: &r.generator)
        return out
    }

    /// The analysis the Any and Not rules rest on: a constraint judged unable to raise never does.
    @Test func neverRaisesHolds() {
        var r = SeededRandom(seed: 14)
        var judged = 0
        for _ in 0..<4_000 {
            let c = r.chance(0.2) ? Self.raisingLeaf(&r) : Self.tree(&r, 3)
            guard NestedConstraints.neverRaises(c) else { continue }
            judged += 1
            for v in Self.anyNotValues {
                #expect((try? c.matches(v)) != nil, "\(c) raises on \(v)")
            }
        }
        #expect(judged >= 1_000)
    }

    @Test func anyAndNotNarrowingsNeverWiden() throws {
        try Soundness.check(
            "Any/Not narrowing", seed: 13, pairs: 8_000, minAccepted: 1_500,
            draw: { r in
                if r.chance(0.5) {
                    let branches = (0..<(1 + r.int(4))).map { _ in
                        r.chance(0.2) ? Self.raisingLeaf(&r) : r.chance(0.7) ? Self.leaf(&r) : Self.tree(&r, 2)
                    }
                    return (try .any(branches), try .any(Self.narrowAny(branches, &r)))
                }
                // Not(A) -> Not(B): B is drawn first and A is a (possibly invalid) narrowing of it.
                let b = r.chance(0.15) ? Self.raisingLeaf(&r) : r.chance(0.7) ? Self.leaf(&r) : Self.tree(&r, 2)
                let a = r.chance(0.2) ? b : r.chance(0.15) ? Self.raisingLeaf(&r) : Self.mutate(b, &r)
                return (try .not(a), try .not(b))
            },
            probes: { c, _ in Self.anyNotValues })
    }
}
