/// A signed warrant: envelope `[1, bstr payload, [1, bstr signature]]` whose signature has been
/// verified. A `Warrant` value can only be made by decoding bytes whose signature checks out, or by
/// signing a payload; so nothing downstream ever verifies its signature again.
public struct Warrant: Sendable {
    public static let envelopeVersion: UInt8 = 1

    /// The exact envelope bytes (canonical: the decoder rejects any other encoding).
    public let bytes: [UInt8]
    /// The exact payload bytes that were signed.
    public let payloadBytes: [UInt8]
    /// The 64-byte Ed25519 signature of the issuer.
    public let signature: [UInt8]
    public let payload: WarrantPayload
    /// SHA-256 of `payloadBytes`: what a child's `parent_hash` must equal.
    public let payloadHash: [UInt8]

    public var id: WarrantID { payload.id }

    /// The message the issuer signs: `"tenuo-warrant-v1" || envelope_version || payload`.
    static func signedMessage(_ payloadBytes: [UInt8]) -> [UInt8] {
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
        let sig = key.sign(signedMessage(p))
        var w = CBORWriter(capacity: p.count + 80)
        w.arrayHeader(3)
        w.unsigned(UInt64(envelopeVersion))
        w.byteString(p)
        w.arrayHeader(2)
        w.unsigned(1)
        w.byteString(sig)
        return Warrant(bytes: w.bytes, payloadBytes: p, signature: sig, payload: payload, payloadHash: Sodium.sha256(p))
    }

    private init(bytes: [UInt8], payloadBytes: [UInt8], signature: [UInt8], payload: WarrantPayload, payloadHash: [UInt8]) {
        self.bytes = bytes
        self.payloadBytes = payloadBytes
        self.signature = signature
        self.payload = payload
        self.payloadHash = payloadHash
    }

    /// Decodes and verifies one envelope. Order: size, strict CBOR envelope, issuer key extracted
    /// from the raw payload, signature over the raw bytes, and only then the payload's fields.
    /// The signature check goes through the process-wide `VerifiedSignatureCache.shared`: exact
    /// bytes that verified before are not verified again (same verdict, lower cost).
    public init(decoding bytes: [UInt8]) throws(TenuoError) {
        try self.init(decoding: bytes, verifiedCache: VerifiedSignatureCache.shared)
    }

    /// `init(decoding:)` with an explicit signature cache; `nil` verifies the signature every time.
    public init(decoding bytes: [UInt8], verifiedCache: VerifiedSignatureCache?) throws(TenuoError) {
        guard bytes.count <= Limits.maxWarrantBytes else {
            throw TenuoError(.warrantTooLarge, "warrant of \(bytes.count) bytes exceeds the 64 KiB limit")
        }
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
        guard case .bytes(let payloadBytes) = parts[1] else {
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
        let tree = try CBORReader.decode(payloadBytes)
        guard let issuerItem = tree[uintKey: 5] else {
            throw TenuoError(.missingRequiredField, "payload is missing issuer (key 5)")
        }
        let issuer = try PublicKey(wire: issuerItem)
        let payloadHash = Sodium.sha256(payloadBytes)
        let verify = { issuer.verify(Warrant.signedMessage(payloadBytes), signature: sig) }
        let valid =
            if let cache = verifiedCache {
                cache.verified(issuer: issuer, signature: sig, payloadHash: payloadHash, verify: verify)
            } else {
                verify()
            }
        guard valid else {
            throw TenuoError(.signatureInvalid, "invalid warrant signature")
        }
        let payload = try WarrantPayload(cbor: tree)
        try payload.validateStructure()
        self.init(bytes: bytes, payloadBytes: payloadBytes, signature: sig, payload: payload, payloadHash: payloadHash)
    }

    /// URL-safe base64 without padding of the envelope (the transport form, `str(warrant)`).
    public var base64: String { Base64.encodeURL(bytes) }

    /// PEM armor `TENUO WARRANT` with a URL-safe base64 body in 64-column lines.
    public var pem: String { PEM.armor(label: "TENUO WARRANT", base64Body: base64) }
}

extension CBOR {
    /// Looks up an unsigned-integer key in a map item.
    subscript(uintKey key: UInt64) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        for e in entries { if case .unsigned(let k) = e.key, k == key { return e.value } }
        return nil
    }
}
