// Entry points shaped for language bindings (one native call per operation): arguments as JSON
// text instead of an args handle, a chain as an array of already-decoded warrant handles, the
// denial as JSON in the same call.
import TenuoCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `(ptr, len)` JSON text of tool arguments as a buffer; nil for length 0 (no arguments).
@inline(__always)
private func argsText(_ json: UnsafePointer<CChar>?, _ len: UInt) throws(TenuoError) -> UnsafeRawBufferPointer? {
    let n = try size(len, "arguments JSON")
    guard n > 0 else { return nil }
    guard let json else { throw misuse(.nullArgument, "arguments JSON is NULL with length \(n)") }
    return UnsafeRawBufferPointer(start: UnsafeRawPointer(json), count: n)
}

/// Reads `(ptr, len)` JSON object text of tool arguments; length 0 means no arguments.
func argsJSON(_ json: UnsafePointer<CChar>?, _ len: UInt) throws(TenuoError) -> [String: Value] {
    guard let text = try argsText(json, len) else { return [:] }
    return try JSON.parseObject(text)
}

/// Reads `(ptr, len)` JSON object text of tool arguments into their canonical order, for a
/// PoP (no dictionary); length 0 means no arguments. The checks and errors of `argsJSON`.
func sortedArgsJSON(_ json: UnsafePointer<CChar>?, _ len: UInt) throws(TenuoError) -> SortedMembers {
    guard let text = try argsText(json, len) else { return SortedMembers() }
    return try JSON.parseSortedMembers(text)
}

/// A chain (root first) from an array of borrowed warrant handles.
func warrantArray(_ list: UnsafePointer<tenuo_warrant_cref?>?, _ count: UInt) throws(TenuoError) -> WarrantChain {
    try WarrantChain.checkLength(count)  // before the array is read
    guard let list else { throw misuse(.nullArgument, "warrants is NULL with count \(count)") }
    var out: [Warrant] = []
    out.reserveCapacity(Int(count))
    for i in 0..<Int(count) { out.append(try warrantOf(list[i])) }
    return try WarrantChain(out)
}

/// This thread's record buffer (a `ThreadBlock`), holding its last denial record (see
/// `tenuo_authorizer_check_warrants` and `tenuo_authorizer_decide`): reused by the thread's
/// next refusal, which overwrites it, and freed at thread exit. nil when `pthread_key_create`
/// failed: then no record is written (the status still is).
private let denialRecordKey: pthread_key_t? = {
    var key = pthread_key_t()
    guard pthread_key_create(&key, { p in free(p) }) == 0 else { return nil }
    return key
}()

/// A record buffer that grew past this (a denial with huge texts) is not kept for the next record.
private let recordKeepLimit = 16 << 10
private let recordInitialCapacity = 256

/// A record being written into this thread's buffer, which grows (and stays this thread's)
/// as texts are appended. The previous record is overwritten: it was valid only until this
/// refusal.
private struct RecordWriter {
    let key: pthread_key_t
    /// The record's bytes (the block's contents); nil once out of memory.
    var base: UnsafeMutablePointer<UInt8>?
    var capacity = 0
    var count = 0

    init?(_ key: pthread_key_t) {
        // The thread's buffer, or a new one; when none can be made, the one it holds, however large.
        guard let block = ThreadBlock.reserve(key, need: recordInitialCapacity, minimum: recordInitialCapacity,
                                              keepLimit: recordKeepLimit) ?? pthread_getspecific(key)
        else { return nil }
        self.key = key
        base = ThreadBlock.bytes(block)
        capacity = ThreadBlock.capacity(block)
    }

    /// Makes room for `more` bytes past `count`; false when out of memory (the record is
    /// then abandoned; the thread keeps its buffer).
    @inline(__always)
    mutating func reserve(_ more: Int) -> Bool {
        if base != nil, more <= capacity &- count { return true }
        return grow(more)
    }

