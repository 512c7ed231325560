// Multi-sig approvals: signed approvals, request hashes, approval-gate setters on the builders,
// and the authorizer entry points that take approvals.
import TenuoCore

/// A signed approval (the reference's `SignedApproval`): an approver's signature over one
/// request hash, with a nonce and a validity window. Immutable; shareable across threads.
public typealias tenuo_approval_ref = OpaquePointer
/// Borrowed, read-only signed approval.
public typealias tenuo_approval_cref = OpaquePointer

enum ApprovalSize {
    /// Length of an approval nonce, in bytes.
    /// @c-macro TENUO_APPROVAL_NONCE_BYTES
    static let nonce: UInt = 16
}

func approvalOf(_ p: OpaquePointer?) throws(TenuoError) -> SignedApproval {
    try borrow(p, "approval", as: SignedApproval.self).value
}

/// Reads `count` approval handles from a C array (NULL with count 0 means none).
func approvalList(_ list: UnsafePointer<tenuo_approval_cref?>?, _ count: UInt) throws(TenuoError) -> [SignedApproval] {
    guard count > 0 else { return [] }
    guard let list else { throw misuse(.nullArgument, "approvals is NULL with count \(count)") }
    guard count <= 1024 else { throw misuse(.valueTooLarge, "\(count) approvals exceed the limit of 1024") }
    var out: [SignedApproval] = []
    for i in 0..<Int(count) { out.append(try approvalOf(list[i])) }
    return out
}

/// Parses a signed approval from the bytes of `SignedApproval.to_bytes()` (a CBOR map). Only the
/// envelope is checked here; the signature is checked by `tenuo_approval_verify`,
/// `tenuo_approval_to_json` and the authorizer.
///
/// Ownership: the caller owns `*out` (`tenuo_approval_free`).
/// - Parameters:
///   - data: The approval bytes.
///   - len: Their length (at most 8 KiB).
///   - out: Receives the approval.
/// - Returns: TENUO_OK, TENUO_E_APPROVAL_INVALID for bytes that are not a well-formed approval,
///   or misuse codes.
@c public func tenuo_approval_parse(_ data: UnsafePointer<UInt8>?, _ len: UInt, _ out: UnsafeMutablePointer<tenuo_approval_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "approval")
        o.pointee = retain(try SignedApproval(decoding: try bytes(data, len, "approval")))
    }
}

/// Creates and signs an approval for a request hash (the approver's side).
///
/// Ownership: the caller owns `*out` (`tenuo_approval_free`).
/// - Parameters:
///   - approver: The approver's signing key (borrowed).
///   - request_hash: The request hash (TENUO_HASH_BYTES), e.g. from `tenuo_warrant_request_hash`.
///   - request_hash_len: Its length (32).
///   - nonce: TENUO_APPROVAL_NONCE_BYTES random bytes, or NULL/0 for fresh random ones.
///   - nonce_len: Its length (16 or 0).
///   - external_id: The approver's identity for audit (UTF-8, may be empty).
///   - external_id_len: Its length in bytes.
///   - approved_at: When approved (Unix seconds).
///   - expires_at: When the approval expires (Unix seconds; must be after `approved_at`).
///   - out: Receives the approval.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT, or misuse codes.
@c public func tenuo_approval_create(
    _ approver: tenuo_signing_key_cref?, _ request_hash: UnsafePointer<UInt8>?, _ request_hash_len: UInt,
    _ nonce: UnsafePointer<UInt8>?, _ nonce_len: UInt, _ external_id: UnsafePointer<CChar>?, _ external_id_len: UInt,
    _ approved_at: UInt64, _ expires_at: UInt64, _ out: UnsafeMutablePointer<tenuo_approval_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "approval")
        let key = try borrow(approver, "approver key", as: SigningKey.self).value
        o.pointee = retain(
            try SignedApproval.create(
                requestHash: try bytes(request_hash, request_hash_len, "request hash"),
                nonce: try bytes(nonce, nonce_len, "nonce"), externalID: try text(external_id, external_id_len, "external id"),
                approvedAt: approved_at, expiresAt: expires_at, key: key))
    }
}

