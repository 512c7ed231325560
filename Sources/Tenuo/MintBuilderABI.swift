// Builder for root warrants. One thread at a time per builder.
import TenuoCore

/// Builder creation flags.
enum BuilderFlags {
    /// The Tenuo SDK's builder: a setting that fails is reported by mint/grant (the first such
    /// error), not by the setter; a mint builder ignores the settings of the warrant type not
    /// chosen and keeps an absolute expiry over a TTL; a grant builder starts from no tools.
    /// @c-macro TENUO_BUILDER_SDK
    static let sdk: UInt32 = 1

    static func check(_ flags: UInt32) throws(TenuoError) {
        guard flags & ~sdk == 0 else { throw misuse(.invalidArgument, "unknown builder flags \(flags)") }
    }
}

func mutateMint(_ b: OpaquePointer?, _ body: (inout MintBuilder) throws(TenuoError) -> Void) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let box = try borrow(b, "builder", as: MintBuilder.self)
        if box.value.sdkRules {
            box.value.deferring(body)
        } else {
            try body(&box.value)
        }
    }
}

/// A JSON array of strings (tool names).
func nameList(_ json: UnsafePointer<CChar>?, _ len: UInt, _ what: String) throws(TenuoError) -> [String] {
    let n = try size(len, what)
    guard let json, n > 0 else { throw misuse(.nullArgument, "\(what) is NULL or empty") }
    guard case .list(let items) = try JSON.parse(UnsafeRawBufferPointer(start: UnsafeRawPointer(json), count: n)) else {
        throw misuse(.invalidArgument, "\(what) must be a JSON array of strings")
    }
    var out: [String] = []
    for item in items {
        guard case .string(let s) = item else { throw misuse(.invalidArgument, "\(what) must be a JSON array of strings") }
        out.append(s)
    }
    return out
}

/// Parses the flat constraints JSON of one tool (`{"arg": {"type": ...}, "_allow_unknown": bool}`);
/// NULL or length 0 means an unconstrained tool.
func constraintSet(_ json: UnsafePointer<CChar>?, _ len: UInt) throws(TenuoError) -> ConstraintSet {
    let n = try size(len, "constraints JSON")
    guard n > 0 else { return ConstraintSet() }
    // NULL with a length is a caller bug: refusing it keeps it from silently meaning "unconstrained".
    guard let json else { throw misuse(.nullArgument, "constraints JSON is NULL with length \(n)") }
    return try ConstraintSet(flatJSON: try JSON.parse(UnsafeRawBufferPointer(start: UnsafeRawPointer(json), count: n)))
}

func uint8(_ v: UInt32, _ what: String) throws(TenuoError) -> UInt8 {
    guard let x = UInt8(exactly: v) else { throw misuse(.invalidArgument, "\(what) must be 0–255, got \(v)") }
    return x
}

/// Creates a builder for a root warrant.
///
/// Defaults: holder = the issuer's own key, TTL 3600 s, max_depth 64, a random UUIDv7 id,
/// issued at the `now_unix` given to `tenuo_mint_builder_mint`.
/// Ownership: the caller owns `*out` (`tenuo_mint_builder_free`).
/// - Parameters:
///   - warrant_type: TENUO_WARRANT_EXECUTION or TENUO_WARRANT_ISSUER.
///   - out: Receives the builder.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_new(_ warrant_type: Int32, _ out: UnsafeMutablePointer<tenuo_mint_builder_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "builder")
        o.pointee = retain(MintBuilder(type: try warrantType(warrant_type)))
    }
}