    /// Moves the record so far into a block twice as large (or as large as needed).
    @inline(never)
    private mutating func grow(_ more: Int) -> Bool {
        guard base != nil else { return false }
        let (need, overflow) = count.addingReportingOverflow(more)
        guard !overflow, need < Int.max / 4,
            let block = ThreadBlock.reserve(key, need: need, minimum: capacity &* 2, keepLimit: Int.max, keep: count)
        else {
            base = nil
            return false
        }
        base = ThreadBlock.bytes(block)
        capacity = ThreadBlock.capacity(block)
        return true
    }

    /// Appends a status as four ASCII digits (clamped to 0...9999).
    mutating func status(_ status: tenuo_status) {
        guard reserve(4), let p = base else { return }
        let s = Int(min(max(status, 0), 9999))
        p[count] = UInt8(truncatingIfNeeded: 48 + s / 1000)
        p[count &+ 1] = UInt8(truncatingIfNeeded: 48 + s / 100 % 10)
        p[count &+ 2] = UInt8(truncatingIfNeeded: 48 + s / 10 % 10)
        p[count &+ 3] = UInt8(truncatingIfNeeded: 48 + s % 10)
        count &+= 4
    }

    /// Appends one byte.
    @inline(__always)
    mutating func byte(_ b: UInt8) {
        guard reserve(1), let p = base else { return }
        p[count] = b
        count += 1
    }

    /// Appends UTF-8 text with NUL written as C0 80 (bytes that never occur in UTF-8, so the
    /// record stays NUL-free and the reader can undo it exactly).
    mutating func text(_ text: borrowing String) {
        // Contiguous UTF-8 (native and literal strings; small ones are copied to the stack)
        // without copying the String; anything else (a bridged string) through a copy.
        if text.utf8.withContiguousStorageIfAvailable({ append($0) }) == nil {
            var s = copy text
            s.withUTF8 { append($0) }
        }
    }

    /// Appends UTF-8 bytes, NUL written as C0 80 (see `text`).
    private mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let src = b.baseAddress, !b.isEmpty else { return }
        // Room for every byte doubled.
        guard b.count <= Int.max / 4, reserve(b.count &* 2), let p = base else { return }
        let n = b.count
        var at = count
        var i = 0
        // Eight bytes at a time while none of them is NUL (the classic has-zero-byte test), then
        // the rest as one overlapping word, or four bytes and single bytes: the pieces are short,
        // so calling memchr and memcpy cost more. After a NUL, byte by byte.
        while n &- i >= 8 {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: UInt64.self)
            if (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0 { break }
            UnsafeMutableRawPointer(p + at).storeBytes(of: v, as: UInt64.self)
            i &+= 8
            at &+= 8
        }
        if i < n && n >= 8 && n &- i < 8 {  // (the loop ran out of words: no NUL so far)
            // No NUL so far and under eight bytes left: the text's last eight bytes as one word
            // (rewriting a few bytes already copied, identically) when that word has no NUL.
            let v = UnsafeRawPointer(src + (n &- 8)).loadUnaligned(as: UInt64.self)
            if (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 == 0 {
                UnsafeMutableRawPointer(p + (count &+ n &- 8)).storeBytes(of: v, as: UInt64.self)
                count &+= n
                return
            }
        }
        if n &- i >= 4 {
            let v = UnsafeRawPointer(src + i).loadUnaligned(as: UInt32.self)
            if (v &- 0x0101_0101) & ~v & 0x8080_8080 == 0 {
                UnsafeMutableRawPointer(p + at).storeBytes(of: v, as: UInt32.self)
                i &+= 4
                at &+= 4
            }
        }
        while i < n {
            let byte = src[i]
            if byte == 0 {
                p[at] = 0xC0
                p[at &+ 1] = 0x80
                at &+= 2
            } else {
                p[at] = byte
                at &+= 1
            }
            i &+= 1
        }
        count = at
    }
}