/// Serializes an approval to the reference's bytes (`SignedApproval.to_bytes()`).
///
/// Ownership: release `*out` with `tenuo_bytes_free`.
/// - Parameters:
///   - approval: The approval (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_approval_to_bytes(
    _ approval: tenuo_approval_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        try output(try approvalOf(approval).encoded(), to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Checks an approval on its own, as the reference's `SignedApproval.verify()`: version, the
/// approver's signature over the raw payload, the payload's shape, approved_at at most 30 s
/// after `now_unix`, and expires_at after approved_at. Expiry against `now_unix` is left to the
/// authorizer (which applies its clock tolerance).
/// - Parameters:
///   - approval: The approval (borrowed).
///   - now_unix: The time of the check (Unix seconds).
/// - Returns: TENUO_OK, TENUO_E_SIGNATURE_INVALID, TENUO_E_APPROVAL_INVALID,
///   TENUO_E_APPROVAL_PAYLOAD_INVALID, TENUO_E_UNSUPPORTED_APPROVAL_VERSION, or misuse codes.
@c public func tenuo_approval_verify(_ approval: tenuo_approval_cref?, _ now_unix: UInt64) -> tenuo_status {
    guarded { () throws(TenuoError) in _ = try approvalOf(approval).verify(now: now_unix) }
}

/// Returns the approval's fields as JSON, after checking its signature: {"approval_version",
/// "version", "approver_key", "signature", "request_hash", "nonce" (hex), "external_id",
/// "approved_at", "expires_at", and "extensions" when present}.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - approval: The approval (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK, TENUO_E_SIGNATURE_INVALID or TENUO_E_APPROVAL_PAYLOAD_INVALID (fields
///   are never shown unverified), or misuse codes.
@c public func tenuo_approval_to_json(_ approval: tenuo_approval_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try output(JSON.serialize(try approvalOf(approval).json()), to: try requireOut(out, "JSON"))
    }
}

/// Returns the approver's public key (as carried in the approval; the signature is not checked).
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - approval: The approval (borrowed).
///   - out: Receives the key.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_approval_approver_key(_ approval: tenuo_approval_cref?, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "public key")
        o.pointee = retain(try approvalOf(approval).approverKey)
    }
}

/// Releases an approval. NULL is ignored.
/// - Parameters:
///   - approval: The approval (owned).
@c public func tenuo_approval_free(_ approval: tenuo_approval_ref?) { release(approval, as: SignedApproval.self, "approval") }

/// Computes the request hash an approval binds to, as the reference's `compute_request_hash`:
/// SHA-256 of CBOR [warrant_id, tool, bstr(CBOR of the arguments, keys sorted), bstr(holder)].
/// - Parameters:
///   - warrant_id: The warrant id text as the reference writes it (`tnu_wrt_<32 hex>`).
///   - warrant_id_len: Its length in bytes.
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - holder: The warrant holder's public key (borrowed), or NULL for none.
///   - out: A buffer of at least TENUO_HASH_BYTES.
///   - out_cap: Its capacity.
/// - Returns: TENUO_OK, TENUO_E_BUFFER_TOO_SMALL, or misuse codes.
@c public func tenuo_request_hash(
    _ warrant_id: UnsafePointer<CChar>?, _ warrant_id_len: UInt, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ holder: tenuo_public_key_cref?, _ out: UnsafeMutablePointer<UInt8>?, _ out_cap: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let h = holder == nil ? nil : try borrow(holder, "holder", as: PublicKey.self).value
        let hash = ApprovalRequestHash.compute(warrantID: try text(warrant_id, warrant_id_len, "warrant id"),
                                               tool: try text(tool, tool_len, "tool"), args: try optionalArgs(args), holder: h)
        try copyOut(hash, out, out_cap, "request hash")
    }
}