/// Creates a builder for a root warrant, with flags (0, or TENUO_BUILDER_SDK for the Tenuo SDK's
/// rules: setting errors reported by `tenuo_mint_builder_mint`, settings of the other warrant
/// type ignored there, an absolute expiry kept over a TTL).
///
/// Ownership: the caller owns `*out` (`tenuo_mint_builder_free`).
/// - Parameters:
///   - warrant_type: TENUO_WARRANT_EXECUTION or TENUO_WARRANT_ISSUER.
///   - flags: 0 or TENUO_BUILDER_SDK.
///   - out: Receives the builder.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_new_ex(_ warrant_type: Int32, _ flags: UInt32, _ out: UnsafeMutablePointer<tenuo_mint_builder_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "builder")
        try BuilderFlags.check(flags)
        var b = MintBuilder(type: try warrantType(warrant_type))
        b.sdkRules = flags & BuilderFlags.sdk != 0
        o.pointee = retain(b)
    }
}

/// Returns a builder to the state `tenuo_mint_builder_new_ex(warrant_type, flags)` gives, so a
/// binding can keep builders for reuse instead of freeing and creating one per warrant. Every
/// setting, held error and tool is dropped. On failure the builder is left as it was.
///
/// Threads: one thread at a time per builder.
/// - Parameters:
///   - builder: The builder.
///   - warrant_type: TENUO_WARRANT_EXECUTION or TENUO_WARRANT_ISSUER.
///   - flags: 0 or TENUO_BUILDER_SDK.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_reset(_ builder: tenuo_mint_builder_ref?, _ warrant_type: Int32, _ flags: UInt32) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let box = try borrow(builder, "builder", as: MintBuilder.self)
        try BuilderFlags.check(flags)
        var b = MintBuilder(type: try warrantType(warrant_type))
        b.sdkRules = flags & BuilderFlags.sdk != 0
        box.value = b
    }
}

func warrantType(_ v: Int32) throws(TenuoError) -> WarrantType {
    switch v {
    case WarrantKind.execution: return .execution
    case WarrantKind.issuer: return .issuer
    default: throw misuse(.invalidArgument, "unknown warrant type \(v)")
    }
}

/// Sets the warrant type.
/// - Parameters:
///   - builder: The builder.
///   - warrant_type: TENUO_WARRANT_EXECUTION or TENUO_WARRANT_ISSUER.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_type(_ builder: tenuo_mint_builder_ref?, _ warrant_type: Int32) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.type = try warrantType(warrant_type) }
}

/// Adds a tool by name: at mint it gets the shared constraints
/// (`tenuo_mint_builder_set_shared_constraints`) unless `tenuo_mint_builder_add_tool` gives it
/// its own.
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_RESERVED_TOOL_NAME, or misuse codes.
@c public func tenuo_mint_builder_add_tool_name(_ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in try b.addSharedTool(try text(tool, tool_len, "tool")) }
}

/// Replaces the tools added by name with a JSON array of names.
/// - Parameters:
///   - builder: The builder.
///   - names_json: The JSON array (`["a", "b"]`).
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, TENUO_E_RESERVED_TOOL_NAME, or misuse codes.
@c public func tenuo_mint_builder_set_tool_names(_ builder: tenuo_mint_builder_ref?, _ names_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in try b.setSharedTools(try nameList(names_json, json_len, "tool names")) }
}

/// Sets the constraints of the tools added by name (same JSON as `tenuo_mint_builder_add_tool`):
/// merged into the ones set before, or replacing them when `replace` is true.
/// - Parameters:
///   - builder: The builder.
///   - constraints_json: The constraints JSON.
///   - json_len: Its length in bytes.
///   - replace: Replace instead of merge.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT / TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_mint_builder_set_shared_constraints(
    _ builder: tenuo_mint_builder_ref?, _ constraints_json: UnsafePointer<CChar>?, _ json_len: UInt, _ replace: Bool
) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.setSharedConstraints(try constraintSet(constraints_json, json_len), replace: replace)
    }
}