/// Stores `d` as this thread's compact denial record and returns it (borrowed), or nil.
/// Layout, fields separated by 0xFF (never in UTF-8): kind, deny code, tool, field (0xFE alone
/// when there is none), reason, suggestion; NUL-terminated. The texts are copied piece by
/// piece as the denial makes them (`reasonParts`, `suggestionParts`), never built whole.
/// Call it on the calling thread (not inside `guarded`'s body, which may run on a library
/// thread with a larger stack whose slot is freed when that thread ends).
func storeDenialRecord(_ d: borrowing Denial) -> UnsafePointer<CChar>? {
    guard let key = denialRecordKey, var w = RecordWriter(key) else { return nil }
    _ = writeDenial(&w, d)
    return publish(&w)
}

/// The record `tenuo_authorizer_decide` returns for a refusal that is not a denial (misuse,
/// an empty or too long chain): the status as four ASCII digits, stored as this thread's
/// record; nil when it could not be stored.
func storeDecisionRecord(status: tenuo_status) -> UnsafePointer<CChar>? {
    guard let key = denialRecordKey, var w = RecordWriter(key) else { return nil }
    w.status(status)
    return publish(&w)
}

/// The record `tenuo_authorizer_decide` returns for a denial: its status as four ASCII digits,
/// 0xFF and the denial record of `storeDenialRecord`; stored as this thread's record. It also
/// sets this thread's last error (message: the reason, kind: the denial's), as `guarded` would
/// for `d.error`, copying the reason from the record instead of making it a second time. nil
/// when no record could be stored (then the last error is set from `d` itself).
func storeDecisionRecord(_ d: borrowing Denial) -> UnsafePointer<CChar>? {
    guard let key = denialRecordKey, var w = RecordWriter(key) else {
        setLastError(d.reason, kind: d.kind)
        return nil
    }
    w.status(d.code.rawValue)
    w.byte(0xFF)
    let reason = writeDenial(&w, d)
    guard let record = publish(&w) else {
        setLastError(d.reason, kind: d.kind)
        return nil
    }
    // The reason up to its first NUL (written as C0 80; 0xC0 is never in UTF-8 otherwise),
    // as the C string `guarded` stores would end there.
    let bytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(record + reason.lowerBound).assumingMemoryBound(to: UInt8.self), count: reason.count)
    setLastError(utf8: UnsafeBufferPointer(rebasing: bytes[..<(bytes.firstIndex(of: 0xC0) ?? bytes.count)]), kind: d.kind)
    return record
}

/// Terminates the record; returns it (it already is this thread's), or nil when out of memory.
private func publish(_ w: inout RecordWriter) -> UnsafePointer<CChar>? {
    w.byte(0)
    guard let raw = w.base else { return nil }
    return UnsafePointer(UnsafeMutableRawPointer(raw).assumingMemoryBound(to: CChar.self))
}

/// Writes the denial's fields; returns the byte range of the reason in the record.
private func writeDenial(_ w: inout RecordWriter, _ d: borrowing Denial) -> Range<Int> {
    w.text(d.kind ?? "")
    w.byte(0xFF)
    w.text(d.denyCode)
    w.byte(0xFF)
    w.text(d.tool)
    w.byte(0xFF)
    if let field = d.field { w.text(field) } else { w.byte(0xFE) }
    w.byte(0xFF)
    let start = w.count
    d.reasonParts { w.text($0) }
    let end = w.count
    w.byte(0xFF)
    d.suggestionParts { w.text($0) }
    return start..<end
}

