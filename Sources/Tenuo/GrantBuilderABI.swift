// Builder for delegated (attenuated) warrants. One thread at a time per builder.
import TenuoCore

/// A grant builder plus the list of tools to keep (applied at grant time).
struct GrantState {
    var builder: GrantBuilder
}

/// Applies a setting; a builder made with TENUO_BUILDER_SDK keeps a failure for grant.
func mutateGrant(_ b: OpaquePointer?, _ body: (inout GrantBuilder) throws(TenuoError) -> Void) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let box = try borrow(b, "builder", as: GrantState.self)
        if box.value.builder.startsEmpty {
            box.value.builder.deferring(body)
        } else {
            try body(&box.value.builder)
        }
    }
}

/// Applies a selection; its failure is reported at once (as the Tenuo SDK does).
func selectGrant(_ b: OpaquePointer?, _ body: (inout GrantBuilder) throws(TenuoError) -> Void) -> tenuo_status {
    guarded { () throws(TenuoError) in try body(&borrow(b, "builder", as: GrantState.self).value.builder) }
}

/// Creates a builder for a child of `parent`. The child starts with all of the parent's tools
/// and constraints, its holder, expiry and clearance; narrow it, then grant it with the
/// parent holder's key.
///
/// Ownership: the caller owns `*out` (`tenuo_grant_builder_free`).
/// - Parameters:
///   - parent: The parent warrant (borrowed).
///   - out: Receives the builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_new(_ parent: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<tenuo_grant_builder_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "builder")
        o.pointee = retain(GrantState(builder: GrantBuilder(parent: try warrantOf(parent, "parent"))))
    }
}

/// Creates a builder for a child of `parent` with flags: TENUO_BUILDER_SDK makes the Tenuo SDK's
/// grant builder, which starts from no tools (select them with `tenuo_grant_builder_select_tool`,
/// `tenuo_grant_builder_set_constraints` or `tenuo_grant_builder_inherit_all`) and reports a
/// failed setting at grant time (selections fail at once).
///
/// Ownership: the caller owns `*out` (`tenuo_grant_builder_free`).
/// - Parameters:
///   - parent: The parent warrant (borrowed).
///   - flags: 0 or TENUO_BUILDER_SDK.
///   - out: Receives the builder.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_new_ex(_ parent: tenuo_warrant_cref?, _ flags: UInt32, _ out: UnsafeMutablePointer<tenuo_grant_builder_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "builder")
        try BuilderFlags.check(flags)
        o.pointee = retain(GrantState(builder: GrantBuilder(parent: try warrantOf(parent, "parent"), startsEmpty: flags & BuilderFlags.sdk != 0)))
    }
}

/// Selects a tool with the parent's constraints (a tool already selected keeps its narrower
/// ones; under an issuer parent the tool starts unconstrained, within the constraint bounds).
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
/// - Returns: TENUO_OK; TENUO_E_CAPABILITY_EXPANSION (the parent does not grant it);
///   TENUO_E_INVALID_ARGUMENT (after `tenuo_grant_builder_inherit_all`); misuse codes.
@c public func tenuo_grant_builder_select_tool(_ builder: tenuo_grant_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt) -> tenuo_status {
    selectGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in try g.selectTool(try text(tool, tool_len, "tool")) }
}

/// Selects every tool of the parent with its constraints (tools narrowed before keep theirs).
/// - Parameters:
///   - builder: The builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_inherit_all(_ builder: tenuo_grant_builder_ref?) -> tenuo_status {
    selectGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.inheritAll() }
}

/// Keeps only the selected tools named in a JSON array (names not selected are ignored).
/// - Parameters:
///   - builder: The builder.
///   - names_json: The JSON array of tool names.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_grant_builder_retain_tools(_ builder: tenuo_grant_builder_ref?, _ names_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    selectGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.keepOnly(try nameList(names_json, json_len, "tool names")) }
}

/// Removes the tools named in a JSON array from the selection.
/// - Parameters:
///   - builder: The builder.
///   - names_json: The JSON array of tool names.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_grant_builder_drop_tools(_ builder: tenuo_grant_builder_ref?, _ names_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    selectGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.dropTools(try nameList(names_json, json_len, "tool names")) }
}

/// Describes the settings so far as JSON: capabilities (the selection as it would be granted,
/// {tool: constraints JSON}), inherit_all, holder (hex; the parent's unless set), holder_set,
/// ttl_seconds, expires_at, clearance, session_id, max_depth, terminal (null where not set).
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - builder: The builder (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_info_json(_ builder: tenuo_grant_builder_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try output(JSON.serialize(try borrow(builder, "builder", as: GrantState.self).value.builder.info), to: try requireOut(out, "JSON"))
    }
}

/// Keeps a tool in the child. Once any tool is allowed, only the allowed tools are kept. Under an
/// issuer parent a chosen issuable tool without `tenuo_grant_builder_set_constraints` starts
/// unconstrained (the parent's constraint bounds still apply).
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8); it must be granted by the parent (or be issuable by it).
///   - tool_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes (an unknown tool is refused at grant time).
@c public func tenuo_grant_builder_allow_tool(_ builder: tenuo_grant_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let box = try borrow(builder, "builder", as: GrantState.self)
        box.value.builder.allowTool(try text(tool, tool_len, "tool"))
    }
}

/// Replaces the constraints of one tool in the child (same JSON form as
/// `tenuo_mint_builder_add_tool`). They must be at least as narrow as the parent's, which is
/// checked at grant time.
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - constraints_json: The constraints JSON, or NULL for an unconstrained tool.
///   - json_len: Its length in bytes, or 0.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT / TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_grant_builder_set_constraints(
    _ builder: tenuo_grant_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ constraints_json: UnsafePointer<CChar>?, _ json_len: UInt
) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in
        try g.setConstraints(try constraintSet(constraints_json, json_len), for: try text(tool, tool_len, "tool"))
    }
}

