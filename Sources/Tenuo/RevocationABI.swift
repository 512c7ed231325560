// Signed revocation lists, revocation requests, and the authorizer's mutable policy
// (revocation list, clearance requirements).
import TenuoCore

/// A signed revocation list (decoded; trusted only once verified or installed).
public typealias tenuo_srl_ref = OpaquePointer
/// Borrowed, read-only signed revocation list.
public typealias tenuo_srl_cref = OpaquePointer

/// A builder for signed revocation lists.
public typealias tenuo_srl_builder_ref = OpaquePointer
/// Borrowed, read-only revocation list builder.
public typealias tenuo_srl_builder_cref = OpaquePointer

/// A signed request to revoke one warrant.
public typealias tenuo_revocation_request_ref = OpaquePointer
/// Borrowed, read-only revocation request.
public typealias tenuo_revocation_request_cref = OpaquePointer

/// What an SRL builder has collected so far.
struct SRLDraft {
    var ids: [String] = []
    var version: UInt64 = 1
}

func srlOf(_ p: OpaquePointer?) throws(TenuoError) -> SignedRevocationList {
    try borrow(p, "revocation list", as: SignedRevocationList.self).value
}

func requestOf(_ p: OpaquePointer?) throws(TenuoError) -> RevocationRequest {
    try borrow(p, "revocation request", as: RevocationRequest.self).value
}

/// Creates a revocation list builder: no ids, version 1 (the reference's defaults).
///
/// Ownership: the caller owns `*out` (`tenuo_srl_builder_free`). Threads: one thread at a time.
/// - Parameters:
///   - out: Receives the builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_builder_new(_ out: UnsafeMutablePointer<tenuo_srl_builder_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try requireOut(out, "builder").pointee = retain(SRLDraft())
    }
}

/// Adds a warrant id to revoke. Ids are text matched byte for byte against a warrant's display
/// id, `tnu_wrt_` followed by 32 lowercase hex digits (`tenuo_warrant_id`); any other form
/// (bare hex, a UUID) never matches. Order and duplicates are kept.
/// - Parameters:
///   - builder: The builder.
///   - id: The warrant id (UTF-8).
///   - id_len: Its length in bytes.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_builder_revoke(_ builder: tenuo_srl_builder_ref?, _ id: UnsafePointer<CChar>?, _ id_len: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let b = try borrow(builder, "builder", as: SRLDraft.self)
        b.value.ids.append(try text(id, id_len, "warrant id"))
    }
}

/// Sets the list's version (anti-rollback sequence number; default 1).
/// - Parameters:
///   - builder: The builder.
///   - version: The version.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_builder_set_version(_ builder: tenuo_srl_builder_ref?, _ version: UInt64) -> tenuo_status {
    guarded { () throws(TenuoError) in
        try borrow(builder, "builder", as: SRLDraft.self).value.version = version
    }
}

/// Signs the list with `key` (its public key becomes the list's issuer). The encoding is the
/// reference's `to_bytes()` byte for byte for the same ids, version, time and key.
///
/// Ownership: the caller owns `*out` (`tenuo_srl_free`); the builder stays usable.
/// - Parameters:
///   - builder: The builder (borrowed).
///   - key: The issuer's signing key (borrowed).
///   - issued_at_unix: The list's issue time (Unix seconds, at most year 9999).
///   - issued_at_nanos: Nanoseconds within that second (below 1000000000).
///   - out: Receives the signed list.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (time out of range), TENUO_E_VALUE_TOO_LARGE,
///   or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_builder_sign(
    _ builder: tenuo_srl_builder_cref?, _ key: tenuo_signing_key_cref?, _ issued_at_unix: UInt64, _ issued_at_nanos: UInt32,
    _ out: UnsafeMutablePointer<tenuo_srl_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let draft = try borrow(builder, "builder", as: SRLDraft.self).value
        let k = try borrow(key, "key", as: SigningKey.self).value
        let o = try requireOut(out, "revocation list")
        let when = try UTCTimestamp(seconds: issued_at_unix, nanos: issued_at_nanos)
        o.pointee = retain(try SignedRevocationList.sign(revokedIDs: draft.ids, version: draft.version, issuedAt: when, key: k))
    }
}

