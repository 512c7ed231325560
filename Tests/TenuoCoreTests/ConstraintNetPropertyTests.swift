import Testing

@testable import TenuoCore

/// Attenuation soundness for Regex, Cidr, UrlPattern and UrlSafe: whenever
/// `parent.checkAttenuation(to: child)` accepts, every sampled value the child allows is
/// allowed by the parent (an evaluation error counts as a deny). Seeded, so reproducible.
@Suite struct ConstraintNetPropertyTests {
    static func allows(_ c: Constraint, _ v: Value) -> Bool { (try? c.matches(v)) ?? false }

    /// Runs `pairs` random (parent, child) pairs and checks every accepted one on its probes.
    static func check(
        seed: UInt64, pairs: Int, minAccepted: Int, make: (inout SeededRandom) -> (Constraint, Constraint),
        probes: (Constraint, inout SeededRandom) -> [Value]
    ) {
        var r = SeededRandom(seed: seed)
        var accepted = 0
        for _ in 0..<pairs {
            let (parent, child) = make(&r)
            guard (try? parent.checkAttenuation(to: child)) != nil else { continue }
            accepted += 1
            for v in probes(child, &r) where allows(child, v) {
                #expect(allows(parent, v), "\(parent) -> \(child) accepted, but \(v) passes the child only")
            }
        }
        #expect(accepted >= minAccepted)
    }

    // MARK: Regex

    static let regexPool = ["a", "^a", "a$", #"\d+"#, "(?i)k", #"\bfoo"#, "[a-c]+x", "(?=a)", "", "^$", "é"]
    static let textPool = ["a", "ab", "a\n", "123", "K", "\u{212A}", "foo", "é foo", "bx", "", "éa", "x"]

    @Test func regexAttenuationIsSound() {
        Self.check(
            seed: 0x5E_0001, pairs: 4_000, minAccepted: 300,
            make: { r in
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

    // MARK: Cidr

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
        Self.check(
            seed: 0x5E_0002, pairs: 8_000, minAccepted: 600,
            make: { r in
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

    // MARK: UrlPattern

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
        Self.check(
            seed: 0x5E_0003, pairs: 8_000, minAccepted: 2_000,
            make: { r in
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

    // MARK: UrlSafe

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
        Self.check(
            seed: 0x5E_0004, pairs: 6_000, minAccepted: 300,
            make: { r in
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
