// Warrants: parsing, serialisation, fields, proof-of-possession and logic-only checks.
import TenuoCore

/// PoP warrant-id forms for the `_ex` functions.
enum PoPForm {
    /// Bare 32 hex digits: what the reference runtime signs (the default).
    /// @c-macro TENUO_POP_ID_HEX
    static let hex: Int32 = 0
    /// `tnu_wrt_` + hex: what the spec's test vectors A.6 / A.20.1 sign.
    /// @c-macro TENUO_POP_ID_PREFIXED
    static let prefixed: Int32 = 1

    static func of(_ v: Int32) throws(TenuoError) -> ProofOfPossession.IDForm {
        switch v {
        case hex: return .bareHex
        case prefixed: return .prefixed
        default: throw misuse(.invalidArgument, "unknown PoP id form \(v)")
        }
    }
}

/// Warrant types for `tenuo_mint_builder_new` and `tenuo_warrant_type`.
enum WarrantKind {
    /// An execution warrant: authorizes tool calls.
    /// @c-macro TENUO_WARRANT_EXECUTION
    static let execution: Int32 = 0
    /// An issuer warrant: may grant execution warrants.
    /// @c-macro TENUO_WARRANT_ISSUER
    static let issuer: Int32 = 1
}

func warrantOf(_ p: OpaquePointer?, _ what: String = "warrant") throws(TenuoError) -> Warrant {
    try borrow(p, what, as: Warrant.self).value
}

/// Parses one warrant from text: URL-safe base64 (no padding) or a `TENUO WARRANT` PEM block.
/// The signature is verified over the raw payload bytes before any field is read.
///
/// Ownership: the caller owns `*out` (`tenuo_warrant_free`).
/// - Parameters:
///   - text: UTF-8 text.
///   - text_len: Its length in bytes.
///   - out: Receives the warrant; NULL on failure.
/// - Returns: TENUO_OK or the first failure: TENUO_E_INVALID_ENCODING, TENUO_E_MALFORMED_CBOR,
///   TENUO_E_SIGNATURE_INVALID, TENUO_E_WARRANT_TOO_LARGE, ...
@c public func tenuo_warrant_parse(_ text: UnsafePointer<CChar>?, _ text_len: UInt, _ out: UnsafeMutablePointer<tenuo_warrant_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "warrant")
        // Plain base64url (what a server receives) is read in place: no copy of the text, no
        // String of it. The bound also keeps the length within `Int` and the input limit.
        if let p = text, text_len > 0, text_len <= UInt(Limits.maxStackBytes * 2) {
            let parsed = try Warrant.parsing(
                base64URLText: UnsafeBufferPointer(
                    start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: Int(text_len)))
            // Moved into the handle's box, not copied (a copy retains, and then releases, every
            // array the warrant holds).
            switch consume parsed {
            case .some(let w):
                o.pointee = retain(consume w)
                return
            case .none:
                break
            }
        }
        o.pointee = retain(try Warrant(parsing: try Tenuo.text(text, text_len, "warrant text")))
    }
}

/// Decodes one warrant from its CBOR envelope bytes, verifying the signature first.
///
/// Ownership: the caller owns `*out` (`tenuo_warrant_free`).
/// - Parameters:
///   - data: The envelope bytes.
///   - data_len: Their length (at most 64 KiB).
///   - out: Receives the warrant; NULL on failure.
/// - Returns: TENUO_OK or the first failure (TENUO_E_MALFORMED_CBOR, TENUO_E_SIGNATURE_INVALID, ...).
@c public func tenuo_warrant_from_bytes(_ data: UnsafePointer<UInt8>?, _ data_len: UInt, _ out: UnsafeMutablePointer<tenuo_warrant_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "warrant")
        o.pointee = retain(try Warrant(decoding: try bytes(data, data_len, "warrant bytes")))
    }
}

/// Returns the CBOR envelope bytes of a warrant.
///
/// Ownership: release `*out` with `tenuo_bytes_free(*out, *out_len)`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_to_bytes(
    _ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        try output(w.bytes, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Returns the exact signed payload bytes of a warrant.
///
/// Ownership: release `*out` with `tenuo_bytes_free(*out, *out_len)`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_payload_bytes(
    _ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        try output(w.payloadBytes, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Returns the warrant as URL-safe base64 without padding (the transport form).
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_to_base64(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(try warrantOf(warrant).base64, to: try requireOut(out, "text")) }
}

/// Returns the warrant as a `TENUO WARRANT` PEM block.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_to_pem(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(try warrantOf(warrant).pem, to: try requireOut(out, "text")) }
}

