/// `Any` (wire id 13): at least one nested constraint must accept the argument (OR).
/// The reference SDK's Python class is `AnyOf`.
///
/// Wire value `{"constraints": [Constraint, …]}`. Evaluation runs the branches in order and
/// stops at the first that accepts; a branch that raises stops it too (the call is denied),
/// as in the reference. `Any([])` accepts nothing.
///
/// Attenuation: wire-format §6 lists Any → Any as invalid, and only an identical child
/// (same encoding) is accepted here, when each branch can be delegated to itself (the
/// reference's rule applied to an identical child). The reference also accepts a child whose every branch
/// narrows some parent branch; that rule is unsound when an earlier parent branch raises
/// (`Any([Cidr, Pattern("a*")])` denies `"abc"`, `Any([Pattern("a*")])` allows it), so it is
/// not followed. Every other child type is refused, as in the reference.
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
        guard child.kind is AnyConstraint else { throw incompatible(with: child) }
        guard NestedConstraints.identical(Constraint(self), child) else {
            throw AttenuationFault.monotonicity.error(
                "Any can only be delegated unchanged (wire-format §6: subset checking for disjunctions is not "
                    + "provably sound); child \(child.summary) differs from parent \(summary)")
        }
        // The reference's rule run on an identical child: each branch must narrow itself
        // (false for an empty All, an Unknown type, …).
        for b in constraints where (try? b.checkAttenuation(to: b)) == nil {
            throw AttenuationFault.monotonicity.error(
                "each Any branch in child must be a valid attenuation of some Any branch in parent: "
                    + "\(b.summary) cannot be delegated")
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
