// Authorizers (thread-safe) and denials.
import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A denial with C copies of its strings, made once so that the getters can lend them.
final class DenialValue: @unchecked Sendable {
    let denial: Denial
    let denyCode: UnsafeMutablePointer<CChar>?
    let tool: UnsafeMutablePointer<CChar>?
    let field: UnsafeMutablePointer<CChar>?
    let reason: UnsafeMutablePointer<CChar>?
    let suggestion: UnsafeMutablePointer<CChar>?

    init(_ d: Denial) {
        denial = d
        denyCode = strdup(d.denyCode)
        tool = strdup(d.tool)
        field = d.field.flatMap { strdup($0) }
        reason = strdup(d.reason)
        suggestion = strdup(d.suggestion)
    }

    deinit {
        for p in [denyCode, tool, field, reason, suggestion] { free(p) }
    }
}

func denialOf(_ p: OpaquePointer?) -> DenialValue? { try? borrow(p, "denial", as: DenialValue.self).value }

/// Creates an authorizer that trusts the given root keys.
///
/// Ownership: the caller owns `*out` (`tenuo_authorizer_free`). Threads: an authorizer may be
/// used from any number of threads at once. Its roots and windows never change; its revocation
/// list and clearance requirements (`tenuo_authorizer_set_revocation_list`,
/// `tenuo_authorizer_require_clearance`) may be replaced while other threads authorize, and
/// every decision reads one consistent snapshot of them.
/// - Parameters:
///   - roots: `root_count` public keys of 32 bytes each, concatenated.
///   - roots_len: The byte length of `roots` (a multiple of 32; may be 0, then nothing is trusted).
///   - pop_max_windows: PoP windows accepted around `now` (2–10; 0 = default 5, ±60 s).
///   - clock_tolerance_secs: Tolerance for issued-in-future and for the expiry of non-leaf
///     links (TENUO_DEFAULT_CLOCK_TOLERANCE = 30; at most 3600).
///   - out: Receives the authorizer.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, TENUO_E_INVALID_KEY, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_authorizer_new(
    _ roots: UnsafePointer<UInt8>?, _ roots_len: UInt, _ pop_max_windows: UInt32, _ clock_tolerance_secs: UInt64,
    _ out: UnsafeMutablePointer<tenuo_authorizer_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "authorizer")
        let raw = try bytes(roots, roots_len, "roots")
        guard raw.count % 32 == 0 else { throw misuse(.invalidKeyLength, "roots must be a multiple of 32 bytes, got \(raw.count)") }
        var keys: [PublicKey] = []
        var i = 0
        while i < raw.count {
            keys.append(try PublicKey(bytes: Array(raw[i..<i + 32])))
            i += 32
        }
        let config = AuthorizerConfig(trustedRoots: keys, popMaxWindows: Int(pop_max_windows),
                                      clockToleranceSeconds: clock_tolerance_secs)
        o.pointee = retain(try Authorizer(config))
    }
}

/// Verifies a chain without a call: trusted root, expiry and issue times, size and depth
/// limits, and I1–I5 on every link.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - chain: The chain (borrowed).
///   - now_unix: The verification time (Unix seconds).
/// - Returns: TENUO_OK, or the failing check's code (TENUO_E_UNTRUSTED_ROOT,
///   TENUO_E_WARRANT_EXPIRED, TENUO_E_INVALID_ISSUER, TENUO_E_PARENT_HASH_MISMATCH, ...).
@c public func tenuo_authorizer_verify_chain(_ authorizer: tenuo_authorizer_cref?, _ chain: tenuo_chain_cref?, _ now_unix: UInt64) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        try a.verifyChain(try chainOf(chain), now: now_unix)
    }
}

func authorize(
    _ authorizer: OpaquePointer?, _ chain: () throws(TenuoError) -> WarrantChain, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: OpaquePointer?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ now: UInt64, _ out: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let c = try chain()
        let t = try text(tool, tool_len, "tool")
        let values = try optionalArgs(args)
        let sig = try bytes(pop, pop_len, "PoP signature")
        do throws(Denial) {
            try a.authorize(c, tool: t, args: values, signature: sig.isEmpty ? nil : sig, now: now)
        } catch {
            out?.pointee = retain(DenialValue(error))
            throw error.error
        }
    }
}

/// Authorizes a call made with a single warrant whose issuer must be a trusted root: chain
/// rules, then the warrant's expiry (no tolerance), tool, proof-of-possession and constraints,
/// in that order (the reference's order). No approvals are given: a call an approval gate
/// covers is denied (TENUO_E_APPROVAL_REQUIRED); see `tenuo_authorizer_check_with_approvals`.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - pop: The holder's PoP signature (64 bytes), or NULL/0 when missing.
///   - pop_len: Its length.
///   - now_unix: The time of the call (Unix seconds).
///   - out_denial: When non-NULL, receives the denial on refusal (`tenuo_denial_free`), else NULL.
/// - Returns: TENUO_OK when allowed; otherwise the denial's code (e.g.
///   TENUO_E_TOOL_NOT_AUTHORIZED, TENUO_E_SIGNATURE_INVALID for a missing or bad PoP,
///   TENUO_E_CONSTRAINT_VIOLATION), or misuse codes.
@c public func tenuo_authorizer_check(
    _ authorizer: tenuo_authorizer_cref?, _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ now_unix: UInt64,
    _ out_denial: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    authorize(authorizer, { () throws(TenuoError) in try WarrantChain([try warrantOf(warrant)]) }, tool, tool_len, args, pop, pop_len, now_unix, out_denial)
}

