import Synchronization

/// A signed warrant: envelope `[1, bstr payload, [1, bstr signature]]` whose signature has been
/// verified. A `Warrant` value can only be made by decoding bytes whose signature checks out, or by
/// signing a payload; so nothing downstream ever verifies its signature again.
public struct Warrant: Sendable {
    public static let envelopeVersion: UInt8 = 1

    /// The exact envelope bytes (canonical: the decoder rejects any other encoding).
    public let bytes: [UInt8]
    /// Where the payload lies in `bytes`. The payload and the signature are read out of the
    /// envelope when asked for rather than kept as arrays of their own: two allocations fewer
    /// to make on every decoding and to free with every warrant.
    let payloadRange: Range<Int>
    /// The exact payload bytes that were signed (a copy out of `bytes`).
    public var payloadBytes: [UInt8] { Array(bytes[payloadRange]) }
    /// The 64-byte Ed25519 signature of the issuer: the envelope's last 64 bytes (a copy).
    public var signature: [UInt8] { Array(bytes.suffix(Warrant.signatureByteCount)) }
    /// The decoded payload. It lives in `memo`, the one object every copy of this warrant
    /// shares, so that copying a `Warrant` (into a handle, a chain, the verified cache) retains
    /// two references instead of every payload field: ~17 retains and as many releases fewer
    /// per copy. Inlinable so that reading one field from another module loads that field
    /// rather than copying the whole payload out of a call.
    @inlinable public var payload: WarrantPayload { memo.payload }
    /// SHA-256 of `payloadBytes`: what a child's `parent_hash` must equal. Computed on first
    /// use (decoding a lone warrant never needs it) and kept.
    public var payloadHash: [UInt8] { memo.payloadHash(of: payloadBytes) }

    static let signatureByteCount = 64
    /// The payload, and what was learnt about this warrant's own immutable bytes (shared by
    /// its copies).
    @usableFromInline let memo: WarrantMemo

    public var id: WarrantID { payload.id }

    /// The message the issuer signs: `"tenuo-warrant-v1" || envelope_version || payload`.
    /// `sign` and decoding compose it in a temporary buffer from `Domain.warrant`,
    /// `envelopeVersion` and the payload instead (same bytes, no array): this is the array form.
    static func signedMessage<C: Collection<UInt8>>(_ payloadBytes: C) -> [UInt8] {
        var m = Domain.warrant
        m.reserveCapacity(Domain.warrant.count + 1 + payloadBytes.count)
        m.append(envelopeVersion)
        m.append(contentsOf: payloadBytes)
        return m
    }

    /// Signs a payload with the issuer's key. The key must match `payload.issuer`; the payload's
    /// structure is validated here, so every builder gets the same checks.
    public static func sign(_ payload: WarrantPayload, with key: SigningKey) throws(TenuoError) -> Warrant {
        guard key.publicKey == payload.issuer else {
            throw TenuoError(.invalidIssuer, "signing key does not match the payload's issuer")
        }
        guard payload.version == 1 else {
            throw TenuoError(.unsupportedPayloadVersion, "only payload version 1 can be signed")
        }
        try payload.validateStructure()
        let p = payload.encoded()
        guard p.count <= Limits.maxWarrantBytes - 80 else {
            throw TenuoError(.warrantTooLarge, "warrant payload of \(p.count) bytes exceeds the 64 KiB limit")
        }
        let sig = key.sign(prefix: Domain.warrant, envelopeVersion, p)  // the bytes of `signedMessage(p)`
        var w = CBORWriter(capacity: p.count + 80)
        w.arrayHeader(3)
        w.unsigned(UInt64(envelopeVersion))
        w.byteString(p)
        w.arrayHeader(2)
        w.unsigned(1)
        w.byteString(sig)
        // The envelope ends with the payload, then `82 01 58 40` and the signature.
        let end = w.bytes.count - 4 - sig.count
        return Warrant(bytes: w.bytes, payloadRange: (end - p.count)..<end, payload: payload)
    }

    private init(bytes: [UInt8], payloadRange: Range<Int>, payload: consuming WarrantPayload) {
        self.bytes = bytes
        self.payloadRange = payloadRange
        memo = WarrantMemo(payload)
    }

    /// Decodes and verifies one envelope. Order: size, strict CBOR envelope, issuer key extracted
    /// from the raw payload, signature over the raw bytes, and only then the payload's fields.
    /// Decoding goes through the process-wide `VerifiedSignatureCache.shared`: exact envelope
    /// bytes that decoded and verified before are not verified again (and from their third
    /// sight on, usually not decoded either): same result, lower cost.
    public init(decoding bytes: [UInt8]) throws(TenuoError) {
        try self.init(decoding: bytes, verifiedCache: VerifiedSignatureCache.shared)
    }