/// Authorizes a call made with a chain given as an array of decoded warrants (root first; one
/// warrant is a chain of one), with the arguments as JSON text: the checks of
/// `tenuo_authorizer_check_chain_with_approvals` in one call. Nothing is re-encoded or
/// re-parsed: each warrant's signature was verified when it was decoded or signed.
///
/// On a denial `*out_denial` receives a compact record of it, made for bindings that pick an
/// exception class without another call: NUL-terminated, fields separated by the byte 0xFF
/// (which UTF-8 never contains): the finer kind (empty when none, see
/// `tenuo_last_error_kind`), the deny code (as `tenuo_denial_deny_code`), the tool, the field
/// (the single byte 0xFE when the denial is not about one argument), the reason and the
/// suggestion; a NUL inside a text is written as the bytes C0 80.
///
/// Ownership: the record is borrowed from the library, valid on the calling thread until its
/// next denial from this function or refusal from `tenuo_authorizer_decide` (which share the
/// thread's record; do not free it); `*out_denial` is NULL when allowed and on misuse errors
/// (then read `tenuo_last_error_message`).
/// Threads: callable from any thread at once on one authorizer; each thread has its own record.
/// - Parameters:
///   - authorizer: The authorizer (borrowed).
///   - warrants: An array of `warrant_count` warrants, root first (borrowed).
///   - warrant_count: The number of warrants (1 to 65).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args_json: The call's arguments as a JSON object (UTF-8), or NULL/0 for none.
///   - args_json_len: Its length in bytes.
///   - pop: The holder's PoP signature (64 bytes), or NULL/0 when missing.
///   - pop_len: Its length.
///   - approvals: An array of `approval_count` approvals (borrowed), or NULL with 0.
///   - approval_count: The number of approvals.
///   - now_unix: The time of the call (Unix seconds).
///   - out_denial: When non-NULL, receives the denial record on refusal, else NULL.
/// - Returns: TENUO_OK when allowed; the denial's code (1000 and up) when refused; misuse codes
///   (TENUO_E_NULL_ARGUMENT, TENUO_E_INVALID_JSON, ...) for bad input.
@c public func tenuo_authorizer_check_warrants(
    _ authorizer: tenuo_authorizer_cref?, _ warrants: UnsafePointer<tenuo_warrant_cref?>?, _ warrant_count: UInt,
    _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args_json: UnsafePointer<CChar>?, _ args_json_len: UInt,
    _ pop: UnsafePointer<UInt8>?, _ pop_len: UInt, _ approvals: UnsafePointer<tenuo_approval_cref?>?, _ approval_count: UInt,
    _ now_unix: UInt64, _ out_denial: UnsafeMutablePointer<UnsafePointer<CChar>?>?
) -> tenuo_status {
    clear(out_denial)
    var denial: Denial? = nil
    let status = guarded { () throws(TenuoError) in
        let a = try borrow(authorizer, "authorizer", as: Authorizer.self).value
        let c = try warrantArray(warrants, warrant_count)
        let t = try text(tool, tool_len, "tool")
        let values = try argsJSON(args_json, args_json_len)
        let sig = try bytes(pop, pop_len, "PoP signature")
        let list = try approvalList(approvals, approval_count)
        do throws(Denial) {
            try a.authorize(c, tool: t, args: values, signature: sig.isEmpty ? nil : sig, now: now_unix, approvals: list)
        } catch {
            denial = error
            throw error.error
        }
    }
    // Stored here, on the calling thread: the body above may have run on a library thread.
    if let out = out_denial, let d = denial.take() { out.pointee = storeDenialRecord(d) }
    return status
}

/// Signs a proof-of-possession for a call, as the warrant's holder, with the arguments as JSON
/// text (`tenuo_warrant_sign_ex` without an args handle).
///
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - key: The holder's signing key (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args_json: The call's arguments as a JSON object (UTF-8), or NULL/0 for none.
///   - args_json_len: Its length in bytes.
///   - now_unix: The time whose 30-second window is signed (Unix seconds).
///   - id_form: TENUO_POP_ID_HEX or TENUO_POP_ID_PREFIXED.
///   - sig_out: Receives the 64-byte signature.
///   - sig_out_len: The capacity of `sig_out` (at least TENUO_SIGNATURE_BYTES).
/// - Returns: TENUO_OK; TENUO_E_INVALID_ISSUER when `key` is not the warrant's holder;
///   TENUO_E_INVALID_JSON, TENUO_E_BUFFER_TOO_SMALL or other misuse codes.
@c public func tenuo_warrant_sign_call(
    _ warrant: tenuo_warrant_cref?, _ key: tenuo_signing_key_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args_json: UnsafePointer<CChar>?, _ args_json_len: UInt, _ now_unix: Int64, _ id_form: Int32,
    _ sig_out: UnsafeMutablePointer<UInt8>?, _ sig_out_len: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        // The warrant used in its box, not copied out of it (a copy retains its every field).
        let w = try borrow(warrant, "warrant", as: Warrant.self)
        let k = try borrow(key, "key", as: SigningKey.self).value
        let t = try text(tool, tool_len, "tool")
        let a = try sortedArgsJSON(args_json, args_json_len)
        try copyOut(try w.value.signCall(key: k, tool: t, args: a, now: now_unix, form: try PoPForm.of(id_form)), sig_out, sig_out_len, "signature")
    }
}

