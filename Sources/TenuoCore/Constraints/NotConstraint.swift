/// `Not` (wire id 14): the nested constraint must reject the argument.
///
/// Wire value `{"constraint": Constraint}`. An evaluation error of the inner constraint is
/// not turned into an accept: it propagates and the call is denied, as in the reference.
///
/// Attenuation (Not → Not only; every other child type is refused, as in the reference):
/// `Not(A) → Not(B)` when `B → A` is a valid attenuation (B allows everything A allows, so
/// Not(B) allows only what Not(A) allows), as in the reference, and `A` raises only where `B`
/// raises too (`A` never raises, or `A` and `B` are identical, both Cidr or both UrlPattern).
/// The reference omits the second condition, which makes its rule unsound:
/// `Not(Pattern("["))` denies everything (the glob raises), `Not(Pattern("*"))` allows `1`.
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
        guard let c = child.kind as? NotConstraint else { throw incompatible(with: child) }
        do {
            try c.constraint.checkAttenuation(to: constraint)
        } catch {
            throw AttenuationFault.monotonicity.error(
                "Not attenuation requires child inner constraint to be at least as permissive as parent inner: "
                    + "\(error.message)")
        }
        guard NestedConstraints.neverRaises(constraint) || Self.sameRaises(constraint, c.constraint) else {
            throw AttenuationFault.monotonicity.error(
                "Not attenuation: the parent's inner constraint \(constraint.summary) may raise, and the parent then "
                    + "denies values the child \(child.summary) would allow")
        }
    }

    /// Identical, both Cidr or both UrlPattern: they raise on exactly the same values (for the
    /// last two, strings that are not an address, not a URL).
    static func sameRaises(_ a: Constraint, _ b: Constraint) -> Bool {
        NestedConstraints.identical(a, b) || (a.kind is CidrConstraint && b.kind is CidrConstraint)
            || (a.kind is UrlPatternConstraint && b.kind is UrlPatternConstraint)
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
