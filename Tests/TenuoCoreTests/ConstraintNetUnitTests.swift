import Testing

@testable import TenuoCore

/// Unit tests for the building blocks of the Regex, Cidr, UrlPattern and UrlSafe constraints.
/// Expected values were checked against the reference runtime (tenuo 0.3.3) where it has an
/// opinion; the differential cases in ConstraintNetTests cover the constraints end to end.
@Suite struct ConstraintNetUnitTests {
    static func allows(_ c: Constraint, _ s: String) -> Bool { (try? c.matches(.string(s))) ?? false }

    // MARK: Regex

    /// Catastrophic backtracking patterns finish (RE2 is linear); only the outcome is asserted.
    @Test func catastrophicPatternsDecideOn100KB() throws {
        let nested = try Constraint(RegexConstraint("(a+)+$"))
        let long = String(repeating: "a", count: 100_000)
        #expect(try nested.matches(.string(long + "!")) == false)
        #expect(try nested.matches(.string(long)) == true)
        let doubled = try Constraint(RegexConstraint("^(x+x+)+y$"))
        #expect(try doubled.matches(.string(String(repeating: "x", count: 100_000))) == false)
        let words = try Constraint(RegexConstraint(#"^(\w+\s?)*$"#))
        #expect(try words.matches(.string(String(repeating: "word ", count: 20_000) + "!")) == false)
    }

    @Test func regexSemanticsAsTheReference() throws {
        #expect(Self.allows(try Constraint(RegexConstraint("prod")), "reproduce"))  // unanchored search
        #expect(!Self.allows(try Constraint(RegexConstraint("^a$")), "a\n"))  // $ is the very end
        #expect(Self.allows(try Constraint(RegexConstraint(#"^\d$"#)), "٣"))  // Unicode \d
        #expect(Self.allows(try Constraint(RegexConstraint(#"^\w+$"#)), "héllo"))
        #expect(Self.allows(try Constraint(RegexConstraint("(?i)k")), "\u{212A}"))  // Kelvin sign folds
        #expect(!Self.allows(try Constraint(RegexConstraint("[a-z--b]")), "b"))  // class difference
        #expect(!Self.allows(try Constraint(RegexConstraint(#"\u00e9"#)), "e\u{301}"))  // no normalisation
        #expect(try Constraint(RegexConstraint("a")).matches(.int(5)) == false)
    }

    @Test func lookAroundIsRefusedAtConstructionButDecodesOnTheWire() throws {
        #expect(throws: TenuoError.self) { try RegexConstraint("(?=a)") }
        let wire = try CT.constraint("8205a1677061747465726e65283f3d6129")  // [5, {pattern: "(?=a)"}]
        #expect(throws: TenuoError.self) { try wire.matches(.string("a")) }
        #expect(throws: TenuoError.self) { try wire.matches(.int(1)) }  // raises before looking at the value
    }

    @Test func wordBoundaryRaisesOnNonASCIIText() throws {
        let c = try Constraint(RegexConstraint(#"\bfoo\b"#))
        #expect(Self.allows(c, "a foo b"))
        #expect(throws: TenuoError.self) { try c.matches(.string("é foo")) }
    }

    @Test func unsupportedConstructsAreRefused() {
        for p in [#"\p{Greek}"#, #"\<w"#, #"\b{start}"#, "(?-u:a)", "(?R)a", "a{1001}", "(?i)[a-z&&[^k]]"] {
            #expect(throws: TenuoError.self, "\(p)") { try RegexConstraint(p) }
        }
        #expect(throws: TenuoError.self) { try RegexConstraint(String(repeating: "a", count: 4097)) }
    }

    @Test func translationEmitsExplicitRanges() throws {
        let t = try RegexTranslator.translate(#"[\w--\d]x\u{e9}"#).get()
        #expect(!t.re2.contains(#"\w"#))
        #expect(t.re2.hasSuffix(#"x\x{e9}"#))
        #expect(!t.usesWordBoundary)
        #expect(try RegexTranslator.translate(#"\Bx"#).get().usesWordBoundary)
        #expect(
            RegexTranslator.translate("(?=a)")
                == .failure(.syntax("look-around, including look-ahead and look-behind, is not supported")))
    }

    /// The cache is bounded and evicts the least recently used pattern.
    @Test func cacheIsBoundedLRU() {
        let cache = RegexCache(capacity: 3)
        for p in ["a", "b", "c"] { _ = cache.lookup(p) }
        _ = cache.lookup("a")  // refresh
        _ = cache.lookup("d")  // evicts "b"
        #expect(cache.count == 3)
        for p in (0..<50).map({ "x\($0)" }) { _ = cache.lookup(p) }
        #expect(cache.count == 3)
    }

    /// Many threads share the cache and compiled programs.
    @Test func cacheIsSafeUnderConcurrency() async {
        let patterns = (0..<40).map { "^item\($0 % 8)[0-9]+$" }
        await withTaskGroup(of: Bool.self) { group in
            for (i, p) in patterns.enumerated() {
                group.addTask {
                    guard case .success(let re) = CompiledRegex.compile(p) else { return false }
                    return (try? re.search("item\(i % 8)42")) == true
                }
            }
            for await ok in group { #expect(ok) }
        }
    }

    // MARK: IP addresses and networks

    @Test func ipParserAcceptsExactlyRustSyntax() {
        for ok in [
            "0.0.0.0", "255.255.255.255", "10.1.2.3", "::", "::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
            "::ffff:1.2.3.4", "2001:DB8::1", "fe80::1:2",
        ] {
            #expect(IPAddress.parse(ok) != nil, "\(ok)")
        }
        for bad in [
            "010.0.0.1", "10.0.0", "10.0.0.256", " 10.0.0.1", "0x7f.0.0.1", "::1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8::", "1::2::3", "12345::", "fe80::1%eth0", "[::1]", "::ffff:01.2.3.4", "١.2.3.4", "",
        ] {
            #expect(IPAddress.parse(bad) == nil, "\(bad)")
        }
        #expect(IPAddress.parse("::ffff:10.0.0.1")?.description == "::ffff:10.0.0.1")
        #expect(IPAddress.parse("2001:db8:0:0:1:0:0:1")?.description == "2001:db8::1:0:0:1")
    }

    @Test func networksParseAndContainAsIPNetwork() throws {
        let n = try #require(IPNetwork("10.1.2.3/8"))
        #expect(n.contains(try #require(IPAddress.parse("10.255.0.1"))))
        #expect(!n.contains(try #require(IPAddress.parse("::ffff:10.0.0.1"))))
        #expect(IPNetwork("10.0.0.0/255.0.0.0")?.prefix == 8)
        #expect(IPNetwork("10.0.0.0/+8")?.prefix == 8)
        #expect(IPNetwork("10.0.0.1")?.prefix == 32)
        for bad in ["10.0.0.0/33", "10.0.0.0/", "10.0.0.0/255.0.255.0", "::/129", "10.0.0.0//8", "010.0.0.0/8"] {
            #expect(IPNetwork(bad) == nil, "\(bad)")
        }
        #expect(try #require(IPNetwork("10.0.0.0/8")).covers(try #require(IPNetwork("10.128.0.0/9"))))
        #expect(!(try #require(IPNetwork("10.0.0.0/9")).covers(try #require(IPNetwork("10.0.0.0/8")))))
    }

    @Test func cidrRaisesOnNonAddresses() throws {
        let c = try Constraint(CidrConstraint("10.0.0.0/8"))
        #expect(try c.matches(.string("10.9.9.9")))
        #expect(try c.matches(.int(10)) == false)
        #expect(throws: TenuoError.self) { try c.matches(.string("not an ip")) }
    }

    // MARK: URLs

    @Test func punycodeRoundTrips() {
        for (text, encoded) in [("café", "caf-dma"), ("faß", "fa-hia"), ("bücher", "bcher-kva"), ("日本", "wgv71a")] {
            let scalars = Array(text.unicodeScalars)
            #expect(Punycode.encode(scalars) == encoded)
            #expect(Punycode.decode(Array(encoded.unicodeScalars)) == scalars)
        }
        #expect(Punycode.decode(Array("99999999999999".unicodeScalars)) == nil)
    }

    @Test func idnaMapsAsTheReference() {
        #expect(IDNA.toASCII("Café.COM") == "xn--caf-dma.com")
        #expect(IDNA.toASCII("ｌｏｃａｌｈｏｓｔ") == "localhost")
        #expect(IDNA.toASCII("ⓛocalhost") == "localhost")
        #expect(IDNA.toASCII("127。0。0。1") == "127.0.0.1")
        #expect(IDNA.toASCII("e\u{301}") == "xn--9ca")
        #expect(IDNA.toASCII("a\u{AD}b") == "ab")
        for bad in ["a b", "xn--a", "xn--abc-", "\u{301}a", "a\u{200D}b", "a%b", "xn--"] {
            #expect(IDNA.toASCII(bad) == nil, "\(bad)")
        }
    }

    @Test func urlParserAsTheURLCrate() throws {
        func parts(_ s: String) throws -> (String?, UInt16?, String) {
            let u = try URLParser.parse(s).get()
            return (u.hostString, u.port, u.path)
        }
        #expect(try parts("HTTPS://User:Pw@Example.COM:443/a/./b/../c") == ("example.com", nil, "/a/c"))
        #expect(try parts("http://0x7f.1:8080") == ("127.0.0.1", 8080, "/"))
        #expect(try parts("http://[0:0::ffff:1.2.3.4]/") == ("[::ffff:102:304]", nil, "/"))
        #expect(try parts("https:\\\\example.com\\a\\..\\b?q#f") == ("example.com", nil, "/b"))
        #expect(try parts("foo://Example.com/%7e x") == ("Example.com", nil, "/%7e%20x"))
        #expect(try parts("mailto:a@b") == (nil, nil, "a@b"))
        #expect(try parts("file://localhost/etc/passwd") == (nil, nil, "/etc/passwd"))
        for bad in [
            "example.com", "https://", "https://x.com:65536/", "http://1.2.3.4.5/", "http://[::1/", "http://a b/",
        ] {
            #expect(throws: URLParser.Failure.self, "\(bad)") { try URLParser.parse(bad).get() }
        }
    }

    @Test func urlPatternQuirksAreKept() throws {
        let apex = try Constraint(UrlPatternConstraint("https://*.example.com/*"))
        #expect(Self.allows(apex, "https://example.com/x"))
        #expect(Self.allows(apex, "https://A.Example.com:8443/x"))  // no port in the pattern: any port
        #expect(!Self.allows(apex, "https://evilexample.com/x"))
        let bug = try UrlPatternConstraint("https://*/*")
        #expect(bug.parts.host == "__tenuo_path_wildcard__")
        #expect(!Self.allows(Constraint(bug), "https://example.com/x"))
        let anyPath = try Constraint(UrlPatternConstraint("https://example.com/"))
        #expect(Self.allows(anyPath, "https://user:pw@EXAMPLE.com/deep/path"))
        #expect(throws: TenuoError.self) { try anyPath.matches(.string("not a url")) }
    }

    // MARK: UrlSafe

    @Test func urlSafeEncodesNineKeysWithNulls() throws {
        let c = try Constraint(UrlSafeConstraint())
        #expect(
            CT.hex(c.wireBytes)
                == "8212a967736368656d65738264687474706568747470736d616c6c6f775f646f6d61696e73f66c64656e795f646f6d"
                + "61696e73f66b616c6c6f775f706f727473f66d626c6f636b5f70726976617465f56e626c6f636b5f6c6f6f706261"
                + "636bf56e626c6f636b5f6d65746164617461f56e626c6f636b5f7265736572766564f573626c6f636b5f696e7465"
                + "726e616c5f746c6473f4")
        #expect(c.summary == "UrlSafe()")
        let empty = try CT.constraint("8212a0")  // {}: every default, as the reference decodes it
        #expect(empty == c)
    }

    /// The reference's SSRF gaps that libtenuo closes (docs/constraints-net.md).
    @Test func urlSafeClosesTheReferenceGaps() throws {
        let safe = try Constraint(UrlSafeConstraint())
        for url in [
            "http://localhost./", "http://metadata.google.internal./", "http://[::]/", "http://010.0.0.1/",
            "http://0300.0250.0.1/", "http://100.64.0.1/", "http://[::ffff:100.127.0.1]/",
        ] {
            #expect(!Self.allows(safe, url), "\(url)")
        }
        for url in ["http://example.com./", "http://01.2.3.4/", "http://100.128.0.1/", "https://8.8.8.8/"] {
            #expect(Self.allows(safe, url), "\(url)")
        }
        let deny = try Constraint(UrlSafeConstraint(denyDomains: ["evil.com"]))
        #expect(!Self.allows(deny, "http://evil.com./"))
        let reservedOff = try Constraint(UrlSafeConstraint(blockReserved: false))
        #expect(Self.allows(reservedOff, "http://[::]/"))
    }

    @Test func urlSafeRaisesOnInvalidDomainPatternsFromTheWire() throws {
        #expect(throws: TenuoError.self) { try UrlSafeConstraint(allowDomains: ["*"]) }
        let wire = try Constraint(
            UrlSafeConstraint(
                unchecked: UrlSafePolicy(
                    schemes: ["http"], allowDomains: ["*x.com"], denyDomains: nil, allowPorts: nil, blockPrivate: true,
                    blockLoopback: true, blockMetadata: true, blockReserved: true, blockInternalTLDs: false)))
        #expect(throws: TenuoError.self) { try wire.matches(.string("http://x.com/")) }
        #expect(try wire.matches(.int(1)) == false)
    }

    /// The examples of docs/constraints-net.md build, round-trip and decide as described.
    @Test func docExamplesDecideAsDescribed() throws {
        let examples: [(String, String, String)] = [
            (#"{"type": "Regex", "pattern": "^report-[0-9]{4}\\.pdf$"}"#, "report-2024.pdf", "report-24.pdf"),
            (#"{"type": "Cidr", "network": "10.0.0.0/8"}"#, "10.1.2.3", "11.0.0.1"),
            (
                #"{"type": "UrlPattern", "pattern": "https://*.example.com/api/*"}"#, "https://a.example.com/api/x",
                "https://a.example.com/admin"
            ),
            (
                #"{"type": "UrlSafe", "allow_domains": ["api.github.com", "*.googleapis.com"]}"#,
                "https://api.github.com/repos", "http://169.254.169.254/"
            ),
        ]
        for (json, yes, no) in examples {
            let c = try Constraint(json: try JSON.parse(json))
            #expect(Self.allows(c, yes), "\(json) allows \(yes)")
            #expect(!Self.allows(c, no), "\(json) refuses \(no)")
            #expect(try Constraint(json: c.json()) == c)
            #expect(try Constraint(wire: try CBORReader.decode(c.wireBytes)) == c)
        }
        #expect(try Constraint.regex("a") == Constraint(RegexConstraint("a")))
        #expect(try Constraint.cidr("::/0").summary == "Cidr(\"::/0\")")
        #expect(try Constraint.urlPattern("https://x.com/*").typeName == "UrlPattern")
        #expect(try Constraint.urlSafe(blockInternalTLDs: true).summary == "UrlSafe(block_internal_tlds=true)")
    }
}
