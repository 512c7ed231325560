/// `Not` (wire id 14): the nested constraint must reject the argument.
///
/// Wire value `{"constraint": Constraint}`. An evaluation error of the inner constraint is
/// not turned into an accept: it propagates and the call is denied, as in the reference.
///
/// Attenuation: wire-format §6 lists Not → Not as invalid, and only an identical child (same
/// encoding) is accepted here, when the inner constraint can be delegated to itself. The reference also accepts `Not(A) → Not(B)` whenever `B → A`
/// is a valid attenuation; that is unsound when `A` can raise (`Not(Pattern("["))` denies
/// everything, `Not(Pattern("*"))` allows `1`), so it is not followed. Every other child
/// type is refused, as in the reference.
public struct NotConstraint: ConstraintKind {
    public static let typeId: UInt64 = 14
    public static let typeName = "Not"

    /// The negated constraint.
    public let constraint: Constraint

    /// - Throws: `.tooManyConstraints` past the nesting limit.
    public init(_ constraint: Constraint) throws(TenuoError) {
        try NestedConstraints.checkHeight(of: [constraint])
        self.constraint = constraint
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["constraint"])
        constraint = try NestedConstraints.one(f, "constraint", depth: depth)
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("constraint")
        constraint.write(to: &w)
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool { try !constraint.matches(value) }

    public var matchWeight: Int { MatchCost.saturatingAdd(1, constraint.matchWeight) }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard child.kind is NotConstraint else { throw incompatible(with: child) }
        guard NestedConstraints.identical(Constraint(self), child) else {
            throw AttenuationFault.monotonicity.error(
                "Not can only be delegated unchanged (wire-format §6: negation reverses the subset direction); "
                    + "child \(child.summary) differs from parent \(summary)")
        }
        // The reference's rule on an identical child: the inner constraint must narrow itself.
        do {
            try constraint.checkAttenuation(to: constraint)
        } catch {
            throw AttenuationFault.monotonicity.error(
                "Not attenuation requires child inner constraint to be at least as permissive as parent inner: "
                    + "\(error.message)")
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "constraint": constraint.json()]) }

    /// `{"type": "Not", "constraint": constraint}`.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["constraint"])
        constraint = try NestedConstraints.one(f, "constraint", depth: depth)
    }

    public var summary: String { "Not(\(constraint.summary))" }
}

extension Constraint {
    /// `Not(constraint)`: the argument must be rejected by `constraint`.
    /// - Throws: `.tooManyConstraints` past the nesting limit, `.valueTooLarge` past the
    ///   value-size limit.
    public static func not(_ constraint: Constraint) throws(TenuoError) -> Constraint {
        let c = Constraint(try NotConstraint(constraint))
        try c.checkValueSize()
        return c
    }
}