/// Returns the warrant id as text, `tnu_wrt_` followed by 32 hex digits.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_id(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(try warrantOf(warrant).id.description, to: try requireOut(out, "text")) }
}

/// Returns the expiry time (Unix seconds), or 0 for NULL.
/// - Parameters:
///   - warrant: The warrant (borrowed).
@c public func tenuo_warrant_expires_at(_ warrant: tenuo_warrant_cref?) -> UInt64 { (try? warrantOf(warrant))?.payload.expiresAt ?? 0 }

/// Returns the issue time (Unix seconds), or 0 for NULL.
/// - Parameters:
///   - warrant: The warrant (borrowed).
@c public func tenuo_warrant_issued_at(_ warrant: tenuo_warrant_cref?) -> UInt64 { (try? warrantOf(warrant))?.payload.issuedAt ?? 0 }

/// Returns the delegation depth (0 for a root), or 0 for NULL.
/// - Parameters:
///   - warrant: The warrant (borrowed).
@c public func tenuo_warrant_depth(_ warrant: tenuo_warrant_cref?) -> UInt32 { (try? warrantOf(warrant))?.payload.depth ?? 0 }

/// Returns the maximum delegation depth, or 0 for NULL.
/// - Parameters:
///   - warrant: The warrant (borrowed).
@c public func tenuo_warrant_max_depth(_ warrant: tenuo_warrant_cref?) -> UInt32 {
    UInt32((try? warrantOf(warrant))?.payload.maxDepth ?? 0)
}

/// Returns TENUO_WARRANT_EXECUTION or TENUO_WARRANT_ISSUER, or -1 for NULL.
/// - Parameters:
///   - warrant: The warrant (borrowed).
@c public func tenuo_warrant_type(_ warrant: tenuo_warrant_cref?) -> Int32 {
    guard let w = try? warrantOf(warrant) else { return -1 }
    return w.payload.type == .execution ? WarrantKind.execution : WarrantKind.issuer
}

/// Returns the holder's public key (the key that must sign proofs of possession).
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the key.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_holder(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try requireOut(out, "public key").pointee = retain(try warrantOf(warrant).payload.holder) }
}

/// Returns the issuer's public key (the key that signed this warrant).
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the key.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_issuer(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try requireOut(out, "public key").pointee = retain(try warrantOf(warrant).payload.issuer) }
}

/// Describes every field of a warrant as a JSON object: id, type, version, depth, max_depth,
/// issued_at, expires_at, holder and issuer (hex), parent_hash (hex or null), tools (sorted),
/// capabilities ({tool: {arg: constraint JSON}}), clearance, session_id, agent_id, extensions
/// ({key: hex}), issuable_tools, max_issue_depth, constraint_bounds, required_approvers,
/// min_approvals, terminal and payload_hash.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_info_json(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in try output(JSON.serialize(try warrantOf(warrant).info), to: try requireOut(out, "JSON")) }
}

/// Makes the proof-of-possession signature for a tool call, as the holder, at `now_unix`
/// (the reference's form: the warrant id as bare hex).
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - key: The holder's signing key (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means no arguments).
///   - now_unix: The signing time (Unix seconds); it selects the 30-second window.
///   - sig_out: A buffer of at least TENUO_SIGNATURE_BYTES bytes.
///   - sig_out_len: The buffer's size.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ISSUER (key is not the warrant's holder),
///   TENUO_E_INVALID_ARGUMENT for a `now_unix` below INT64_MIN + 8 (its window start does not
///   fit in 64 bits), or misuse codes.
@c public func tenuo_warrant_sign(
    _ warrant: tenuo_warrant_cref?, _ key: tenuo_signing_key_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ now_unix: Int64, _ sig_out: UnsafeMutablePointer<UInt8>?, _ sig_out_len: UInt
) -> tenuo_status {
    tenuo_warrant_sign_ex(warrant, key, tool, tool_len, args, now_unix, PoPForm.hex, sig_out, sig_out_len)
}

/// `tenuo_warrant_sign` with a choice of warrant-id form (TENUO_POP_ID_HEX or TENUO_POP_ID_PREFIXED).
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - key: The holder's signing key (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means no arguments).
///   - now_unix: The signing time (Unix seconds).
///   - id_form: TENUO_POP_ID_HEX (reference runtime) or TENUO_POP_ID_PREFIXED (spec vectors).
///   - sig_out: A buffer of at least TENUO_SIGNATURE_BYTES bytes.
///   - sig_out_len: The buffer's size.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ISSUER, TENUO_E_INVALID_ARGUMENT (as `tenuo_warrant_sign`),
///   or misuse codes.
@c public func tenuo_warrant_sign_ex(
    _ warrant: tenuo_warrant_cref?, _ key: tenuo_signing_key_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ now_unix: Int64, _ id_form: Int32, _ sig_out: UnsafeMutablePointer<UInt8>?, _ sig_out_len: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let k = try borrow(key, "key", as: SigningKey.self).value
        let t = try text(tool, tool_len, "tool")
        let a = try optionalArgs(args)
        try copyOut(try w.signCall(key: k, tool: t, args: a, now: now_unix, form: try PoPForm.of(id_form)), sig_out, sig_out_len, "signature")
    }
}