/// Releases a revocation list builder. NULL is ignored.
/// - Parameters:
///   - builder: The builder (owned).
@c public func tenuo_srl_builder_free(_ builder: tenuo_srl_builder_ref?) { release(builder, as: SRLDraft.self, "revocation list builder") }

/// Decodes a signed revocation list (CBOR, the reference's `to_bytes()` form). The signature
/// is not checked here, since the issuer is named by the list itself: `tenuo_srl_verify` or
/// `tenuo_authorizer_set_revocation_list` check it before any entry is used.
///
/// Only the canonical encoding is accepted (see the README's divergence table).
/// Ownership: the caller owns `*out` (`tenuo_srl_free`).
/// - Parameters:
///   - data: The encoded list.
///   - data_len: Its length in bytes (at most 1 MiB).
///   - out: Receives the list.
/// - Returns: TENUO_OK, TENUO_E_MALFORMED_CBOR, TENUO_E_INVALID_KEY, TENUO_E_UNSUPPORTED_ALGORITHM,
///   TENUO_E_INVALID_SIGNATURE_LENGTH, TENUO_E_VALUE_TOO_LARGE, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_parse(_ data: UnsafePointer<UInt8>?, _ data_len: UInt, _ out: UnsafeMutablePointer<tenuo_srl_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "revocation list")
        o.pointee = retain(try SignedRevocationList(bytes: try bytes(data, data_len, "revocation list")))
    }
}

/// Writes the list's encoded bytes.
///
/// Ownership: release `*out` with `tenuo_bytes_free`.
/// - Parameters:
///   - srl: The list (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_to_bytes(_ srl: tenuo_srl_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let s = try srlOf(srl)
        try output(s.bytes, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Describes the list as JSON: {"version", "issued_at" (RFC 3339 text), "issuer" (hex),
/// "revoked_ids"}. A version above 2^63-1 is written as a string.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - srl: The list (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_to_json(_ srl: tenuo_srl_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let s = try srlOf(srl)
        try output(JSON.serialize(s.json), to: try requireOut(out, "JSON"))
    }
}

/// Checks that `issuer` signed the list (the list must name it, and the signature over the
/// payload bytes must verify).
/// - Parameters:
///   - srl: The list (borrowed).
///   - issuer: The expected issuer (borrowed).
/// - Returns: TENUO_OK, TENUO_E_SIGNATURE_INVALID, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_verify(_ srl: tenuo_srl_cref?, _ issuer: tenuo_public_key_cref?) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let s = try srlOf(srl)
        try s.verify(expectedIssuer: try borrow(issuer, "issuer", as: PublicKey.self).value)
    }
}

/// Tells whether a warrant id (text, compared byte for byte) is on the list. The list's
/// signature is not checked by this call.
/// - Parameters:
///   - srl: The list (borrowed).
///   - id: The warrant id (UTF-8).
///   - id_len: Its length in bytes.
///   - out_revoked: Receives true when the id is listed.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_srl_is_revoked(_ srl: tenuo_srl_cref?, _ id: UnsafePointer<CChar>?, _ id_len: UInt, _ out_revoked: UnsafeMutablePointer<Bool>?) -> tenuo_status {
    out_revoked?.pointee = false
    return guarded { () throws(TenuoError) in
        let s = try srlOf(srl)
        let o = try requireOut(out_revoked, "result")
        o.pointee = s.isRevoked(try text(id, id_len, "warrant id"))
    }
}

/// Releases a revocation list. NULL is ignored.
/// - Parameters:
///   - srl: The list (owned).
@c public func tenuo_srl_free(_ srl: tenuo_srl_ref?) { release(srl, as: SignedRevocationList.self, "revocation list") }

