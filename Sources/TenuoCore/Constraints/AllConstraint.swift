/// `All` (wire id 12): every nested constraint must accept the argument (AND).
///
/// Wire value `{"constraints": [Constraint, …]}`. Evaluation runs the clauses in order and
/// stops at the first that rejects or raises, as the reference does. An empty `All([])`
/// decodes (the reference mints it) but raises whenever it is evaluated — the reference's
/// ValidationError (1204) — so it denies every call; the Swift and JSON constructors refuse
/// it up front.
///
/// Attenuation, as the reference:
/// - All → All: neither side may be empty, and every parent clause needs some child clause
///   that is a valid attenuation of it; the child may add clauses.
/// - All → Exact: the value must pass every parent clause (evaluation errors propagate).
///   Unlike the reference, an empty parent is refused here: it denies every call, so an
///   Exact child would widen it.
/// - anything else is refused.
public struct AllConstraint: ConstraintKind {
    public static let typeId: UInt64 = 12
    public static let typeName = "All"

    /// The clauses, in wire order.
    public let constraints: [Constraint]

    /// - Throws: `.invalidArgument` for an empty list; `.tooManyConstraints` past the
    ///   nesting limit.
    public init(_ constraints: [Constraint]) throws(TenuoError) {
        if constraints.isEmpty { throw AllConstraint.emptyConstruction }
        try NestedConstraints.checkHeight(of: constraints)
        self.constraints = constraints
    }

    static let emptyConstruction = TenuoError(
        .invalidArgument, "All needs at least one constraint (an empty All denies every call)")

    static let emptyMessage = "All constraint with an empty constraints array is invalid"

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["constraints"])
        constraints = try NestedConstraints.list(f, "constraints", depth: depth)
    }

    public func writeWire(to w: inout CBORWriter) {
        NestedConstraints.write(constraints, key: "constraints", to: &w)
    }

    /// - Throws: for an empty list (code 1204, as the reference's ValidationError), or the
    ///   first raising clause's error.
    /// 1 + the weights of the members (each evaluates the same argument).
    public var matchWeight: Int { constraints.reduce(1) { MatchCost.saturatingAdd($0, $1.matchWeight) } }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        if constraints.isEmpty { throw TenuoError(.missingRequiredField, "validation error: \(Self.emptyMessage)") }
        for c in constraints where try !c.matches(value) { return false }
        return true
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? AllConstraint {
            if constraints.isEmpty || c.constraints.isEmpty {
                throw AttenuationFault.monotonicity.error(Self.emptyMessage)
            }
            for (i, p) in constraints.enumerated() {
                let covered = c.constraints.contains { (try? p.checkAttenuation(to: $0)) != nil }
                if !covered {
                    throw AttenuationFault.monotonicity.error(
                        "child All must include all parent constraints: no child clause narrows parent clause "
                            + "\(i) \(p.summary)")
                }
            }
        } else if let e = child.kind as? ExactConstraint {
            if constraints.isEmpty {
                throw AttenuationFault.monotonicity.error(
                    "\(Self.emptyMessage): the parent denies every call, so it cannot be narrowed to an Exact value")
            }
            for p in constraints where try !p.matches(e.value) {
                throw AttenuationFault.monotonicity.error(
                    "exact value is rejected by the parent's \(p.typeName) constraint (\(ValueText.render(e.value)))")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value {
        .map(["type": .string(Self.typeName), "constraints": .list(constraints.map { $0.json() })])
    }

    /// `{"type": "All", "constraints": [constraint, …]}`, at least one constraint.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["constraints"])
        let cs = try NestedConstraints.list(f, "constraints", depth: depth)
        if cs.isEmpty { throw AllConstraint.emptyConstruction }
        constraints = cs
    }

    public var summary: String { "All(\(NestedConstraints.summary(constraints)))" }
}

extension Constraint {
    /// `All(constraints)`: every constraint must accept the argument.
    /// - Throws: `.invalidArgument` for an empty list, `.tooManyConstraints` past the nesting
    ///   limit, `.valueTooLarge` past the value-size limit.
    public static func all(_ constraints: [Constraint]) throws(TenuoError) -> Constraint {
        let c = Constraint(try AllConstraint(constraints))
        try c.checkValueSize()
        return c
    }
}
