/// What an approver signs (the reference's `ApprovalPayload`, text-keyed CBOR map in this order):
///
///     { "version": 1, "request_hash": [32 uints], "nonce": [16 uints], "external_id": text,
///       "approved_at": uint, "expires_at": uint, ? "extensions": { text: [uints] } }
public struct ApprovalPayload: Sendable, Equatable {
    public var version: UInt8 = 1
    public var requestHash: [UInt8]
    public var nonce: [UInt8]
    public var externalID: String
    public var approvedAt: UInt64
    public var expiresAt: UInt64
    /// Application metadata, signed but given no meaning by the protocol.
    public var extensions: [String: [UInt8]]?

    public init(requestHash: [UInt8], nonce: [UInt8], externalID: String, approvedAt: UInt64, expiresAt: UInt64,
                extensions: [String: [UInt8]]? = nil) {
        self.requestHash = requestHash
        self.nonce = nonce
        self.externalID = externalID
        self.approvedAt = approvedAt
        self.expiresAt = expiresAt
        self.extensions = extensions
    }

    public func encoded() -> [UInt8] {
        var w = CBORWriter(capacity: 160)
        w.mapHeader(extensions == nil ? 6 : 7)
        w.text("version"); w.unsigned(UInt64(version))
        w.text("request_hash"); w.byteArrayAsUInts(requestHash)
        w.text("nonce"); w.byteArrayAsUInts(nonce)
        w.text("external_id"); w.text(externalID)
        w.text("approved_at"); w.unsigned(approvedAt)
        w.text("expires_at"); w.unsigned(expiresAt)
        if let ext = extensions {
            w.text("extensions")
            w.mapHeader(ext.count)
            for k in ext.keys.sorted(by: Value.utf8Less) {
                w.text(k)
                w.byteArrayAsUInts(ext[k] ?? [])
            }
        }
        return w.bytes
    }

    /// Decodes signed payload bytes. Stricter than the reference: unknown keys are refused.
    public init(decoding bytes: [UInt8]) throws(TenuoError) {
        let tree = try CBORReader.decode(bytes)
        guard case .map(let entries) = tree else { throw Self.bad("must be a map") }
        var f: [String: CBOR] = [:]
        for e in entries {
            guard case .text(let k) = e.key else { throw Self.bad("keys must be text") }
            guard ["version", "request_hash", "nonce", "external_id", "approved_at", "expires_at", "extensions"].contains(k) else {
                throw Self.bad("has an unknown field '\(k)'")
            }
            f[k] = e.value
        }
        func need(_ k: String) throws(TenuoError) -> CBOR {
            guard let v = f[k] else { throw Self.bad("is missing '\(k)'") }
            return v
        }
        let version = try WarrantPayload.uint(try need("version"), "approval payload version", max: 255)
        guard version == 1 else {
            throw TenuoError(.unsupportedApprovalVersion, "unsupported approval payload version \(version)")
        }
        let hash = try WarrantPayload.byteArray(try need("request_hash"), "request_hash")
        guard hash.count == 32 else { throw Self.bad("request_hash must be 32 bytes") }
        let nonce = try WarrantPayload.byteArray(try need("nonce"), "nonce")
        guard nonce.count == 16 else { throw Self.bad("nonce must be 16 bytes") }
        guard case .text(let ext) = try need("external_id") else { throw Self.bad("external_id must be text") }
        let approved = try WarrantPayload.uint(try need("approved_at"), "approved_at", max: UInt64(Int64.max))
        let expires = try WarrantPayload.uint(try need("expires_at"), "expires_at", max: UInt64(Int64.max))
        var extensions: [String: [UInt8]]?
        if let x = f["extensions"], !x.isNull {
            guard case .map(let m) = x else { throw Self.bad("extensions must be a map") }
            var out: [String: [UInt8]] = [:]
            for e in m {
                guard case .text(let k) = e.key else { throw Self.bad("extension keys must be text") }
                out[k] = try WarrantPayload.byteArray(e.value, "approval extension '\(k)'")
            }
            extensions = out
        }
        self.init(requestHash: hash, nonce: nonce, externalID: ext, approvedAt: approved, expiresAt: expires,
                  extensions: extensions)
    }

    static func bad(_ what: String) -> TenuoError { TenuoError(.approvalPayloadInvalid, "approval payload \(what)") }
}

