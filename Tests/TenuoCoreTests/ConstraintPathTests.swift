import Testing

@testable import TenuoCore

/// Subpath and Shlex: the differential cases of Tests/Vectors/constraints-paths.json (generated
/// against the reference by scripts/gen_constraint_cases_sets_composites_paths.py, with the
/// reference's Unicode tables), normalisation and tokenisation case by case, and attenuation
/// soundness. Expected outcomes are the reference runtime's (tenuo 0.3.3).
@Suite struct ConstraintPathTests {
    @Test func fileLoads() {
        #expect(CaseFile.paths.cases.count > 1_300)
        #expect(CaseFile.paths.extra.count >= 120)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: CaseFile.paths.cases)
    func run(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: CaseFile.paths.extra)
    func runExtra(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }

    /// Every scalar lowercases as Rust's `to_lowercase` (the reference's table, from the file).
    @Test func lowercaseTableMatchesReference() throws {
        guard case .map(let u)? = CaseFile.paths.top["unicode"], case .list(let rows)? = u["lowercase"] else {
            Issue.record("no unicode table")
            return
        }
        var table: [UInt32: [UInt32]] = [:]
        for case .list(let row) in rows {
            guard row.count == 2, case .int(let cp) = row[0], case .list(let mapped) = row[1] else { continue }
            table[UInt32(cp)] = mapped.compactMap { if case .int(let m) = $0 { return UInt32(m) } else { return nil } }
        }
        #expect(table.count > 1_400)
        var mismatches: [UInt32] = []
        for v in UInt32(1)...0x10FFFF {
            guard let s = Unicode.Scalar(v), s != "/", s != "\\", s != "." else { continue }
            let got = UnicodeCase.lowercase(String(Character(s))).unicodeScalars.map(\.value)
            if got != (table[v] ?? [v]) { mismatches.append(v) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(10))")
    }

    /// Shlex splits on exactly the scalars the reference does.
    @Test func shlexSeparatorsMatchReference() throws {
        guard case .map(let u)? = CaseFile.paths.top["unicode"], case .list(let list)? = u["shlex_separators"] else {
            Issue.record("no separator table")
            return
        }
        let expected = Set(list.compactMap { if case .int(let i) = $0 { return UInt32(i) } else { return nil } })
        #expect(expected.count == 21)
        let ls = try Constraint.shlex(allow: ["ls"])
        var got: Set<UInt32> = []
        for v in UInt32(1)...0x10FFFF {
            guard let s = Unicode.Scalar(v), s != "/", s != "\\", s != "." else { continue }
            // Only White_Space scalars can split; checking every scalar keeps the test honest.
            if s.properties.isWhitespace || v < 0x80 || expected.contains(v) {
                if CT.allows(ls, .string("ls" + String(Character(s)) + "x")) { got.insert(v) }
            }
        }
        #expect(got == expected)
    }

    static func norm(_ s: String) -> String { PathNormalizer.normalize(s) }

    @Test func lexicalNormalisation() {
        let table: [(String, String)] = [
            ("/data/../etc", "/etc"), ("/../data/x", "/data/x"), ("/data/./x/", "/data/x"),
            ("//srv//share/", "/srv/share"),
            ("/", "/"), ("/..", "/"), ("/data/...", "/data/..."), ("/data/%2e%2e/x", "/data/%2e%2e/x"),
            ("/data\\x\\..\\y", "/data/y"), ("C:\\data\\x", "C:\\data/x"), ("c:/Data/../x", "c:/x"), ("C:\\", "C:\\"),
            ("C:\\..\\..", "C:\\"), ("/a/b/../../..", "/"), ("/caf\u{e9}/../x", "/x"), ("/\u{301}/x", "/\u{301}/x"),
        ]
        for (input, expected) in table {
            #expect(Array(Self.norm(input).utf8) == Array(expected.utf8), "\(input)")
        }
        #expect(PathNormalizer.isAbsolute(Array("C:/x".utf8)) && PathNormalizer.isAbsolute(Array("z:\\".utf8)))
        #expect(!PathNormalizer.isAbsolute(Array("1:/x".utf8)) && !PathNormalizer.isAbsolute(Array("C:x".utf8)))
        #expect(!PathNormalizer.isAbsolute(Array("\\data".utf8)) && !PathNormalizer.isAbsolute(Array("".utf8)))
    }

    /// Rust's `to_lowercase`, including the final-sigma rule Swift's `lowercased()` lacks.
    @Test func lowercaseFinalSigma() {
        let table: [(String, String)] = [
            ("/\u{391}\u{3A3}", "/\u{3B1}\u{3C2}"), ("/\u{3A3}\u{391}\u{3A3}", "/\u{3C3}\u{3B1}\u{3C2}"),
            ("/\u{3A3}", "/\u{3C3}"), ("/\u{391}\u{3A3}\u{301}", "/\u{3B1}\u{3C2}\u{301}"),
            ("/\u{391}'\u{3A3}", "/\u{3B1}'\u{3C2}"), ("/\u{391}\u{3A3}\u{391}", "/\u{3B1}\u{3C3}\u{3B1}"),
            ("/\u{391}\u{3A3}/x", "/\u{3B1}\u{3C2}/x"), ("/\u{130}", "/i\u{307}"), ("/\u{212A}", "/k"),
        ]
        for (input, expected) in table {
            #expect(Array(UnicodeCase.lowercase(input).unicodeScalars) == Array(expected.unicodeScalars), "\(input)")
        }
    }

    @Test func subpathEvaluation() throws {
        let data = try Constraint.subpath("/data")
        let allowed = [
            "/data", "/data/", "/data/x", "/../data/x", "/data/...", "/data\\x", "//data//x", "/data/%2e%2e/x",
        ]
        let denied = ["/data/../etc", "/datax", "/DATA/x", "\\data\\x", "data/x", "", "/", "/data\u{0}/x", "C:/data/x"]
        for p in allowed { #expect(try data.matches(.string(p)), "\(p)") }
        for p in denied { #expect(try !data.matches(.string(p)), "\(p)") }
        for v: Value in [.int(1), .null, .list([.string("/data/x")])] { #expect(try !data.matches(v)) }
        let strict = try Constraint.subpath("/data/", allowEqual: false)
        #expect(try !strict.matches(.string("/data")) && strict.matches(.string("/data/x")))
        let folded = try Constraint.subpath("/Data", caseSensitive: false)
        #expect(try folded.matches(.string("/DATA/X")) && (folded.kind as? SubpathConstraint)?.root == "/data")
        // Root "/" keeps the reference's quirk: allow_equal=false still matches "/".
        #expect(try Constraint.subpath("/", allowEqual: false).matches(.string("/")))
        // Windows roots: separators after the drive are "/", so "C:\" matches only itself.
        let win = try Constraint.subpath("C:\\data")
        #expect(try win.matches(.string("C:\\data\\x")) && !win.matches(.string("C:/data/x")))
        #expect(try !Constraint.subpath("C:\\").matches(.string("C:\\x")))
        // Roots from the wire are used as signed.
        let raw = try CT.constraint("8211a364726f6f74606e636173655f73656e736974697665f56b616c6c6f775f657175616cf5")
        #expect(try raw.matches(.string("/anything")) && !raw.matches(.string("C:\\x")))  // root ""
    }

    @Test func subpathAttenuation() throws {
        let data = try Constraint.subpath("/data")
        func code(_ c: Constraint) -> ErrorCode? {
            do {
                try data.checkAttenuation(to: c)
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code(try .subpath("/data/x")) == nil)
        #expect(code(try .subpath("/data")) == nil)
        #expect(code(try .subpath("/data/x", allowEqual: false)) == nil)
        #expect(code(try .subpath("/etc")) == .constraintViolation)
        #expect(code(try .subpath("/datax")) == .constraintViolation)
        #expect(code(try .subpath("/data/x", caseSensitive: false)) == .invalidAttenuation)
        #expect(code(.exact(.string("/data/f"))) == nil)
        #expect(code(.exact(.string("/data/../etc"))) == .constraintViolation)
        #expect(code(.exact(.int(1))) == .invalidAttenuation)
        #expect(code(try .pattern("/data/*")) == .invalidAttenuation)
        let strict = try Constraint.subpath("/data", allowEqual: false)
        #expect(throws: TenuoError.self) { try strict.checkAttenuation(to: strict) }  // "/data" is not inside
        #expect(throws: TenuoError.self) { try strict.checkAttenuation(to: try .subpath("/data/x")) }
        do {
            try data.checkAttenuation(to: try .subpath("/etc"))
        } catch {
            #expect(error.message == #"ConstraintViolation: path "/etc" not contained in root "/data""#)
        }
    }

    @Test func shlexEvaluation() throws {
        let ls = try Constraint.shlex(allow: ["ls", "/usr/bin/git"])
        let allowed = [
            "ls", "ls -la", " ls", "\tls x", "ls\u{a0}-l", "ls\u{3000}x", "ls\u{85}x", "/bin/ls", "./ls", "ls #x",
            "ls *", "ls ~", "ls {a,b}", "ls \\x", "/usr/bin/git status", "ls\u{2028}x",
        ]
        let denied = [
            "", "   ", "LS", "ls;x", "ls 'a;b'", "ls $HOME", "ls `x`", "ls\nx", "ls\u{b}x", "ls\u{7f}", "ls\u{0}",
            "ls\u{7}", "ls\u{8}", "ls\u{c}", "ls\r", "ls | x", "ls & x", "ls > x", "ls < x", "(ls)", "ls\u{200b}x",
            "ls\u{1c}", "/usr/../bin/ls", "..ls", "ls..", "ls/", "git", "/bin/git", "ls\"x\"",
        ]
        for s in allowed { #expect(try ls.matches(.string(s)), "\(s)") }
        for s in denied { #expect(try !ls.matches(.string(s)), "\(s)") }
        for v: Value in [.int(1), .null, .list([.string("ls")])] { #expect(try !ls.matches(v)) }
        // The basename may be empty: an allowed "" accepts "ls/".
        #expect(try Constraint.shlex(allow: [""]).matches(.string("ls/")))
        // Decoding accepts an empty list (it matches nothing); constructing refuses it.
        let empty = try CT.constraint("821880a165616c6c6f7780")
        #expect(try !empty.matches(.string("ls")))
        #expect(CT.code { _ = try Constraint.shlex(allow: []) } == .invalidArgument)
        #expect(CT.code { _ = try CT.constraint("821880a166637573746f6d6464617461") } == .invalidPayloadStructure)
    }

    @Test func shlexAttenuation() throws {
        let parent = try Constraint.shlex(allow: ["ls", "git"])
        try parent.checkAttenuation(to: try .shlex(allow: ["git"]))
        try parent.checkAttenuation(to: .exact(.string("ls -la")))
        try parent.checkAttenuation(
            to: Constraint(try ShlexConstraint(wire: .map([CBORPair(.text("allow"), .array([]))]), depth: 0)))
        let refusals: [(Constraint, ErrorCode, String)] = [
            (try .shlex(allow: ["git", "cat"]), .invalidAttenuation, "MonotonicityError: "),
            (try .shlex(allow: ["/usr/bin/git"]), .invalidAttenuation, "MonotonicityError: "),
            (.exact(.string("cat x")), .constraintViolation, "ConstraintViolation: "),
            (.exact(.string("ls; rm")), .constraintViolation, "ConstraintViolation: "),
            (.exact(.int(1)), .invalidAttenuation, "IncompatibleConstraintTypes: "),
            (try .pattern("ls*"), .invalidAttenuation, "IncompatibleConstraintTypes: "),
            (.wildcard, .capabilityExpansion, "WildcardExpansion: "),
        ]
        for (child, code, prefix) in refusals {
            do {
                try parent.checkAttenuation(to: child)
                Issue.record("accepted \(child)")
            } catch {
                #expect(error.code == code && error.message.hasPrefix(prefix) && error.kind.map { $0 + ": " } == prefix,
                        "\(child): \(error)")
            }
        }
    }

    /// The examples of docs/constraints-sets-composites-paths.md build and decide as described.
    @Test func docExamples() throws {
        try CT.checkExamples([
            (
                #"{"type": "Subpath", "root": "/home/agent/workspace", "case_sensitive": true, "allow_equal": true}"#,
                #""/home/agent/workspace/f.txt""#, #""/home/agent/workspace/../../../etc/passwd""#
            ),
            (#"{"type": "Shlex", "allow": ["npm", "/usr/bin/git"]}"#, #""npm install x""#, #""npm install; rm -rf /""#),
        ])
    }

    @Test func jsonForm() throws {
        CT.checkRefusals([
            (#"{"type": "Shlex", "allow": []}"#, .invalidArgument),
            (#"{"type": "Shlex", "allow": [1]}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "data"}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "/da\u0000ta"}"#, .invalidArgument),
            (#"{"type": "Subpath", "root": "/data", "case_sensitive": "no"}"#, .invalidArgument),
        ])
        let sp = try CT.parse(#"{"type": "Subpath", "root": "/Data/../X/", "case_sensitive": false}"#)
        #expect(
            sp.json()
                == .map([
                    "type": .string("Subpath"), "root": .string("/x"), "case_sensitive": .bool(false),
                    "allow_equal": .bool(true),
                ]))
        #expect(sp.summary == #"Subpath("/x", case_sensitive=false, allow_equal=true)"#)
        #expect(
            try CT.parse(#"{"type": "Shlex", "allow": ["ls", "/usr/bin/git"]}"#).summary
                == #"Shlex(allow=["ls", "/usr/bin/git"])"#)
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
        try Soundness.check(
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
        try Soundness.check(
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
