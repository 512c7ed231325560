/// The checks of a `UrlSafe` constraint, in the reference's order (wire-format §6, "UrlSafe
/// deny_domains Evaluation Order", as the reference runtime applies it):
///
/// 1. every allow/deny domain pattern must be valid (else ValidationError: the call is denied);
/// 2. no NUL in the URL, the URL parses, its scheme is listed (ASCII case ignored), it has a
///    host, and a port allow list (if any) holds the URL's port or its scheme's default;
/// 3. with `block_loopback`, `localhost` and `localhost.localdomain` are refused; with
///    `block_internal_tlds`, names ending in `.internal .local .localhost .lan .corp .home .svc
///    .default` (or equal to them); with `block_metadata`, `169.254.169.254`,
///    `metadata.google.internal`, `metadata.goog` and `100.100.100.200`;
/// 4. an IP host (IPv4-mapped and IPv4-compatible IPv6 read as IPv4) is refused when loopback,
///    private (10/8, 172.16/12, 192.168/16, fc00::/7, fe80::/10), reserved (0/8, 224/4,
///    255.255.255.255) or link-local metadata (169.254/16), each under its flag; a name that
///    looks like an IPv4 address with leading zeros is refused;
/// 5. `allow_domains`, if set, must match the host (IP hosts included);
/// 6. `deny_domains`, if set, must not match it (deny wins over allow).
///
/// The host is the URL's serialised host, percent-decoded byte by byte and lowercased.
/// Deliberate additions (safe direction, see docs/constraints-network.md): a host with a trailing
/// dot is also checked without it against the localhost, internal-TLD, metadata and deny
/// lists; `::` is refused like 0.0.0.0 (`block_reserved`); an IPv4 host written with an
/// octal part whose decimal reading differs (`010.0.0.1`) is refused; 100.64.0.0/10 is
/// private.
struct UrlSafePolicy: Sendable, Equatable {
    let schemes: [String]
    let allowDomains: [String]?
    let denyDomains: [String]?
    let allowPorts: [UInt16]?
    let blockPrivate: Bool
    let blockLoopback: Bool
    let blockMetadata: Bool
    let blockReserved: Bool
    let blockInternalTLDs: Bool

    static let metadataHosts = ["169.254.169.254", "metadata.google.internal", "metadata.goog", "100.100.100.200"]
    static let internalTLDs = [".internal", ".local", ".localhost", ".lan", ".corp", ".home", ".svc", ".default"]

    /// A domain pattern after normalisation through the URL host parser.
    enum DomainPattern: Sendable, Equatable {
        case exact(String)
        /// `*.suffix`: the suffix itself and every name ending in `.suffix`.
        case wildcard(String)

        func matches(_ host: String) -> Bool {
            switch self {
            case .exact(let h): return Bytewise.equal(host, h)
            case .wildcard(let s): return Bytewise.equal(host, s) || Bytewise.hasSuffix(host, "." + s)
            }
        }

        /// Whether every host this pattern matches is matched by `parent`.
        func isCovered(by parent: DomainPattern) -> Bool {
            switch (parent, self) {
            case (.exact(let p), .exact(let c)): return Bytewise.equal(p, c)
            case (.exact, .wildcard): return false
            case (.wildcard(let s), .exact(let c)): return Bytewise.equal(c, s) || Bytewise.hasSuffix(c, "." + s)
            case (.wildcard(let s), .wildcard(let c)): return Bytewise.equal(c, s) || Bytewise.hasSuffix(c, "." + s)
            }
        }
    }

    /// Normalises one allow/deny entry: a host name, IP or `[IPv6]`, or `*.` and a host name.
    /// - Returns: the reference's ValidationError reason on failure.
    static func domainPattern(_ raw: String) -> Result<DomainPattern, DomainPatternError> {
        if raw.isEmpty { return .failure(DomainPatternError(reason: "domain pattern must not be empty")) }
        var text = raw
        var wildcard = false
        if Bytewise.hasPrefix(raw, "*.") {
            wildcard = true
            text = String(decoding: Array(raw.utf8).dropFirst(2), as: UTF8.self)
            if text.isEmpty {
                return .failure(DomainPatternError(reason: "domain pattern must be a host name or *.host name"))
            }
        }
        if text.utf8.contains(UInt8(ascii: "*")) {
            return .failure(DomainPatternError(reason: "domain pattern must be a host name or *.host name"))
        }
        var notes = URLHost.Notes()
        switch URLHost.parseSpecial(text, notes: &notes) {
        case .failure(let f): return .failure(DomainPatternError(reason: "invalid domain pattern: \(f)"))
        case .success(.domain(let d)): return .success(wildcard ? .wildcard(d) : .exact(d))
        case .success(let ip):
            if wildcard { return .failure(DomainPatternError(reason: "wildcards require a domain name suffix")) }
            return .success(.exact(ip.serialized))
        }
    }

