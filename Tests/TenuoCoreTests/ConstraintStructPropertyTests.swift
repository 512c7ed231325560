import Testing

@testable import TenuoCore

/// Attenuation soundness for Contains, Subset, All, Any, Not, Subpath and Shlex: whenever
/// `parent.checkAttenuation(to: child)` accepts, every sampled value the child allows is allowed
/// by the parent (an evaluation error counts as a deny).
@Suite struct ConstraintStructPropertyTests {
    static let elements: [Value] = [
        .string("a"), .string("b"), .string("A"), .string(""), .string("caf\u{e9}"), .string("cafe\u{301}"), .int(0),
        .int(1), .int(-1), .float(1), .float(0), .float(-0.0), .float(2.5), .bool(true), .bool(false), .null,
        .list([.int(1)]), .list([]), .map(["k": .int(1)]),
    ]

    static func list(_ r: inout SeededRandom, _ max: Int, from pool: [Value] = elements) -> [Value] {
        (0..<r.int(max + 1)).map { _ in r.pick(pool) }
    }

    /// Runs `pairs` (parent, child) draws and checks every accepted one on its probes.
    static func check(
        _ name: String, seed: UInt64, pairs: Int, minAccepted: Int,
        draw: (inout SeededRandom) throws -> (Constraint, Constraint),
        probes: (Constraint, inout SeededRandom) -> [Value]
    ) rethrows {
        var r = SeededRandom(seed: seed)
        var accepted = 0
        for _ in 0..<pairs {
            let (parent, child) = try draw(&r)
            guard (try? parent.checkAttenuation(to: child)) != nil else { continue }
            accepted += 1
            for v in probes(child, &r) where ConstraintPropertyTests.allows(child, v) {
                #expect(ConstraintPropertyTests.allows(parent, v), "\(name): \(parent) -> \(child) widens on \(v)")
            }
        }
        #expect(accepted >= minAccepted, "\(name): only \(accepted) accepted pairs")
    }

    @Test func containsNeverWidens() throws {
        try Self.check(
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
        try Self.check(
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
        try Self.check(
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
        try Self.check(
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

    static let components = [
        "data", "Data", "DATA", "x", "X", "..", ".", "...", "", "caf\u{e9}", "\u{3A3}", "\u{391}\u{3A3}", "\u{3C2}",
        "\u{130}", "i\u{307}", "\u{212A}", "k",
    ]

    static func path(_ r: inout SeededRandom, prefix: String? = nil) -> String {
        let sep = r.pick(["/", "/", "\\"])
        let comps = (0..<r.int(4)).map { _ in r.pick(components) }
        let start = prefix ?? r.pick(["/", "/", "//", "C:\\", "c:/", "", "\\"])
        return start + (start.isEmpty || start.hasSuffix("/") || start.hasSuffix("\\") ? "" : sep)
            + comps.joined(separator: sep) + (r.chance(0.2) ? sep : "")
    }

    static func subpath(_ r: inout SeededRandom, under root: String?) -> Constraint {
        let text = root.map { path(&r, prefix: $0) } ?? path(&r)
        let cs = r.chance(0.5)
        let ae = r.chance(0.6)
        if r.chance(0.7), let c = try? Constraint.subpath(text, caseSensitive: cs, allowEqual: ae) { return c }
        return Constraint(SubpathConstraint(signedRoot: text, caseSensitive: cs, allowEqual: ae))  // as signed
    }

    @Test func subpathNeverWidens() throws {
        try Self.check(
            "Subpath", seed: 17, pairs: 8_000, minAccepted: 1_500,
            draw: { r in
                let parent = Self.subpath(&r, under: nil)
                let root = (parent.kind as? SubpathConstraint)?.root ?? "/"
                if r.chance(0.25) {
                    return (parent, .exact(.string(Self.path(&r, prefix: r.chance(0.7) ? root : nil))))
                }
                return (parent, Self.subpath(&r, under: r.chance(0.7) ? root : nil))
            },
            probes: { c, r in
                let root = (c.kind as? SubpathConstraint)?.root ?? ((c.kind as? ExactConstraint)?.value.string ?? "/")
                var vs: [Value] = [.string(root), .string(root.uppercased()), .string(root.lowercased())]
                for _ in 0..<10 { vs.append(.string(Self.path(&r, prefix: root))) }
                for _ in 0..<3 { vs.append(.string(Self.path(&r))) }
                return vs
            })
    }

    static let binaries = ["ls", "/bin/ls", "git", "/usr/bin/git", "", "LS", "a..b", "caf\u{e9}", "ls -la", "bin/ls"]

    static func command(_ r: inout SeededRandom, from allow: [String]) -> String {
        let bin = allow.isEmpty || r.chance(0.2) ? r.pick(binaries) : r.pick(allow)
        var s = r.pick(["", " ", "\t", "\u{a0}"]) + (r.chance(0.2) ? "/usr/local/" + bin : bin)
        for _ in 0..<r.int(3) {
            s += r.pick([" ", "\t", "\u{3000}", "\u{200b}"]) + r.pick(["-l", "x", "$x", "a;b", "'q'", "..", "/"])
        }
        return s
    }

    @Test func shlexNeverWidens() throws {
        try Self.check(
            "Shlex", seed: 128, pairs: 4_000, minAccepted: 1_000,
            draw: { r in
                let p = (0..<(1 + r.int(3))).map { _ in r.pick(Self.binaries) }
                if r.chance(0.3) { return (try .shlex(allow: p), .exact(.string(Self.command(&r, from: p)))) }
                let c = r.chance(0.7) ? (0..<(1 + r.int(2))).map { _ in r.pick(p) } : [r.pick(Self.binaries)]
                return (try .shlex(allow: p), try .shlex(allow: c))
            },
            probes: { c, r in
                let allow = (c.kind as? ShlexConstraint)?.allow ?? []
                var vs = (0..<12).map { _ in Value.string(Self.command(&r, from: allow)) }
                if let e = c.kind as? ExactConstraint { vs.append(e.value) }
                return vs
            })
    }
}

extension SeededRandom {
    /// A `RandomNumberGenerator` view for the standard library's shuffles and picks.
    var generator: SeededGenerator {
        get { SeededGenerator(inner: self) }
        set { self = newValue.inner }
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var inner: SeededRandom
    mutating func next() -> UInt64 { inner.next() }
}
