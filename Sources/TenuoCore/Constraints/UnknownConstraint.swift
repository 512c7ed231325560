/// A constraint whose wire id this build does not know (and the reference does not
/// assign): kept as its raw value so it re-encodes identically, and denied on every call.
///
/// Decoding mirrors the reference: ids 0–255 whose value is a CBOR byte string. Any other
/// value shape, and ids above 255, are refused (the reference refuses them too). The
/// reference also reads a one-element `[id]` as Unknown with an empty payload; we refuse
/// that as a wrong array length (it never writes one). As a parent it narrows to nothing;
/// under a Wildcard parent it is an accepted (always-denying) child.
public struct UnknownConstraint: ConstraintKind {
    /// Unused: an Unknown constraint carries its own id (`id`).
    public static let typeId: UInt64 = 0
    public static let typeName = "Unknown"

    /// The wire id as signed.
    public let id: UInt64
    /// The byte-string payload as signed.
    public let payload: [UInt8]

    public init(id: UInt64, payload: [UInt8]) {
        self.id = id
        self.payload = payload
    }

    /// Reads only the payload; `Constraint(wire:)` supplies the id.
    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        try self.init(id: 0, wire: wire)
    }

    init(id: UInt64, wire: CBOR) throws(TenuoError) {
        guard case .bytes(let b) = wire else {
            throw TenuoError(
                .invalidPayloadStructure,
                "unknown constraint type \(id): value must be a byte string, found \(wire.kindName)")
        }
        self.init(id: id, payload: b)
    }

    public func writeWire(to w: inout CBORWriter) { w.byteString(payload) }

    /// Always raises, as the reference does: the call is denied as an evaluation error
    /// reported on the field `"constraint"`.
    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        throw TenuoError(.constraintViolation, "unknown constraint type ID \(id)", field: "constraint")
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) { throw incompatible(with: child) }

    public func json() -> Value {
        .map(["type": .string(Self.typeName), "type_id": .int(Int64(id)), "payload": .string(Hex.encode(payload))])
    }

    /// `{"type": "Unknown", "type_id": n, "payload": "<hex>"}`; the id must be 0–255 and
    /// neither implemented nor assigned by the reference.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["type_id", "payload"])
        guard case .int(let raw) = try f.required("type_id"), raw >= 0, raw <= 255 else {
            throw TenuoError(.invalidArgument, "Unknown.type_id: expected an integer 0–255")
        }
        let id = UInt64(raw)
        if ConstraintRegistry.kind(forId: id) != nil || ConstraintRegistry.referenceAssigned[id] != nil {
            throw TenuoError(.invalidArgument, "Unknown.type_id: \(id) is an assigned constraint type")
        }
        guard let bytes = try? Hex.decode(try f.text("payload")) else {
            throw TenuoError(.invalidArgument, "Unknown.payload: expected an even-length hex string")
        }
        self.init(id: id, payload: bytes)
    }

    public var summary: String { "Unknown(type_id=\(id), \(payload.count) bytes)" }
}
