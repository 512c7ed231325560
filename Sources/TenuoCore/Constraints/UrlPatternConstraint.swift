/// `UrlPattern` (wire id 9): a URL argument must match a pattern's scheme, host, port and path.
///
/// Wire value: the pattern as bare text (`"https://*.example.com/api/*"`), kept as signed.
/// The pattern is read exactly as the reference reads it (see `UrlPatternParts`): `*://`
/// allows any scheme; `*.example.com` allows the domain and its subdomains; a port only when
/// written and not the scheme's default; a path glob only when the path is neither empty nor
/// `/`. Host comparison ignores ASCII case for exact hosts, userinfo is ignored, IDN hosts are
/// compared in punycode, and paths are compared after the URL parser's normalisation. Quirks
/// kept on purpose: `*` elsewhere in the host (`https://*/*`, `https://*x.com/*`) turns the
/// host into the literal `__tenuo_path_wildcard__…`, and `*.` inside a path becomes a literal
/// `__tenuo_host_wildcard__.`. An invalid pattern fails to decode; a string argument that is
/// not a URL raises (ValidationError 1204, a deny); other value kinds do not match.
public struct UrlPatternConstraint: ConstraintKind, Equatable {
    public static let typeId: UInt64 = 9
    public static let typeName = "UrlPattern"

    /// The pattern text as signed.
    public let pattern: String
    let parts: UrlPatternParts

    /// - Throws: `.invalidArgument` when the pattern is not a URL pattern.
    public init(_ pattern: String) throws(TenuoError) {
        switch UrlPatternParts.parse(pattern) {
        case .success(let p):
            self.pattern = pattern
            self.parts = p
        case .failure(let reason):
            throw TenuoError(
                .invalidArgument, "ValidationError: Invalid URL \(ValueText.quote(pattern)): \(reason.reason)",
                kind: ErrorKind.validation)
        }
    }

    public static func == (a: UrlPatternConstraint, b: UrlPatternConstraint) -> Bool {
        Bytewise.equal(a.pattern, b.pattern)
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        guard case .text(let s) = wire else {
            throw TenuoError(.invalidPayloadStructure, "UrlPattern: value must be text, found \(wire.kindName)")
        }
        do {
            try self.init(s)
        } catch {
            throw error.recoded(.invalidPayloadStructure, context: "UrlPattern")
        }
    }

    public func writeWire(to w: inout CBORWriter) { w.text(pattern) }

    /// Whether a URL string matches.
    /// - Throws: ValidationError (1204) when `url` does not parse.
    public func matches(url: String) throws(TenuoError) -> Bool {
        switch URLParser.parse(url) {
        case .success(let u): return parts.matches(u)
        case .failure(let f):
            throw TenuoError(
                .missingRequiredField, "ValidationError: Invalid URL \(ValueText.quoteClipped(url)): \(f)",
                kind: ErrorKind.validation)
        }
    }

    /// 1 + the path glob's tokens (the URL parse itself is linear).
    public var matchWeight: Int { 1 + (parts.pathGlob?.tokens.count ?? 0) }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .string(let s) = value else { return false }
        return try matches(url: s)
    }

    /// UrlPattern → UrlPattern field by field as the reference (scheme subset, host subset,
    /// same port, path subset), with the soundness guards of `UrlPatternParts.narrowingFault`;
    /// UrlPattern → Exact: the parent must match the URL.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? UrlPatternConstraint {
            if let fault = parts.narrowingFault(to: c.parts) { throw fault }
        } else if let e = child.kind as? ExactConstraint {
            guard case .string(let url) = e.value else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate UrlPattern to Exact (non-string)")
            }
            guard case .success(let u) = URLParser.parse(url) else {
                throw AttenuationFault.validation.error("Invalid URL \(ValueText.quote(url))")
            }
            guard parts.matches(u) else {
                throw AttenuationFault.constraintViolation.error(
                    "URL \(ValueText.quote(url)) does not match pattern \(ValueText.quote(pattern))")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "pattern": .string(pattern)]) }

    /// `{"type": "UrlPattern", "pattern": "https://api.example.com/*"}`.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["pattern"])
        try self.init(try f.text("pattern"))
    }

    public var summary: String { "UrlPattern(\(ValueText.quote(pattern)))" }
}

extension Constraint {
    /// `UrlPattern(pattern)`, e.g. `"https://*.example.com/api/*"`.
    /// - Throws: `.invalidArgument` when the pattern is not a URL pattern; `.valueTooLarge`.
    public static func urlPattern(_ pattern: String) throws(TenuoError) -> Constraint {
        let c = Constraint(try UrlPatternConstraint(pattern))
        try c.checkValueSize()
        return c
    }
}