/// Installs a signed revocation list in an authorizer. From then on a chain containing a
/// listed warrant anywhere (root, any link or the leaf) is denied with TENUO_E_WARRANT_REVOKED,
/// before any other check.
///
/// With `expected_issuer` NULL the list's issuer must be one of the authorizer's trusted roots
/// (the reference Python SDK's rule); otherwise it must be `expected_issuer` (e.g. a separate
/// control-plane key). The signature is verified first. One list is held at a time: a list
/// with a lower version than the installed one is refused, and so is one with the same
/// version but a different set of ids.
/// Threads: safe while other threads authorize with the same authorizer; each decision uses
/// either the old or the new list, never a mix.
/// - Parameters:
///   - authorizer: The authorizer.
///   - srl: The list (borrowed; the authorizer keeps its own reference).
///   - expected_issuer: The key that must have signed it, or NULL for "a trusted root".
/// - Returns: TENUO_OK, TENUO_E_INVALID_PAYLOAD_STRUCTURE (issuer is not a trusted root; the
///   reference's ConfigurationError code), TENUO_E_SIGNATURE_INVALID, TENUO_E_SRL_VERSION_ROLLBACK,
///   TENUO_E_SRL_CONTENT_CHANGED, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_authorizer_set_revocation_list(
    _ authorizer: tenuo_authorizer_ref?, _ srl: tenuo_srl_cref?, _ expected_issuer: tenuo_public_key_cref?
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let s = try srlOf(srl)
        let issuer = expected_issuer == nil ? nil : try borrow(expected_issuer, "issuer", as: PublicKey.self).value
        try a.setRevocationList(s, expectedIssuer: issuer)
    }
}

/// Returns a new handle to the revocation list the authorizer holds, or NULL in `*out` when
/// none was installed.
///
/// Ownership: the caller owns `*out` (`tenuo_srl_free`).
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - out: Receives the list or NULL.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_authorizer_revocation_list(_ authorizer: tenuo_authorizer_cref?, _ out: UnsafeMutablePointer<tenuo_srl_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let o = try requireOut(out, "revocation list")
        if let s = a.currentPolicy.revocationList { o.pointee = retain(s) }
    }
}

/// Requires a minimum clearance (0–255) for the tools matching `pattern`: an exact tool name,
/// a prefix pattern such as `admin_*`, or `*` for every tool. A call's tool uses its exact
/// entry, else the longest matching prefix pattern, else `*`; a tool matching nothing has no
/// requirement. A warrant without clearance counts as 0. An insufficient clearance is denied
/// with TENUO_E_TOOL_NOT_AUTHORIZED and deny code CLEARANCE_INSUFFICIENT, right after the chain
/// checks (before the tool, PoP and constraints are looked at).
/// Threads: safe while other threads authorize with the same authorizer.
/// - Parameters:
///   - authorizer: The authorizer.
///   - pattern: The tool pattern (UTF-8; non-empty, at most one `*`, only at the end).
///   - pattern_len: Its length in bytes.
///   - level: The minimum clearance (0–255).
/// - Returns: TENUO_OK, TENUO_E_MISSING_REQUIRED_FIELD (invalid pattern; the reference's
///   ValidationError code), TENUO_E_INVALID_ARGUMENT (level above 255), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_authorizer_require_clearance(
    _ authorizer: tenuo_authorizer_ref?, _ pattern: UnsafePointer<CChar>?, _ pattern_len: UInt, _ level: UInt32
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        try a.requireClearance(try text(pattern, pattern_len, "tool pattern"), try uint8(level, "clearance"))
    }
}

/// Looks up the clearance a tool requires under the current requirements.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - out_level: Receives the level (0–255), or -1 when the tool has no requirement.
/// - Returns: TENUO_OK, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_authorizer_required_clearance(
    _ authorizer: tenuo_authorizer_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ out_level: UnsafeMutablePointer<Int32>?
) -> tenuo_status {
    out_level?.pointee = -1
    return guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let o = try requireOut(out_level, "level")
        o.pointee = a.requiredClearance(for: try text(tool, tool_len, "tool")).map { Int32($0) } ?? -1
    }
}

