/// One constraint type's behaviour: how its value part is decoded and encoded, how it
/// evaluates an argument, how it judges a child constraint, and its JSON form.
///
/// Adding a type is one new file conforming to this protocol plus one line in
/// `ConstraintRegistry.kinds`. Recursive types (All, Any, Not) receive `depth`, the number
/// of constraints enclosing them, and pass `depth + 1` to `Constraint(wire:depth:)` for
/// their children so the nesting limit is enforced in one place.
public protocol ConstraintKind: Sendable {
    /// The wire type id (the first element of `[type_id, value]`).
    static var typeId: UInt64 { get }
    /// The reference SDK's class name ("Exact", "Pattern", …), used in JSON and messages.
    static var typeName: String { get }

    /// Decodes the value part of `[type_id, value]`.
    /// - Throws: `.invalidPayloadStructure` naming the offending key or type.
    init(wire: CBOR, depth: Int) throws(TenuoError)

    /// Writes the value part exactly as the reference encodes it.
    func writeWire(to w: inout CBORWriter)

    /// Evaluates one argument value.
    /// - Returns: whether the value satisfies the constraint.
    /// - Throws: only where the reference raises during evaluation (the call is still denied).
    func matches(_ value: Value) throws(TenuoError) -> Bool

    /// The evaluation weight for the cost bound (`MatchCost`): 1 for constraints linear in the
    /// argument (the default), more for those whose cost grows with their own size too.
    var matchWeight: Int { get }

    /// Checks that `child` accepts no value this constraint rejects. Called by
    /// `Constraint.checkAttenuation(to:)` after the Wildcard rules, so neither side is a
    /// Wildcard parent and the child is not a Wildcard.
    /// - Throws: `.invalidAttenuation` or `.capabilityExpansion` (or `.constraintViolation`
    ///   where the reference reports one) with the reference's error kind as message prefix.
    func checkAttenuation(to child: Constraint) throws(TenuoError)

    /// The JSON form: `{"type": typeName, …fields as on the wire}`.
    func json() -> Value

    /// Builds the constraint from its JSON form (the constructor used by C and Python).
    /// The `"type"` key is already checked by the caller and is ignored here.
    /// - Throws: `.invalidArgument` for a missing, mistyped or unknown field.
    init(json: [String: Value], depth: Int) throws(TenuoError)

    /// A short human form, e.g. `Pattern("/data/*")`, for diagnostics.
    var summary: String { get }
}

extension ConstraintKind {
    /// The refusal for a (parent, child) pair the attenuation matrix does not list.
    func incompatible(with child: Constraint) -> TenuoError {
        AttenuationFault.incompatibleTypes.error(
            "cannot attenuate \(Self.typeName) to \(child.typeName)")
    }
}

/// The constraint types this build understands, keyed by wire id and by name.
public enum ConstraintRegistry {
    /// Every implemented kind. One line per type.
    static var kinds: [any ConstraintKind.Type] {
        [
            ExactConstraint.self,
            PatternConstraint.self,
            RangeConstraint.self,
            OneOfConstraint.self,
            NotOneOfConstraint.self,
            WildcardConstraint.self,
            ContainsConstraint.self,
            SubsetConstraint.self,
            AllConstraint.self,
            AnyConstraint.self,
            NotConstraint.self,
            SubpathConstraint.self,
            ShlexConstraint.self,
            RegexConstraint.self,
            CidrConstraint.self,
            UrlPatternConstraint.self,
            UrlSafeConstraint.self,
            CelConstraint.self,
        ]
    }

    /// The kind registered for a wire id, if any.
    static func kind(forId id: UInt64) -> (any ConstraintKind.Type)? {
        for k in kinds where k.typeId == id { return k }
        return nil
    }

    /// The kind registered under a type name, compared case-insensitively.
    static func kind(forName name: String) -> (any ConstraintKind.Type)? {
        let lower = name.lowercased()
        for k in kinds where k.typeName.lowercased() == lower { return k }
        return nil
    }

    /// Wire ids the reference assigns to types this build does not implement yet.
    /// Such a constraint is refused at decode time (`.unknownConstraintType`) rather than
    /// kept as `Unknown`: the reference would decode the same bytes with its own schema,
    /// so treating them as opaque would accept byte-string payloads the reference rejects.
    static let referenceAssigned: [UInt64: String] = [:]

    /// The ids of every implemented kind, ascending.
    public static var implementedTypeIds: [UInt64] { kinds.map { $0.typeId }.sorted() }
}

/// Size and nesting limits of wire-format §13 that apply to constraints.
public enum ConstraintLimits {
    /// Maximum number of argument constraints in one tool's set (`.tooManyConstraints`).
    public static let maxConstraintsPerTool = 64
    /// Maximum nesting of recursive constraints (All/Any/Not): a constraint may be enclosed
    /// by at most this many others, as in the reference.
    public static let maxNestingDepth = 32
    /// Maximum encoded size in bytes of one constraint's value part (`.valueTooLarge`).
    /// The spec's limit; the reference does not enforce it (see the README divergences).
    public static let maxValueBytes = 4096
}
