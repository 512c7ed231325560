/// `Subpath` (wire id 17): the argument must be an absolute path inside `root`, after
/// lexical normalisation (see `PathNormalizer`).
///
/// Wire value `{"root": text, "case_sensitive": bool, "allow_equal": bool}`, always written
/// with all three keys in that order; a missing flag decodes as `true`, as in the reference.
///
/// Evaluation, as the reference: a non-string, a string holding NUL, or a relative path never
/// matches. The value is normalised (and lowercased when `case_sensitive` is false); it
/// matches when it equals the root (if `allow_equal`) or starts with the root, trailing
/// slashes trimmed, plus `/`. The constructor validates and normalises the root (and
/// lowercases it when not case-sensitive); a root read from the wire is used exactly as
/// signed, so a relative or unnormalised root simply never matches, and an empty root (or
/// `"///"`) matches every `/`-absolute path. Quirks kept: root `/` with `allow_equal` false
/// still matches `/`, and a `C:\` root matches only itself.
public struct SubpathConstraint: ConstraintKind {
    public static let typeId: UInt64 = 17
    public static let typeName = "Subpath"

    /// The root as signed (normalised when built by the constructor).
    public let root: String
    public let caseSensitive: Bool
    public let allowEqual: Bool
    private let rootBytes: [UInt8]
    /// The root with trailing `/` removed, then one `/` appended.
    private let rootPrefix: [UInt8]

    /// The reference's `Subpath(root, case_sensitive=, allow_equal=)`.
    /// - Throws: `.invalidArgument` when the root is not absolute or holds a NUL byte.
    public init(root: String, caseSensitive: Bool = true, allowEqual: Bool = true) throws(TenuoError) {
        let bytes = Array(root.utf8)
        if bytes.contains(0) {
            throw TenuoError(.invalidArgument, "invalid path \(ValueText.quote(root)): root contains a NUL byte")
        }
        guard PathNormalizer.isAbsolute(bytes) else {
            throw TenuoError(
                .invalidArgument, "invalid path \(ValueText.quote(root)): root must be an absolute path")
        }
        let normalized = PathNormalizer.normalize(root)
        self.init(
            signedRoot: caseSensitive ? normalized : UnicodeCase.lowercase(normalized), caseSensitive: caseSensitive,
            allowEqual: allowEqual)
    }

    /// A root used exactly as given (what decoding does).
    init(signedRoot root: String, caseSensitive: Bool, allowEqual: Bool) {
        self.root = root
        self.caseSensitive = caseSensitive
        self.allowEqual = allowEqual
        rootBytes = Array(root.utf8)
        var trimmed = rootBytes[...]
        while trimmed.last == PathNormalizer.slash { trimmed = trimmed.dropLast() }
        rootPrefix = Array(trimmed) + [PathNormalizer.slash]
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["root", "case_sensitive", "allow_equal"])
        func flag(_ key: String) throws(TenuoError) -> Bool {
            f.optional(key) == nil ? true : try f.bool(key)
        }
        self.init(
            signedRoot: try f.text("root"), caseSensitive: try flag("case_sensitive"),
            allowEqual: try flag("allow_equal"))
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(3)
        w.text("root")
        w.text(root)
        w.text("case_sensitive")
        w.bool(caseSensitive)
        w.text("allow_equal")
        w.bool(allowEqual)
    }

    /// Whether `path` lies inside the root (the reference's `contains_path`).
    public func contains(path: String) -> Bool {
        let bytes = Array(path.utf8)
        if bytes.contains(0) || !PathNormalizer.isAbsolute(bytes) { return false }
        var normalized = PathNormalizer.normalize(bytes)
        if !caseSensitive {
            normalized = Array(UnicodeCase.lowercase(String(decoding: normalized, as: UTF8.self)).utf8)
        }
        if allowEqual && normalized == rootBytes { return true }
        return normalized.starts(with: rootPrefix)
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .string(let s) = value else { return false }
        return contains(path: s)
    }

    /// Subpath → Subpath: the child's root (as signed) must be inside this root, and the
    /// child may not turn off case sensitivity or turn on `allow_equal`. Subpath → Exact: the
    /// value must be a path inside the root.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? SubpathConstraint {
            guard contains(path: c.root) else { throw notContained(c.root) }
            if caseSensitive && !c.caseSensitive {
                throw AttenuationFault.monotonicity.error("cannot attenuate case-sensitive to case-insensitive")
            }
            if !allowEqual && c.allowEqual {
                throw AttenuationFault.monotonicity.error("cannot attenuate allow_equal=false to allow_equal=true")
            }
        } else if let e = child.kind as? ExactConstraint {
            guard case .string(let s) = e.value else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate Subpath to Exact (non-string)")
            }
            guard contains(path: s) else { throw notContained(s) }
        } else {
            throw incompatible(with: child)
        }
    }

    private func notContained(_ path: String) -> TenuoError {
        AttenuationFault.constraintViolation.error(
            "path \(ValueText.quote(path)) not contained in root \(ValueText.quote(root))")
    }

    public func json() -> Value {
        .map([
            "type": .string(Self.typeName), "root": .string(root), "case_sensitive": .bool(caseSensitive),
            "allow_equal": .bool(allowEqual),
        ])
    }

    /// `{"type": "Subpath", "root": text, "case_sensitive"?: bool, "allow_equal"?: bool}`,
    /// built as the constructor does (flags default to true).
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["root", "case_sensitive", "allow_equal"])
        try self.init(
            root: try f.text("root"), caseSensitive: try f.bool("case_sensitive", default: true),
            allowEqual: try f.bool("allow_equal", default: true))
    }

    public var summary: String {
        if caseSensitive && allowEqual { return "Subpath(\(ValueText.quote(root)))" }
        return "Subpath(\(ValueText.quote(root)), case_sensitive=\(caseSensitive), allow_equal=\(allowEqual))"
    }
}

extension Constraint {
    /// `Subpath(root, case_sensitive:, allow_equal:)`.
    /// - Throws: `.invalidArgument` for a relative root or one holding NUL; `.valueTooLarge`.
    public static func subpath(_ root: String, caseSensitive: Bool = true, allowEqual: Bool = true)
        throws(TenuoError) -> Constraint
    {
        let c = Constraint(try SubpathConstraint(root: root, caseSensitive: caseSensitive, allowEqual: allowEqual))
        try c.checkValueSize()
        return c
    }
}
