/// `Subset` (wire id 11): the argument must be a list whose every element is allowed.
///
/// Wire value `{"allowed": [v, …]}`. Membership uses the strict equality of `Exact`. A
/// non-list argument never matches; the empty list always does (even for `Subset([])`).
public struct SubsetConstraint: ConstraintKind {
    public static let typeId: UInt64 = 11
    public static let typeName = "Subset"

    public let allowed: [Value]

    public init(_ allowed: [Value]) { self.allowed = allowed }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["allowed"])
        allowed = try f.values("allowed")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("allowed")
        w.arrayHeader(allowed.count)
        for v in allowed { v.write(to: &w) }
    }

    /// Each list item is looked for among the allowed values: list length × allowed.
    public var matchWeight: Int { 1 + 4 * allowed.count }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .list(let items) = value else { return false }
        return items.allSatisfy { Bytewise.contains(allowed, $0) }
    }

    /// Only Subset → Subset, and every value the child allows must be allowed by the parent.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let c = child.kind as? SubsetConstraint else { throw incompatible(with: child) }
        for v in c.allowed where !Bytewise.contains(allowed, v) {
            throw AttenuationFault.monotonicity.error(
                "child allows \(ValueText.render(v)) which parent does not allow")
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "allowed": .list(allowed)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["allowed"])
        allowed = try f.list("allowed")
    }

    public var summary: String { "Subset(\(ValueText.list(allowed)))" }
}

extension Constraint {
    /// `Subset(allowed)`: a list argument whose elements are all allowed.
    /// - Throws: `.valueTooLarge` past the value-size limit.
    public static func subset(_ allowed: [Value]) throws(TenuoError) -> Constraint {
        let c = Constraint(SubsetConstraint(allowed))
        try c.checkValueSize()
        return c
    }
}