/// Signs a proof-of-possession for a call as the warrant's holder, over the bare-hex warrant id
/// (what the reference runtime verifies): `tenuo_warrant_sign_call` with TENUO_POP_ID_HEX in
/// fewer arguments, for bindings where every foreign-call argument costs (Python ctypes
/// converts each one). The arguments' JSON text ends at its first NUL byte (JSON text never
/// holds a raw NUL), and `sig_out` has room for TENUO_SIGNATURE_BYTES bytes.
///
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - key: The holder's signing key (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args_json: The call's arguments as a NUL-terminated JSON object (UTF-8), or NULL or ""
///     for none.
///   - now_unix: The time whose 30-second window is signed (Unix seconds).
///   - sig_out: Receives the 64-byte signature (TENUO_SIGNATURE_BYTES bytes of room).
/// - Returns: TENUO_OK; TENUO_E_INVALID_ISSUER when `key` is not the warrant's holder;
///   TENUO_E_INVALID_JSON, TENUO_E_NULL_ARGUMENT or other misuse codes.
@c public func tenuo_warrant_sign_call_z(
    _ warrant: tenuo_warrant_cref?, _ key: tenuo_signing_key_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt,
    _ args_json: UnsafePointer<CChar>?, _ now_unix: Int64, _ sig_out: UnsafeMutablePointer<UInt8>?
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let w = try borrow(warrant, "warrant", as: Warrant.self)  // used in its box, not copied
        let k = try borrow(key, "key", as: SigningKey.self).value
        let t = try text(tool, tool_len, "tool")
        let a = try sortedArgsJSON(args_json, args_json.map { UInt(strlen($0)) } ?? 0)
        try copyOut(try w.value.signCall(key: k, tool: t, args: a, now: now_unix), sig_out, ABISize.signature, "signature")
    }
}

/// Writes the exact bytes a proof-of-possession made at `now_unix` signs (the window is the one
/// containing `now_unix`), with the arguments as JSON text.
///
/// Ownership: release `*out` with `tenuo_bytes_free(*out, *out_len)`.
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - tool: The tool name (UTF-8).
///   - tool_len: Its length in bytes.
///   - args_json: The call's arguments as a JSON object (UTF-8), or NULL/0 for none.
///   - args_json_len: Its length in bytes.
///   - now_unix: The time of the proof (Unix seconds).
///   - id_form: TENUO_POP_ID_HEX or TENUO_POP_ID_PREFIXED.
///   - out: Receives the challenge bytes.
///   - out_len: Receives their length.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_JSON and other misuse codes.
@c public func tenuo_warrant_pop_challenge_at(
    _ warrant: tenuo_warrant_cref?, _ tool: UnsafePointer<CChar>?, _ tool_len: UInt, _ args_json: UnsafePointer<CChar>?,
    _ args_json_len: UInt, _ now_unix: Int64, _ id_form: Int32,
    _ out: UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?, _ out_len: UnsafeMutablePointer<UInt>?
) -> tenuo_status {
    clear(out)
    out_len?.pointee = 0
    return guarded { () throws(TenuoError) in
        let w = try warrantOf(warrant)
        let a = try sortedArgsJSON(args_json, args_json_len)
        let c = try w.popChallenge(tool: try text(tool, tool_len, "tool"), args: a, at: now_unix, form: try PoPForm.of(id_form))
        try output(c, to: try requireOut(out, "bytes"), length: try requireOut(out_len, "length"))
    }
}

