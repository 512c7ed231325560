/// `Any` (wire id 13): at least one nested constraint must accept the argument (OR).
/// The reference SDK's Python class is `AnyOf`.
///
/// Wire value `{"constraints": [Constraint, …]}`. Evaluation runs the branches in order and
/// stops at the first that accepts; a branch that raises stops it too (the call is denied),
/// as in the reference. `Any([])` accepts nothing.
///
/// Attenuation (Any → Any only; every other child type is refused, as in the reference): every
/// child branch must be a valid attenuation of some parent branch, as the reference requires,
/// and every parent branch ahead of that one must be unable to raise on a value the child
/// branch allows (`NestedConstraints.raisesOnlyOutside`), so the parent's evaluation is sure to
/// reach it. The reference omits that second condition, which makes its rule unsound:
/// `Any([Pattern("["), Pattern("a*")])` denies `"abc"` (the glob raises first),
/// `Any([Pattern("a*")])` allows it. An empty child (it allows nothing) is accepted, as in the
/// reference.
public struct AnyConstraint: ConstraintKind {
    public static let typeId: UInt64 = 13
    public static let typeName = "Any"

    /// The branches, in wire order.
    public let constraints: [Constraint]

    /// - Throws: `.tooManyConstraints` past the nesting limit.
    public init(_ constraints: [Constraint]) throws(TenuoError) {
        try NestedConstraints.checkHeight(of: constraints)
        self.constraints = constraints
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["constraints"])
        constraints = try NestedConstraints.list(f, "constraints", depth: depth)
    }

    public func writeWire(to w: inout CBORWriter) {
        NestedConstraints.write(constraints, key: "constraints", to: &w)
    }

    /// 1 + the weights of the members (each evaluates the same argument).
    public var matchWeight: Int { constraints.reduce(1) { MatchCost.saturatingAdd($0, $1.matchWeight) } }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        for c in constraints {
            if try c.matches(value) { return true }
        }
        return false
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let c = child.kind as? AnyConstraint else { throw incompatible(with: child) }
        for (j, cb) in c.constraints.enumerated() {
            var blocker: Constraint?
            var covered = false
            for p in constraints {
                if (try? p.checkAttenuation(to: cb)) != nil {
                    covered = true
                    break
                }
                if !NestedConstraints.raisesOnlyOutside(p, of: cb) {
                    blocker = p
                    break
                }
            }
            if covered { continue }
            let detail =
                blocker.map {
                    "may be denied by the parent's earlier branch \($0.summary), which can raise on values it allows"
                } ?? "narrows no parent branch"
            throw AttenuationFault.monotonicity.error(
                "each Any branch in child must be a valid attenuation of some Any branch in parent: child branch \(j) "
                    + "\(cb.summary) \(detail)")
        }
    }

    public func json() -> Value {
        .map(["type": .string(Self.typeName), "constraints": .list(constraints.map { $0.json() })])
    }

    /// `{"type": "Any", "constraints": [constraint, …]}`; an empty list is allowed (it
    /// accepts nothing), as the reference's `AnyOf([])`.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["constraints"])
        constraints = try NestedConstraints.list(f, "constraints", depth: depth)
    }

    public var summary: String { "Any(\(NestedConstraints.summary(constraints)))" }
}

extension Constraint {
    /// `Any(constraints)` (the SDK's `AnyOf`): at least one constraint must accept the argument.
    /// - Throws: `.tooManyConstraints` past the nesting limit, `.valueTooLarge` past the
    ///   value-size limit.
    public static func any(_ constraints: [Constraint]) throws(TenuoError) -> Constraint {
        let c = Constraint(try AnyConstraint(constraints))
        try c.checkValueSize()
        return c
    }
}
