/// `Regex` (wire id 5): a regular expression in the Rust `regex` crate's syntax, searched
/// for anywhere in a string argument (unanchored, as the reference's `is_match`; write `^…$`
/// to anchor). `$` matches only at the very end (not before a final `\n`), `\d \s \w` are
/// Unicode classes, look-around and backreferences are syntax errors.
///
/// Matching runs on RE2 (see `CompiledRegex`), so it is linear in the argument's length.
/// Wire value `{"pattern": text}`. A pattern that does not compile still decodes, as in the
/// reference, and raises at evaluation (the call is denied with an evaluation error); the
/// JSON constructor refuses it up front, as the reference's `Regex(...)` does.
public struct RegexConstraint: ConstraintKind, Equatable {
    public static let typeId: UInt64 = 5
    public static let typeName = "Regex"

    /// The pattern text as signed.
    public let pattern: String

    /// - Throws: `.invalidArgument` when the pattern does not compile (or uses a construct
    ///   this build cannot run, see `CompiledRegex.Failure`).
    public init(_ pattern: String) throws(TenuoError) {
        self.init(unchecked: pattern)
        if case .failure(let f) = CompiledRegex.compile(pattern) {
            throw TenuoError(.invalidArgument, "InvalidPattern: invalid regex: \(f)", kind: ErrorKind.invalidPattern)
        }
    }

    init(unchecked pattern: String) { self.pattern = pattern }

    public static func == (a: RegexConstraint, b: RegexConstraint) -> Bool { Bytewise.equal(a.pattern, b.pattern) }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["pattern"])
        self.init(unchecked: try f.text("pattern"))
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("pattern")
        w.text(pattern)
    }

    func compiled() throws(TenuoError) -> CompiledRegex {
        switch CompiledRegex.compile(pattern) {
        case .success(let c): return c
        case .failure(let f): throw TenuoError(.constraintViolation, "InvalidPattern: invalid regex: \(f)", kind: ErrorKind.invalidPattern)
        }
    }

    /// 1 + the RE2 program's size: when the DFA runs out of memory RE2 runs its NFA, which
    /// costs program size × argument length.
    public var matchWeight: Int {
        if case .success(let c) = CompiledRegex.compile(pattern) { return 1 + c.programSize }
        return 1
    }

    /// Non-strings never match. An invalid pattern raises first, whatever the value.
    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        let re = try compiled()
        guard case .string(let s) = value else { return false }
        do {
            return try re.search(s)
        } catch {
            throw TenuoError(
                .constraintViolation, "InvalidPattern: regex \(ValueText.quote(pattern)): \(error)",
                kind: ErrorKind.invalidPattern)
        }
    }

    /// Regex → Regex needs identical pattern text (subset checking is undecidable);
    /// Regex → Exact needs the parent to match the value.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let r = child.kind as? RegexConstraint {
            guard Bytewise.equal(pattern, r.pattern) else {
                throw AttenuationFault.monotonicity.error(
                    "regex attenuation requires pattern match; use Exact for specific values")
            }
        } else if let e = child.kind as? ExactConstraint {
            guard try matches(e.value) else {
                throw AttenuationFault.valueNotInParentSet.error(
                    "\(ValueText.render(e.value)) does not match parent regex \(ValueText.quote(pattern))")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "pattern": .string(pattern)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["pattern"])
        try self.init(try f.text("pattern"))
    }

    public var summary: String { "Regex(\(ValueText.quote(pattern)))" }
}

extension Constraint {
    /// `Regex(pattern)`.
    /// - Throws: `.invalidArgument` when the pattern does not compile; `.valueTooLarge`.
    public static func regex(_ pattern: String) throws(TenuoError) -> Constraint {
        let c = Constraint(try RegexConstraint(pattern))
        try c.checkValueSize()
        return c
    }
}
