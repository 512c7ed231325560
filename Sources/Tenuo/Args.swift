// Tool-call argument sets: the value model of the core (null, bool, int, float, string,
// list, map), with ints and floats kept distinct because they are signed into the PoP.
import TenuoCore

/// Arguments live in a class box so that setters can update them in place.
final class ArgsValue: @unchecked Sendable {
    var values: [String: Value]
    init(_ v: [String: Value]) { values = v }
}

func argsOf(_ p: OpaquePointer?) throws(TenuoError) -> [String: Value] {
    try borrow(p, "args", as: ArgsValue.self).value.values
}

/// Arguments of a call: NULL means "no arguments".
func optionalArgs(_ p: OpaquePointer?) throws(TenuoError) -> [String: Value] {
    p == nil ? [:] : try argsOf(p)
}

/// Parses a JSON object into an argument set.
///
/// `50` is an int and `50.0` a float; integers beyond 64 bits become floats (as the reference
/// treats them); `NaN`, `Infinity` and `-Infinity` are accepted as floats; duplicate keys are
/// rejected. Parse once and reuse the handle for `sign` and `check` of the same call.
/// Ownership: the caller owns `*out` (`tenuo_args_free`).
/// - Parameters:
///   - json: UTF-8 JSON text of an object.
///   - json_len: Its length in bytes (at most 1 MiB).
///   - out: Receives the argument set; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, TENUO_E_INVALID_UTF8, TENUO_E_VALUE_TOO_LARGE, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_from_json(
    _ json: UnsafePointer<CChar>?, _ json_len: UInt, _ out: UnsafeMutablePointer<tenuo_args_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "args")
        let n = try size(json_len, "JSON")
        guard n == 0 || json != nil else { throw misuse(.nullArgument, "JSON is NULL with length \(n)") }
        let m = try JSON.parseObject(UnsafeRawBufferPointer(start: UnsafeRawPointer(json), count: n))
        o.pointee = retain(ArgsValue(m))
    }
}

/// Creates an empty argument set, to fill with the typed setters.
///
/// Ownership: the caller owns `*out` (`tenuo_args_free`). Setters mutate the set: use it from
/// one thread while filling it; once filled it may be shared read-only.
/// - Parameters:
///   - out: Receives the argument set.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_new(_ out: UnsafeMutablePointer<tenuo_args_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try requireOut(out, "args").pointee = retain(ArgsValue([:])) }
}

func setArg(_ args: OpaquePointer?, _ key: UnsafePointer<CChar>?, _ klen: UInt, _ v: () throws(TenuoError) -> Value) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let box = try borrow(args, "args", as: ArgsValue.self)
        let k = try text(key, klen, "key")
        box.value.values[k] = try v()
    }
}

/// Sets a string argument (replacing any value under the same key).
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
///   - value: The string (UTF-8).
///   - value_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_string(
    _ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: UnsafePointer<CChar>?, _ value_len: UInt
) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in .string(try text(value, value_len, "value")) }
}

/// Sets an integer argument.
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
///   - value: The integer.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_int(_ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: Int64) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in .int(value) }
}

/// Sets a float argument (distinct from an int of the same value).
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
///   - value: The float.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_float(_ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: Double) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in .float(value) }
}

/// Sets a boolean argument.
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
///   - value: The boolean.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_bool(_ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: Bool) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in .bool(value) }
}

/// Sets a null argument.
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_null(_ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in .null }
}

/// Sets an argument to any JSON value (use it for lists and maps).
/// - Parameters:
///   - args: The argument set.
///   - key: The argument name (UTF-8).
///   - key_len: Its length in bytes.
///   - json: UTF-8 JSON text of the value.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_set_json(
    _ args: tenuo_args_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ json: UnsafePointer<CChar>?, _ json_len: UInt
) -> tenuo_status {
    setArg(args, key, key_len) { () throws(TenuoError) in
        let n = try size(json_len, "JSON")
        guard n == 0 || json != nil else { throw misuse(.nullArgument, "JSON is NULL with length \(n)") }
        return try JSON.parse(UnsafeRawBufferPointer(start: UnsafeRawPointer(json), count: n))
    }
}

/// Returns the number of arguments in a set (0 for NULL).
/// - Parameters:
///   - args: The argument set (borrowed).
@c public func tenuo_args_count(_ args: tenuo_args_cref?) -> UInt {
    UInt((try? argsOf(args))?.count ?? 0)
}

/// Serialises an argument set as a JSON object (keys in UTF-8 byte order).
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - args: The argument set (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_args_to_json(_ args: tenuo_args_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let v = try argsOf(args)
        try output(JSON.serialize(.map(v)), to: try requireOut(out, "JSON"))
    }
}

/// Releases an argument set. NULL is ignored.
/// - Parameters:
///   - args: The argument set (owned).
@c public func tenuo_args_free(_ args: tenuo_args_ref?) { release(args, as: ArgsValue.self, "args") }
