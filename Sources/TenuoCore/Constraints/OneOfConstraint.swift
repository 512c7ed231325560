/// `OneOf` (wire id 4): the argument must equal one of a list of values.
///
/// Wire value `{"values": [v, …]}`; order and duplicates are kept as signed. Membership
/// uses the same strict equality as `Exact`. An empty list allows nothing.
public struct OneOfConstraint: ConstraintKind {
    public static let typeId: UInt64 = 4
    public static let typeName = "OneOf"

    public let values: [Value]

    public init(_ values: [Value]) { self.values = values }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["values"])
        values = try f.values("values")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("values")
        w.arrayHeader(values.count)
        for v in values { v.write(to: &w) }
    }

    public func matches(_ v: Value) throws(TenuoError) -> Bool { Bytewise.contains(values, v) }

    /// OneOf → OneOf needs a subset; OneOf → Exact needs membership; OneOf → NotOneOf is
    /// refused (it would allow values outside the parent's list).
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? OneOfConstraint {
            for v in c.values where !Bytewise.contains(values, v) {
                throw AttenuationFault.valueNotInParentSet.error(
                    "\(ValueText.render(v)) is not in the parent's allowed set \(ValueText.list(values))")
            }
        } else if let e = child.kind as? ExactConstraint {
            guard Bytewise.contains(values, e.value) else {
                throw AttenuationFault.valueNotInParentSet.error(
                    "\(ValueText.render(e.value)) is not in the parent's allowed set \(ValueText.list(values))")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "values": .list(values)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["values"])
        values = try f.list("values")
    }

    public var summary: String { "OneOf(\(ValueText.list(values)))" }
}