/// Signs a request to revoke a warrant (the reference's RevocationRequest). Only the whole
/// seconds of the time are covered by the signature, as in the reference.
///
/// Ownership: the caller owns `*out` (`tenuo_revocation_request_free`).
/// - Parameters:
///   - warrant_id: The id to revoke (UTF-8, normally `tnu_wrt_` + 32 hex).
///   - id_len: Its length in bytes.
///   - reason: Why (UTF-8).
///   - reason_len: Its length in bytes.
///   - key: The requestor's signing key (borrowed).
///   - requested_at_unix: The request time (Unix seconds).
///   - requested_at_nanos: Nanoseconds within that second.
///   - out: Receives the request.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (time out of range), TENUO_E_INVALID_UTF8,
///   TENUO_E_VALUE_TOO_LARGE, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_revocation_request_new(
    _ warrant_id: UnsafePointer<CChar>?, _ id_len: UInt, _ reason: UnsafePointer<CChar>?, _ reason_len: UInt,
    _ key: tenuo_signing_key_cref?, _ requested_at_unix: UInt64, _ requested_at_nanos: UInt32,
    _ out: UnsafeMutablePointer<tenuo_revocation_request_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let id = try text(warrant_id, id_len, "warrant id")
        let why = try text(reason, reason_len, "reason")
        let k = try borrow(key, "key", as: SigningKey.self).value
        let o = try requireOut(out, "revocation request")
        let when = try UTCTimestamp(seconds: requested_at_unix, nanos: requested_at_nanos)
        o.pointee = retain(try RevocationRequest.sign(warrantID: id, reason: why, key: k, requestedAt: when))
    }
}

/// Decodes a revocation request (CBOR, canonical form only). The signature is not checked:
/// call `tenuo_revocation_request_verify_signature`.
///
/// Ownership: the caller owns `*out` (`tenuo_revocation_request_free`).
/// - Parameters:
///   - data: The encoded request.
///   - data_len: Its length in bytes.
///   - out: Receives the request.
/// - Returns: TENUO_OK, TENUO_E_MALFORMED_CBOR, TENUO_E_INVALID_KEY, TENUO_E_VALUE_TOO_LARGE, or
///   TENUO_E_NULL_ARGUMENT.
@c public func tenuo_revocation_request_parse(
    _ data: UnsafePointer<UInt8>?, _ data_len: UInt, _ out: UnsafeMutablePointer<tenuo_revocation_request_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "revocation request")
        o.pointee = retain(try RevocationRequest(bytes: try bytes(data, data_len, "revocation request")))
    }
}

/// Checks the requestor's signature on a request.
/// - Parameters:
///   - request: The request (borrowed).
/// - Returns: TENUO_OK, TENUO_E_SIGNATURE_INVALID, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_revocation_request_verify_signature(_ request: tenuo_revocation_request_cref?) -> tenuo_status {
    guarded { () throws(TenuoError) in try requestOf(request).verifySignature() }
}

/// Writes the request's encoded bytes.
///
/// Ownership: release `*out` with `tenuo_bytes_free`.
/// - Parameters:
///   - request: The request (borrowed).
///   - out: Receives the bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_revocation_request_to_bytes(
    _ request: tenuo_revocation_request_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let r = try requestOf(request)
        try output(r.bytes, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Describes the request as JSON: {"warrant_id", "reason", "requestor" (hex), "requested_at"}.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - request: The request (borrowed).
///   - out: Receives the JSON text.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_revocation_request_to_json(
    _ request: tenuo_revocation_request_cref?, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try output(JSON.serialize(try requestOf(request).json), to: try requireOut(out, "JSON"))
    }
}

/// Releases a revocation request. NULL is ignored.
/// - Parameters:
///   - request: The request (owned).
@c public func tenuo_revocation_request_free(_ request: tenuo_revocation_request_ref?) { release(request, as: RevocationRequest.self, "revocation request") }
