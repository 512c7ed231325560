/// `CEL` (wire id 15): a Common Expression Language predicate over the argument, in the dialect
/// of the reference (see `CelParser` and `CelEvaluator`).
///
/// Wire value `{"expression": text}` plus `"parent_expression": text` when the reference's
/// `attenuate` helper built it (kept and re-encoded, never used for decisions). The expression
/// is parsed once, at decode or construction, and the tree kept in the value. Text past the
/// parser's limits (`CelLimits`) is refused there; a syntax error is not — as in the reference,
/// such a constraint decodes and denies every call.
///
/// Evaluation: a map argument's entries become variables; any other argument is `value`. The
/// call is allowed when the expression yields `true`; `false` denies; an error or a non-bool
/// result raises the reference's CelError (the call is denied).
///
/// Attenuation: only CEL → CEL, as the reference: the child's expression equals the parent's
/// once whitespace is removed, or is `(<parent>) && (<predicate>)` with the predicate wrapped in
/// one balanced pair of parentheses. Two more conditions make that rule sound, and where they
/// fail the pair is refused although the reference accepts it: an equal child must parse to the
/// same tree (`value == 'a b'` and `value == 'ab'` only differ in whitespace), and a
/// conjunction child must parse to `&&` whose left operand is the parent's tree, with a parent
/// that can only yield a bool (else `(value) && (true)` would allow what `value` alone denies
/// for returning a string). Every other child type is refused (IncompatibleConstraintTypes).
public struct CelConstraint: ConstraintKind {
    public static let typeId: UInt64 = 15
    public static let typeName = "CEL"

    public let expression: String
    public let parentExpression: String?
    let program: Result<CelParser.Program, CelParseError>

