/// The scheme, host, port and path parts of a UrlPattern, read and compared as the
/// reference does, plus the attenuation rules between two patterns.
struct UrlPatternParts: Sendable, Equatable {
    /// Allowed schemes (lowercase); empty means any scheme (`*://`).
    let schemes: [String]
    /// nil: any host (the pattern URL has none).
    let host: String?
    /// nil: any port.
    let port: UInt16?
    /// nil: any path (the pattern's path is empty or `/`).
    let path: String?
    /// `path` compiled as a glob (nil when it is `*`/`/*` or does not compile).
    let pathGlob: Glob?

    static let hostPlaceholder = "__tenuo_host_wildcard__"
    static let pathPlaceholder = "__tenuo_path_wildcard__"

    /// Reads a pattern: `*://` → any scheme (parsed as https); otherwise the text before the
    /// first `://` (lowercased) is the scheme. Then every `*.` and `/*` is swapped for a
    /// placeholder, the result parsed as a URL, and the placeholders turned back into `*.`
    /// (host) and `*` (path). All string surgery is on bytes, as in the reference.
    struct Invalid: Error, Sendable {
        let reason: String
    }

    static func parse(_ pattern: String) -> Result<UrlPatternParts, Invalid> {
        if ByteText.contains(pattern, hostPlaceholder) || ByteText.contains(pattern, pathPlaceholder) {
            return .failure(Invalid(reason: "pattern contains reserved internal sequence"))
        }
        var schemes: [String] = []
        var urlText = pattern
        let bytes = Array(pattern.utf8)
        if bytes.starts(with: Array("*://".utf8)) {
            urlText = ByteText.replace(pattern, "*://", with: "https://", limit: 1)
        } else {
            guard let end = ByteText.find(bytes, Array("://".utf8)) else {
                return .failure(Invalid(reason: "missing scheme (expected 'scheme://')"))
            }
            schemes = [UnicodeCase.lowercase(String(decoding: bytes[..<end], as: UTF8.self))]
        }
        let withPlaceholders = ByteText.replace(
            ByteText.replace(urlText, "*.", with: hostPlaceholder + "."), "/*", with: "/" + pathPlaceholder)
        let url: ParsedURL
        switch URLParser.parse(withPlaceholders) {
        case .success(let u): url = u
        case .failure(let f): return .failure(Invalid(reason: f.description))
        }
        let host = url.hostString.map { ByteText.replace($0, hostPlaceholder + ".", with: "*.") }
        let path: String? =
            url.path.isEmpty || url.path == "/" ? nil : ByteText.replace(url.path, pathPlaceholder, with: "*")
        var glob: Glob?
        if let p = path, p != "*", p != "/*", case .success(let g) = Glob.compile(p) { glob = g }
        return .success(UrlPatternParts(schemes: schemes, host: host, port: url.port, path: path, pathGlob: glob))
    }

    // MARK: Matching

    func matches(_ url: ParsedURL) -> Bool {
        if !schemes.isEmpty && !schemes.contains(where: { Bytewise.equal($0, url.scheme) }) { return false }
        if let h = host, !UrlPatternParts.hostMatches(h, url.hostString ?? "") { return false }
        if let p = port {
            let actual = url.port ?? (url.scheme == "https" ? 443 : url.scheme == "http" ? 80 : 0)
            if actual != p { return false }
        }
        if let p = path, !pathMatches(p, url.path) { return false }
        return true
    }

    /// `*` any host; `*.suffix` the suffix itself or any name ending in `.suffix` (compared
    /// byte for byte); otherwise equality ignoring ASCII case.
    static func hostMatches(_ pattern: String, _ host: String) -> Bool {
        if Bytewise.equal(pattern, "*") { return true }
        if Bytewise.hasPrefix(pattern, "*.") {
            let suffix = String(decoding: Array(pattern.utf8).dropFirst(2), as: UTF8.self)
            return Bytewise.equal(host, suffix) || Bytewise.hasSuffix(host, "." + suffix)
        }
        return ByteText.equalIgnoringASCIICase(pattern, host)
    }

    /// `*` and `/*` allow any path; otherwise the glob, or plain equality when it does not compile.
    func pathMatches(_ pattern: String, _ path: String) -> Bool {
        if Bytewise.equal(pattern, "*") || Bytewise.equal(pattern, "/*") { return true }
        if let g = pathGlob { return g.matches(path) }
        return Bytewise.equal(pattern, path)
    }

    // MARK: Attenuation