/// Sets one argument's constraint on a tool from a constraint handle (no JSON): with `fresh`
/// the tool's constraints start afresh (the first argument of a capability), else the argument
/// is added to them.
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - arg: The argument name (UTF-8).
///   - arg_len: Its length in bytes.
///   - constraint: The constraint (borrowed; the builder keeps its own reference).
///   - fresh: Replace the tool's constraints instead of adding to them.
/// - Returns: TENUO_OK, TENUO_E_TOO_MANY_CONSTRAINTS, TENUO_E_RESERVED_TOOL_NAME, or misuse codes.
@c public func tenuo_mint_builder_set_tool_constraint(
    _ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ arg: UnsafePointer<CChar>?, _ arg_len: UInt,
    _ constraint: tenuo_constraint_cref?, _ fresh: Bool
) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.setToolConstraint(try text(tool, tool_len, "tool"), arg: try text(arg, arg_len, "argument"), try constraintOf(constraint), fresh: fresh)
    }
}

/// Removes a tool (added with or without constraints). Unknown names are ignored.
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_mint_builder_remove_tool(_ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.removeTool(try text(tool, tool_len, "tool")) }
}

/// Replaces the issuable tools (issuer warrants) with a JSON array of names.
/// - Parameters:
///   - builder: The builder.
///   - names_json: The JSON array.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_mint_builder_set_issuable_tools(_ builder: tenuo_mint_builder_ref?, _ names_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.setIssuableTools(try nameList(names_json, json_len, "issuable tools"))
    }
}

/// Merges constraint bounds (issuer warrants; same JSON as a tool's constraints) into the ones
/// set before.
/// - Parameters:
///   - builder: The builder.
///   - constraints_json: The constraints JSON.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT / TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_mint_builder_merge_constraint_bounds(_ builder: tenuo_mint_builder_ref?, _ constraints_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.mergeConstraintBounds(try constraintSet(constraints_json, json_len))
    }
}

/// Removes every required approver set so far.
/// - Parameters:
///   - builder: The builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_clear_required_approvers(_ builder: tenuo_mint_builder_ref?) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.requiredApprovers = nil }
}

/// Describes the settings so far as JSON: type, tools (added by name), capabilities
/// ({tool: constraints JSON}, added with constraints), constraints (shared), issuable_tools,
/// constraint_bounds, ttl_seconds, expires_at, holder (hex), session_id, agent_id, clearance,
/// max_depth, terminal (null where not set).
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - builder: The builder (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_info_json(_ builder: tenuo_mint_builder_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try output(JSON.serialize(try borrow(builder, "builder", as: MintBuilder.self).value.info), to: try requireOut(out, "JSON"))
    }
}

/// Adds a tool (or replaces its constraints) on an execution warrant.
///
/// Constraints JSON: `{"arg": {"type": "Pattern", "pattern": "/data/*"}, ...}` with the
/// constraint types Exact {value}, Pattern {pattern}, Range {min, max, min_inclusive,
/// max_inclusive}, OneOf {values}, NotOneOf {excluded}, Wildcard; `"_allow_unknown": true`
/// lets calls carry arguments the tool does not constrain. NULL/0 = unconstrained tool.
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8; `tenuo:` prefix reserved).
///   - tool_len: Its length in bytes.
///   - constraints_json: The constraints JSON, or NULL.
///   - json_len: Its length in bytes, or 0.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT / TENUO_E_INVALID_JSON (bad constraint),
///   TENUO_E_RESERVED_TOOL_NAME, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_add_tool(
    _ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ constraints_json: UnsafePointer<CChar>?, _ json_len: UInt
) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        let name = try text(tool, tool_len, "tool")
        try b.addTool(name, constraints: try constraintSet(constraints_json, json_len))
    }
}

/// Sets the holder (the key that will sign proofs of possession). Default: the issuer.
/// - Parameters:
///   - builder: The builder.
///   - holder: The holder's public key (borrowed).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_holder(_ builder: tenuo_mint_builder_ref?, _ holder: tenuo_public_key_cref?) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.holder = try borrow(holder, "holder", as: PublicKey.self).value }
}

/// Sets the lifetime in seconds (at most 90 days). Default 3600.
/// - Parameters:
///   - builder: The builder.
///   - ttl_secs: Seconds from the issue time to expiry.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT (limits are checked at mint).
@c public func tenuo_mint_builder_set_ttl(_ builder: tenuo_mint_builder_ref?, _ ttl_secs: UInt64) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.setTTL(ttl_secs) }
}

