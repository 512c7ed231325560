// The SDK's logic-only preview of a call (allows / check_constraints).
import TenuoCore

/// Checks a call against the warrant's type, tools and constraints alone: no expiry, no
/// proof of possession, no chain (the Tenuo SDK's `allows` / `check_constraints`).
///
/// Ownership: release `*out_json` with `tenuo_string_free`.
/// Threads: any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args_json: The arguments as a JSON object, or NULL to check the tool only.
///   - args_json_len: Its length in bytes (0 with NULL).
///   - out_json: Receives NULL when the call passes, else the denial JSON (as
///     `tenuo_warrant_why_denied`).
/// - Returns: TENUO_OK (whether or not the call passes), TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_warrant_check_constraints(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args_json: UnsafePointer<CChar>?, _ args_json_len: UInt, _ out_json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> tenuo_status {
    clear(out_json)
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let t = try text(tool, tool_len, "tool")
        let o = try requireOut(out_json, "JSON")
        let a: [String: Value]? = args_json == nil ? nil : try argsJSON(args_json, args_json_len)
        if let d = w.constraintDenial(tool: t, args: a) { try output(JSON.serialize(d.json), to: o) }
    }
}