    struct DomainPatternError: Error, Sendable, Equatable {
        let reason: String
    }

    /// The normalised allow and deny lists, or the first invalid entry.
    func patterns() -> Result<(allow: [DomainPattern]?, deny: [DomainPattern]?), TenuoError> {
        func normalise(_ list: [String]?) -> Result<[DomainPattern]?, TenuoError> {
            guard let list else { return .success(nil) }
            var out: [DomainPattern] = []
            for raw in list {
                switch UrlSafePolicy.domainPattern(raw) {
                case .success(let p): out.append(p)
                case .failure(let e):
                    return .failure(
                        TenuoError(
                            .missingRequiredField, "ValidationError: Invalid URL \(ValueText.quoteClipped(raw)): \(e.reason)",
                            kind: ErrorKind.validation))
                }
            }
            return .success(out)
        }
        switch (normalise(allowDomains), normalise(denyDomains)) {
        case (.success(let a), .success(let d)): return .success((a, d))
        case (.failure(let e), _), (_, .failure(let e)): return .failure(e)
        }
    }

    /// Whether `url` passes every check.
    /// - Throws: ValidationError (1204) when a domain pattern is invalid.
    func isSafe(_ url: String) throws(TenuoError) -> Bool {
        let (allow, deny) = try patterns().get()
        if url.utf8.contains(0) { return false }
        guard case .success(let parsed) = URLParser.parse(url) else { return false }
        guard schemes.contains(where: { ByteText.equalIgnoringASCIICase($0, parsed.scheme) }) else { return false }
        guard let rawHost = parsed.hostString, !rawHost.isEmpty else { return false }
        let host = UnicodeCase.lowercase(UrlSafePolicy.latin1PercentDecode(rawHost))
        if let ports = allowPorts, let p = parsed.portOrKnownDefault, !ports.contains(p) { return false }

        // The host and, for a trailing-dot name, the name without its dot (our addition).
        var names = [host]
        if host.utf8.count > 1 && Bytewise.hasSuffix(host, ".") {
            names.append(String(decoding: Array(host.utf8).dropLast(), as: UTF8.self))
        }
        for name in names {
            if blockLoopback && (Bytewise.equal(name, "localhost") || Bytewise.equal(name, "localhost.localdomain")) {
                return false
            }
            if blockInternalTLDs {
                for tld in UrlSafePolicy.internalTLDs
                where Bytewise.hasSuffix(name, tld) || Bytewise.equal(name, String(tld.dropFirst())) {
                    return false
                }
            }
            if blockMetadata && UrlSafePolicy.metadataHosts.contains(where: { Bytewise.equal($0, name) }) {
                return false
            }
        }
        if parsed.notes.ambiguousOctalIPv4 { return false }
        if let ip = UrlSafeAddress.parseHost(host) {
            if !UrlSafeAddress.isSafe(ip, self) { return false }
        } else if UrlSafeAddress.looksLikeAmbiguousIPv4(host) {
            return false
        }
        if let a = allow, !a.contains(where: { $0.matches(host) }) { return false }
        if let d = deny, d.contains(where: { p in names.contains { p.matches($0) } }) { return false }
        return true
    }

    /// The reference's `urlencoding_decode`: `%` and two ASCII characters that Rust's
    /// `u8::from_str_radix(_, 16)` reads (a leading `+` allowed) become that byte as a
    /// Latin-1 character; anything else is kept.
    static func latin1PercentDecode(_ s: String) -> String {
        let u = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < u.count {
            if u[i] == "%" {
                let hex = Array(u[(i + 1)..<min(i + 3, u.count)])
                i += 1 + hex.count
                if hex.count == 2, hex.allSatisfy(\.isASCII), let b = hexByte(hex) {
                    out.append(Unicode.Scalar(b))
                } else {
                    out.append("%")
                    out.append(contentsOf: hex)
                }
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return String(out)
    }

    private static func hexByte(_ h: [Unicode.Scalar]) -> UInt8? {
        var digits = h[...]
        if digits.first == "+" { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var v: UInt32 = 0
        for d in digits {
            guard let x = IPAddress.digit(UInt8(d.value), radix: 16) else { return nil }
            v = v * 16 + x
        }
        return v <= 255 ? UInt8(v) : nil
    }
}