/// Sets an absolute expiry time (Unix seconds) instead of a TTL.
/// - Parameters:
///   - builder: The builder.
///   - expires_at: Expiry time, after the issue time and at most 90 days later.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_expires_at(_ builder: tenuo_mint_builder_ref?, _ expires_at: UInt64) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.expiresAt = expires_at }
}

/// Sets an explicit issue time (default: the `now_unix` passed to mint), for reproducible output.
/// - Parameters:
///   - builder: The builder.
///   - issued_at: Issue time (Unix seconds).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_issued_at(_ builder: tenuo_mint_builder_ref?, _ issued_at: UInt64) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.issuedAt = issued_at }
}

/// Sets an explicit 16-byte warrant id (default: a random UUIDv7), for reproducible output.
/// - Parameters:
///   - builder: The builder.
///   - id: TENUO_WARRANT_ID_BYTES bytes.
///   - id_len: Must be 16.
/// - Returns: TENUO_OK, TENUO_E_INVALID_PAYLOAD_STRUCTURE (wrong length), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_id(_ builder: tenuo_mint_builder_ref?, _ id: UnsafePointer<UInt8>?, _ id_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.id = try WarrantID(bytes: try bytes(id, id_len, "id")) }
}

/// Sets the maximum delegation depth (0–64). Default 64.
/// - Parameters:
///   - builder: The builder.
///   - max_depth: The ceiling on the depth of any descendant.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_max_depth(_ builder: tenuo_mint_builder_ref?, _ max_depth: UInt32) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.maxDepth = try uint8(max_depth, "max_depth") }
}

/// Makes the warrant terminal: usable, but it cannot delegate (max_depth = depth).
/// - Parameters:
///   - builder: The builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_terminal(_ builder: tenuo_mint_builder_ref?) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.terminal = true }
}

/// Sets the clearance level (0–255; named levels: 0 untrusted, 10 external, 20 partner,
/// 30 internal, 40 privileged, 50 system).
/// - Parameters:
///   - builder: The builder.
///   - clearance: The level.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_clearance(_ builder: tenuo_mint_builder_ref?, _ clearance: UInt32) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.clearance = try uint8(clearance, "clearance") }
}

/// Sets an application extension: signed bytes under a key (`tenuo.*` keys are reserved).
/// - Parameters:
///   - builder: The builder.
///   - key: The extension key (UTF-8, e.g. reverse-domain `com.example.trace_id`).
///   - key_len: Its length in bytes.
///   - value: The value bytes (CBOR-encoded by convention; at most 8 KiB).
///   - value_len: Their length.
/// - Returns: TENUO_OK, TENUO_E_RESERVED_EXTENSION_KEY, TENUO_E_EXTENSION_TOO_LARGE, or misuse codes.
@c public func tenuo_mint_builder_set_extension(
    _ builder: tenuo_mint_builder_ref?, _ key: UnsafePointer<CChar>?, _ key_len: UInt, _ value: UnsafePointer<UInt8>?, _ value_len: UInt
) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.setExtension(try text(key, key_len, "extension key"), try bytes(value, value_len, "extension value"))
    }
}

/// Sets the session id (carried in the `tenuo.session_id` extension).
/// - Parameters:
///   - builder: The builder.
///   - session_id: The session id (UTF-8).
///   - session_id_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_mint_builder_set_session_id(_ builder: tenuo_mint_builder_ref?, _ session_id: UnsafePointer<CChar>?, _ session_id_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.sessionID = try text(session_id, session_id_len, "session id") }
}

/// Sets the agent id (carried in the `tenuo.agent_id` extension).
/// - Parameters:
///   - builder: The builder.
///   - agent_id: The agent id (UTF-8).
///   - agent_id_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_mint_builder_set_agent_id(_ builder: tenuo_mint_builder_ref?, _ agent_id: UnsafePointer<CChar>?, _ agent_id_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.agentID = try text(agent_id, agent_id_len, "agent id") }
}

