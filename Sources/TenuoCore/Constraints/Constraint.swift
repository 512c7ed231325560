/// One argument constraint: a wire type id and the behaviour of that type.
///
/// On the wire a constraint is the two-element array `[type_id, value]`. Two constraints
/// are equal when their encodings are equal byte for byte.
public struct Constraint: Sendable, Equatable, CustomStringConvertible {
    /// The wire type id (for `Unknown`, the id as signed).
    public let typeId: UInt64
    /// The type's behaviour and fields. Downcast to `ExactConstraint`, `PatternConstraint`, … to read fields.
    public let kind: any ConstraintKind
    /// The encoding `[type_id, value]`, as `write(to:)` emits it.
    public let wireBytes: [UInt8]
    /// The size of the value part of `wireBytes`.
    let valueByteCount: Int

    /// Wraps a kind. An `UnknownConstraint` keeps its own id.
    public init(_ kind: some ConstraintKind) {
        let id = (kind as? UnknownConstraint)?.id ?? type(of: kind).typeId
        var w = CBORWriter()
        w.arrayHeader(2)
        w.unsigned(id)
        let start = w.bytes.count
        kind.writeWire(to: &w)
        self.typeId = id
        self.kind = kind
        self.wireBytes = w.bytes
        self.valueByteCount = w.bytes.count - start
    }

    /// A decoded constraint whose encoding is already known: `wireBytes` must be exactly what
    /// `init(_:)` would write for `kind` (the payload fast path uses it for kinds with a unique
    /// encoding, whose input bytes are that encoding).
    init(decoded kind: some ConstraintKind, typeId: UInt64, wireBytes: [UInt8], valueByteCount: Int) {
        self.typeId = typeId
        self.kind = kind
        self.wireBytes = wireBytes
        self.valueByteCount = valueByteCount
    }

    /// Decodes `[type_id, value]` through the registry.
    /// - Parameter depth: how many constraints enclose this one (0 at the top of a set).
    /// - Throws: `.invalidPayloadStructure` for a malformed item, `.unknownConstraintType` for
    ///   an id the reference assigns but this build does not implement, `.tooManyConstraints`
    ///   past the nesting limit, `.valueTooLarge` past the value-size limit.
    public init(wire: CBOR, depth: Int = 0) throws(TenuoError) {
        try Constraint.checkDepth(depth)
        guard case .array(let a) = wire else {
            throw TenuoError(
                .invalidPayloadStructure, "constraint must be a [type_id, value] array, found \(wire.kindName)")
        }
        guard a.count == 2 else {
            throw TenuoError(.invalidPayloadStructure, "constraint array must have 2 elements, found \(a.count)")
        }
        guard case .unsigned(let id) = a[0] else {
            throw TenuoError(
                .invalidPayloadStructure, "constraint type id must be an unsigned integer, found \(a[0].kindName)")
        }
        if let k = ConstraintRegistry.kind(forId: id) {
            self.init(try k.init(wire: a[1], depth: depth))
        } else if let name = ConstraintRegistry.referenceAssigned[id] {
            throw TenuoError(.unknownConstraintType, "constraint type \(id) (\(name)) is not supported by this build")
        } else if id > 255 {
            throw TenuoError(.invalidPayloadStructure, "constraint type id \(id) is above 255")
        } else {
            self.init(try UnknownConstraint(id: id, wire: a[1]))
        }
        try checkValueSize()
    }

    /// Builds a constraint from its JSON form, e.g. `{"type": "Pattern", "pattern": "/data/*"}`.
    /// Type names are matched case-insensitively; `"Unknown"` takes `type_id` and hex `payload`.
    /// - Throws: `.invalidArgument` for a malformed object, `.unknownConstraintType` for an
    ///   unknown or unsupported type name, `.valueTooLarge` past the value-size limit.
    public init(json: Value) throws(TenuoError) {
        try self.init(json: json, depth: 0)
    }

    /// As `init(json:)`, for a constraint enclosed by `depth` others.
    public init(json: Value, depth: Int) throws(TenuoError) {
        try Constraint.checkDepth(depth)
        guard case .map(let m) = json else {
            throw TenuoError(.invalidArgument, "constraint must be a JSON object, found \(json.kindName)")
        }
        guard case .string(let name)? = Bytewise.lookup(m, "type") else {
            throw TenuoError(.invalidArgument, "constraint object needs a string field \"type\"")
        }
        if let k = ConstraintRegistry.kind(forName: name) {
            self.init(try k.init(json: m, depth: depth))
        } else if name.lowercased() == UnknownConstraint.typeName.lowercased() {
            self.init(try UnknownConstraint(json: m, depth: depth))
        } else {
            let lower = name.lowercased()
            if ConstraintRegistry.referenceAssigned.values.contains(where: { $0.lowercased() == lower }) {
                throw TenuoError(.unknownConstraintType, "constraint type \(name) is not supported by this build")
            }
            throw TenuoError(.unknownConstraintType, "unknown constraint type \(ValueText.quote(name))")
        }
        try checkValueSize()
    }

