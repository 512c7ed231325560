// Constraint handles: typed constructors, the JSON form, evaluation and attenuation checks, and
// the builder setters that take them. Constraints are immutable and shareable across threads.
import TenuoCore

func constraintOf(_ p: OpaquePointer?, _ what: String = "constraint") throws(TenuoError) -> Constraint {
    try borrow(p, what, as: Constraint.self).value
}

func makeConstraint(_ out: UnsafeMutablePointer<tenuo_constraint_ref?>?, _ body: () throws(TenuoError) -> Constraint) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "constraint")
        o.pointee = retain(try body())
    }
}

func jsonValue(_ p: UnsafePointer<CChar>?, _ len: UInt, _ what: String) throws(TenuoError) -> Value {
    let n = try size(len, what)
    guard n > 0 else { throw misuse(.invalidJSON, "\(what) is empty") }
    guard let p else { throw misuse(.nullArgument, "\(what) is NULL with length \(n)") }
    return try JSON.parse(UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: n))
}

func jsonList(_ p: UnsafePointer<CChar>?, _ len: UInt, _ what: String) throws(TenuoError) -> [Value] {
    guard case .list(let items) = try jsonValue(p, len, what) else { throw misuse(.invalidArgument, "\(what) must be a JSON array") }
    return items
}

/// Builds a constraint from its JSON form, e.g. `{"type": "Pattern", "pattern": "/data/*"}`.
/// Every constraint type is available this way (see the README's constraint table).
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - json: UTF-8 JSON text of one constraint.
///   - json_len: Its length in bytes.
///   - out: Receives the constraint; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (bad parameters), TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_from_json(_ json: UnsafePointer<CChar>?, _ json_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint(json: try jsonValue(json, json_len, "constraint JSON")) }
}

/// Exact: the argument must equal this JSON value (type-strict: `5` is not `"5"`, `1` is not `1.0`).
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - value_json: UTF-8 JSON text of the value, e.g. `"\"/data/q3.pdf\""` or `42`.
///   - value_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_exact(_ value_json: UnsafePointer<CChar>?, _ value_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in Constraint.exact(try jsonValue(value_json, value_len, "value")) }
}

/// Pattern: a glob (`*` any run including `/`, `?` one character, `[abc]`, `[!a-z]`) over the whole string.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - pattern: The glob (UTF-8).
///   - pattern_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (glob does not compile), or misuse codes.
@c public func tenuo_constraint_pattern(_ pattern: UnsafePointer<CChar>?, _ pattern_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.pattern(try text(pattern, pattern_len, "pattern")) }
}

/// Range: a numeric interval over ints and floats alike.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - has_min: Whether there is a lower bound.
///   - min: The lower bound (ignored without `has_min`).
///   - min_inclusive: Whether the lower bound itself is allowed.
///   - has_max: Whether there is an upper bound.
///   - max: The upper bound (ignored without `has_max`).
///   - max_inclusive: Whether the upper bound itself is allowed.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (NaN bound), or misuse codes.
@c public func tenuo_constraint_range(
    _ has_min: Bool, _ min: Double, _ min_inclusive: Bool, _ has_max: Bool, _ max: Double, _ max_inclusive: Bool,
    _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?
) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in
        try Constraint.range(min: has_min ? min : nil, max: has_max ? max : nil, minInclusive: min_inclusive, maxInclusive: max_inclusive)
    }
}

/// OneOf: the argument must equal one of the values of a JSON array.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - values_json: UTF-8 JSON array, e.g. `["staging", "production"]`.
///   - values_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_one_of(_ values_json: UnsafePointer<CChar>?, _ values_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.oneOf(try jsonList(values_json, values_len, "values")) }
}

/// NotOneOf: the argument must differ from every value of a JSON array.
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - values_json: UTF-8 JSON array of excluded values.
///   - values_len: Its length in bytes.
///   - out: Receives the constraint.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_constraint_not_one_of(_ values_json: UnsafePointer<CChar>?, _ values_len: UInt, _ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in try Constraint.notOneOf(try jsonList(values_json, values_len, "excluded values")) }
}