/// Authorizes a call made with the leaf of a delegation chain (root first, root issuer
/// trusted). Same checks and results as `tenuo_authorizer_check` (no approvals: a gated call is
/// denied; see `tenuo_authorizer_check_chain_with_approvals`).
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - chain: The chain (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - pop: The leaf holder's PoP signature, or NULL/0 when missing.
///   - pop_len: Its length.
///   - now_unix: The time of the call (Unix seconds).
///   - out_denial: When non-NULL, receives the denial on refusal (`tenuo_denial_free`), else NULL.
/// - Returns: TENUO_OK when allowed; otherwise the denial's code, or misuse codes.
@c public func tenuo_authorizer_check_chain(
    _ authorizer: tenuo_authorizer_cref?, _ chain: tenuo_chain_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ now_unix: UInt64,
    _ out_denial: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    authorize(authorizer, { () throws(TenuoError) in try chainOf(chain) }, tool, tool_len, args, pop, pop_len, now_unix, out_denial)
}

/// Releases an authorizer. NULL is ignored.
/// - Parameters:
///   - authorizer: The authorizer (owned).
@c public func tenuo_authorizer_free(_ authorizer: tenuo_authorizer_ref?) { release(authorizer, as: Authorizer.self, "authorizer") }

/// Returns a denial's status code (e.g. TENUO_E_CONSTRAINT_VIOLATION), or TENUO_E_NULL_ARGUMENT for NULL.
/// - Parameters:
///   - denial: The denial (borrowed).
@c public func tenuo_denial_code(_ denial: tenuo_denial_cref?) -> tenuo_status {
    denialOf(denial)?.denial.code.rawValue ?? ErrorCode.nullArgument.rawValue
}

/// Returns the reference SDK's deny code: TOOL_NOT_FOUND, WARRANT_EXPIRED, CONSTRAINT_MISMATCH,
/// CLEARANCE_INSUFFICIENT, or the status name for other failures (e.g. SIGNATURE_INVALID).
/// - Parameters:
///   - denial: The denial (borrowed).
/// - Returns: A string borrowed from the denial (valid until it is freed), or NULL for NULL.
@c public func tenuo_denial_deny_code(_ denial: tenuo_denial_cref?) -> UnsafePointer<CChar>? { UnsafePointer(denialOf(denial)?.denyCode) }

/// Returns the tool of the refused call.
/// - Parameters:
///   - denial: The denial (borrowed).
/// - Returns: A string borrowed from the denial, or NULL for NULL.
@c public func tenuo_denial_tool(_ denial: tenuo_denial_cref?) -> UnsafePointer<CChar>? { UnsafePointer(denialOf(denial)?.tool) }

/// Returns the argument at fault, or NULL when the denial is not about one argument.
/// - Parameters:
///   - denial: The denial (borrowed).
/// - Returns: A string borrowed from the denial, or NULL.
@c public func tenuo_denial_field(_ denial: tenuo_denial_cref?) -> UnsafePointer<CChar>? { UnsafePointer(denialOf(denial)?.field) }

/// Returns the reason, e.g. "value does not match constraint".
/// - Parameters:
///   - denial: The denial (borrowed).
/// - Returns: A string borrowed from the denial, or NULL for NULL.
@c public func tenuo_denial_reason(_ denial: tenuo_denial_cref?) -> UnsafePointer<CChar>? { UnsafePointer(denialOf(denial)?.reason) }

/// Returns a human suggestion for fixing the request.
/// - Parameters:
///   - denial: The denial (borrowed).
/// - Returns: A string borrowed from the denial, or NULL for NULL.
@c public func tenuo_denial_suggestion(_ denial: tenuo_denial_cref?) -> UnsafePointer<CChar>? { UnsafePointer(denialOf(denial)?.suggestion) }

/// Returns the denial as JSON: {"denied": true, "code", "code_name", "deny_code", "tool",
/// "field", "reason", "suggestion"}, plus "kind" (the finer kind, as `tenuo_last_error_kind`
/// names it) when the denial came from an error that has one.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - denial: The denial (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_denial_to_json(_ denial: tenuo_denial_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let d = try borrow(denial, "denial", as: DenialValue.self).value
        try output(JSON.serialize(d.denial.json), to: try requireOut(out, "JSON"))
    }
}

/// Releases a denial. NULL is ignored.
/// - Parameters:
///   - denial: The denial (owned).
@c public func tenuo_denial_free(_ denial: tenuo_denial_ref?) { release(denial, as: DenialValue.self, "denial") }

