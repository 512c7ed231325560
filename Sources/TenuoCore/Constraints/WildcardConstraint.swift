/// `Wildcard` (wire id 16): any value. Wire value `null`.
///
/// A Wildcard parent may be narrowed to anything and nothing may be widened back to it;
/// both rules live in `Constraint.checkAttenuation(to:)`. Under zero-trust the argument
/// must still be present.
public struct WildcardConstraint: ConstraintKind {
    public static let typeId: UInt64 = 16
    public static let typeName = "Wildcard"

    public init() {}

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        guard wire.isNull else {
            throw TenuoError(.invalidPayloadStructure, "Wildcard: value must be null, found \(wire.kindName)")
        }
    }

    public func writeWire(to w: inout CBORWriter) { w.null() }

    public func matches(_ value: Value) throws(TenuoError) -> Bool { true }

    /// Never reached through `Constraint` (a Wildcard parent accepts every child there).
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {}

    public func json() -> Value { .map(["type": .string(Self.typeName)]) }

    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        _ = try JSONFields(json, typeName: Self.typeName, allowed: [])
    }

    public var summary: String { "Wildcard()" }
}
