/// `NotOneOf` (wire id 7): the argument must differ from every listed value.
///
/// Wire value `{"excluded": [v, …]}`. Strict equality as `Exact`, so `NotOneOf(["5"])`
/// allows `5`, null, lists and maps.
public struct NotOneOfConstraint: ConstraintKind {
    public static let typeId: UInt64 = 7
    public static let typeName = "NotOneOf"

    public let excluded: [Value]

    public init(_ excluded: [Value]) { self.excluded = excluded }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["excluded"])
        excluded = try f.values("excluded")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("excluded")
        w.arrayHeader(excluded.count)
        for v in excluded { v.write(to: &w) }
    }

    public func matches(_ v: Value) throws(TenuoError) -> Bool { !Bytewise.contains(excluded, v) }

    /// Only NotOneOf → NotOneOf, and the child must keep every parent exclusion.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        guard let c = child.kind as? NotOneOfConstraint else { throw incompatible(with: child) }
        for v in excluded where !Bytewise.contains(c.excluded, v) {
            throw AttenuationFault.exclusionRemoved.error("child must still exclude \(ValueText.render(v))")
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "excluded": .list(excluded)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["excluded"])
        excluded = try f.list("excluded")
    }

    public var summary: String { "NotOneOf(\(ValueText.list(excluded)))" }
}
