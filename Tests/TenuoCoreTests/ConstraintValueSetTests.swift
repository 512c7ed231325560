import Testing

@testable import TenuoCore

/// Contains and Subset: the differential cases of Tests/Vectors/constraints-value-sets.json
/// (generated against the reference by scripts/gen_constraint_cases_sets_composites_paths.py),
/// unit tests and attenuation soundness. Expected outcomes are the reference runtime's
/// (tenuo 0.3.3).
@Suite struct ConstraintValueSetTests {
    @Test func fileLoads() {
        #expect(CaseFile.valueSets.cases.count > 1_000)
        #expect(CaseFile.valueSets.extra.count >= 5)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: CaseFile.valueSets.cases)
    func run(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: CaseFile.valueSets.extra)
    func runExtra(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }

    @Test func containsAndSubsetCompareStrictly() throws {
        let contains = try CT.parse(#"{"type": "Contains", "required": [1, "café"]}"#)
        #expect(try CT.allowsJSON(contains, #"[1, "café", null]"#))
        #expect(try !CT.allowsJSON(contains, #"[1.0, "café"]"#))
        #expect(try !CT.allowsJSON(contains, #"[true, "café"]"#))
        #expect(try !CT.allowsJSON(contains, "[1, \"cafe\u{301}\"]"))  // NFD is another string
        #expect(try !CT.allowsJSON(contains, #""1 café""#))  // a scalar never matches
        let any = try CT.parse(#"{"type": "Contains", "required": []}"#)
        #expect(try CT.allowsJSON(any, "[]") && CT.allowsJSON(any, "[[1], {}]"))
        #expect(try !CT.allowsJSON(any, "{}") && !CT.allowsJSON(any, "null") && !CT.allowsJSON(any, #""""#))
        let subset = try CT.parse(#"{"type": "Subset", "allowed": ["read", 0.0]}"#)
        #expect(try CT.allowsJSON(subset, #"[]"#) && CT.allowsJSON(subset, #"["read", -0.0, "read"]"#))
        #expect(try !CT.allowsJSON(subset, #"["read", 0]"#) && !CT.allowsJSON(subset, #""read""#))
        #expect(contains.summary == #"Contains([1, "café"])"#)
        #expect(subset.summary == #"Subset(["read", 0.0])"#)
    }

    @Test func listAttenuation() throws {
        let (code, message) = CT.attenuation(
            try .contains([.string("a"), .string("b")]), try .contains([.string("a")]))
        #expect(code == .capabilityExpansion && message.hasPrefix("RequiredValueRemoved: "))
        #expect(CT.attenuation(try .contains([.int(1)]), try .contains([.int(1), .string("x")])).0 == nil)
        #expect(CT.attenuation(try .contains([.int(1)]), try .contains([.float(1)])).0 == .capabilityExpansion)
        let (c2, m2) = CT.attenuation(try .subset([.string("a")]), try .subset([.string("a"), .string("b")]))
        #expect(c2 == .invalidAttenuation && m2.hasPrefix("MonotonicityError: "))
        #expect(CT.attenuation(try .subset([.string("a")]), try .subset([])).0 == nil)
        let (c3, m3) = CT.attenuation(try .subset([.string("a")]), .exact(.list([.string("a")])))
        #expect(c3 == .invalidAttenuation && m3 == "IncompatibleConstraintTypes: cannot attenuate Subset to Exact")
    }

    /// The examples of docs/constraints-sets-composites-paths.md build and decide as described.
    @Test func docExamples() throws {
        try CT.checkExamples([
            (
                #"{"type": "Contains", "required": ["approved", "reviewed"]}"#, #"["reviewed", "x", "approved"]"#,
                #"["approved"]"#
            ),
            (#"{"type": "Subset", "allowed": ["read", "write"]}"#, #"["read"]"#, #"["read", "admin"]"#),
        ])
    }

    @Test func jsonForm() throws {
        CT.checkRefusals([
            (#"{"type": "Contains", "required": "a"}"#, .invalidArgument),
            (#"{"type": "Subset", "allowed": [], "x": 1}"#, .invalidArgument),
        ])
    }

    static let elements: [Value] = [
        .string("a"), .string("b"), .string("A"), .string(""), .string("caf\u{e9}"), .string("cafe\u{301}"), .int(0),
        .int(1), .int(-1), .float(1), .float(0), .float(-0.0), .float(2.5), .bool(true), .bool(false), .null,
        .list([.int(1)]), .list([]), .map(["k": .int(1)]),
    ]

    static func list(_ r: inout SeededRandom, _ max: Int, from pool: [Value] = elements) -> [Value] {
        (0..<r.int(max + 1)).map { _ in r.pick(pool) }
    }

    @Test func containsNeverWidens() throws {
        try Soundness.check(
            "Contains", seed: 10, pairs: 4_000, minAccepted: 800,
            draw: { r in
                let p = Self.list(&r, 3)
                let c = r.chance(0.6) ? p + Self.list(&r, 2) : Self.list(&r, 3)
                return (try .contains(p), try .contains(r.chance(0.8) ? c : c.shuffled(using: &r.generator)))
            },
            probes: { c, r in
                let req = (c.kind as? ContainsConstraint)?.required ?? []
                return (0..<10).map { _ in .list(req + Self.list(&r, 3)) } + [.list(req), .list(Self.list(&r, 5))]
            })
    }

    @Test func subsetNeverWidens() throws {
        try Soundness.check(
            "Subset", seed: 11, pairs: 4_000, minAccepted: 800,
            draw: { r in
                let p = Self.list(&r, 5)
                let c = r.chance(0.6) && !p.isEmpty ? Self.list(&r, 3, from: p) : Self.list(&r, 3)
                return (try .subset(p), try .subset(c))
            },
            probes: { c, r in
                let allowed = (c.kind as? SubsetConstraint)?.allowed ?? []
                let inside = (0..<8).map { _ in Value.list(allowed.isEmpty ? [] : Self.list(&r, 4, from: allowed)) }
                return inside + (0..<4).map { _ in .list(Self.list(&r, 3)) }
            })
    }
}
