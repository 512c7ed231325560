import Testing

@testable import TenuoCore

/// SplitMix64: a tiny deterministic generator so the property runs are reproducible.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }
}

/// Soundness: whenever `parent.checkAttenuation(to: child)` accepts, every sampled value the
/// child allows must be allowed by the parent (an evaluation error counts as a deny).
@Suite struct ConstraintPropertyTests {
    static let letters: [String] = ["a", "b", "/", "]", "[", "x", "-", "\u{e9}"]
    static let patternPieces: [String] = ["a", "b", "/", "*", "?", "[a]", "[!b]", "[ab]", "]", "x", "a]", "[", "-"]

    static func randomString(_ r: inout SeededRandom, maxLen: Int = 5) -> String {
        var s = ""
        for _ in 0..<r.int(maxLen + 1) { s += r.pick(letters) }
        return s
    }

    static func randomPattern(_ r: inout SeededRandom) -> String {
        var s = ""
        for _ in 0..<r.int(5) { s += r.pick(patternPieces) }
        return s
    }

    static func randomNumber(_ r: inout SeededRandom) -> Double {
        r.pick([0, 1, 5, 10, 10.5, -1, 100, -0.0, Double.infinity, -Double.infinity, 50, 2.5])
    }

    static func randomValue(_ r: inout SeededRandom) -> Value {
        switch r.int(6) {
        case 0: return .string(randomString(&r))
        case 1: return .int(Int64(r.pick([0, 1, 5, 10, -1, 100])))
        case 2: return .float(randomNumber(&r))
        case 3: return r.pick([.null, .bool(true), .bool(false)])
        case 4: return .list([.string(randomString(&r))])
        default: return .string(r.pick(["a", "b", "ab", "a]", "xa"]))
        }
    }

    static func randomConstraint(_ r: inout SeededRandom) -> Constraint {
        switch r.int(7) {
        case 0: return .wildcard
        case 1: return .exact(randomValue(&r))
        case 2, 3: return Constraint(PatternConstraint(unchecked: randomPattern(&r)))
        case 4:
            let lo: Double? = r.chance(0.2) ? nil : randomNumber(&r)
            let hi: Double? = r.chance(0.2) ? nil : randomNumber(&r)
            return (try? Constraint.range(min: lo, max: hi, minInclusive: r.chance(0.5), maxInclusive: r.chance(0.5)))
                ?? .wildcard
        case 5: return (try? Constraint.oneOf((0..<r.int(4)).map { _ in randomValue(&r) })) ?? .wildcard
        default: return (try? Constraint.notOneOf((0..<r.int(4)).map { _ in randomValue(&r) })) ?? .wildcard
        }
    }

    /// A string the glob probably matches, built from its tokens.
    static func instance(of glob: Glob, _ r: inout SeededRandom) -> String {
        var out = String.UnicodeScalarView()
        for t in glob.tokens {
            switch t {
            case .char(let c): out.append(c)
            case .anyChar: out.append(contentsOf: r.pick(letters).unicodeScalars)
            case .anySequence, .anyRecursiveSequence: out.append(contentsOf: randomString(&r, maxLen: 3).unicodeScalars)
            case .anyWithin(let items), .anyExcept(let items):
                if case .anyWithin = t, case .single(let c)? = items.first {
                    out.append(c)
                } else {
                    out.append(contentsOf: r.pick(letters).unicodeScalars)
                }
            }
        }
        return String(out)
    }

    /// Values worth probing for a child constraint: its own members and boundaries, plus noise.
    static func probes(for c: Constraint, _ r: inout SeededRandom) -> [Value] {
        var vs: [Value] = (0..<12).map { _ in randomValue(&r) }
        if let e = c.kind as? ExactConstraint { vs.append(e.value) }
        if let o = c.kind as? OneOfConstraint { vs += o.values }
        if let n = c.kind as? NotOneOfConstraint { vs += n.excluded }
        if let g = c.kind as? RangeConstraint {
            for b in [g.min, g.max].compactMap({ $0 }) where b.isFinite {
                vs += [.float(b), .float(b.nextUp), .float(b.nextDown), .int(Int64(b))]
            }
        }
        if let p = c.kind as? PatternConstraint, case .success(let glob) = p.compiled {
            for _ in 0..<8 { vs.append(.string(instance(of: glob, &r))) }
            vs.append(.string(p.pattern))
        }
        return vs
    }

    static func allows(_ c: Constraint, _ v: Value) -> Bool { (try? c.matches(v)) ?? false }

    @Test func acceptedAttenuationNeverWidens() {
        var r = SeededRandom(seed: 0x7E_40_0C_0E)
        var accepted = 0
        var pairs = 0
        while pairs < 60_000 {
            let parent = Self.randomConstraint(&r)
            // Half the time, derive the child from the parent's shape so acceptances are common.
            var child = Self.randomConstraint(&r)
            if r.chance(0.5), let p = parent.kind as? PatternConstraint {
                let extra = Self.randomPattern(&r)
                child = Constraint(PatternConstraint(unchecked: r.chance(0.5) ? p.pattern + extra : extra + p.pattern))
            }
            pairs += 1
            guard (try? parent.checkAttenuation(to: child)) != nil else { continue }
            accepted += 1
            for v in Self.probes(for: child, &r) where Self.allows(child, v) {
                #expect(Self.allows(parent, v), "\(parent) -> \(child) accepted, but \(v) passes the child only")
            }
        }
        #expect(accepted > 3_000)
    }

    /// The reference's unsound pattern cases that our guards refuse (see PatternAttenuation).
    @Test func patternGuards() throws {
        let parent = try Constraint.pattern("*a]")
        let child = Constraint(PatternConstraint(unchecked: "*[a]"))
        #expect(throws: TenuoError.self) { try parent.checkAttenuation(to: child) }
        #expect(Self.allows(child, .string("xa")) && !Self.allows(parent, .string("xa")))
        let invalidParent = Constraint(PatternConstraint(unchecked: "[*"))
        #expect(throws: TenuoError.self) { try invalidParent.checkAttenuation(to: try Constraint.pattern("[a]*")) }
        // Identical text is still accepted, as in the reference.
        try invalidParent.checkAttenuation(to: invalidParent)
        // Suffix narrowing whose tokens line up is unaffected.
        try parent.checkAttenuation(to: try Constraint.pattern("*xa]"))
        try parent.checkAttenuation(to: try Constraint.pattern("[b]a]"))
    }
}
