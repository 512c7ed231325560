// Typed constructors for the path and command constraints (Subpath, Shlex).
import TenuoCore

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
