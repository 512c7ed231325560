// Typed constructors for the structural constraints (Contains, Subset, All, Any, Not,
// Subpath, Shlex). Lists of values are JSON arrays; groups are built one clause at a time.
import TenuoCore

/// Contains: the argument must be a list holding every value of a JSON array.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - values_json: UTF-8 JSON array of required values.
///   - values_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_contains(_ values_json: UnsafePointer<CChar>?, _ values_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.contains(try jsonList(values_json, values_len, "required values")) }
}

/// Subset: the argument must be a list whose every element is a value of a JSON array.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - values_json: UTF-8 JSON array of allowed values.
///   - values_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_subset(_ values_json: UnsafePointer<CChar>?, _ values_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.subset(try jsonList(values_json, values_len, "allowed values")) }
}

/// All (AND) with one clause; add more with `tenuo_constraint_push`.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - first: The first clause (borrowed).
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS (nesting over 32), or misuse codes.
@c public func tenuo_constraint_all(_ first: tenuo_constraint_cref?, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.all([try constraintOf(first, "first clause")]) }
}

/// Any (OR) with one clause; add more with `tenuo_constraint_push`.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - first: The first clause (borrowed).
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS (nesting over 32), or misuse codes.
@c public func tenuo_constraint_any(_ first: tenuo_constraint_cref?, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.any([try constraintOf(first, "first clause")]) }
}

/// Returns a new All or Any: `group` with `clause` appended (constraints are immutable).
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - group: An All or Any constraint (borrowed).
///   - clause: The clause to append (borrowed).
///   - out: Receives the new constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (group is not All/Any),
///   TENUO_E_TOO_MANY_CONSTRAINTS, or misuse codes.
@c public func tenuo_constraint_push(_ group: tenuo_constraint_cref?, _ clause: tenuo_constraint_cref?, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in
        let g = try constraintOf(group, "group")
        let c = try constraintOf(clause, "clause")
        if let all = g.kind as? AllConstraint { return try Constraint.all(all.constraints + [c]) }
        if let any = g.kind as? AnyConstraint { return try Constraint.any(any.constraints + [c]) }
        throw misuse(.invalidArgument, "group is \(g.typeName), not All or Any")
    }
}

/// Not: the inner constraint must reject the argument.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - inner: The negated constraint (borrowed).
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS (nesting over 32), or misuse codes.
@c public func tenuo_constraint_not(_ inner: tenuo_constraint_cref?, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.not(try constraintOf(inner, "inner constraint")) }
}

/// Subpath: the argument must be a path inside `root` after lexical normalisation (`.`/`..`
/// resolved, `..` stopping at the root); the root is normalised here too.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - root: The root directory (UTF-8, absolute).
///   - root_len: Its length in bytes.
///   - case_sensitive: Compare case-sensitively (the default in the SDK is true).
///   - allow_equal: Whether the root itself is allowed (default true).
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (relative root, NUL byte), or misuse codes.
@c public func tenuo_constraint_subpath(
    _ root: UnsafePointer<CChar>?, _ root_len: UInt, _ case_sensitive: Bool, _ allow_equal: Bool, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?
) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in
        try Constraint.subpath(try text(root, root_len, "root"), caseSensitive: case_sensitive, allowEqual: allow_equal)
    }
}

/// Shlex: a shell command of whitespace-separated tokens with no shell metacharacters whose
/// binary (full path or basename) is in a JSON array of allowed binaries.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - allow_json: UTF-8 JSON array of strings, e.g. `["ls", "/usr/bin/git"]`.
///   - allow_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (empty list, non-string), or misuse codes.
@c public func tenuo_constraint_shlex(_ allow_json: UnsafePointer<CChar>?, _ allow_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in
        var names: [String] = []
        for v in try jsonList(allow_json, allow_len, "allowed binaries") {
            guard case .string(let s) = v else { throw misuse(.invalidArgument, "allowed binaries must be strings") }
            names.append(s)
        }
        return try Constraint.shlex(allow: names)
    }
}