    static func checkDepth(_ depth: Int) throws(TenuoError) {
        if depth > ConstraintLimits.maxNestingDepth {
            throw TenuoError(
                .tooManyConstraints, "constraint nesting exceeds the maximum of \(ConstraintLimits.maxNestingDepth)")
        }
    }

    /// Enforces the 4 KiB value-size limit of wire-format §13.
    func checkValueSize() throws(TenuoError) {
        if valueByteCount > ConstraintLimits.maxValueBytes {
            throw TenuoError(
                .valueTooLarge,
                "\(typeName) constraint value is \(valueByteCount) bytes (limit \(ConstraintLimits.maxValueBytes))")
        }
    }

    /// Appends `[type_id, value]`.
    public func write(to w: inout CBORWriter) { w.raw(wireBytes) }

    /// Evaluates one argument value (see each kind for its rules).
    /// - Throws: where the reference raises during evaluation (an invalid glob, an Unknown
    ///   type); the call is denied either way.
    public func matches(_ v: Value) throws(TenuoError) -> Bool { try kind.matches(v) }

    /// Checks that `child` is a valid attenuation of this (parent) constraint: a Wildcard
    /// parent accepts any child, no parent may be widened to a Wildcard, and every other pair
    /// goes to the parent kind's rules (unlisted pairs are refused naming both types).
    /// - Throws: `.invalidAttenuation`, `.capabilityExpansion` or `.constraintViolation`, with
    ///   `kind` set to the reference's error kind (`PatternExpanded`, …).
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if kind is WildcardConstraint { return }
        if child.kind is WildcardConstraint {
            throw AttenuationFault.wildcardExpansion.error("cannot widen \(typeName) to Wildcard")
        }
        try kind.checkAttenuation(to: child)
    }

    /// The JSON form `{"type": …, …fields as on the wire}`.
    public func json() -> Value { kind.json() }

    /// The reference SDK's name of this constraint's type ("Unknown" for unknown ids).
    public var typeName: String { type(of: kind).typeName }

    /// A short human form, e.g. `Pattern("/data/*")`.
    public var summary: String { kind.summary }
    public var description: String { summary }

    public static func == (a: Constraint, b: Constraint) -> Bool { a.wireBytes == b.wireBytes }

    // MARK: Constructors

    /// `Exact(v)`.
    public static func exact(_ v: Value) -> Constraint { Constraint(ExactConstraint(v)) }

    /// `Pattern(s)`.
    /// - Throws: `.invalidArgument` when the glob does not compile; `.valueTooLarge`.
    public static func pattern(_ s: String) throws(TenuoError) -> Constraint {
        let c = Constraint(try PatternConstraint(s))
        try c.checkValueSize()
        return c
    }

    /// `Range(min, max)`; nil means unbounded on that side.
    /// - Throws: `.invalidArgument` when a bound is NaN.
    public static func range(min: Double?, max: Double?, minInclusive: Bool = true, maxInclusive: Bool = true)
        throws(TenuoError) -> Constraint
    {
        Constraint(try RangeConstraint(min: min, max: max, minInclusive: minInclusive, maxInclusive: maxInclusive))
    }

    /// `OneOf(values)`.
    /// - Throws: `.valueTooLarge` past the value-size limit.
    public static func oneOf(_ vs: [Value]) throws(TenuoError) -> Constraint {
        let c = Constraint(OneOfConstraint(vs))
        try c.checkValueSize()
        return c
    }

    /// `NotOneOf(excluded)`.
    /// - Throws: `.valueTooLarge` past the value-size limit.
    public static func notOneOf(_ vs: [Value]) throws(TenuoError) -> Constraint {
        let c = Constraint(NotOneOfConstraint(vs))
        try c.checkValueSize()
        return c
    }

    /// `Wildcard()`.
    public static var wildcard: Constraint { Constraint(WildcardConstraint()) }
}

extension Constraint {
    /// A new group: this `All` or `Any` with `clause` appended (constraints are immutable, so
    /// a group is built one clause at a time this way).
    /// - Throws: `.invalidArgument` when this constraint is not an All or Any group;
    ///   `.tooManyConstraints` past the nesting limit, `.valueTooLarge` past the value-size limit.
    public func appending(clause: Constraint) throws(TenuoError) -> Constraint {
        if let all = kind as? AllConstraint { return try .all(all.constraints + [clause]) }
        if let any = kind as? AnyConstraint { return try .any(any.constraints + [clause]) }
        throw TenuoError(.invalidArgument, "group is \(typeName), not All or Any")
    }
}