/// A signed approval (the reference's `SignedApproval`), a text-keyed CBOR map in this order:
///
///     { "approval_version": 1, "payload": bstr, "approver_key": [1, bstr32], "signature": [1, bstr64] }
///
/// signed message = "tenuo-warrant-v1" || "tenuo-approval-v1" || approval_version || payload bytes.
/// Decoding checks only the envelope; `verify` checks the signature before reading the payload.
public struct SignedApproval: Sendable, Equatable {
    public let approvalVersion: UInt8
    public let payloadBytes: [UInt8]
    public let approverKey: PublicKey
    public let signature: [UInt8]

    static func message(version: UInt8, payload: [UInt8]) -> [UInt8] {
        var m = Domain.warrant + Domain.approval
        m.append(version)
        m.append(contentsOf: payload)
        return m
    }

    /// Signs `payload` with the approver's key.
    public static func create(_ payload: ApprovalPayload, key: SigningKey) -> SignedApproval {
        let bytes = payload.encoded()
        return SignedApproval(approvalVersion: 1, payloadBytes: bytes, approverKey: key.publicKey,
                              signature: key.sign(message(version: 1, payload: bytes)))
    }

    init(approvalVersion: UInt8, payloadBytes: [UInt8], approverKey: PublicKey, signature: [UInt8]) {
        self.approvalVersion = approvalVersion
        self.payloadBytes = payloadBytes
        self.approverKey = approverKey
        self.signature = signature
    }

    public static let maxBytes = 8 * 1024

    /// Parses the envelope (strict CBOR; unknown keys refused). Does not verify the signature.
    public init(decoding bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count <= Self.maxBytes else {
            throw TenuoError(.approvalInvalid, "approval of \(bytes.count) bytes exceeds \(Self.maxBytes)")
        }
        let tree: CBOR
        do { tree = try CBORReader.decode(bytes) } catch {
            throw error.recoded(.approvalInvalid, context: "approval is not valid CBOR")
        }
        guard case .map(let entries) = tree else { throw TenuoError(.approvalInvalid, "approval must be a CBOR map") }
        var f: [String: CBOR] = [:]
        for e in entries {
            guard case .text(let k) = e.key, ["approval_version", "payload", "approver_key", "signature"].contains(k) else {
                throw TenuoError(.approvalInvalid, "approval has an unknown or non-text key")
            }
            f[k] = e.value
        }
        guard case .unsigned(let v)? = f["approval_version"], v <= 255 else {
            throw TenuoError(.approvalInvalid, "approval_version missing or not a small unsigned integer")
        }
        guard let p = f["payload"], case .bytes(let payload) = p else {
            throw TenuoError(.approvalInvalid, "approval payload missing or not a byte string")
        }
        guard let k = f["approver_key"] else { throw TenuoError(.approvalInvalid, "approver_key missing") }
        let key: PublicKey
        do { key = try PublicKey(wire: k) } catch { throw error.recoded(.approvalInvalid, context: "approver_key") }
        guard case .array(let s)? = f["signature"], s.count == 2, case .unsigned(1) = s[0], case .bytes(let sig) = s[1],
            sig.count == 64
        else { throw TenuoError(.approvalInvalid, "signature must be [1, 64-byte bstr]") }
        self.init(approvalVersion: UInt8(v), payloadBytes: payload, approverKey: key, signature: sig)
    }

    public func encoded() -> [UInt8] {
        var w = CBORWriter(capacity: payloadBytes.count + 160)
        w.mapHeader(4)
        w.text("approval_version"); w.unsigned(UInt64(approvalVersion))
        w.text("payload"); w.byteString(payloadBytes)
        w.text("approver_key"); approverKey.writeWire(to: &w)
        w.text("signature")
        w.arrayHeader(2)
        w.unsigned(1)
        w.byteString(signature)
        return w.bytes
    }

    /// Version and signature over the raw payload bytes, then the decoded payload (no time checks).
    public func verifiedPayload() throws(TenuoError) -> ApprovalPayload {
        guard approvalVersion == 1 else {
            throw TenuoError(.unsupportedApprovalVersion, "unsupported approval version \(approvalVersion)")
        }
        guard approverKey.verify(Self.message(version: approvalVersion, payload: payloadBytes), signature: signature) else {
            throw TenuoError(.signatureInvalid, "approval signature is invalid")
        }
        return try ApprovalPayload(decoding: payloadBytes)
    }

    /// The fields as JSON (hex for bytes), after the signature check of `verifiedPayload`.
    public func json() throws(TenuoError) -> Value {
        let p = try verifiedPayload()
        var m: [String: Value] = [
            "approval_version": .int(Int64(approvalVersion)), "version": .int(Int64(p.version)),
            "approver_key": .string(approverKey.hex), "signature": .string(Hex.encode(signature)),
            "request_hash": .string(Hex.encode(p.requestHash)), "nonce": .string(Hex.encode(p.nonce)),
            "external_id": .string(p.externalID), "approved_at": .int(Int64(clamping: p.approvedAt)),
            "expires_at": .int(Int64(clamping: p.expiresAt)),
        ]
        if let ext = p.extensions {
            var e: [String: Value] = [:]
            for (k, v) in ext { e[k] = .string(Hex.encode(v)) }
            m["extensions"] = .map(e)
        }
        return .map(m)
    }