/// Wildcard: any value (the argument must still be present).
///
/// Ownership: the caller owns `*out` (`tenuo_constraint_free`).
/// - Parameters:
///   - out: Receives the constraint.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_constraint_wildcard(_ out: UnsafeMutablePointer<tenuo_constraint_ref?>?) -> tenuo_status {
    makeConstraint(out) { () throws(TenuoError) in Constraint.wildcard }
}

/// Returns the JSON form of a constraint (`{"type": ..., ...}`).
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - constraint: The constraint (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_constraint_to_json(_ constraint: tenuo_constraint_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(JSON.serialize(try constraintOf(constraint).json()), to: try requireOut(out, "JSON")) }
}

/// Evaluates a constraint against one argument value given as JSON.
/// - Parameters:
///   - constraint: The constraint (borrowed).
///   - value_json: UTF-8 JSON text of the value.
///   - value_len: Its length in bytes.
/// - Returns: TENUO_OK when the value satisfies the constraint; TENUO_E_CONSTRAINT_VIOLATION
///   when it does not or evaluation fails (the message says which); misuse codes.
@c public func tenuo_constraint_matches(_ constraint: tenuo_constraint_cref?, _ value_json: UnsafePointer<CChar>?, _ value_len: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let c = try constraintOf(constraint)
        let v = try jsonValue(value_json, value_len, "value")
        let ok: Bool
        do throws(TenuoError) { ok = try c.evaluate(v) } catch {
            throw error.recoded(.constraintViolation, context: "evaluation failed")
        }
        if !ok { throw TenuoError(.constraintViolation, "value does not match \(c.summary)") }
    }
}

/// Checks that `child` is a valid attenuation of `parent` (accepts no value the parent rejects).
/// - Parameters:
///   - parent: The parent constraint (borrowed).
///   - child: The child constraint (borrowed).
/// - Returns: TENUO_OK, or the refusal (TENUO_E_CAPABILITY_EXPANSION, TENUO_E_INVALID_ATTENUATION, ...)
///   with a message naming the reference's error kind; misuse codes.
@c public func tenuo_constraint_check_attenuation(_ parent: tenuo_constraint_cref?, _ child: tenuo_constraint_cref?) -> tenuo_status {
    guarded { () throws(TenuoError) in try constraintOf(parent, "parent").checkAttenuation(to: try constraintOf(child, "child")) }
}

/// Releases a constraint. NULL is ignored.
/// - Parameters:
///   - constraint: The constraint (owned).
@c public func tenuo_constraint_free(_ constraint: tenuo_constraint_ref?) { release(constraint, as: Constraint.self, "constraint") }

/// Sets one argument's constraint on a tool of a mint builder (adding the tool if needed).
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - arg: The argument name (UTF-8).
///   - arg_len: Its length in bytes.
///   - constraint: The constraint (borrowed; the builder keeps its own reference).
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS, TENUO_E_RESERVED_TOOL_NAME, or misuse codes.
@c public func tenuo_mint_builder_set_constraint(
    _ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ arg: UnsafePointer<CChar>?, _ arg_len: UInt,
    _ constraint: tenuo_constraint_cref?
) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.setToolConstraint(try text(tool, tool_len, "tool"), arg: try text(arg, arg_len, "argument"), try constraintOf(constraint), fresh: false)
    }
}

/// Sets one argument's constraint on a tool of a grant builder (checked against the parent at grant time).
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - arg: The argument name (UTF-8).
///   - arg_len: Its length in bytes.
///   - constraint: The constraint (borrowed).
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS, or misuse codes.
@c public func tenuo_grant_builder_set_constraint(
    _ builder: tenuo_grant_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ arg: UnsafePointer<CChar>?, _ arg_len: UInt,
    _ constraint: tenuo_constraint_cref?
) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in
        try g.setToolConstraint(try text(tool, tool_len, "tool"), arg: try text(arg, arg_len, "argument"), try constraintOf(constraint))
    }
}