/// The parts of a packed call (see `tenuo_authorizer_decide`): the tool, the PoP signature,
/// and where the arguments' JSON text lies (parsed only when a check needs it).
func packedCall(_ call: UnsafePointer<UInt8>?, _ call_len: UInt) throws(TenuoError)
    -> (tool: String, pop: [UInt8]?, args: UnsafePointer<CChar>, argsLength: UInt)
{
    let n = try size(call_len, "call")
    guard n > 0 else { throw misuse(.invalidArgument, "the packed call is empty (it starts with the signature length)") }
    guard let call else { throw misuse(.nullArgument, "call is NULL with length \(n)") }
    let sigLen = Int(call[0])
    guard sigLen < n else { throw misuse(.invalidArgument, "the packed call is shorter than its \(sigLen)-byte signature") }
    let toolStart = 1 + sigLen
    let rest = n - toolStart
    guard rest > 0, let found = memchr(call + toolStart, 0xFF, rest) else {
        throw misuse(.invalidArgument, "the packed call has no 0xFF byte after the tool")
    }
    let sep = UnsafePointer(found.assumingMemoryBound(to: UInt8.self))
    let toolLen = sep - (call + toolStart)
    let toolBytes = UnsafeBufferPointer(start: call + toolStart, count: toolLen)
    var ascii = true
    for b in toolBytes where b >= 0x80 {
        ascii = false
        break
    }
    // ASCII (the usual tool name) is valid UTF-8 as it is; anything else is validated.
    let tool = ascii ? String(decoding: toolBytes, as: UTF8.self)
        : try text(UnsafeRawPointer(call + toolStart).assumingMemoryBound(to: CChar.self), UInt(toolLen), "tool")
    let pop = sigLen == 0 ? nil : Array(UnsafeBufferPointer(start: call + 1, count: sigLen))
    return (tool, pop, UnsafeRawPointer(sep + 1).assumingMemoryBound(to: CChar.self), UInt(rest - toolLen - 1))
}

/// The record returned when no record could be stored (out of memory): TENUO_E_INTERNAL
/// alone, read as a misuse error (the call is refused all the same). Static storage.
private var fallbackDecisionRecord: UnsafePointer<CChar> {
    UnsafeRawPointer(("0099" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
}

/// Decides a call like `tenuo_authorizer_check_warrants` without approvals, shaped for
/// bindings where every foreign-call argument costs (Python ctypes converts each one): the
/// tool, arguments and signature travel in one buffer and the outcome is the return value.
///
/// `call` is: one byte giving the PoP signature's length (0 when there is none), the signature
/// bytes, the tool name (UTF-8), the byte 0xFF (which UTF-8 never contains), then the
/// arguments as a JSON object (UTF-8; nothing after the 0xFF means no arguments). The
/// arguments are parsed only when a check needs them (the proof-of-possession, the
/// constraints; always when an audit sink is registered): a call refused before that (chain,
/// clearance, expiry, warrant type, tool, missing signature) is refused whatever they hold.
///
/// Returns NULL when the call is allowed. Otherwise a NUL-terminated record borrowed from the
/// library: the status as four ASCII digits (e.g. "1500"); for a denial then the byte 0xFF
/// and the fields of `tenuo_authorizer_check_warrants`'s denial record (kind, deny code, tool,
/// field, reason, suggestion); for any other error (misuse, an empty or too long chain)
/// nothing more. Either way `tenuo_last_error_message`/`_kind` describe the failure (for a
/// denial: its reason and kind). Never NULL when refused: if no record can be stored, the
/// result is "0099" (TENUO_E_INTERNAL).
///
/// Ownership: the record stays valid on the calling thread until its next refused call of this
/// function or `tenuo_authorizer_check_warrants` (do not free it). Threads: callable from any
/// thread at once on one authorizer; each thread has its own record.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - warrants: An array of `warrant_count` warrants, root first (borrowed).
///   - warrant_count: The number of warrants (1 to 65).
///   - call: The packed call (see above).
///   - call_len: Its length in bytes.
///   - now_unix: The time of the call (Unix seconds).
/// - Returns: NULL when allowed, else the record (see above).
@c public func tenuo_authorizer_decide(
    _ authorizer: tenuo_authorizer_cref?, _ warrants: UnsafePointer<tenuo_warrant_cref?>?, _ warrant_count: UInt,
    _ call: UnsafePointer<UInt8>?, _ call_len: UInt, _ now_unix: UInt64
) -> UnsafePointer<CChar>? {
    var denial: Denial? = nil
    let status = guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let c = try warrantArray(warrants, warrant_count)
        let parts = try packedCall(call, call_len)
        denial = try a.authorize(c, tool: parts.tool, signature: parts.pop, now: now_unix) { () throws(TenuoError) in
            try argsJSON(parts.args, parts.argsLength)
        }
    }
    // Stored here, on the calling thread: the body above may have run on a library thread.
    // A misuse error's message was set by `guarded`; a denial's is set with its record.
    if status != 0 { return storeDecisionRecord(status: status) ?? fallbackDecisionRecord }
    guard let d = denial.take() else { return nil }  // moved out, not copied
    return storeDecisionRecord(d) ?? fallbackDecisionRecord
}
