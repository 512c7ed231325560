import Testing

@testable import TenuoCore

/// Subpath normalisation and Shlex tokenisation, case by case (outcomes from the reference
/// runtime, tenuo 0.3.3).
@Suite struct ConstraintPathShellTests {
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
}
