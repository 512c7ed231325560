import Testing

@testable import TenuoCore

/// Shared helpers for the constraint suites.
enum CT {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        func nib(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        while let a = it.next(), let b = it.next() { out.append(nib(a) << 4 | nib(b)) }
        return out
    }

    static func hex(_ b: [UInt8]) -> String { Hex.encode(b) }

    /// Decodes a constraint from wire hex.
    static func constraint(_ hex: String) throws(TenuoError) -> Constraint {
        try Constraint(wire: try CBORReader.decode(bytes(hex)))
    }

    /// The code of the error `body` throws, or nil when it does not throw.
    static func code(_ body: () throws -> Void) -> ErrorCode? {
        do {
            try body()
            return nil
        } catch let e as TenuoError {
            return e.code
        } catch {
            return .internalError
        }
    }

    static func encode(_ c: Constraint) -> String {
        var w = CBORWriter()
        c.write(to: &w)
        return hex(w.bytes)
    }
}

/// Evaluation tables. Every expected outcome was obtained by running the reference runtime
/// (tenuo 0.3.3, /tmp/refvenv): each constraint was spliced on the wire into a
/// reference-minted warrant as the only constraint (`"a"`) of its own tool, the warrant
/// re-signed and parsed with `Warrant.from_bytes`, and `check_constraints_detailed(tool,
/// {"a": value})` called with each value (a Python value converted by the reference:
/// bool/int/float/str/None/list/dict). Result letters: A = allowed (None), D = `("a", "value
/// does not match constraint")`, E = evaluation raised (field `_error`/`constraint`).
@Suite struct ConstraintEvaluationTests {
    static let evalConstraints: [(label: String, hex: String)] = [
        ("Exact \u{22}5\u{22}", "8201a16576616c75656135"),
        ("Exact 5", "8201a16576616c756505"),
        ("Exact 5.0", "8201a16576616c7565f94500"),
        ("Exact true", "8201a16576616c7565f5"),
        ("Exact null", "8201a16576616c7565f6"),
        ("Exact [1,\u{22}a\u{22}]", "8201a16576616c756582016161"),
        ("Exact {k:1}", "8201a16576616c7565a1616b01"),
        ("Exact caf\u{e9}", "8201a16576616c756565636166c3a9"),
        ("Exact 0.0", "8201a16576616c7565f90000"),
        ("Exact NaN", "8201a16576616c7565f97e00"),
        ("Exact \u{22}\u{22}", "8201a16576616c756560"),
        ("Pattern *", "8202a1677061747465726e612a"),
        ("Pattern empty", "8202a1677061747465726e60"),
        ("Pattern x*", "8202a1677061747465726e62782a"),
        ("Pattern caf?", "8202a1677061747465726e646361663f"),
        ("Pattern /data/*", "8202a1677061747465726e672f646174612f2a"),
        ("Pattern 5", "8202a1677061747465726e6135"),
        ("Pattern invalid [", "8202a1677061747465726e615b"),
        (
            "Range [0,10]",
            "8203a4636d696ef90000636d6178f949006d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        (
            "Range (0,10)",
            "8203a4636d696ef90000636d6178f949006d6d696e5f696e636c7573697665f46d6d61785f696e636c7573697665f4"
        ),
        (
            "Range \u{2264}100",
            "8203a4636d696ef6636d6178f956406d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        (
            "Range \u{2265}0 excl",
            "8203a4636d696ef90000636d6178f66d6d696e5f696e636c7573697665f46d6d61785f696e636c7573697665f5"
        ),
        (
            "Range (-inf,inf)",
            "8203a4636d696ef9fc00636d6178f97c006d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        (
            "Range [10,5]",
            "8203a4636d696ef94900636d6178f945006d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        ("Range unbounded", "8203a4636d696ef6636d6178f66d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"),
        (
            "Range [1e308,inf]",
            "8203a4636d696efb7fe1ccf385ebc8a0636d6178f97c006d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        (
            "Range [-0.0, 0.0]",
            "8203a4636d696ef98000636d6178f900006d6d696e5f696e636c7573697665f56d6d61785f696e636c7573697665f5"
        ),
        ("OneOf mixed", "8204a16676616c75657385613505f682016161f93c00"),
        ("OneOf empty", "8204a16676616c75657380"),
        ("NotOneOf \u{22}5\u{22}", "8207a1686578636c75646564816135"),
        ("NotOneOf 5,1.0,caf\u{e9}", "8207a1686578636c756465648305f93c0065636166c3a9"),
        ("NotOneOf empty", "8207a1686578636c7564656480"),
        ("Wildcard", "8210f6"),
        ("Unknown 19", "82134101"),
    ]
    static let evalValues: [Value] = [
        .int(5),
        .float(5.0),
        .string("5"),
        .bool(true),
        .bool(false),
        .null,
        .list([]),
        .map([:]),
        .list([.int(1), .string("a")]),
        .list([.float(1.0), .string("a")]),
        .map(["k": .int(1)]),
        .map(["k": .float(1.0)]),
        .string("x"),
        .string("xyz"),
        .string(""),
        .string("caf\u{e9}"),
        .string("cafe\u{301}"),
        .string("/data/"),
        .string("/data"),
        .string("/data/../etc/passwd"),
        .float(-0.0),
        .int(0),
        .float(0.0),
        .int(1),
        .float(1.0),
        .int(10),
        .float(10.0),
        .float(10.5),
        .int(-1),
        .int(100),
        .float(100.5),
        .int(9_223_372_036_854_775_807),
        .int(-9_223_372_036_854_775_808),
        .float(1e+308),
        .float(.infinity),
        .float(-.infinity),
        .float(.nan),
        .int(9_007_199_254_740_993),
    ]
    static let evalExpected: [String] = [
        "DDADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact \u{22}5\u{22}
        "ADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact 5
        "DADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact 5.0
        "DDDADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact true
        "DDDDDADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact null
        "DDDDDDDDADDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact [1,\u{22}a\u{22}]
        "DDDDDDDDDDADDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact {k:1}
        "DDDDDDDDDDDDDDDADDDDDDDDDDDDDDDDDDDDDD",  // Exact caf\u{e9}
        "DDDDDDDDDDDDDDDDDDDDADADDDDDDDDDDDDDDD",  // Exact 0.0
        "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Exact NaN
        "DDDDDDDDDDDDDDADDDDDDDDDDDDDDDDDDDDDDD",  // Exact \u{22}\u{22}
        "DDADDDDDDDDDAAAAAAAADDDDDDDDDDDDDDDDDD",  // Pattern *
        "DDDDDDDDDDDDDDADDDDDDDDDDDDDDDDDDDDDDD",  // Pattern empty
        "DDDDDDDDDDDDAADDDDDDDDDDDDDDDDDDDDDDDD",  // Pattern x*
        "DDDDDDDDDDDDDDDADDDDDDDDDDDDDDDDDDDDDD",  // Pattern caf?
        "DDDDDDDDDDDDDDDDDADADDDDDDDDDDDDDDDDDD",  // Pattern /data/*
        "DDADDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Pattern 5
        "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE",  // Pattern invalid [
        "AADDDDDDDDDDDDDDDDDDAAAAAAADDDDDDDDDDD",  // Range [0,10]
        "AADDDDDDDDDDDDDDDDDDDDDAADDDDDDDDDDDDD",  // Range (0,10)
        "AADDDDDDDDDDDDDDDDDDAAAAAAAAAADDADDADD",  // Range \u{2264}100
        "AADDDDDDDDDDDDDDDDDDDDDAAAAADAAADAADDA",  // Range \u{2265}0 excl
        "AADDDDDDDDDDDDDDDDDDAAAAAAAAAAAAAAAADA",  // Range (-inf,inf)
        "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // Range [10,5]
        "AADDDDDDDDDDDDDDDDDDAAAAAAAAAAAAAAAADA",  // Range unbounded
        "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDAADDD",  // Range [1e308,inf]
        "DDDDDDDDDDDDDDDDDDDDAAADDDDDDDDDDDDDDD",  // Range [-0.0, 0.0]
        "ADADDADDADDDDDDDDDDDDDDDADDDDDDDDDDDDD",  // OneOf mixed
        "DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD",  // OneOf empty
        "AADAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // NotOneOf \u{22}5\u{22}
        "DAAAAAAAAAAAAAADAAAAAAAADAAAAAAAAAAAAA",  // NotOneOf 5,1.0,caf\u{e9}
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // NotOneOf empty
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",  // Wildcard
        "EEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEEE",  // Unknown 19
    ]

    @Test func referenceEvaluationTable() throws {
        #expect(Self.evalExpected.count == Self.evalConstraints.count)
        for (i, entry) in Self.evalConstraints.enumerated() {
            let c = try CT.constraint(entry.hex)
            let expected = Array(Self.evalExpected[i])
            #expect(expected.count == Self.evalValues.count)
            for (j, v) in Self.evalValues.enumerated() {
                var got: Character
                do { got = try c.matches(v) ? "A" : "D" } catch { got = "E" }
                #expect(got == expected[j], "\(entry.label) on \(v): expected \(expected[j]), got \(got)")
            }
        }
    }

    /// Glob cases sampled from a differential run of 1.07 million (pattern, string) pairs
    /// against the reference (same method as above, random patterns over `* ? [ ] ! - / \\`,
    /// `**`, non-ASCII and combining characters; the Swift matcher agreed on every pair,
    /// including the error text). `expected` is "match", "no", or the reference's error reason.
    static let globCases: [(pattern: String, value: String, expected: String)] = [
        ("[!b]*", "[!b]xyz/", "match"),
        ("/*/**//**/a", "/*a/!-[\u{1f600}//?c\u{1f600}/a", "match"),
        ("*[]]\u{e9}[!b]\u{e9}a", "/]\u{e9}-\u{e9}a", "match"),
        ("a[]]b[a-c]??/[]][!b]", "a]bc\u{e9}[/]c", "match"),
        ("!]b/**/-", "!]b/b/e\u{301}/-", "match"),
        ("\u{e9}?a/**/]b", "\u{e9}ba/*ac/]b", "match"),
        ("[]]?b[!b][!b]b?/**/", "]]b?]ba/-b//", "match"),
        ("b//**/?b/", "b//?\u{e9}/cb/", "match"),
        ("/**/]zb\u{5c}", "/c[/ae\u{301}\u{e9}/]zb\u{5c}", "match"),
        ("[]]?b\u{e9}ab", "]]b\u{e9}ab", "match"),
        ("/**/[!b]b", "//[/\u{1f600}b", "match"),
        ("*?z", "a!e\u{301}\u{1f600}z", "match"),
        ("?[!b]a", "\u{e9}[a", "match"),
        ("b*a*[!b]/*", "bac\u{e9}]b]/", "match"),
        ("?zb/-", "*zb/-", "match"),
        ("[![!]]?]", "]]\u{1f600}]", "match"),
        ("[!b]//**/[!b]", "-//-/*", "match"),
        ("*/*[!b]*a", "/[\u{5c}b-ae\u{301}a", "match"),
        ("**/**/", "b\u{5c}[*///", "match"),
        ("/**/*/**/", "/*b/e\u{301}!e\u{301}//!", "match"),
        ("b/**/*[!-]", "b/b?[/\u{1f600}\u{e9}*a?", "match"),
        ("\u{e9}/ab[]]/**/[!b]a*", "\u{e9}/ab]//-[?/ca[//", "match"),
        ("*[!b]*[!b][]]", "\u{1f600}!?a*]", "match"),
        ("a\u{e9}/**/", "a\u{e9}/]\u{e9}/", "match"),
        ("/**/*b??", "/b?*][\u{1f600}/e\u{301}bbc", "match"),
        ("/**/?b", "/z]/cb", "match"),
        ("??*!\u{e9}", "/a!\u{e9}", "match"),
        ("b/**/abb/**/\u{e9}", "b/*\u{1f600}/abb/\u{1f600}/\u{5c}?//\u{e9}", "match"),
        ("*[!b]/**/?", "-be\u{301}z/c\u{1f600}//", "match"),
        ("b*a*/**//?/b/**/[]]/b", "ba*b/\u{e9}////b/b////z/]/b", "match"),
        ("?/**/a[!b]/*[]]*?[]]a", "\u{5c}/c/az/]]]a", "match"),
        ("*\u{5c}/*", "!\u{5c}[\u{5c}////", "match"),
        ("/**/*/**/\u{e9}a", "/]*]\u{e9}//zzcce\u{301}/\u{e9}a", "match"),
        ("a/**/[a-c]?/[]]a/", "a/z[//a?/]a/", "match"),
        ("bba/**/a/", "bba/e\u{301}e\u{301}*/a/", "match"),
        ("-?-b*", "-?-b", "match"),
        ("[!b]/**/\u{e9}*[a-c]", "\u{1f600}/]-\u{5c}e\u{301}-/\u{e9}a", "match"),
        ("?[![a-c]/**/[a-c]", "z*//?e\u{301}/a", "match"),
        ("\u{e9}[!b][!b]b", "\u{e9}!?b", "match"),
        ("*[!b]?", "aa*", "match"),
        ("[!b][]]/\u{e9}?/a", "!]/\u{e9}b/a", "match"),
        ("//**/b", "//\u{5c}b\u{1f600}/b", "match"),
        ("/**/?*[!b]", "/?*/c]z/?]ze\u{301}b\u{1f600}", "match"),
        ("*a*\u{e9}/**/b[a-c]", "[a//\u{e9}/\u{1f600}z/bc", "match"),
        ("[*]e\u{301}e\u{301}[a-c]*\u{e9}", "*e\u{301}e\u{301}ae\u{301}\u{e9}", "match"),
        ("/**//", "/cacc//", "match"),
        ("[!b]*?\u{e9}\u{e9}[a-c]b", "\u{5c}\u{5c}\u{e9}]\u{e9}\u{e9}cb", "match"),
        ("aabb[a-c]/[a-c][a-c]??\u{e9}/b?", "aabba/bc\u{e9}[\u{e9}/b\u{e9}", "match"),
        ("[!b]\u{e9}[!b]\u{e9}*/[]]/\u{e9}/**/a", "c\u{e9}c\u{e9}e\u{301}/]/\u{e9}//b[/a", "match"),
        ("\u{e9}a\u{e9}\u{e9}/\u{e9}//**/a", "\u{e9}a\u{e9}\u{e9}/\u{e9}//zz\u{1f600}-/a", "match"),
        ("[!b][]][!b]", "a]*", "match"),
        ("b*/**/", "b\u{1f600}/\u{1f600}/c/", "match"),
        ("a/**/[!b]a*[a-c]", "a/c/ze\u{301}\u{e9}-/aaa", "match"),
        ("*[]][a-c]/[]][]]/a*\u{e9}*a", "z]c/]]/a/\u{e9}z\u{e9}!a", "match"),
        ("a[a-c]aa[!b]/[]]", "aaaa[/]", "match"),
        ("a/ba/**/", "a/ba/-*/", "match"),
        ("?a[]]/**/ba", "ca]//?z/ba", "match"),
        ("/**/!]/z", "//\u{e9}/\u{1f600}/!]/z", "match"),
        ("*b\u{e9}*[a-c]/**/", "/\u{e9}b\u{e9}c/-/", "match"),
        ("[a-c][a-c]?*aa?[!b]", "ccaaaa-", "match"),
        ("??zb", "z*zb", "match"),
        ("?a[]]b", "\u{e9}a]b", "match"),
        ("*\u{5c}//**/[[*]", "\u{5c}//]*//[", "match"),
        ("*[]]a[!b]?[]]\u{e9}[!b]*", "*[]]a[!b]a[]]\u{e9}[!b]*", "match"),
        ("?\u{e9}??/**//\u{e9}", "z\u{e9}]]/\u{5c}?\u{1f600}cz//\u{e9}", "match"),
        ("\u{e9}\u{e9}*/**/b*a", "\u{e9}\u{e9}/\u{5c}z/b/a", "match"),
        ("[a-c]*[!b]b?b", "a\u{e9}bzb", "match"),
        ("[a-c][]]?a/**/[a-c]", "a]?a/*/a", "match"),
        ("?a[]]/[a-c]a", "/a]/aa", "match"),
        ("[a-c]\u{e9}//**//**/[!b]b*", "c\u{e9}//c[///[\u{e9}?/a//ab", "match"),
        ("[a-c]*/**/b[]]", "a[b/*/b]", "match"),
        ("*\u{e9}*a?", "*\u{e9}*a?", "match"),
        ("a/**/[a-c]?/[]]a/", "a///]/c\u{e9}/]a/", "match"),
        ("[]]\u{e9}\u{e9}/a/**/", "]\u{e9}\u{e9}/a/]a?/", "match"),
        ("\u{e9}?/**/*", "\u{e9}!//b/\u{1f600}*//--", "match"),
        ("/?[]][a-c]\u{e9}", "/c]a\u{e9}", "match"),
        ("\u{e9}a?/**/a\u{e9}", "\u{e9}a//z//a\u{e9}", "match"),
        (
            "b/**/\u{e9}?[a-c]b?/[!b]/**//**///[a-c][a-c][a-c]",
            "b/!a/\u{e9}?cb[/\u{5c}/-/-e\u{301}*//c\u{1f600}[z??///aaa", "match"
        ),
        ("[!b]/", "\u{1f600}/", "match"),
        ("?ab*b", "/ab/]b", "match"),
        ("ab//**//**/", "ab///?//ee\u{301}a?/", "match"),
        ("[]]?[a-c]", "]za", "match"),
        ("[!a![]?", "bz", "match"),
        ("b?[!b]", "bcc", "match"),
        ("???/", "]-!/", "match"),
        ("/**//**/[a-c]a", "/**ba?e\u{301}///ae\u{301}/aa", "match"),
        ("[]]\u{e9}?\u{e9}/", "]\u{e9}\u{1f600}\u{e9}/", "match"),
        ("\u{e9}a*/**/b*/", "\u{e9}a//b/", "match"),
        ("[!b]b[a-c][]]*[a-c]?/**/[!b][!b]", "!bc]caz///?/\u{5c}]", "match"),
        ("a[a-c]b?[]]/**/b", "acb\u{1f600}]//b?**/b", "match"),
        ("?/**//[!b][!b]*", "a/\u{e9}////z!e\u{301}*", "match"),
        ("*/**//**/", "!\u{e9}?/z\u{5c}//e\u{301}za/", "match"),
        ("e\u{301}/**/e\u{301}", "e\u{301}/[/e\u{301}", "match"),
        ("b*e\u{301}\u{5c}", "b/\u{e9}/e\u{301}\u{5c}", "match"),
        ("?\u{e9}/\u{e9}[a-c]/[a-c]", "\u{5c}\u{e9}/\u{e9}a/a", "match"),
        ("*/*[!b]*a", "/\u{5c}]*b*[\u{5c}e\u{301}a", "match"),
        ("//**/*[a-c][!b]", "//ze\u{301}/ce\u{301}b/[ae\u{301}c[!b]", "match"),
        ("*[!b]/", "-\u{1f600}/a/", "match"),
        ("*\u{e9}\u{e9}*", "\u{1f600}\u{e9}\u{e9}c-", "match"),
        ("/**/\u{e9}[]]", "//\u{1f600}//\u{e9}]", "match"),
        ("*[!b]//**/*b", "xyz/[!b]//xyz/xyz//xyz/b", "match"),
        ("[!b]/a[]]/[!b]", "-/a]/\u{5c}", "match"),
        ("\u{5c}*[*]", "\u{5c}*", "match"),
        ("[a-c]/**/", "c/e\u{301}b//", "match"),
        ("b/**/**/aab", "b/\u{1f600}!\u{e9}/z?\u{1f600}c/aab", "match"),
        ("b/**/", "b/z!\u{1f600}!/", "match"),
        ("[]]\u{e9}ba*/b", "]\u{e9}ba*c/b", "match"),
        ("/*", "/", "match"),
        ("[a-c]b[a-c]/**/*a*[]]/**/[]]a[!b]?*\u{e9}", "cbc/\u{1f600}\u{e9}]/aa]/]][/]a*-z]\u{e9}", "match"),
        ("?[!b]a/**/?b", "!?a///z/bb", "match"),
        ("*?a", "\u{5c}c[a", "match"),
        ("/**/\u{e9}[!b][a-c]*", "/a/\u{e9}!b*aac*", "match"),
        ("[a-c]a", "ca", "match"),
        ("/*?b[!b]a/**/", "//-*b-a/z*/", "match"),
        ("a//**/\u{e9}", "a///\u{e9}*z/\u{e9}", "match"),
        ("\u{e9}\u{e9}*/**/b*a", "\u{e9}\u{e9}/\u{5c}z/b*!a", "match"),
        ("?aa*/**/a?ab", "\u{1f600}aa[\u{1f600}z//a/ab", "match"),
        ("[]][!b]/*[]]b", "]]//]b", "match"),
        ("*?b\u{e9}", "zb\u{e9}", "match"),
        ("\u{5c}\u{5c}]e\u{301}?]", "\u{5c}\u{5c}]e\u{301}-]", "match"),
        ("/**//**/[!b]*b[!b][!b]*[a-c]a[a-c]b*", "/-\u{1f600}?z///b\u{5c}b?ze\u{301}caab*", "match"),
        ("/**/b\u{5c}\u{e9}", "/\u{1f600}-!/b\u{5c}\u{e9}", "match"),
        ("/**/\u{e9}/**/", "/?/e\u{301}/\u{e9}/-\u{5c}z?z/", "match"),
        ("b*\u{e9}/", "b/!\u{e9}/", "match"),
        ("/**/\u{e9}[!b]", "/azc/\u{e9}c", "match"),
        ("ab?a?/**/?", "abca-/-/]", "match"),
        ("/**/*", "/\u{5c}*", "match"),
        ("b/??!", "b/zb!", "match"),
        ("/**//**/*/**/b[!b]/**//**/*/\u{e9}", "/z//]]/b]//*\u{5c}/bc!b/\u{5c}a//!e\u{301}!/-c//\u{e9}", "match"),
        ("?/[a-c]b/**//[]][a-c]/[!b]", "]/cb///]a/\u{1f600}", "match"),
        ("\u{e9}ab/**/", "\u{e9}ab/\u{1f600}!c?e\u{301}e\u{301}/", "match"),
        ("?/?*a//**/", "?/?a///", "match"),
        ("a", "a", "match"),
        ("a[a-c]ab\u{e9}/**/", "aaab\u{e9}/z\u{1f600}-\u{5c}\u{e9}*", "match"),
        ("/**/[]]/**/\u{e9}b*?", "/\u{5c}**[/]/c/a/\u{e9}b\u{5c}a-?", "match"),
        ("\u{e9}ab[a-c]*[a-c]", "\u{e9}abcc", "match"),
        ("?/**/b?[!b]", "z/z!//b\u{5c}\u{1f600}", "match"),
        ("a[a-c]/**/[]]*/**/??/aa/b", "aa//]/b//a?z*/?/a\u{e9}/aa/b", "match"),
        ("/**/*", "//", "match"),
        ("*[a-c]\u{e9}", "\u{1f600}abc\u{e9}", "match"),
        ("/?\u{e9}", "/!\u{e9}", "match"),
        ("be\u{301}e\u{301}/**/!", "be\u{301}e\u{301}/\u{e9}\u{1f600}?[\u{e9}/!", "match"),
        ("/**///**/a\u{e9}", "/]/?///-!!c-/a\u{e9}", "match"),
        ("[]]b[]]?[!b]", "]b]!-", "match"),
        ("\u{e9}\u{e9}/**/\u{e9}??", "\u{e9}\u{e9}/\u{5c}\u{e9}/]/\u{e9}?!", "match"),
        (
            "?*/**/*?*?a[!b]a*//**/*", "b/e\u{301}\u{e9}/z?e\u{301}/e\u{301}/z/\u{1f600}/e\u{301}aza\u{1f600}/*///--?/",
            "match"
        ),
        ("\u{e9}-?*e\u{301}", "\u{e9}-z\u{1f600}\u{5c}e\u{301}", "match"),
        ("/*a[!b]*", "///ac/", "match"),
        ("]-/**/[a-c]", "]-/-/b/c", "match"),
        ("ba\u{e9}/**//**/b", "ba\u{e9}/??[[\u{1f600}//*a/b", "match"),
        ("[a-c]b/**//*[!b][!b]?[]]?", "bb//?//[-//\u{e9}\u{e9}e\u{301}]b", "match"),
        ("b?[!b]*\u{e9}b", "b\u{1f600}-a\u{e9}b", "match"),
        ("/**/", "/\u{5c}//", "match"),
        ("[!b]/**//**//b\u{e9}?[a-c]//?/**/*", "\u{e9}//*e\u{301}/////b\u{e9}ac//-/b/!\u{e9}[", "match"),
        ("b/[a-c]/**/?/**/*", "b/c///e\u{301}//-?//c", "match"),
        ("*?/**/\u{e9}", "aa\u{e9}\u{e9}/e\u{301}/\u{e9}", "match"),
        ("[a-c][!b][a-c]", "aac", "match"),
        ("\u{e9}\u{e9}*/**/b*a", "\u{e9}\u{e9}]*\u{e9}/?!***/ba", "match"),
        ("*e\u{301}-", "]!e\u{301}-", "match"),
        ("/[!b]*/**/", "/ac/!//?\u{5c}/", "match"),
        ("/**/[a-c][!b]//a[!b][]][]]a\u{e9}/[a-c]*", "", "no"),
        ("[]][!b]\u{e9}[]]/**/\u{e9}[]]", "\u{5c}/b\u{1f600}\u{e9}[]?/a/\u{5c}/\u{e9}[]", "no"),
        (
            "/**/?\u{e9}[a-c][!b][a-c]/[a-c]\u{e9}[a-c]/**/b/**/[!b]/",
            "/!b\u{e9}b-/?\u{e9}c\u{5c}z/c\u{e9}[/z/c*!/b/*\u{e9}-!/[/", "no"
        ),
        ("\u{e9}//**/[]]/b", "\u{e9}-", "no"),
        ("/b/**/[a-c]/**/[a-c]", "a]aa]ze\u{301}", "no"),
        ("?/[a-c]*", "a!c-*[\u{e9}!", "no"),
        ("\u{e9}[]]\u{e9}\u{e9}[]]b/**/ab/**/b?\u{e9}/**/[!b]", "a", "no"),
        ("/*[]]/**/?\u{e9}[!b]", "zb", "no"),
        ("aa/[!b]/**/[!b][]][]][]]a*a[!b][!b][!b][!b]", "\u{1f600}b", "no"),
        ("*[]][!b][]]/**/a", "a*\u{1f600}z]??e\u{301}", "no"),
        ("a/**/[]][]]a\u{e9}?\u{e9}/[a-c]a/**/", "-*\u{1f600}-c*", "no"),
        ("b[]]b[!b]", "b?b\u{1f600}ba[b-", "no"),
        ("?[!b]", "*a!b", "no"),
        ("/**/[a-c][a-c]/[]][]][!b]", "/-/aa/\u{5c}/b", "no"),
        ("[e\u{301}[][*][[]/", "a", "no"),
        ("?b/**//**/[]]", "ccz-a-a[", "no"),
        ("[]][!b]\u{e9}/", "a*ae\u{301}!", "no"),
        ("?[a-c][!b]a[a-c]/", "\u{5c}c?ae\u{301}\u{1f600}", "no"),
        ("*ba/[]][!b]\u{e9}//**//**/abbb", "\u{e9}", "no"),
        ("[!b]a[]][]]b", "*\u{1f600}]]b", "no"),
        ("\u{e9}aa\u{5c}!/", "b--", "no"),
        ("/a/**/*/a[a-c]?[!b]\u{e9}a[]]", "/a/e\u{301}\u{1f600}?//a[--\u{e9}a]", "no"),
        ("\u{e9}[]]*\u{e9}\u{e9}[a-c]*", "\u{e9}[]]*\u{e9}\u{e9}[a-c]*", "no"),
        ("*[!b]/", "*", "no"),
        ("[a-c][!b]*\u{e9}[a-c]//", "[b/\u{e9}a//", "no"),
        ("/**/[]][a-c]?", "/[c?-*a\u{5c}c\u{1f600}a", "no"),
        ("[*]?[*]??", "/\u{e9}\u{5c}!!]/c", "no"),
        ("[]]\u{e9}[a-c]/**/[a-c]", "c]", "no"),
        ("[!b]b[!b][!b]*?a", "[!b]b[!b][!b]?a", "no"),
        ("?*/**/a[!b]/b?a?/\u{e9}[]]/**/", "a-!/?]/a!ba/b/a-/\u{e9}[]/]e\u{301}\u{5c}/", "no"),
        ("a/[]]?", "[/ze\u{301}[", "no"),
        ("b[!b]", "b?!be\u{301}", "no"),
        ("[]]/**/[a-c]?b[!b]?/**/", "]]/?!?/cazc/?bz-bc//", "no"),
        ("/??[a-c]", "/[\u{e9}[ac]", "no"),
        ("b?*a[!b][]]/", "b\u{5c}?a/az]]", "no"),
        ("a[!b][]]?[]]?[]]\u{e9}[a-c]??", "ac]e\u{301}]/]\u{e9}\u{1f600}/\u{1f600}", "no"),
        ("??[!b]\u{e9}a/**//**/b*a", "]", "no"),
        ("/[!b]/*?/\u{e9}/?", "/\u{e9}-b]/\u{e9}/\u{e9}/e\u{301}", "no"),
        ("a/\u{e9}/**//bb[!b][]]a", "a/\u{e9}/--/a//bbe\u{301}b]\u{e9}a", "no"),
        ("[]][a-c][!b]?", "[]][a-c][!b]?", "no"),
        ("b[*]]*?", "!]ba!e\u{301}*z", "no"),
        ("a[]]/**/[]][]]/b[]][]]\u{e9}b", "\u{e9}[", "no"),
        ("[]]/b[!b][!b]", "?[][e\u{301}[", "no"),
        ("/[!b][]]/**//", "\u{e9}]/?za", "no"),
        ("[a-c]/b[a-c][]]", "ac", "no"),
        ("/**/?a[!b]", "/\u{1f600}a\u{1f600}ae\u{301}zb]", "no"),
        ("**//", "[e\u{301}c", "no"),
        ("/[!b]a", "/ab]a", "no"),
        ("?]e\u{301}b/e\u{301}", "cbb?/", "no"),
        ("[!b]/**/b/", "aab-", "no"),
        ("\u{e9}/**/\u{e9}/**/[]]", "\u{e9}/c[/\u{e9}/\u{e9}?[![/]\u{5c}", "no"),
        ("/*a[!b][a-c]*", "/a-e\u{301}*", "no"),
        ("[]\u{5c}a[]!", "c?\u{5c}b\u{5c}a", "no"),
        ("/**//[!b]", "/z\u{e9}]", "no"),
        ("e\u{301}/z", "\u{1f600}![\u{5c}", "no"),
        ("?b[]]b", "?b[]]b", "no"),
        ("[]]/*//b[!b]", "/cc", "no"),
        ("?[a-c][]]a", "\u{e9}aac??*a", "no"),
        ("[][a-c][*]", "ze\u{301}a\u{e9}c]?", "no"),
        ("[a-c][]]?[]][a-c]?", "abce\u{301}\u{e9}[]]a-c]z", "no"),
        ("*b?*???a", "\u{5c}/\u{5c}b]!?\u{1f600}", "no"),
        ("za", "\u{1f600}!-]??", "no"),
        ("]e\u{301}!", "\u{e9}[!", "no"),
        ("-![*]*\u{e9}aa", "\u{1f600}", "no"),
        (
            "[!b][a-c]\u{e9}/[!b][a-c]?/[a-c][]][!b][!b]/",
            "zb[bac/\u{e9}/zb*\u{e9}a/ca*/\u{1f600}a*c][]]zbb-b\u{1f600}/", "no"
        ),
        ("[]][!b]\u{e9}/", "z\u{e9}!!\u{1f600}", "no"),
        ("a[!b]\u{e9}\u{e9}?[!b]b", "azb!\u{e9}\u{e9}[\u{5c}!\u{5c}?b", "no"),
        ("?be\u{301}[[*]", "abe\u{301}[--\u{e9}?a", "no"),
        ("[a-c]aba/?", "caba]?", "no"),
        ("*a[]]?", "za\u{5c}be\u{301}\u{e9}", "no"),
        ("a-[a-c]a", "ab\u{e9}a??[", "no"),
        ("?[*]?[[a-c]/", "?[*]?[[a-c]/", "no"),
        ("?b[]]", "ab[?", "no"),
        ("[!b]a[a-c]/\u{e9}?*[a-c]a\u{e9}\u{e9}?", "//", "no"),
        ("a?\u{e9}b\u{e9}/**/", "a-!b\u{e9}/b/", "no"),
        ("[a-c]b*[!b]?*", "\u{e9}a/cb?z\u{1f600}\u{5c}b\u{5c}*", "no"),
        ("[a-c]/[!b]a[!b]ab/**/?[!b][]]b", "!/-abab/b!ae\u{301}/\u{e9}/e\u{301}\u{e9}]b", "no"),
        ("/**/*[]]", "\u{e9}//a/\u{1f600}\u{e9}", "no"),
        ("\u{e9}\u{e9}*[a-c]\u{e9}", "\u{5c}z[z\u{1f600}*", "no"),
        ("[a-c]\u{e9}a\u{e9}b[]]*/**/a", "///cb", "no"),
        ("[]]ba?/**/[]]*", "[zab]bb]", "no"),
        ("/**/b*//?aa/**/", "/\u{e9}[ce\u{301}\u{1f600}/bz\u{1f600}a//z[a///", "no"),
        ("\u{e9}?/", "]z", "no"),
        ("/[a-c]e\u{301}", "/[a-c]e\u{301}", "no"),
        (
            "/**/[!b]\u{e9}\u{e9}\u{e9}[a-c]//bb[a-c][]][!b]",
            "/!e\u{301}]/!-bz\u{e9}\u{e9}\u{e9}ac//bbaa-c\u{5c}]ze\u{301}b]", "no"
        ),
        ("?*/**/*?*?a[!b]a*//**/*", "[/[!/\u{1f600}ac!*e\u{301}caa?b!ab-z///ze\u{301}z", "no"),
        ("/**/ba[a-c][a-c]?//**//**/////**/[]]", "/-!e\u{301}/b[[acaza-caz//z!\u{5c}//\u{e9}b//////a/e\u{301}c]", "no"),
        (
            "\u{e9}/b*/**/a/**/?/**/[a-c][a-c]//**/[]]/[a-c]",
            "\u{e9}/b/e\u{301}\u{e9}-\u{5c}/a//c/??*\u{e9}/[a]c/e\u{301}a-c]///[!]/e\u{301}/-acz", "no"
        ),
        ("[!b]a[!b]?/", "", "no"),
        ("b?", "?\u{5c}", "no"),
        ("?/\u{e9}/**/[a-c][a-c]", "\u{e9}\u{5c}/?z\u{1f600}]c", "no"),
        ("[!b[*]??", "\u{e9}!bae\u{301}b---]", "no"),
        ("[]]a\u{e9}", "]e\u{301}\u{e9}a\u{e9}", "no"),
        ("[]]\u{e9}a?\u{e9}[!b]b", "/\u{e9}aa\u{e9}!b", "no"),
        ("[!b]baaa[a-c]aa[]]b", "b[a\u{5c}", "no"),
        (
            "a[a-c][]][!b][a-c]\u{e9}\u{e9}*\u{e9}*/[!b]*b?[a-c]",
            "aca[c]]\u{5c}e\u{301}b-[a-c?\u{e9}\u{e9}-\u{e9}/]ab\u{1f600}b/\u{1f600}a-c]", "no"
        ),
        ("[]][a-c]\u{e9}", "\u{1f600}a\u{301}acc\u{e9}", "no"),
        ("[!b][!b]*[!b]?[!b][a-c][]]*b[a-c]/**/", "e\u{301}bac?bc", "no"),
        ("[![a-c]?\u{e9}?e\u{301}", "!]c!", "no"),
        ("/**/\u{e9}*[!b][!b]b", "z\u{5c}", "no"),
        ("*b", "\u{1f600}cc", "no"),
        ("[!b][]]*?/", "\u{1f600}?b?/-]?/", "no"),
        ("\u{e9}/**/[]]\u{e9}//[a-c]", "c*[", "no"),
        ("\u{e9}b[]]b\u{e9}", "\u{e9}b[b\u{e9}", "no"),
        ("\u{e9}[!b][a-c]?a\u{e9}bb[!b]/[!b]", "\u{e9}\u{5c}ab]\u{1f600}a-c]ca\u{e9}bb[!b\u{e9}/\u{5c}?b?", "no"),
        ("e\u{301}\u{e9}[e\u{301}[a-c]!\u{e9}", "e\u{301}\u{e9}ce\u{301}[abc[!\u{e9}", "no"),
        ("[a-c]?[a-c]a[]]a*", "ac]]/ac]a[\u{e9}a", "no"),
        ("bba/", "bb]??[/", "no"),
        ("[a-c]?[!b]/**/?", "e\u{301}*/c\u{1f600}e\u{301}\u{1f600}c", "no"),
        ("?\u{e9}bb][a-c]?", "\u{5c}\u{e9}bb/]ac!z", "no"),
        ("*b/?[a-c]", "*b/a[a-c]", "no"),
        ("[]][]]*[a-c]?//**/ba[]]\u{e9}b", "\u{e9}][]*e\u{301}ac!\u{5c}//\u{5c}!/bab][\u{e9}b", "no"),
        ("?ba?[]]", "*]b!/-e\u{301}e\u{301}", "no"),
        ("[a-c]\u{e9}[a-c]/[!b]", "ac/\u{e9}*acz/\u{e9}bb]", "no"),
        ("[!b]a?/**/[!b]a[!b]", "\u{5c}a[/[-\u{1f600}e\u{301}/ba/", "no"),
        ("[a-c]baa", "!e\u{301}e\u{301}b", "no"),
        ("?*\u{e9}[]]/b", "e\u{301}", "no"),
        ("[a-c][]]", "e\u{301}z-cc?!", "no"),
        ("/**//[!b][a-c]\u{e9}[!b][a-c]*", "bz\u{1f600}b\u{5c}z!?", "no"),
        ("/[]]\u{e9}a", "/z\u{e9}\u{e9}a", "no"),
        ("[!b]a/**/a?[]]/**/?\u{e9}/aa?a", "[!b]a/]/az!]//e\u{301}///\u{e9}/a\u{1f600}!a", "no"),
        ("[]]b*[]][!b][!b]", "e\u{301}\u{1f600}", "no"),
        ("/**/[a-c][]][]]??[a-c]/", "ab", "no"),
        ("/**/?[a-c]?b\u{e9}", "/]c?\u{5c}]\u{1f600}*", "no"),
        ("[a-c]?\u{e9}*/**/\u{e9}/**/", "a-cze\u{301}\u{e9}]/b/\u{e9}/]a\u{e9}b/", "no"),
        ("[]]/**/[a-c][a-c]bba", "[c*?\u{1f600}/a/", "no"),
        ("[!b]*a\u{e9}[!b]", "**e\u{301}/e\u{301}?", "no"),
        ("b[]]/**/", "b!/\u{1f600}!\u{1f600}z/", "no"),
        (
            "\u{e9}[!b][]][a-c]/*/[]][]]/**//**/ba[a-c]b*",
            "\u{e9}\u{e9}b/\u{e9}\u{5c}*a-c]/-[/[]z\u{5c}/a/cb//-a/baa-c]b[", "no"
        ),
        ("b[]][!b]a\u{e9}/[]][]]", "[c-?ce\u{301}", "no"),
        ("b?\u{e9}\u{e9}/**/", "-[", "no"),
        ("[*][![a-c]/b?", "ca[c]c--", "no"),
        ("\u{5c}][a-c]", "b[\u{5c}", "no"),
        ("?\u{e9}a?*[!b]\u{e9}", "]\u{e9}a/*z\u{5c}b\u{e9}", "no"),
        ("[a-c]\u{e9}[a-c]a\u{e9}/?[!b]/**/a", "\u{1f600}\u{e9}ca\u{e9}/!e\u{301}///a", "no"),
        ("[]]a/**/?\u{e9}", "\u{5c}\u{5c}??[", "no"),
        ("?/**/?[]]*[a-c][]]", "\u{1f600}e\u{301}]*", "no"),
        ("[!b]ba*//**/\u{e9}b[a-c]", "z", "no"),
        ("/*ab*/*\u{e9}", "!e\u{301}a\u{1f600}b?b-", "no"),
        ("?b\u{e9}", "*e\u{301}b\u{1f600}!/?e\u{301}", "no"),
        ("[!b]aa/**/[a-c][a-c][!b]", "[!baa/bz[//a-c]aa\u{1f600}c]\u{1f600}b?", "no"),
        ("[]]?a[a-c]*[]]/", "]]\u{e9}a[a*c?zc/", "no"),
        ("[a-c][!b]??a/**/", "ae\u{301}cc*!bb]\u{1f600}a/c[c]/", "no"),
        ("e\u{301}b[a-c]/**/[*]/**/", "\u{5c}/", "no"),
        ("*/[a-c]\u{e9}\u{e9}?", "]/acc\u{e9}\u{e9}\u{e9}!", "no"),
        ("[!b[*]??", "e\u{301}", "no"),
        ("*[a-c]b\u{e9}", "*/*", "no"),
        ("//[a-c]a/*/**//[]]\u{e9}/\u{e9}", "\u{5c}\u{e9}\u{e9}![\u{1f600}[z", "no"),
        ("*[a-c]b", "e\u{301}/\u{1f600}\u{e9}", "no"),
        ("[a-c]/**/[!b]bb", "-", "no"),
        ("\u{e9}/?a[]][a-c][a-c]", "ze\u{301}*]c?\u{5c}]", "no"),
        ("/**//\u{e9}/*\u{e9}a/", "///\u{e9}/\u{e9}\u{e9}\u{e9}az", "no"),
        ("?a[!b]a[a-c]*//*a[!b][!b]\u{e9}[]]\u{e9}", "/", "no"),
        ("/**//[a-c]a\u{e9}*/**/b[a-c]?[!b]", "\u{5c}/ze\u{301}\u{5c}\u{5c}", "no"),
        ("e\u{301}\u{e9}\u{e9}*", "e\u{301}]\u{e9}*a", "no"),
        ("ba[a-c][a-c][a-c][]]?", "baacczz", "no"),
        (
            "[!b][]][a-c][!b]/**/?\u{e9}\u{e9}\u{e9}?",
            "[bb\u{1f600}]][a-c/b\u{1f600}/\u{1f600}c[[e\u{301}\u{5c}/[\u{e9}\u{e9}\u{e9}\u{5c}", "no"
        ),
        ("\u{e9}/*", "\u{e9}e\u{301}b", "no"),
        ("?b\u{e9}\u{e9}b[!b]*", "cb\u{e9}\u{e9}bb]", "no"),
        ("-z-", "z-", "no"),
        ("*[!/**/[!", "e\u{301}-", "invalid pattern: Pattern syntax error near position 1: invalid range pattern"),
        ("]*[!az**", "", "invalid pattern: Pattern syntax error near position 2: invalid range pattern"),
        (
            "]**a[a-c]!/**/", "-",
            "invalid pattern: Pattern syntax error near position 0: recursive wildcards must form a single path component"
        ),
        (
            "[]!e\u{301}!!/**/\u{5c}", "\u{1f600}]c",
            "invalid pattern: Pattern syntax error near position 0: invalid range pattern"
        ),
        (
            "[a-c]]\u{5c}\u{5c}[*][!", "\u{1f600}",
            "invalid pattern: Pattern syntax error near position 11: invalid range pattern"
        ),
        ("[*]b[!!z**", "z\u{e9}cc", "invalid pattern: Pattern syntax error near position 4: invalid range pattern"),
        (
            "/**/-[]az", "a\u{e9}e\u{301}\u{e9}",
            "invalid pattern: Pattern syntax error near position 5: invalid range pattern"
        ),
        (
            "**b[!", "\u{5c}/z]",
            "invalid pattern: Pattern syntax error near position 2: recursive wildcards must form a single path component"
        ),
        (
            "[*][]][a-c]**", "c[\u{e9}/!*a\u{5c}",
            "invalid pattern: Pattern syntax error near position 10: recursive wildcards must form a single path component"
        ),
        (
            "e\u{301}**e\u{301}a[][]\u{e9}", "zb",
            "invalid pattern: Pattern syntax error near position 1: recursive wildcards must form a single path component"
        ),
        ("a![[][*][/", "!", "invalid pattern: Pattern syntax error near position 8: invalid range pattern"),
        (
            "?b[/**/[a-c]**", "a",
            "invalid pattern: Pattern syntax error near position 11: recursive wildcards must form a single path component"
        ),
        (
            "[*]\u{e9}**b\u{5c}?", "z[b*c!",
            "invalid pattern: Pattern syntax error near position 3: recursive wildcards must form a single path component"
        ),
        ("[*]/**/[", "c/[b\u{5c}", "invalid pattern: Pattern syntax error near position 7: invalid range pattern"),
        (
            "]e\u{301}*][*]**", "",
            "invalid pattern: Pattern syntax error near position 7: recursive wildcards must form a single path component"
        ),
        (
            "e\u{301}\u{5c}[*][]", "/[[\u{5c}]\u{5c}a",
            "invalid pattern: Pattern syntax error near position 6: invalid range pattern"
        ),
        ("!\u{e9}*[]", "\u{1f600}", "invalid pattern: Pattern syntax error near position 3: invalid range pattern"),
        (
            "/**/[a-c]**", "\u{1f600}-\u{5c}a*",
            "invalid pattern: Pattern syntax error near position 8: recursive wildcards must form a single path component"
        ),
        (
            "[a-c]az[*]**", "!/-",
            "invalid pattern: Pattern syntax error near position 9: recursive wildcards must form a single path component"
        ),
        (
            "/e\u{301}//**/a[", "be\u{301}b[a",
            "invalid pattern: Pattern syntax error near position 9: invalid range pattern"
        ),
        ("\u{e9}[a-c]z[*][!", "!??[", "invalid pattern: Pattern syntax error near position 10: invalid range pattern"),
        (
            "[a-c][][*][a-c][]a\u{5c}", "\u{1f600}",
            "invalid pattern: Pattern syntax error near position 15: invalid range pattern"
        ),
        (
            "[a-c]\u{e9}***e\u{301}?", "",
            "invalid pattern: Pattern syntax error near position 8: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "\u{5c}/**/\u{e9}[][a-c][", "",
            "invalid pattern: Pattern syntax error near position 13: invalid range pattern"
        ),
        (
            "[a-c]**", "*e\u{301}c*",
            "invalid pattern: Pattern syntax error near position 4: recursive wildcards must form a single path component"
        ),
        (
            "[][a-c]**[*]\u{5c}/**/", "\u{e9}",
            "invalid pattern: Pattern syntax error near position 6: recursive wildcards must form a single path component"
        ),
        (
            "-b****z", "*\u{e9}\u{5c}-\u{5c}\u{1f600}*c",
            "invalid pattern: Pattern syntax error near position 4: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "-??az***", "\u{e9}[-*!\u{5c}/z",
            "invalid pattern: Pattern syntax error near position 7: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "/**/e\u{301}![a-c]/**/][!", "!\u{5c}\u{1f600}",
            "invalid pattern: Pattern syntax error near position 17: invalid range pattern"
        ),
        (
            "\u{e9}***a[*]", "\u{5c}e\u{301}",
            "invalid pattern: Pattern syntax error near position 3: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "***z[a-c][", "z!*-[",
            "invalid pattern: Pattern syntax error near position 2: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "/**/***?-", "[c",
            "invalid pattern: Pattern syntax error near position 6: wildcards are either regular `*` or recursive `**`"
        ),
        ("?*/**/[a-c]][", "", "invalid pattern: Pattern syntax error near position 12: invalid range pattern"),
        (
            "e\u{301}/**!", "z",
            "invalid pattern: Pattern syntax error near position 5: recursive wildcards must form a single path component"
        ),
        (
            "[!-**[a-c]***/**/", "!!/-[bz",
            "invalid pattern: Pattern syntax error near position 12: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "[a-c]/**/ze\u{301}[a-c][a-c][!", "//][a/",
            "invalid pattern: Pattern syntax error near position 22: invalid range pattern"
        ),
        (
            "[a-c][a-c]\u{e9}b!![]", "z-\u{e9}[a\u{5c}-",
            "invalid pattern: Pattern syntax error near position 14: invalid range pattern"
        ),
        (
            "/[a-c][*]/**/b**", "]bc?-\u{5c}",
            "invalid pattern: Pattern syntax error near position 13: recursive wildcards must form a single path component"
        ),
        (
            "*]z[a-c]***-", "[]",
            "invalid pattern: Pattern syntax error near position 10: wildcards are either regular `*` or recursive `**`"
        ),
        (
            "[a-c]\u{e9}[a-c]***b/", "a/b[bc",
            "invalid pattern: Pattern syntax error near position 13: wildcards are either regular `*` or recursive `**`"
        ),
    ]

    @Test func referenceGlobSample() {
        for g in Self.globCases {
            let p = PatternConstraint(unchecked: g.pattern)
            var got: String
            do {
                got = try p.matches(.string(g.value)) ? "match" : "no"
            } catch {
                got = error.message
                #expect(error.code == .constraintViolation)
            }
            #expect(got == g.expected, "pattern \(g.pattern.debugDescription) on \(g.value.debugDescription)")
        }
    }

    /// Behaviour listed in SPEC-NOTES "Observed behaviour" item 5; every row was checked with the
    /// reference's `Pattern(p).matches(s)`.
    @Test func globSemantics() throws {
        let cases: [(String, String, Bool)] = [
            ("/data/*", "/data/../etc/passwd", true), ("/data/*", "/data/", true), ("/data/*", "/data", false),
            ("a?c", "a/c", true), ("ABC", "abc", false), ("\\*x", "\\yyx", true), ("\\*x", "*x", false),
            ("[*]", "*", true), ("[*]", "a", false), ("{a,b}", "a", false), ("{a,b}", "{a,b}", true),
            ("", "", true), ("", "a", false), ("[!abc]", "d", true), ("[!abc]", "a", false), ("[a-z]", "q", true),
            ("[a-z]", "Q", false), ("[]]", "]", true), ("[!]]", "a", true), ("[z-a]", "m", false),
            ("?", "\u{1F600}", true), ("?", "e\u{301}", false), ("caf\u{e9}", "cafe\u{301}", false),
            ("a/**/b", "a/b", true), ("a/**/b", "a/x/y/b", true), ("a/**", "a/x", true),
            ("**", "anything/at/all", true),
        ]
        for (p, s, want) in cases {
            #expect(try PatternConstraint(p).matches(.string(s)) == want, "\(p) on \(s)")
        }
        // Non-strings never match a valid pattern.
        for v: Value in [.int(5), .null, .list([.string("a")]), .bool(true)] {
            #expect(try PatternConstraint("*").matches(v) == false)
        }
    }

    @Test func invalidPatternRaisesAtEvaluationOnly() throws {
        // Decoding keeps an invalid glob (as the reference does); evaluating raises, even on a non-string.
        let c = try CT.constraint("8202a1677061747465726e615b")  // [2, {"pattern": "["}]
        #expect(
            throws: TenuoError(
                .constraintViolation,
                "invalid pattern: Pattern syntax error near position 0: invalid range pattern",
                kind: "InvalidPattern")  // the reference's InvalidPattern
        ) { try c.matches(.int(5)) }
        // The constructor (JSON / Swift) refuses it up front, as the reference's Pattern("[") does.
        #expect(throws: TenuoError.self) { try Constraint.pattern("[") }
        #expect(throws: TenuoError.self) {
            try Constraint(json: .map(["type": .string("Pattern"), "pattern": .string("***")]))
        }
    }

    /// Linear-time matching: patterns that make a naive backtracking matcher exponential.
    @Test func noCatastrophicBacktracking() throws {
        let long = String(repeating: "a", count: 20_000)
        let p1 = try PatternConstraint(String(repeating: "*a", count: 40) + "*b")
        #expect(try p1.matches(.string(long)) == false)
        let p2 = try PatternConstraint("a/**/" + String(repeating: "*?", count: 30) + "b")
        #expect(try p2.matches(.string("a/" + String(repeating: "x/", count: 5_000))) == false)
        let p3 = try PatternConstraint(String(repeating: "?", count: 1000) + "*")
        #expect(try p3.matches(.string(long)) == true)
    }

    @Test func rangeNumericRules() throws {
        let r = try Constraint.range(min: 0, max: 10, minInclusive: false, maxInclusive: true)
        #expect(try r.matches(.int(0)) == false)
        #expect(try r.matches(.float(0.5)) == true)
        #expect(try r.matches(.int(10)) == true)
        #expect(try r.matches(.float(10.5)) == false)
        #expect(try r.matches(.bool(true)) == false)
        #expect(try r.matches(.string("5")) == false)
        #expect(try r.matches(.float(.nan)) == false)
        // Int64 values are compared as doubles (2^53 + 1 rounds to 2^53), as the reference does.
        let big = try Constraint.range(min: 9_007_199_254_740_992, max: 9_007_199_254_740_992)
        #expect(try big.matches(.int(9_007_199_254_740_993)) == true)
    }

    @Test func unknownTypeAlwaysDeniesWithReferenceReason() throws {
        let c = try CT.constraint("821342abcd")  // [19, h'abcd']
        #expect(throws: TenuoError(.constraintViolation, "unknown constraint type ID 19", field: "constraint")) {
            try c.matches(.string("x"))
        }
    }
}
