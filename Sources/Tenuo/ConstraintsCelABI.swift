// Typed constructor for the CEL constraint (type 15).
import TenuoCore

/// CEL: the argument must make a Common Expression Language expression yield true, in the
/// reference's dialect (a map argument's entries are variables, any other argument is `value`;
/// e.g. `value < 10000`, `amount < 10000 && currency == 'USD'`). An error or a non-bool result
/// denies the call. The expression is parsed once, here; a syntax error is accepted (the
/// constraint then denies every call, as in the reference). Delegation narrows a CEL only to
/// `(<parent>) && (<predicate>)`.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - expression: The expression (UTF-8).
///   - expression_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_VALUE_TOO_LARGE (past the 4 KiB, nesting or size limits), or misuse codes.
@c public func tenuo_constraint_cel(_ expression: UnsafePointer<CChar>?, _ expression_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.cel(try text(expression, expression_len, "expression")) }
}