/// Sets the child's holder (default: the parent's holder).
/// - Parameters:
///   - builder: The builder.
///   - holder: The new holder's public key (borrowed).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_holder(_ builder: tenuo_grant_builder_ref?, _ holder: tenuo_public_key_cref?) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.holder = try borrow(holder, "holder", as: PublicKey.self).value }
}

/// Sets the child's lifetime in seconds; it is clamped to the parent's expiry.
/// - Parameters:
///   - builder: The builder.
///   - ttl_secs: Seconds from the issue time.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_ttl(_ builder: tenuo_grant_builder_ref?, _ ttl_secs: UInt64) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.setTTL(ttl_secs) }
}

/// Sets an absolute expiry; a time after the parent's expiry is refused at grant time (I3).
/// - Parameters:
///   - builder: The builder.
///   - expires_at: Expiry time (Unix seconds).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_expires_at(_ builder: tenuo_grant_builder_ref?, _ expires_at: UInt64) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.expiresAt = expires_at }
}

/// Sets an explicit issue time (default: the `now_unix` passed to grant).
/// - Parameters:
///   - builder: The builder.
///   - issued_at: Issue time (Unix seconds).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_issued_at(_ builder: tenuo_grant_builder_ref?, _ issued_at: UInt64) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.issuedAt = issued_at }
}

/// Sets an explicit 16-byte id for the child (default: a random UUIDv7).
/// - Parameters:
///   - builder: The builder.
///   - id: TENUO_WARRANT_ID_BYTES bytes.
///   - id_len: Must be 16.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_grant_builder_set_id(_ builder: tenuo_grant_builder_ref?, _ id: UnsafePointer<UInt8>?, _ id_len: UInt) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.id = try WarrantID(bytes: try bytes(id, id_len, "id")) }
}

/// Sets the child's max_depth (at most the parent's; default: the parent's).
/// - Parameters:
///   - builder: The builder.
///   - max_depth: The ceiling.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_max_depth(_ builder: tenuo_grant_builder_ref?, _ max_depth: UInt32) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.maxDepth = try uint8(max_depth, "max_depth") }
}

/// Makes the child terminal: it can be used but cannot delegate further.
/// - Parameters:
///   - builder: The builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_terminal(_ builder: tenuo_grant_builder_ref?) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.terminal = true }
}

/// Sets the child's clearance (at most the parent's).
/// - Parameters:
///   - builder: The builder.
///   - clearance: The level (0–255).
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_set_clearance(_ builder: tenuo_grant_builder_ref?, _ clearance: UInt32) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.clearance = try uint8(clearance, "clearance") }
}

/// Sets an application extension on the child (`tenuo.*` keys are reserved).
/// - Parameters:
///   - builder: The builder.
///   - key: The extension key (UTF-8).
///   - key_len: Its length in bytes.
///   - value: The value bytes (at most 8 KiB).
///   - value_len: Their length.
/// - Returns: TENUO_OK, TENUO_E_RESERVED_EXTENSION_KEY, TENUO_E_EXTENSION_TOO_LARGE, or misuse codes.
@c public func tenuo_grant_builder_set_extension(
    _ builder: tenuo_grant_builder_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: UnsafePointer<UInt8>?, _ value_len: UInt
) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in
        try g.setExtension(try text(key, key_len, "extension key"), try bytes(value, value_len, "extension value"))
    }
}

/// Sets the child's session id (default: the parent's).
/// - Parameters:
///   - builder: The builder.
///   - session_id: The session id (UTF-8).
///   - session_id_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_grant_builder_set_session_id(_ builder: tenuo_grant_builder_ref?, _ session_id: UnsafePointer<CChar>?, _ session_id_len: UInt) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.sessionID = try text(session_id, session_id_len, "session id") }
}

/// Signs the child with the parent holder's key (I1) after checking that it is no wider than
/// the parent (tools, constraints, expiry, depth, clearance). The builder stays usable.
///
/// Ownership: the caller owns `*out` (`tenuo_warrant_free`).
/// - Parameters:
///   - builder: The builder (borrowed).
///   - key: The parent holder's signing key (borrowed).
///   - now_unix: The issue time unless one was set (Unix seconds).
///   - out: Receives the child warrant; NULL on failure.
/// - Returns: TENUO_OK; TENUO_E_INVALID_ISSUER (key is not the parent's holder);
///   TENUO_E_CAPABILITY_EXPANSION or TENUO_E_INVALID_ATTENUATION (the message names what was
///   widened); TENUO_E_DEPTH_EXCEEDED (parent is terminal); TENUO_E_TTL_EXCEEDED; misuse codes.
@c public func tenuo_grant_builder_grant(
    _ builder: tenuo_grant_builder_cref?, _ key: tenuo_signing_key_cref?, _ now_unix: UInt64, _ out: UnsafeMutablePointer<tenuo_warrant_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let state = try borrow(builder, "builder", as: GrantState.self).value
        let k = try borrow(key, "key", as: SigningKey.self).value
        let o = try requireOut(out, "warrant")
        o.pointee = retain(try state.builder.grant(key: k, now: now_unix))
    }
}

/// Releases a grant builder. NULL is ignored.
/// - Parameters:
///   - builder: The builder (owned).
@c public func tenuo_grant_builder_free(_ builder: tenuo_grant_builder_ref?) { release(builder, as: GrantState.self, "grant builder") }
