// Typed constructors for the value-set constraints (Contains, Subset): the values are a JSON
// array.
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