    /// `init(decoding:)` with an explicit cache; `nil` decodes and verifies every time.
    public init(decoding bytes: [UInt8], verifiedCache: VerifiedSignatureCache?) throws(TenuoError) {
        guard bytes.count <= Limits.maxWarrantBytes else {
            throw TenuoError(.warrantTooLarge, "warrant of \(bytes.count) bytes exceeds the 64 KiB limit")
        }
        guard let cache = verifiedCache, cache.isEnabled else {
            self = try Warrant(envelope: bytes, verifySignature: true)
            return
        }
        let key = cache.key(envelope: bytes)
        switch cache.lookup(key, bytes) {
        case .decoded(let w):
            self = w
        case .verified:
            let w = try Warrant(envelope: bytes, verifySignature: false)
            cache.keep(key, bytes, w)
            self = w
        case nil:
            // A first sight records the envelope only: the caller usually frees this warrant
            // soon, and keeping it would cost more than decoding it again on a second sight.
            self = try Warrant(envelope: bytes, verifySignature: true)
            cache.insert(key, bytes)
        }
    }

    /// The byte ranges of the payload and the signature in an envelope of the only canonical
    /// shape a valid one has: `83 01 <bstr payload, shortest head> 82 01 58 40 <64 bytes>`.
    /// `nil` for anything else, which `envelopeRanges` then decodes generically (and refuses
    /// with the precise error).
    static func canonicalEnvelopeRanges(_ b: [UInt8]) -> (payload: Range<Int>, signature: Range<Int>)? {
        let n = b.count
        guard n >= 2 + 1 + 4 + 64, b[0] == 0x83, b[1] == 0x01 else { return nil }
        let head = b[2]
        var start = 3
        var len = 0
        switch head {
        case 0x40...0x57:
            len = Int(head - 0x40)
        case 0x58:
            len = Int(b[3])
            start = 4
            guard len >= 24 else { return nil }
        case 0x59:
            len = Int(b[3]) << 8 | Int(b[4])
            start = 5
            guard len > 0xff else { return nil }
        default:
            return nil
        }
        // The payload, then exactly `82 01 58 40` and the 64 signature bytes, then the end.
        guard n - start - len == 4 + 64 else { return nil }
        let s = start + len
        guard b[s] == 0x82, b[s + 1] == 0x01, b[s + 2] == 0x58, b[s + 3] == 0x40 else { return nil }
        return (start..<s, (s + 4)..<n)
    }

    /// Where the payload and the signature lie in an envelope, with the structural checks in
    /// order: the canonical shape's ranges, or the precise error of decoding the envelope
    /// generically. Every envelope that passes those checks has the canonical shape (the strict
    /// reader takes shortest heads only, the signature has 64 bytes, nothing follows), so the
    /// last refusal below is never reached; it keeps the ranges honest if that ever changed.
    static func envelopeRanges(_ bytes: [UInt8]) throws(TenuoError) -> (payload: Range<Int>, signature: Range<Int>) {
        if let r = canonicalEnvelopeRanges(bytes) { return r }
        try checkEnvelopeGenerically(bytes)
        guard let r = canonicalEnvelopeRanges(bytes) else {
            throw TenuoError(.invalidEnvelopeStructure, "warrant envelope is not in its canonical encoding")
        }
        return r
    }

    /// Decodes an envelope that is not in the canonical shape as generic CBOR, throwing the first
    /// structural error.
    private static func checkEnvelopeGenerically(_ bytes: [UInt8]) throws(TenuoError) {
        let env = try CBORReader.decode(bytes)
        guard case .array(let parts) = env else {
            throw TenuoError(.invalidEnvelopeStructure, "warrant envelope must be a CBOR array, got \(env.kindName)")
        }
        guard parts.count == 3 else {
            throw TenuoError(.invalidEnvelopeStructure, "warrant envelope must have 3 elements, got \(parts.count)")
        }
        guard case .unsigned(let version) = parts[0] else {
            throw TenuoError(.invalidEnvelopeStructure, "envelope version must be an unsigned integer")
        }
        guard version == UInt64(Warrant.envelopeVersion) else {
            throw TenuoError(.unsupportedEnvelopeVersion, "unsupported envelope version \(version) (expected 1)")
        }
        guard case .bytes = parts[1] else {
            throw TenuoError(.invalidEnvelopeStructure, "envelope payload must be a byte string")
        }
        guard case .array(let sigParts) = parts[2], sigParts.count == 2, case .unsigned(let alg) = sigParts[0],
            case .bytes(let sig) = sigParts[1]
        else {
            throw TenuoError(.invalidEnvelopeStructure, "envelope signature must be [algorithm, bytes]")
        }
        guard alg == 1 else { throw TenuoError(.unsupportedAlgorithm, "unsupported signature algorithm id \(alg)") }
        guard sig.count == 64 else {
            throw TenuoError(.invalidSignatureLength, "Ed25519 signature must be 64 bytes, got \(sig.count)")
        }
    }

