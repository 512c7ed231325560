/// `Contains` (wire id 10): the argument must be a list holding every required value.
///
/// Wire value `{"required": [v, …]}`. Membership uses the strict equality of `Exact`
/// (`1` ≠ `1.0` ≠ `true`, strings byte for byte). A non-list argument never matches, so
/// `Contains([])` accepts every list and nothing else.
public struct ContainsConstraint: ConstraintKind {
    public static let typeId: UInt64 = 10
    public static let typeName = "Contains"

    public let required: [Value]

    public init(_ required: [Value]) { self.required = required }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["required"])
        required = try f.values("required")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("required")
        w.arrayHeader(required.count)
        for v in required { v.write(to: &w) }
    }

    /// Each required value is looked for in the whole list: required × list length.
    public var matchWeight: Int { 1 + 4 * required.count }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .list(let items) = value else { return false }
        return required.allSatisfy { Bytewise.contains(items, $0) }
    }

    /// Only Contains → Contains, and the child must still require every parent value.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let c = child.kind as? ContainsConstraint else { throw incompatible(with: child) }
        for v in required where !Bytewise.contains(c.required, v) {
            throw AttenuationFault.requiredValueRemoved.error("child must still require \(ValueText.render(v))")
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "required": .list(required)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["required"])
        required = try f.list("required")
    }

    public var summary: String { "Contains(\(ValueText.list(required)))" }
}

extension Constraint {
    /// `Contains(required)`: a list argument holding every required value.
    /// - Throws: `.valueTooLarge` past the value-size limit.
    public static func contains(_ required: [Value]) throws(TenuoError) -> Constraint {
        let c = Constraint(ContainsConstraint(required))
        try c.checkValueSize()
        return c
    }
}
