/// `Exact` (wire id 1): the argument must equal one value.
///
/// Wire value `{"value": v}` where v is any argument value (the Python SDK only builds
/// strings; the wire allows ints, floats, lists, maps and null). Comparison is type-strict
/// and byte-exact (`5` ≠ `"5"`, `1` ≠ `1.0` ≠ `true`, no Unicode normalisation).
public struct ExactConstraint: ConstraintKind {
    public static let typeId: UInt64 = 1
    public static let typeName = "Exact"

    public let value: Value

    public init(_ value: Value) { self.value = value }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["value"])
        value = try f.value(of: try f.required("value"), key: "value")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("value")
        value.write(to: &w)
    }

    public func matches(_ v: Value) throws(TenuoError) -> Bool { Bytewise.equal(value, v) }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let e = child.kind as? ExactConstraint else { throw incompatible(with: child) }
        guard Bytewise.equal(value, e.value) else {
            throw AttenuationFault.exactValueMismatch.error(
                "parent requires \(ValueText.render(value)), child has \(ValueText.render(e.value))")
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "value": value]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["value"])
        value = try f.required("value")
    }

    public var summary: String { "Exact(\(ValueText.render(value)))" }
}