/// Computes the request hash of a call made with `warrant` (its id and holder): what an
/// approver signs and what the authorizer compares when that warrant is the leaf.
/// - Parameters:
///   - warrant: The (leaf) warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - out: A buffer of at least TENUO_HASH_BYTES.
///   - out_cap: Its capacity.
/// - Returns: TENUO_OK, TENUO_E_BUFFER_TOO_SMALL, or misuse codes.
@c public func tenuo_warrant_request_hash(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args: tenuo_args_cref?,
    _ out: UnsafeMutablePointer<UInt8>?, _ out_cap: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let hash = ApprovalRequestHash.compute(warrant: w.payload, tool: try text(tool, tool_len, "tool"), args: try optionalArgs(args))
        try copyOut(hash, out, out_cap, "request hash")
    }
}

/// Returns the warrant's approval gates as JSON (`null` when it has none):
/// `{"tool": {"args": null | {"arg": "all" | constraint | {"exempt": constraint}}, "message": "..."}}`.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_warrant_approval_gates_json(_ warrant: tenuo_warrant_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let g = try ApprovalGateMap(extensionBytes: w.payload.extensions[ApprovalGateMap.extensionKey])
        try output(JSON.serialize(g?.json() ?? .null), to: try requireOut(out, "JSON"))
    }
}

func authorizeWithApprovals(
    _ authorizer: OpaquePointer?, _ chain: () throws(TenuoError) -> WarrantChain, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: OpaquePointer?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ approvals: UnsafePointer<tenuo_approval_cref?>?,
    _ approval_count: UInt, _ now: UInt64, _ out: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let c = try chain()
        let t = try text(tool, tool_len, "tool")
        let values = try optionalArgs(args)
        let sig = try bytes(pop, pop_len, "PoP signature")
        let list = try approvalList(approvals, approval_count)
        do throws(Denial) {
            try a.authorize(c, tool: t, args: values, signature: sig.isEmpty ? nil : sig, now: now, approvals: list)
        } catch {
            out?.pointee = retain(DenialValue(error))
            throw error.error
        }
    }
}

/// Authorizes a call made with a single warrant, with approvals for approval-gated tools: the
/// checks of `tenuo_authorizer_check`, then the warrant's approval gates. A call a gate covers
/// needs `min_approvals` valid approvals from distinct keys of the warrant's
/// `required_approvers`, each bound to this warrant, tool, arguments and holder (request hash)
/// and not expired (clock tolerance applies).
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - pop: The holder's PoP signature (64 bytes), or NULL/0 when missing.
///   - pop_len: Its length.
///   - approvals: An array of `approval_count` approvals (borrowed), or NULL with 0.
///   - approval_count: The number of approvals.
///   - now_unix: The time of the call (Unix seconds).
///   - out_denial: When non-NULL, receives the denial on refusal (`tenuo_denial_free`), else NULL.
/// - Returns: TENUO_OK when allowed; TENUO_E_APPROVAL_REQUIRED when a gate fires and no
///   approval was given, TENUO_E_INSUFFICIENT_APPROVALS / TENUO_E_APPROVAL_INVALID when the
///   approvals do not suffice; the codes of `tenuo_authorizer_check`; or misuse codes.
@c public func tenuo_authorizer_check_with_approvals(
    _ authorizer: tenuo_authorizer_cref?, _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ approvals: UnsafePointer<tenuo_approval_cref?>?,
    _ approval_count: UInt, _ now_unix: UInt64, _ out_denial: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    authorizeWithApprovals(authorizer, { () throws(TenuoError) in try WarrantChain([try warrantOf(warrant)]) }, tool, tool_len, args,
                           pop, pop_len, approvals, approval_count, now_unix, out_denial)
}