    /// The reference's `verify()`, with `now` in place of its clock: version, signature over the
    /// raw payload, payload decode, approved_at not more than 30 s ahead, expires_at > approved_at.
    /// Expiry against `now` is the authorizer's job (it applies the clock tolerance).
    public func verify(now: UInt64) throws(TenuoError) -> ApprovalPayload {
        let p = try verifiedPayload()
        let (latest, overflow) = now.addingReportingOverflow(Limits.clockToleranceSeconds)
        if !overflow && p.approvedAt > latest {
            throw TenuoError(.approvalInvalid, "approval timestamp is in the future (skew > \(Limits.clockToleranceSeconds)s)")
        }
        guard p.expiresAt > p.approvedAt else {
            throw TenuoError(.approvalInvalid, "approval expires_at must be strictly greater than approved_at")
        }
        return p
    }
}

/// The request an approval binds to.
public enum ApprovalRequestHash {
    /// `SHA-256(CBOR [text warrant_id, text tool, bstr(CBOR of args, keys sorted), bstr(holder or empty)])`,
    /// with the id in its `tnu_wrt_<hex>` form, as the reference computes it.
    public static func compute(warrantID: String, tool: String, args: [String: Value], holder: PublicKey?) -> [UInt8] {
        var a = CBORWriter(capacity: 64)
        Value.map(args).write(to: &a)
        var w = CBORWriter(capacity: a.bytes.count + 96)
        w.arrayHeader(4)
        w.text(warrantID)
        w.text(tool)
        w.byteString(a.bytes)
        w.byteString(holder?.bytes ?? [])
        return Sodium.sha256(w.bytes)
    }

    public static func compute(warrant: WarrantPayload, tool: String, args: [String: Value]) -> [UInt8] {
        compute(warrantID: warrant.id.description, tool: tool, args: args, holder: warrant.holder)
    }
}

extension ApprovalPayload {
    /// Length of `requestHash`, in bytes.
    public static let requestHashBytes = 32
    /// Length of `nonce`, in bytes.
    public static let nonceBytes = 16

    /// 16 fresh random bytes for `nonce`.
    public static func randomNonce() -> [UInt8] { Sodium.randomBytes(nonceBytes) }

    /// A payload for a new approval, with the rules a signer must follow: a 32-byte request
    /// hash, a 16-byte nonce (fresh random bytes when `nonce` is empty), and `expiresAt` after
    /// `approvedAt` and within the signed 64-bit range the reference stores times in.
    /// - Throws: `.invalidArgument` naming the rule that does not hold.
    public static func forSigning(
        requestHash: [UInt8], nonce: [UInt8], externalID: String, approvedAt: UInt64, expiresAt: UInt64
    ) throws(TenuoError) -> ApprovalPayload {
        guard requestHash.count == requestHashBytes else {
            throw TenuoError(.invalidArgument, "request hash must be \(requestHashBytes) bytes, got \(requestHash.count)")
        }
        let n = nonce.isEmpty ? randomNonce() : nonce
        guard n.count == nonceBytes else {
            throw TenuoError(.invalidArgument, "nonce must be \(nonceBytes) bytes, got \(n.count)")
        }
        guard expiresAt > approvedAt, expiresAt <= UInt64(Int64.max) else {
            throw TenuoError(.invalidArgument, "expires_at must be after approved_at")
        }
        return ApprovalPayload(requestHash: requestHash, nonce: n, externalID: externalID, approvedAt: approvedAt,
                               expiresAt: expiresAt)
    }
}

extension SignedApproval {
    /// Creates and signs a new approval (`ApprovalPayload.forSigning`'s rules, then `create`).
    /// - Throws: `.invalidArgument` when the request hash, nonce or times break those rules.
    public static func create(
        requestHash: [UInt8], nonce: [UInt8], externalID: String, approvedAt: UInt64, expiresAt: UInt64,
        key: SigningKey
    ) throws(TenuoError) -> SignedApproval {
        create(try ApprovalPayload.forSigning(requestHash: requestHash, nonce: nonce, externalID: externalID,
                                              approvedAt: approvedAt, expiresAt: expiresAt), key: key)
    }
}
