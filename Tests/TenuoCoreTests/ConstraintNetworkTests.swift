import Testing

@testable import TenuoCore

/// Regex, Cidr, UrlPattern and UrlSafe: the differential cases of
/// Tests/Vectors/constraints-network.json (generated against the reference runtime by
/// scripts/gen_constraint_cases_network.py, with the reference's `\d`, `\s` and `\w`), unit
/// tests of the building blocks, and attenuation soundness (seeded, so reproducible). Expected
/// values were checked against the reference (tenuo 0.3.3) where it has an opinion.
@Suite struct ConstraintNetworkTests {
    @Test func fileLoads() {
        #expect(CaseFile.network.cases.count > 7_000)
        #expect(CaseFile.network.extra.count >= 500)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: CaseFile.network.cases)
    func run(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: CaseFile.network.extra)
    func runExtra(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }

    /// The reference's ranges for one Unicode class, as a set (surrogates dropped).
    static func referenceClass(_ name: String) -> ScalarSet? {
        guard case .map(let u)? = CaseFile.network.top["unicode"], case .list(let rows)? = u[name] else { return nil }
        var out = ScalarSet()
        for case .list(let r) in rows {
            guard r.count == 2, case .int(let lo) = r[0], case .int(let hi) = r[1] else { return nil }
            out.insert(UInt32(lo)...UInt32(hi))
        }
        return out
    }

    /// `\d`, `\s` and `\w` cover exactly the scalars the reference's do.
    @Test(arguments: ["digit", "space", "word"])
    func unicodeClassMatchesReference(_ name: String) throws {
        let expected = try #require(Self.referenceClass(name))
        let ours: ScalarSet
        switch name {
        case "digit": ours = RegexUnicode.digit
        case "space": ours = RegexUnicode.space
        default: ours = RegexUnicode.word
        }
        let onlyOurs = ours.subtracting(expected)
        let onlyReference = expected.subtracting(ours)
        #expect(onlyOurs.isEmpty, "\(name): only ours \(onlyOurs.ranges.prefix(8))")
        #expect(onlyReference.isEmpty, "\(name): only the reference's \(onlyReference.ranges.prefix(8))")
    }

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
        #expect(CT.allowsText(try Constraint(RegexConstraint("prod")), "reproduce"))  // unanchored search
        #expect(!CT.allowsText(try Constraint(RegexConstraint("^a$")), "a\n"))  // $ is the very end
        #expect(CT.allowsText(try Constraint(RegexConstraint(#"^\d$"#)), "٣"))  // Unicode \d
        #expect(CT.allowsText(try Constraint(RegexConstraint(#"^\w+$"#)), "héllo"))
        #expect(CT.allowsText(try Constraint(RegexConstraint("(?i)k")), "\u{212A}"))  // Kelvin sign folds
        #expect(!CT.allowsText(try Constraint(RegexConstraint("[a-z--b]")), "b"))  // class difference
        #expect(!CT.allowsText(try Constraint(RegexConstraint(#"\u00e9"#)), "e\u{301}"))  // no normalisation
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
        #expect(CT.allowsText(c, "a foo b"))
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
        #expect(CT.allowsText(apex, "https://example.com/x"))
        #expect(CT.allowsText(apex, "https://A.Example.com:8443/x"))  // no port in the pattern: any port
        #expect(!CT.allowsText(apex, "https://evilexample.com/x"))
        let bug = try UrlPatternConstraint("https://*/*")
        #expect(bug.parts.host == "__tenuo_path_wildcard__")
        #expect(!CT.allowsText(Constraint(bug), "https://example.com/x"))
        let anyPath = try Constraint(UrlPatternConstraint("https://example.com/"))
        #expect(CT.allowsText(anyPath, "https://user:pw@EXAMPLE.com/deep/path"))
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
            #expect(!CT.allowsText(safe, url), "\(url)")
        }
        for url in ["http://example.com./", "http://01.2.3.4/", "http://100.128.0.1/", "https://8.8.8.8/"] {
            #expect(CT.allowsText(safe, url), "\(url)")
        }
        let deny = try Constraint(UrlSafeConstraint(denyDomains: ["evil.com"]))
        #expect(!CT.allowsText(deny, "http://evil.com./"))
        let reservedOff = try Constraint(UrlSafeConstraint(blockReserved: false))
        #expect(CT.allowsText(reservedOff, "http://[::]/"))
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
            #expect(CT.allowsText(c, yes), "\(json) allows \(yes)")
            #expect(!CT.allowsText(c, no), "\(json) refuses \(no)")
            #expect(try Constraint(json: c.json()) == c)
            #expect(try Constraint(wire: try CBORReader.decode(c.wireBytes)) == c)
        }
        #expect(try Constraint.regex("a") == Constraint(RegexConstraint("a")))
        #expect(try Constraint.cidr("::/0").summary == "Cidr(\"::/0\")")
        #expect(try Constraint.urlPattern("https://x.com/*").typeName == "UrlPattern")
        #expect(try Constraint.urlSafe(blockInternalTLDs: true).summary == "UrlSafe(block_internal_tlds=true)")
    }

    // MARK: Attenuation soundness: Regex

    static let regexPool = ["a", "^a", "a$", #"\d+"#, "(?i)k", #"\bfoo"#, "[a-c]+x", "(?=a)", "", "^$", "é"]
    static let textPool = ["a", "ab", "a\n", "123", "K", "\u{212A}", "foo", "é foo", "bx", "", "éa", "x"]

    @Test func regexAttenuationIsSound() {
        Soundness.check(
            "Regex", seed: 0x5E_0001, pairs: 4_000, minAccepted: 300,
            draw: { r in
                let parent = Constraint(RegexConstraint(unchecked: r.pick(Self.regexPool)))
                let child: Constraint
                switch r.int(3) {
                case 0: child = Constraint(RegexConstraint(unchecked: r.pick(Self.regexPool)))
                case 1: child = .exact(.string(r.pick(Self.textPool)))
                default: child = .exact(r.pick([.int(5), .null, .string("a")]))
                }
                return (parent, child)
            },
            probes: { _, _ in Self.textPool.map { .string($0) } + [.int(5), .null] })
    }

    // MARK: Attenuation soundness: Cidr

    static func randomAddress(_ r: inout SeededRandom, v6: Bool) -> String {
        if v6 {
            let groups = (0..<8).map { _ in String(r.pick([0, 0, 1, 0xffff, 0xfe80, 0x2001, 0xdb8, 0xa]), radix: 16) }
            return groups.joined(separator: ":")
        }
        return (0..<4).map { _ in String(r.pick([0, 1, 10, 127, 128, 172, 192, 168, 255, 254, 16])) }
            .joined(separator: ".")
    }

    static func randomNetwork(_ r: inout SeededRandom) -> Constraint {
        let v6 = r.chance(0.3)
        let prefix = v6 ? r.pick([0, 8, 16, 32, 64, 96, 120, 128]) : r.pick([0, 1, 8, 9, 12, 16, 24, 31, 32])
        let text = randomAddress(&r, v6: v6) + (r.chance(0.1) ? "" : "/\(prefix)")
        return (try? Constraint(CidrConstraint(text))) ?? .wildcard
    }

    @Test func cidrAttenuationIsSound() {
        Soundness.check(
            "Cidr", seed: 0x5E_0002, pairs: 8_000, minAccepted: 600,
            draw: { r in
                let parent = Self.randomNetwork(&r)
                let child =
                    r.chance(0.7) ? Self.randomNetwork(&r) : .exact(.string(Self.randomAddress(&r, v6: r.chance(0.3))))
                return (parent, child)
            },
            probes: { child, r in
                var out: [Value] = (0..<20).map { _ in .string(Self.randomAddress(&r, v6: r.chance(0.3))) }
                if let c = child.kind as? CidrConstraint {
                    out += [c.network.network, c.network.broadcast].map { .string($0.description) }
                }
                if let e = child.kind as? ExactConstraint { out.append(e.value) }
                return out
            })
    }

    // MARK: Attenuation soundness: UrlPattern

    static let schemes = ["https", "http", "*", "foo"]
    static let hosts = [
        "example.com", "*.example.com", "api.example.com", "*.api.example.com", "Example.com", "*",
        "evil.com", "%2a", "*x.com",
    ]
    static let ports = ["", ":8443", ":443", ":80"]
    static let paths = [
        "", "/", "/*", "/api", "/api/*", "/api/v1/*", "/api/x", "/a*", "/a*/b", "/[ab]/*", "/api/[",
        "/api?", "/**", "/a/../api/*",
    ]

    static func randomUrlPattern(_ r: inout SeededRandom) -> String {
        r.pick(schemes) + "://" + r.pick(hosts) + r.pick(ports) + r.pick(paths)
    }

    /// URLs a pattern probably allows: its parts instantiated, plus variations.
    static func urlProbes(_ child: Constraint, _ r: inout SeededRandom) -> [Value] {
        var out: [Value] = []
        for _ in 0..<16 {
            let scheme = r.pick(["https", "http", "foo", "ws", "HTTPS"])
            var host = r.pick([
                "example.com", "api.example.com", "a.api.example.com", "EXAMPLE.com", "x.com",
                "evil.com", "A.Example.COM", "ax.com", "*",
            ])
            if let p = child.kind as? UrlPatternConstraint, let h = p.parts.host, r.chance(0.5) {
                host = h.hasPrefix("*.") ? r.pick(["z.", "", "Q."]) + h.dropFirst(2) : h
            }
            let port = r.pick(["", ":8443", ":443", ":80", ":1"])
            var path = r.pick([
                "", "/", "/api", "/api/", "/api/v1/x", "/api/x", "/abc", "/abc/b", "/a/b", "/api/[",
                "/b/x", "/api/[/x", "/x",
            ])
            if let p = child.kind as? UrlPatternConstraint, let cp = p.parts.path, r.chance(0.5) {
                path = cp.replacingStars(with: r.pick(["", "x", "x/y", "[", "%2e%2e"]))
            }
            out.append(.string(scheme + "://" + host + port + path))
        }
        if let e = child.kind as? ExactConstraint { out.append(e.value) }
        return out
    }

    @Test func urlPatternAttenuationIsSound() {
        Soundness.check(
            "UrlPattern", seed: 0x5E_0003, pairs: 8_000, minAccepted: 2_000,
            draw: { r in
                let parentText = Self.randomUrlPattern(&r)
                let parent = (try? Constraint(UrlPatternConstraint(parentText))) ?? .wildcard
                var childText = Self.randomUrlPattern(&r)
                if r.chance(0.5) {
                    // Derive the child from the parent so that accepted pairs are common.
                    childText = parentText
                    if r.chance(0.5) {
                        childText = ByteText.replace(
                            childText, "://*.", with: "://" + r.pick(["api.", "*.api.", "A."]))
                    }
                    if r.chance(0.3) {
                        childText = ByteText.replace(childText, "*://", with: r.pick(["https://", "foo://"]))
                    }
                    if r.chance(0.5) { childText += r.pick(["x", "/x", "/*", "/[", "/a/b", "?q"]) }
                }
                var child = (try? Constraint(UrlPatternConstraint(childText))) ?? .wildcard
                if r.chance(0.2) {
                    child = .exact(.string(r.pick(["https://example.com/api/x", "http://a.example.com/"])))
                }
                return (parent, child)
            },
            probes: Self.urlProbes)
    }

    // MARK: Attenuation soundness: UrlSafe

    static let safeURLs = [
        "https://example.com/", "http://a.example.com/", "http://evil.com/", "http://127.0.0.1/", "http://localhost./",
        "http://10.0.0.1/", "http://[::]/", "http://169.254.169.254/", "https://example.com:8443/",
        "ftp://example.com/",
        "http://x.internal/", "http://1.2.3.4/", "http://100.64.0.1/", "http://example.com./", "https://EXAMPLE.com/",
        "http://metadata.goog/", "foo://example.com/", "http://[fc00::1]/", "http://224.0.0.1/",
    ]

    static func randomSafe(_ r: inout SeededRandom) -> Constraint {
        let domains = ["example.com", "*.example.com", "evil.com", "1.2.3.4", "*.com", "EXAMPLE.COM"]
        func list(_ pool: [String]) -> [String]? {
            r.chance(0.5) ? nil : (0..<r.int(3)).map { _ in r.pick(pool) }
        }
        let c = try? UrlSafeConstraint(
            schemes: r.chance(0.6)
                ? ["http", "https"] : (0..<r.int(3)).map { _ in r.pick(["http", "https", "ftp", "HTTP", "foo"]) },
            allowDomains: list(domains), denyDomains: list(domains),
            allowPorts: r.chance(0.6) ? nil : (0..<r.int(3)).map { _ in r.pick([80, 443, 8443]) },
            blockPrivate: r.chance(0.7), blockLoopback: r.chance(0.7), blockMetadata: r.chance(0.7),
            blockReserved: r.chance(0.7), blockInternalTLDs: r.chance(0.3))
        return c.map { Constraint($0) } ?? .wildcard
    }

    @Test func urlSafeAttenuationIsSound() {
        Soundness.check(
            "UrlSafe", seed: 0x5E_0004, pairs: 6_000, minAccepted: 300,
            draw: { r in
                let parent = Self.randomSafe(&r)
                let child = r.chance(0.8) ? Self.randomSafe(&r) : .exact(.string(r.pick(Self.safeURLs)))
                return (parent, child)
            },
            probes: { child, _ in
                var out = Self.safeURLs.map { Value.string($0) }
                if let e = child.kind as? ExactConstraint { out.append(e.value) }
                return out
            })
    }
}

extension String {
    /// The text with every `*` replaced (to instantiate a glob loosely).
    fileprivate func replacingStars(with s: String) -> String {
        var out = ""
        for ch in self { out += ch == "*" ? s : String(ch) }
        return out
    }
}
