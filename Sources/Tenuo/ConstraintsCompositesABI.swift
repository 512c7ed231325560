// Typed constructors for the composite constraints (All, Any, Not): groups are built one clause
// at a time.
import TenuoCore

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
    makeConstraint(out) { () throws(TenuoError) in try constraintOf(group, "group").appending(clause: try constraintOf(clause, "clause")) }
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