/// Returns the PoP challenge CBOR for a call and window (without the domain prefixes), for
/// test vectors and debugging.
///
/// Ownership: release `*out` with `tenuo_bytes_free(*out, *out_len)`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - window: The window start (a multiple of 30).
///   - id_form: TENUO_POP_ID_HEX or TENUO_POP_ID_PREFIXED.
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_warrant_pop_challenge(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args: tenuo_args_cref?, _ window: Int64,
    _ id_form: Int32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let a = try optionalArgs(args)
        let c = ProofOfPossession.challenge(id: w.id, form: try PoPForm.of(id_form), tool: try text(tool, tool_len, "tool"), args: a, window: window)
        try output(c, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Verifies a PoP signature against the warrant's holder in `max_windows` windows around `now_unix`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - sig: The signature.
///   - sig_len: Its length (64).
///   - now_unix: The verification time (Unix seconds).
///   - max_windows: 2–10 (0 means the default, 5: ±60 s).
///   - id_form: TENUO_POP_ID_HEX or TENUO_POP_ID_PREFIXED.
/// - Returns: TENUO_OK when valid, TENUO_E_SIGNATURE_INVALID otherwise, or misuse codes.
@c public func tenuo_warrant_verify_pop(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args: tenuo_args_cref?,
    _ sig: UnsafePointer<UInt8>?, _ sig_len: UInt, _ now_unix: Int64, _ max_windows: UInt32, _ id_form: Int32
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let a = try optionalArgs(args)
        try w.verifyCall(tool: try text(tool, tool_len, "tool"), args: a, signature: try bytes(sig, sig_len, "signature"),
                         now: now_unix, maxWindows: Int(max_windows), form: try PoPForm.of(id_form))
    }
}

/// Checks a call against this warrant alone, without any signature: expiry, tool, then
/// constraints. Use it to test what a warrant allows; authorization needs an authorizer.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - now_unix: The time to check expiry at (Unix seconds).
///   - out_denial: When non-NULL, receives the denial on refusal (owned: `tenuo_denial_free`), else NULL.
/// - Returns: TENUO_OK when allowed; otherwise the denial's code (e.g. TENUO_E_TOOL_NOT_AUTHORIZED,
///   TENUO_E_CONSTRAINT_VIOLATION, TENUO_E_WARRANT_EXPIRED) or misuse codes.
@c public func tenuo_warrant_check(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args: tenuo_args_cref?,
    _ now_unix: UInt64, _ out_denial: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    clear(out_denial)
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let a = try optionalArgs(args)
        let t = try text(tool, tool_len, "tool")
        if let d = w.payload.whyDenied(tool: t, args: a, now: now_unix) {
            out_denial?.pointee = retain(DenialValue(d))
            throw d.error
        }
    }
}

/// Explains whether a call would be refused by this warrant alone (no signature needed), as a
/// JSON object: {"denied", "code", "code_name", "deny_code" (ALLOWED, TOOL_NOT_FOUND,
/// WARRANT_EXPIRED, CONSTRAINT_MISMATCH, ...), "tool", "field", "reason", "suggestion"}, plus
/// "kind" when the refusal came from an error with a finer kind (see `tenuo_last_error_kind`).
///
/// Ownership: release `*out_json` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - now_unix: The time to check expiry at (Unix seconds).
///   - out_json: Receives the JSON text.
/// - Returns: TENUO_OK (also when the call would be denied), or misuse codes.
@c public func tenuo_warrant_why_denied(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args: tenuo_args_cref?,
    _ now_unix: UInt64, _ out_json: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> tenuo_status {
    clear(out_json)
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let a = try optionalArgs(args)
        let t = try text(tool, tool_len, "tool")
        let o = try requireOut(out_json, "JSON")
        let v = w.payload.whyDenied(tool: t, args: a, now: now_unix)?.json ?? Denial.allowedJSON(tool: t)
        try output(JSON.serialize(v), to: o)
    }
}

/// Releases a warrant. NULL is ignored.
/// - Parameters:
///   - warrant: The warrant (owned).
@c public func tenuo_warrant_free(_ warrant: tenuo_warrant_ref?) { release(warrant, as: Warrant.self, "warrant") }
