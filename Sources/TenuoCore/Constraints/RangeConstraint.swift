/// `Range` (wire id 3): a numeric interval. Ints and floats both count (an int is compared
/// as a double); bools, strings, null, lists, maps and NaN never match.
///
/// Wire value `{"min": f|null, "max": f|null, "min_inclusive": b, "max_inclusive": b}`,
/// written in that order with shortest floats. Decoding, as the reference: bounds must be
/// CBOR floats of any width (an integer `0` is refused), a missing bound reads as null, the
/// two flags are required. Unlike the reference, a NaN bound is refused at decode as well as
/// at construction: such a range allows nothing, and as a parent its NaN comparisons would
/// let any child through. ±inf bounds are allowed; min > max is allowed and matches nothing.
public struct RangeConstraint: ConstraintKind {
    public static let typeId: UInt64 = 3
    public static let typeName = "Range"

    public let min: Double?
    public let max: Double?
    public let minInclusive: Bool
    public let maxInclusive: Bool

    /// - Throws: `.invalidArgument` when a bound is NaN.
    public init(min: Double?, max: Double?, minInclusive: Bool = true, maxInclusive: Bool = true)
        throws(TenuoError)
    {
        if min?.isNaN == true { throw TenuoError(.invalidArgument, "invalid range: min cannot be NaN") }
        if max?.isNaN == true { throw TenuoError(.invalidArgument, "invalid range: max cannot be NaN") }
        self.min = min
        self.max = max
        self.minInclusive = minInclusive
        self.maxInclusive = maxInclusive
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(
            wire, typeName: Self.typeName, allowed: ["min", "max", "min_inclusive", "max_inclusive"])
        func bound(_ key: String) throws(TenuoError) -> Double? {
            switch f.optional(key) {
            case nil, .null?: return nil
            case .float(let d)?:
                if d.isNaN { throw TenuoError(.invalidPayloadStructure, "Range.\(key): NaN bound") }
                return d
            case let v?: throw f.wrongType(key, "float or null", v)
            }
        }
        min = try bound("min")
        max = try bound("max")
        minInclusive = try f.bool("min_inclusive")
        maxInclusive = try f.bool("max_inclusive")
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(4)
        w.text("min")
        if let m = min { w.float(m) } else { w.null() }
        w.text("max")
        if let m = max { w.float(m) } else { w.null() }
        w.text("min_inclusive")
        w.bool(minInclusive)
        w.text("max_inclusive")
        w.bool(maxInclusive)
    }

    /// Whether a number lies in the range (false for NaN).
    public func contains(_ n: Double) -> Bool {
        if n.isNaN { return false }
        if let m = min, !(minInclusive ? n >= m : n > m) { return false }
        if let m = max, !(maxInclusive ? n <= m : n < m) { return false }
        return true
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard let n = value.number else { return false }
        return contains(n)
    }

    /// Range → Range: the child's bounds must lie within the parent's, and at an equal
    /// bound the child may not include what the parent excludes. A parent bound the child
    /// drops counts as expansion, even when it was infinite. Range → Exact: the value must
    /// be a number inside the range.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? RangeConstraint {
            try checkBound(
                "min", parent: min, parentInclusive: minInclusive, child: c.min,
                childInclusive: c.minInclusive, missing: -Double.infinity
            ) { $0 < $1 }
            try checkBound(
                "max", parent: max, parentInclusive: maxInclusive, child: c.max,
                childInclusive: c.maxInclusive, missing: Double.infinity
            ) { $0 > $1 }
        } else if let e = child.kind as? ExactConstraint {
            guard let n = e.value.number else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate Range to Exact (non-numeric)")
            }
            guard contains(n) else {
                throw AttenuationFault.valueNotInRange.error("\(ValueText.render(e.value)) is outside \(summary)")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    /// `wider(child, parent)` says the child bound lies outside the parent bound.
    private func checkBound(
        _ name: String, parent: Double?, parentInclusive: Bool, child: Double?, childInclusive: Bool,
        missing: Double, wider: (Double, Double) -> Bool
    ) throws(TenuoError) {
        guard let p = parent else { return }
        guard let c = child else {
            throw AttenuationFault.rangeExpanded.error(
                "child drops the \(name) bound \(ValueText.number(p)) (reads as \(ValueText.number(missing)))")
        }
        if wider(c, p) {
            throw AttenuationFault.rangeExpanded.error(
                "child \(name) \(ValueText.number(c)) lies outside parent \(name) \(ValueText.number(p))")
        }
        if c == p && !parentInclusive && childInclusive {
            throw AttenuationFault.rangeInclusivityExpanded.error(
                "child includes \(name) \(ValueText.number(p)), which the parent excludes")
        }
    }

    public func json() -> Value {
        .map([
            "type": .string(Self.typeName),
            "min": min.map { .float($0) } ?? .null,
            "max": max.map { .float($0) } ?? .null,
            "min_inclusive": .bool(minInclusive),
            "max_inclusive": .bool(maxInclusive),
        ])
    }

    /// `min`/`max` are optional numbers (int or float), the flags optional booleans (default true).
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(
            json, typeName: Self.typeName, allowed: ["min", "max", "min_inclusive", "max_inclusive"])
        try self.init(
            min: try f.number("min"), max: try f.number("max"),
            minInclusive: try f.bool("min_inclusive", default: true),
            maxInclusive: try f.bool("max_inclusive", default: true))
    }

    public var summary: String {
        var parts: [String] = []
        if let m = min { parts.append("min \(minInclusive ? ">=" : ">") \(ValueText.number(m))") }
        if let m = max { parts.append("max \(maxInclusive ? "<=" : "<") \(ValueText.number(m))") }
        return "Range(" + (parts.isEmpty ? "unbounded" : parts.joined(separator: ", ")) + ")"
    }
}