    /// Decodes one envelope of at most the size limit. `verifySignature: false` only for bytes
    /// the cache recorded as decoded and verified before.
    private init(envelope bytes: [UInt8], verifySignature: Bool) throws(TenuoError) {
        let (range, sigRange) = try Warrant.envelopeRanges(bytes)
        var verify = verifySignature
        // The fast path (`PayloadScan`): payload bytes in the common canonical shape are read
        // in place, straight into the payload; the signature is checked with the issuer key
        // read from them before any constraint is built or any field is checked. Whenever the
        // fast path gives up, the tree path below decodes the bytes (and finds the same issuer
        // key, so a signature verified here need not be verified again).
        if var scan = PayloadScan.scan(bytes, range) {
            if verify {
                guard scan.issuer.verify(prefix: Domain.warrant, Warrant.envelopeVersion, in: bytes, message: range,
                                         signature: sigRange)
                else {
                    throw TenuoError(.signatureInvalid, "invalid warrant signature")
                }
                verify = false
            }
            if scan.decodeSets(bytes) {
                let payload = (consume scan).payload  // moved into the warrant, not copied
                try payload.validateStructure()
                self.init(bytes: bytes, payloadRange: range, payload: payload)
                return
            }
        }
        try self.init(envelope: bytes, payloadRange: range, signatureRange: sigRange, verifySignature: verify)
    }

    /// The tree path of decoding: the whole payload as a `CBOR` tree, then its fields.
    private init(envelope bytes: [UInt8], payloadRange: Range<Int>, signatureRange: Range<Int>, verifySignature: Bool)
        throws(TenuoError)
    {
        let payloadBytes = Array(bytes[payloadRange])
        let tree = try CBORReader.decode(payloadBytes)
        guard let issuerItem = tree[uintKey: 5] else {
            throw TenuoError(.missingRequiredField, "payload is missing issuer (key 5)")
        }
        let issuer = try PublicKey(wire: issuerItem)
        if verifySignature {
            guard issuer.verify(prefix: Domain.warrant, Warrant.envelopeVersion, in: bytes, message: payloadRange,
                                signature: signatureRange)
            else {
                throw TenuoError(.signatureInvalid, "invalid warrant signature")
            }
        }
        let payload = try WarrantPayload(cbor: tree)
        try payload.validateStructure()
        self.init(bytes: bytes, payloadRange: payloadRange, payload: payload)
    }

    /// URL-safe base64 without padding of the envelope (the transport form, `str(warrant)`).
    public var base64: String { Base64.encodeURL(bytes) }

    /// PEM armor `TENUO WARRANT` with a URL-safe base64 body in 64-column lines.
    public var pem: String { PEM.armor(label: "TENUO WARRANT", base64Body: base64) }
}

/// A warrant's decoded payload, and the results of checks that depend only on its immutable
/// bytes, remembered so that deciding on the same decoded warrant again does not repeat them.
/// Only successes are remembered; a failing check runs (and fails) every time.
@usableFromInline
final class WarrantMemo: Sendable {
    /// The payload decoded from (or signed into) the owning warrant's bytes.
    @usableFromInline let payload: WarrantPayload
    private let link = Atomic<Bool>(false)
    private let hash = Mutex<[UInt8]?>(nil)

    init(_ payload: consuming WarrantPayload) { self.payload = payload }

    /// SHA-256 of `payloadBytes` (the owning warrant's), computed once (the bytes are only
    /// read out of the envelope the first time).
    func payloadHash(of payloadBytes: @autoclosure () -> [UInt8]) -> [UInt8] {
        if let h = hash.withLock({ $0 }) { return h }
        let h = Sodium.sha256(payloadBytes())
        hash.withLock { if $0 == nil { $0 = h } }
        return h
    }

    /// Whether the chain-link rules (I1–I5, attenuation, approval monotonicity) passed between
    /// this warrant as the child and a parent whose payload hashes to this warrant's
    /// `parent_hash`. A SHA-256 digest fixes the parent's payload bytes, and every link rule
    /// reads only the two payloads, so the verdict holds for any parent with that hash.
    var linkChecked: Bool { link.load(ordering: .acquiring) }

    func markLinkChecked() { link.store(true, ordering: .releasing) }
}

extension CBOR {
    /// Looks up an unsigned-integer key in a map item.
    subscript(uintKey key: UInt64) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        for e in entries { if case .unsigned(let k) = e.key, k == key { return e.value } }
        return nil
    }
}