    /// Why `child` is not a valid narrowing of these parts, or nil when it is.
    ///
    /// The reference's rules: the child's schemes must be listed by the parent (any scheme
    /// only under an any-scheme parent); its host must equal the parent's (ASCII case aside),
    /// or sit under a `*.` parent; a parent port must be kept; its path must equal the
    /// parent's, extend a parent ending in `/*`, or be the parent plus `/…`.
    ///
    /// Guards of our own, refusing pairs the reference accepts although the child allows
    /// values the parent denies: a parent path glob that does not compile (it then matches
    /// only its own text) narrows only to itself; a child that is the parent plus `/…` needs a
    /// parent glob ending in `*`; a child path glob that does not compile must be matched by
    /// the parent's glob as text; and under a scheme that keeps host case (any non-special
    /// scheme), an exact child host with ASCII letters cannot narrow a `*.` parent (the
    /// parent's suffix test is case-sensitive, the child's equality is not).
    func narrowingFault(to child: UrlPatternParts) -> TenuoError? {
        let fault = AttenuationFault.monotonicity
        if !schemes.isEmpty {
            if child.schemes.isEmpty {
                return fault.error("URL scheme '*' not allowed by parent scheme '\(schemes.joined(separator: ","))'")
            }
            for s in child.schemes where !schemes.contains(where: { Bytewise.equal($0, s) }) {
                return fault.error("URL scheme '\(s)' not allowed by parent scheme '\(schemes.joined(separator: ","))'")
            }
        }
        if let ph = host {
            guard let ch = child.host else { return fault.error("URL host '*' not allowed by parent host '\(ph)'") }
            guard UrlPatternParts.hostSubset(ph, ch) else {
                return fault.error("URL host '\(ch)' not allowed by parent host '\(ph)'")
            }
            if Bytewise.hasPrefix(ph, "*."), !Bytewise.hasPrefix(ch, "*."), !Bytewise.equal(ch, "*"),
                child.mayKeepHostCase, ch.utf8.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A })
            {
                return fault.error(
                    "URL host '\(ch)' is compared ignoring case but parent host '\(ph)' is not, under a scheme "
                        + "that keeps host case")
            }
        }
        if let pp = port, child.port != pp {
            return fault.error(
                "URL port '\(child.port.map { String($0) } ?? "None")' not allowed by parent port '\(pp)'")
        }
        if let pp = path {
            guard let cp = child.path else { return fault.error("URL path '*' not allowed by parent path '\(pp)'") }
            if let reason = pathNarrowingFault(pp, cp, child) {
                return fault.error("URL path '\(cp)' not allowed by parent path '\(pp)'\(reason)")
            }
        }
        return nil
    }

    /// Whether the child may see hosts whose ASCII case is kept (non-special schemes).
    var mayKeepHostCase: Bool {
        schemes.isEmpty || schemes.contains { !URLParser.specialSchemes.contains($0) }
    }

    static func hostSubset(_ parent: String, _ child: String) -> Bool {
        if Bytewise.equal(parent, "*") { return true }
        if Bytewise.hasPrefix(parent, "*.") {
            let suffix = String(decoding: Array(parent.utf8).dropFirst(2), as: UTF8.self)
            if Bytewise.equal(child, suffix) || Bytewise.hasSuffix(child, "." + suffix) { return true }
            if Bytewise.hasPrefix(child, "*.") {
                let childSuffix = String(decoding: Array(child.utf8).dropFirst(2), as: UTF8.self)
                return Bytewise.hasSuffix(childSuffix, "." + suffix) || Bytewise.equal(childSuffix, suffix)
            }
            return false
        }
        return ByteText.equalIgnoringASCIICase(parent, child)
    }

    /// nil when the child path narrows the parent path; otherwise "" (the reference also
    /// refuses) or an explanation of our own guard.
    private func pathNarrowingFault(_ parent: String, _ child: String, _ c: UrlPatternParts) -> String? {
        if Bytewise.equal(parent, "*") || Bytewise.equal(parent, "/*") { return nil }
        if Bytewise.equal(parent, child) { return nil }
        guard let parentGlob = pathGlob else {
            return " (the parent path is not a valid glob, so it narrows only to itself)"
        }
        let childAsText = c.pathGlob == nil && !Bytewise.equal(child, "*") && !Bytewise.equal(child, "/*")
        if Bytewise.hasSuffix(parent, "/*") {
            let prefix = String(decoding: Array(parent.utf8).dropLast(), as: UTF8.self)
            guard Bytewise.hasPrefix(child, prefix) else { return "" }
            if childAsText && !parentGlob.matches(child) {
                return " (the child path is not a valid glob and the parent glob does not match it as text)"
            }
            return nil
        }
        guard Bytewise.hasPrefix(child, parent + "/") else { return "" }
        switch parentGlob.tokens.last {
        case .anySequence?, .anyRecursiveSequence?: break
        default: return " (the parent glob does not end in *, so it does not cover deeper paths)"
        }
        if childAsText && !parentGlob.matches(child) {
            return " (the child path is not a valid glob and the parent glob does not match it as text)"
        }
        return nil
    }
}