/// Authorizes a call made with the leaf of a chain, with approvals. Gates are evaluated at the
/// leaf and approvals bound to the leaf's id and holder, as `tenuo_authorizer_check_with_approvals`.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - chain: The chain (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args: The call's arguments (borrowed; NULL means none).
///   - pop: The leaf holder's PoP signature, or NULL/0 when missing.
///   - pop_len: Its length.
///   - approvals: An array of `approval_count` approvals (borrowed), or NULL with 0.
///   - approval_count: The number of approvals.
///   - now_unix: The time of the call (Unix seconds).
///   - out_denial: When non-NULL, receives the denial on refusal (`tenuo_denial_free`), else NULL.
/// - Returns: As `tenuo_authorizer_check_with_approvals`.
@c public func tenuo_authorizer_check_chain_with_approvals(
    _ authorizer: tenuo_authorizer_cref?, _ chain: tenuo_chain_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args: tenuo_args_cref?, _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ approvals: UnsafePointer<tenuo_approval_cref?>?,
    _ approval_count: UInt, _ now_unix: UInt64, _ out_denial: UnsafeMutablePointer<tenuo_denial_ref?>?
) -> tenuo_status {
    authorizeWithApprovals(authorizer, { () throws(TenuoError) in try chainOf(chain) }, tool, tool_len, args, pop, pop_len,
                           approvals, approval_count, now_unix, out_denial)
}

// MARK: Builders

func gateMap(_ json: UnsafePointer<CChar>?, _ len: UInt) throws(TenuoError) -> ApprovalGateMap {
    try ApprovalGateMap(json: try JSON.parse(try text(json, len, "approval gates JSON")))
}

/// Sets the warrant's approval gates (the `tenuo.approval_gates` extension), replacing earlier
/// ones. JSON: `{"tool": null}` gates every call of the tool; `{"tool": {"arg": gate}}` gates
/// calls by argument, where a gate is `null` or `"all"` (any value), a constraint (values it
/// matches), or `{"exempt": constraint}` (values it does not match); `{"tool": {"args": ...,
/// "message": "text"}}` adds a display message. Gates need required approvers.
/// - Parameters:
///   - builder: The builder.
///   - gates_json: The gates JSON.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, TENUO_E_INVALID_ARGUMENT, or misuse codes.
@c public func tenuo_mint_builder_set_approval_gates(_ builder: tenuo_mint_builder_ref?, _ gates_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateMint(builder) { (b: inout MintBuilder) throws(TenuoError) in b.approvalGates = try gateMap(gates_json, json_len) }
}

/// Adds approval gates to the child (same JSON as `tenuo_mint_builder_set_approval_gates`).
/// The parent's gates for the tools the child keeps are always inherited; added gates merge
/// with them and with gates added before (whole-tool wins; for the same argument the gate
/// that was there first stays; a message set later replaces an earlier one).
/// - Parameters:
///   - builder: The builder.
///   - gates_json: The gates JSON.
///   - json_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_JSON, TENUO_E_INVALID_ARGUMENT, or misuse codes.
@c public func tenuo_grant_builder_add_approval_gates(_ builder: tenuo_grant_builder_ref?, _ gates_json: UnsafePointer<CChar>?, _ json_len: UInt) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.addApprovalGates(try gateMap(gates_json, json_len)) }
}

/// Adds a required approver to the child (the parent's approvers are inherited and cannot be
/// removed). The child's threshold minus the approvers it adds must stay at least the parent's
/// threshold, so raise `min_approvals` along with it; checked at grant time.
/// - Parameters:
///   - builder: The builder.
///   - approver: The approver's public key (borrowed).
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_grant_builder_add_required_approver(_ builder: tenuo_grant_builder_ref?, _ approver: tenuo_public_key_cref?) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in
        g.addRequiredApprover(try borrow(approver, "approver", as: PublicKey.self).value)
    }
}

/// Sets the child's approval threshold (it may only rise; checked at grant time).
/// - Parameters:
///   - builder: The builder.
///   - min_approvals: The threshold.
/// - Returns: TENUO_OK or misuse codes.
@c public func tenuo_grant_builder_set_min_approvals(_ builder: tenuo_grant_builder_ref?, _ min_approvals: UInt32) -> tenuo_status {
    mutateGrant(builder) { (g: inout GrantBuilder) throws(TenuoError) in g.minApprovals = min_approvals }
}