/// Returns whether the warrant has expired at `now_unix` (`now_unix >= expires_at`; no clock
/// tolerance, the rule applied to the leaf of an authorization). A NULL warrant counts as expired.
///
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - now_unix: The time (Unix seconds).
/// - Returns: true when expired.
@c public func tenuo_warrant_is_expired(_ warrant: tenuo_warrant_cref?, _ now_unix: UInt64) -> Bool {
    guard let w = try? warrantOf(warrant) else { return true }
    return w.isExpired(at: now_unix)
}

/// Returns the seconds left until the warrant expires at `now_unix` (0 once expired or for NULL).
///
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
///   - now_unix: The time (Unix seconds).
/// - Returns: The remaining lifetime in seconds.
@c public func tenuo_warrant_ttl_remaining(_ warrant: tenuo_warrant_cref?, _ now_unix: UInt64) -> UInt64 {
    guard let w = try? warrantOf(warrant) else { return 0 }
    return w.secondsRemaining(at: now_unix)
}

/// Returns how many approvals a call through an approval gate of this warrant needs:
/// `min_approvals` (at most the number of required approvers), else the number of required
/// approvers; 0 without approvers or for NULL.
///
/// Threads: callable from any thread.
/// - Parameters:
///   - warrant: The warrant (borrowed).
/// - Returns: The threshold.
@c public func tenuo_warrant_approval_threshold(_ warrant: tenuo_warrant_cref?) -> UInt32 {
    guard let w = try? warrantOf(warrant) else { return 0 }
    return UInt32(clamping: w.approvalThreshold)
}

/// Signs an approval of a request hash made at `now_unix`, valid for `ttl_secs` seconds (negative:
/// the default, TENUO_DEFAULT_APPROVAL_TTL_SECONDS; 0 is refused), with a fresh random nonce: the lifetime rule of
/// `tenuo_approval_create` applied by the library instead of the caller.
///
/// Ownership: release `*out` with `tenuo_approval_free`.
/// Threads: callable from any thread.
/// - Parameters:
///   - approver: The approver's signing key (borrowed).
///   - request_hash: The 32-byte request hash (`tenuo_warrant_request_hash`).
///   - request_hash_len: Its length (32).
///   - external_id: Who approved, as UTF-8 text (may be empty).
///   - external_id_len: Its length in bytes.
///   - now_unix: The approval time (Unix seconds).
///   - ttl_secs: The lifetime in seconds (at least 1), or -1 for the default.
///   - out: Receives the signed approval.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_ARGUMENT (hash length, zero lifetime, expiry out of
///   range) and
///   other misuse codes.
@c public func tenuo_approval_sign(
    _ approver: tenuo_signing_key_cref?, _ request_hash: UnsafePointer<UInt8>?, _ request_hash_len: UInt,
    _ external_id: UnsafePointer<CChar>?, _ external_id_len: UInt, _ now_unix: UInt64, _ ttl_secs: Int64,
    _ out: UnsafeMutablePointer<tenuo_approval_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "approval")
        let key = try borrow(approver, "approver key", as: SigningKey.self).value
        let hash = try bytes(request_hash, request_hash_len, "request hash")
        let payload = try ApprovalPayload.approving(hash, externalID: try text(external_id, external_id_len, "external id"),
                                                    now: now_unix, ttl: ttl_secs < 0 ? nil : UInt64(ttl_secs))
        o.pointee = retain(SignedApproval.create(payload, key: key))
    }
}

/// Makes the builder start from no tools (the Tenuo SDK's grant builder): the child keeps only
/// the tools then chosen with `tenuo_grant_builder_allow_tool`, and granting with none chosen
/// fails with TENUO_E_BUILDER_INCOMPLETE. Without this call the child keeps every tool of the
/// parent unless tools are chosen.
///
/// Threads: one thread at a time per builder.
/// - Parameters:
///   - builder: The builder.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_grant_builder_choose_tools(_ builder: tenuo_grant_builder_ref?) -> tenuo_status {
    guarded { () throws(TenuoError) in
        try borrow(builder, "builder", as: GrantState.self).value.builder.chooseTools()
    }
}