/// Adds a tool an issuer warrant may grant (issuer warrants only).
/// - Parameters:
///   - builder: The builder.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_mint_builder_add_issuable_tool(_ builder: tenuo_mint_builder_ref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        try b.addIssuableTool(try text(tool, tool_len, "tool"))
    }
}

/// Sets how deep an issuer warrant's grants may go (issuer warrants only; at most max_depth).
/// - Parameters:
///   - builder: The builder.
///   - max_issue_depth: The depth limit.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_set_max_issue_depth(_ builder: tenuo_mint_builder_ref?, _ max_issue_depth: UInt32) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.maxIssueDepth = max_issue_depth }
}

/// Sets the constraint bounds every granted execution warrant must stay within (issuer
/// warrants only), in the same JSON form as a tool's constraints.
/// - Parameters:
///   - builder: The builder.
///   - constraints_json: The constraints JSON.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT / TENUO_E_INVALID_JSON, or misuse codes.
@c public func tenuo_mint_builder_set_constraint_bounds(_ builder: tenuo_mint_builder_ref?, _ constraints_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.constraintBounds = try constraintSet(constraints_json, json_len) }
}

/// Adds a required approver (multi-sig). Approvals are needed only for calls an approval gate
/// covers (`tenuo_mint_builder_set_approval_gates`); approvers without gates are refused at mint.
/// - Parameters:
///   - builder: The builder.
///   - approver: The approver's public key (borrowed).
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_mint_builder_add_required_approver(_ builder: tenuo_mint_builder_ref?, _ approver: tenuo_public_key_cref?) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in
        b.addRequiredApprover(try borrow(approver, "approver", as: PublicKey.self).value)
    }
}

/// Sets how many required approvers must approve (1 to their number).
/// - Parameters:
///   - builder: The builder.
///   - min_approvals: The threshold.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT (consistency is checked at mint).
@c public func tenuo_mint_builder_set_min_approvals(_ builder: tenuo_mint_builder_ref?, _ min_approvals: UInt32) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.minApprovals = min_approvals }
}

/// Signs the warrant with the issuer's key. The builder stays usable (mint again for another
/// warrant; set an explicit id only for one-off reproducible output).
///
/// Ownership: the caller owns `*out` (`tenuo_warrant_free`).
/// - Parameters:
///   - builder: The builder (borrowed).
///   - issuer: The issuer's signing key (borrowed).
///   - now_unix: The issue time unless one was set (Unix seconds).
///   - out: Receives the warrant; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_BUILDER_INCOMPLETE (no tool), TENUO_E_TTL_EXCEEDED,
///   TENUO_E_DEPTH_EXCEEDED, TENUO_E_TOO_MANY_TOOLS, or misuse codes.
@c public func tenuo_mint_builder_mint(
    _ builder: tenuo_mint_builder_cref?, _ issuer: tenuo_signing_key_cref?, _ now_unix: UInt64, _ out: UnsafeMutablePointer<tenuo_warrant_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let box = try borrow(builder, "builder", as: MintBuilder.self)
        let k = try borrow(issuer, "issuer key", as: SigningKey.self).value
        let o = try requireOut(out, "warrant")
        o.pointee = retain(try mintInPlace(&box.value, key: k, now: now_unix))
    }
}

/// Mints from the builder where the box holds it. Called as `box.value.mint(...)`, Swift copies
/// the builder out of the box first (a retain and a release per field, about 600 instructions):
/// the box's storage could change during the call for all it knows. An inout access promises it
/// cannot, so the builder is read in place; `mint` itself changes nothing.
func mintInPlace(_ b: inout MintBuilder, key: SigningKey, now: UInt64) throws(TenuoError) -> Warrant {
    try b.mint(key: key, now: now)
}

/// Releases a mint builder. NULL is ignored.
/// - Parameters:
///   - builder: The builder (owned).
@c public func tenuo_mint_builder_free(_ builder: tenuo_mint_builder_ref?) { release(builder, as: MintBuilder.self, "mint builder") }