    /// - Throws: `.valueTooLarge` when the expression exceeds the parser's size limits.
    public init(_ expression: String, parentExpression: String? = nil) throws(TenuoError) {
        self.expression = expression
        self.parentExpression = parentExpression
        program = CelParser.parse(expression)
        if case .failure(let f) = program, f.limit {
            throw TenuoError(.valueTooLarge, "CEL expression refused: \(f.message)")
        }
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["expression", "parent_expression"])
        var parent: String?
        switch f.optional("parent_expression") {
        case nil, .null?: parent = nil
        case .text(let t)?: parent = t
        case let v?: throw f.wrongType("parent_expression", "text or null", v)
        }
        do {
            try self.init(try f.text("expression"), parentExpression: parent)
        } catch {
            throw TenuoError(error.code == .valueTooLarge ? .valueTooLarge : .invalidPayloadStructure, error.message)
        }
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(parentExpression == nil ? 1 : 2)
        w.text("expression")
        w.text(expression)
        if let p = parentExpression {
            w.text("parent_expression")
            w.text(p)
        }
    }

    /// 1 + the program's node count: each node may be evaluated once per element of the argument.
    public var matchWeight: Int {
        if case .success(let p) = program { return 1 + p.nodes }
        return 1
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        let p: CelParser.Program
        switch program {
        case .success(let ok): p = ok
        case .failure(let f):
            throw TenuoError(.constraintViolation, "CelError: CEL expression error: compilation failed: \(f.message)")
        }
        switch CelEvaluator.run(p.root, on: value) {
        case .success(let b): return b
        case .failure(let f): throw TenuoError(.constraintViolation, "CelError: CEL expression error: \(f.message)")
        }
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let c = child.kind as? CelConstraint else { throw incompatible(with: child) }
        let parentText = CelConstraint.stripWhitespace(expression)
        let childText = CelConstraint.stripWhitespace(c.expression)
        if Bytewise.equal(parentText, childText) {
            if Bytewise.equal(expression, c.expression) { return }
            // A child that does not parse denies every call: narrower than anything.
            guard case .success(let cp) = c.program else { return }
            guard case .success(let pp) = program, pp.root == cp.root else {
                throw AttenuationFault.monotonicity.error(
                    "child CEL expression differs from the parent's in more than whitespace (its meaning changes): "
                        + "\(ValueText.quote(c.expression))")
            }
            return
        }
        let prefix = "(" + parentText + ")&&"
        guard childText.utf8.starts(with: prefix.utf8) else {
            throw AttenuationFault.monotonicity.error(
                "child CEL must be '(\(expression)) && (<predicate>)', got '\(c.expression)'")
        }
        let remainder = String(decoding: childText.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
        guard CelConstraint.hasBalancedOuterParens(remainder) else {
            throw AttenuationFault.monotonicity.error(
                "child CEL predicate must be parenthesized: '(\(expression)) && (<predicate>)', got '(\(expression)) && \(remainder)'")
        }
        guard case .success(let cp) = c.program else {
            if case .failure(let f) = c.program {
                throw AttenuationFault.cel.error("CEL expression error: compilation failed: \(f.message)")
            }
            return
        }
        // The soundness conditions the reference does not check.
        guard case .success(let pp) = program, case .binary(.and, let left, _) = cp.root, left == pp.root else {
            throw AttenuationFault.monotonicity.error(
                "child CEL does not parse as the parent expression AND a predicate (the parent's text does not stand "
                    + "alone inside the parentheses)")
        }
        guard CelConstraint.yieldsBool(pp.root) else {
            throw AttenuationFault.monotonicity.error(
                "parent CEL expression may yield a non-bool value, which the child's && would turn into true: "
                    + "\(ValueText.quote(expression))")
        }
    }

    /// Removes every Unicode White_Space scalar (Rust's `split_whitespace` joined with "").
    static func stripWhitespace(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars where !u.properties.isWhitespace { out.append(u) }
        return String(out)
    }

    /// Starts with `(`, ends with `)`, and the first parenthesis closes only at the end.
    static func hasBalancedOuterParens(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.first == 0x28, b.last == 0x29 else { return false }
        var depth = 0
        for (i, c) in b.enumerated() {
            if c == 0x28 { depth += 1 }
            if c == 0x29 {
                depth -= 1
                if depth == 0 && i != b.count - 1 { return false }
            }
        }
        return depth == 0
    }

    /// Whether every value the expression can yield is a bool (else it raises).
    static func yieldsBool(_ e: CelExpr) -> Bool {
        switch e {
        case .literal(.bool): return true
        case .binary(let op, let a, let b):
            switch op {
            case .or: return yieldsBool(a) && yieldsBool(b)
            case .and, .eq, .ne, .lt, .le, .gt, .ge, .in: return true
            default: return false
            }
        case .unary(.not, _): return true
        case .conditional(_, let a, let b): return yieldsBool(a) && yieldsBool(b)
        case .select(_, _, test: true): return true
        case .comprehension(.all, _, _, _, _), .comprehension(.existsOne, _, _, _, _): return true
        case .comprehension(.exists, _, _, let step, _): return yieldsBool(step)
        case .call(let name, _, _):
            return ["contains", "startsWith", "endsWith", "matches", "net_in_cidr", "net_is_private", "time_is_expired"]
                .contains(name)
        case .unsupported: return true
        default: return false
        }
    }

    public func json() -> Value {
        var m: [String: Value] = ["type": .string(Self.typeName), "expression": .string(expression)]
        if let p = parentExpression { m["parent_expression"] = .string(p) }
        return .map(m)
    }

    /// `{"type": "CEL", "expression": text}` (optionally `"parent_expression"`).
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["expression", "parent_expression"])
        var parent: String?
        if let v = f.optional("parent_expression") {
            switch v {
            case .null: parent = nil
            case .string(let s): parent = s
            default: throw f.wrongType("parent_expression", "string", v)
            }
        }
        try self.init(try f.text("expression"), parentExpression: parent)
    }

    public var summary: String { "CEL(\(ValueText.quote(expression)))" }
}

extension Constraint {
    /// `CEL(expression)`: the argument must make the expression yield true.
    /// - Throws: `.valueTooLarge` past the parser's limits or the value-size limit.
    public static func cel(_ expression: String) throws(TenuoError) -> Constraint {
        let c = Constraint(try CelConstraint(expression))
        try c.checkValueSize()
        return c
    }
}
