/// `Pattern` (wire id 2): a glob the whole string argument must match (see `Glob`).
///
/// Wire value `{"pattern": text}`. A pattern that does not compile still decodes, as in the
/// reference, and raises at evaluation (the call is denied with an evaluation error); the
/// JSON constructor refuses it up front, as the reference's `Pattern(...)` does.
public struct PatternConstraint: ConstraintKind, Equatable {
    public static let typeId: UInt64 = 2
    public static let typeName = "Pattern"

    /// The pattern text as signed.
    public let pattern: String
    let compiled: Result<Glob, Glob.SyntaxError>

    /// - Throws: `.invalidArgument` when the pattern does not compile.
    public init(_ pattern: String) throws(TenuoError) {
        self.init(unchecked: pattern)
        if case .failure(let e) = compiled {
            throw TenuoError(.invalidArgument, "invalid pattern: \(e)", kind: ErrorKind.invalidPattern)
        }
    }

    init(unchecked pattern: String) {
        self.pattern = pattern
        self.compiled = Glob.compile(pattern)
    }

    public static func == (a: PatternConstraint, b: PatternConstraint) -> Bool { a.pattern == b.pattern }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["pattern"])
        self.init(unchecked: try f.text("pattern"))
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("pattern")
        w.text(pattern)
    }

    /// Non-strings never match. An invalid pattern raises first, whatever the value.
    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        let glob = try compiledGlob()
        guard case .string(let s) = value else { return false }
        return glob.matches(s)
    }

    /// 1 + the glob's tokens: matching costs up to tokens × argument length.
    public var matchWeight: Int {
        if case .success(let g) = compiled { return 1 + g.tokens.count }
        return 1
    }

    func compiledGlob() throws(TenuoError) -> Glob {
        switch compiled {
        case .success(let g): return g
        case .failure(let e): throw TenuoError(.constraintViolation, "invalid pattern: \(e)", kind: ErrorKind.invalidPattern)
        }
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let p = child.kind as? PatternConstraint {
            try PatternAttenuation.check(parent: self, child: p)
        } else if let e = child.kind as? ExactConstraint {
            guard try matches(e.value) else {
                throw AttenuationFault.valueNotInParentSet.error(
                    "\(ValueText.render(e.value)) does not match parent pattern \(ValueText.quote(pattern))")
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

    public var summary: String { "Pattern(\(ValueText.quote(pattern)))" }
}
