/// A signed revocation list (SRL), in the reference's encoding:
///
/// ```
/// {"payload": {"revoked_ids": [text...], "version": uint, "issued_at": text (RFC 3339, UTC),
///              "issuer": [1, bstr32]},
///  "signature": [1, bstr64]}
/// signature = Ed25519(issuer, "tenuo-warrant-v1" || "tenuo-srl-v1" || payload map bytes)
/// ```
///
/// The payload is embedded as a map, not as a byte string, so the signed bytes are a sub-slice
/// of the list. Decoding accepts only the canonical encoding (the one `sign` produces, which is
/// the reference's `to_bytes()` byte for byte); the reference verifies over its own
/// re-serialization, so no other encoding can carry a signature it accepts.
///
/// A decoded list is not trusted yet: `verify(expectedIssuer:)` checks the issuer and the
/// signature over the raw payload slice, and the authorizer calls it before using any entry.
/// Entries are warrant ids as text, compared byte for byte with the warrant's display id
/// (`tnu_wrt_` + 32 lowercase hex), as the reference does.
public struct SignedRevocationList: Sendable {
    public let revokedIDs: [String]
    public let version: UInt64
    public let issuedAt: UTCTimestamp
    public let issuer: PublicKey
    public let signature: [UInt8]
    /// The exact payload bytes the signature covers.
    public let payloadBytes: [UInt8]
    /// The whole encoded list.
    public let bytes: [UInt8]
    private let lookup: Set<[UInt8]>

    /// Upper bound of an encoded list (the ABI's input limit).
    public static let maxBytes = 1 << 20

    private init(ids: [String], version: UInt64, issuedAt: UTCTimestamp, issuer: PublicKey,
                 signature: [UInt8], payloadBytes: [UInt8], bytes: [UInt8]) {
        self.revokedIDs = ids
        self.version = version
        self.issuedAt = issuedAt
        self.issuer = issuer
        self.signature = signature
        self.payloadBytes = payloadBytes
        self.bytes = bytes
        self.lookup = Set(ids.map { Array($0.utf8) })
    }

    /// Builds and signs a list (the reference's builder, with the time as a parameter).
    /// Ids are kept in the given order, duplicates included, as the reference keeps them.
    public static func sign(revokedIDs: [String], version: UInt64, issuedAt: UTCTimestamp,
                            key: SigningKey) throws(TenuoError) -> SignedRevocationList {
        let issuer = key.publicKey
        let payload = encodePayload(ids: revokedIDs, version: version, issuedAt: issuedAt, issuer: issuer)
        let sig = key.sign(signedMessage(payload))
        let bytes = encodeList(payload: payload, signature: sig)
        guard bytes.count <= maxBytes else {
            throw TenuoError(.valueTooLarge, "revocation list is \(bytes.count) bytes, over \(maxBytes)")
        }
        return SignedRevocationList(ids: revokedIDs, version: version, issuedAt: issuedAt, issuer: issuer,
                                    signature: sig, payloadBytes: payload, bytes: bytes)
    }

    /// Decodes a list. The signature is NOT checked here (the issuer is self-asserted):
    /// call `verify(expectedIssuer:)` before trusting it.
    /// - Throws: `.malformedCBOR` for bytes that are not the canonical encoding of a list
    ///   (the reference's DeserializationError class), `.valueTooLarge` above 1 MiB.
    public init(bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count <= Self.maxBytes else {
            throw TenuoError(.valueTooLarge, "revocation list is \(bytes.count) bytes, over \(Self.maxBytes)")
        }
        let top = try CBORReader.decode(bytes)
        func bad(_ what: String) -> TenuoError { TenuoError(.malformedCBOR, "revocation list: \(what)") }
        guard let payload = top[textKey: "payload"], let sigItem = top[textKey: "signature"] else {
            throw bad("expected a map with \"payload\" and \"signature\"")
        }
        guard case .array(let idItems)? = payload[textKey: "revoked_ids"] else { throw bad("revoked_ids must be an array of text") }
        var ids: [String] = []
        ids.reserveCapacity(idItems.count)
        for item in idItems {
            guard let s = item.text else { throw bad("revoked_ids must be an array of text") }
            ids.append(s)
        }
        guard let version = payload[textKey: "version"]?.uint64 else { throw bad("version must be an unsigned integer") }
        guard let when = payload[textKey: "issued_at"]?.text else { throw bad("issued_at must be RFC 3339 text") }
        let issuedAt = try UTCTimestamp(text: when)
        guard let issuerItem = payload[textKey: "issuer"] else { throw bad("issuer is missing") }
        let issuer = try PublicKey(wire: issuerItem)
        let sig = try Self.readSignature(sigItem)
        let payloadBytes = Self.encodePayload(ids: ids, version: version, issuedAt: issuedAt, issuer: issuer)
        // Canonical only: the input must be exactly what the fields encode to, so the payload
        // slice of `bytes` is `payloadBytes` (no unknown keys, no other order or widths).
        guard Self.encodeList(payload: payloadBytes, signature: sig) == bytes else {
            throw bad("not the canonical encoding (keys, order, widths or extra fields differ)")
        }
        self.init(ids: ids, version: version, issuedAt: issuedAt, issuer: issuer, signature: sig,
                  payloadBytes: payloadBytes, bytes: bytes)
    }

    /// Checks that `expectedIssuer` signed this list.
    /// - Throws: `.signatureInvalid` when the list names another issuer or the signature over
    ///   the payload bytes does not verify.
    public func verify(expectedIssuer: PublicKey) throws(TenuoError) {
        guard issuer == expectedIssuer else {
            throw TenuoError(.signatureInvalid, "SRL issuer does not match expected key")
        }
        guard issuer.verify(Self.signedMessage(payloadBytes), signature: signature) else {
            throw TenuoError(.signatureInvalid, "SRL signature verification failed")
        }
    }

    /// Whether `warrantID` (text, compared byte for byte) is on the list.
    public func isRevoked(_ warrantID: String) -> Bool { lookup.contains(Array(warrantID.utf8)) }

    /// Whether this list and `other` revoke the same set of ids.
    public func sameRevokedSet(as other: SignedRevocationList) -> Bool { lookup == other.lookup }

    /// `{"version", "issued_at", "issuer", "revoked_ids"}` for inspection.
    public var json: Value {
        .map([
            "version": version <= UInt64(Int64.max) ? .int(Int64(version)) : .string(String(version)),
            "issued_at": .string(issuedAt.text),
            "issuer": .string(issuer.hex),
            "revoked_ids": .list(revokedIDs.map { .string($0) }),
        ])
    }

    // MARK: Encoding

    static func signedMessage(_ payload: [UInt8]) -> [UInt8] {
        Domain.warrant + Domain.srl + payload
    }

    static func encodePayload(ids: [String], version: UInt64, issuedAt: UTCTimestamp, issuer: PublicKey) -> [UInt8] {
        var w = CBORWriter(capacity: 128 + ids.reduce(0) { $0 + $1.utf8.count + 3 })
        w.mapHeader(4)
        w.text("revoked_ids")
        w.arrayHeader(ids.count)
        for id in ids { w.text(id) }
        w.text("version")
        w.unsigned(version)
        w.text("issued_at")
        w.text(issuedAt.text)
        w.text("issuer")
        issuer.writeWire(to: &w)
        return w.bytes
    }

    static func encodeList(payload: [UInt8], signature: [UInt8]) -> [UInt8] {
        var w = CBORWriter(capacity: payload.count + 96)
        w.mapHeader(2)
        w.text("payload")
        w.raw(payload)
        w.text("signature")
        w.arrayHeader(2)
        w.unsigned(1)
        w.byteString(signature)
        return w.bytes
    }

    /// `[1, bstr64]`.
    static func readSignature(_ item: CBOR) throws(TenuoError) -> [UInt8] {
        guard case .array(let parts) = item, parts.count == 2, let alg = parts[0].uint64, let sig = parts[1].bytes else {
            throw TenuoError(.malformedCBOR, "signature must be [algorithm, bytes]")
        }
        guard alg == 1 else { throw TenuoError(.unsupportedAlgorithm, "unsupported signature algorithm id \(alg)") }
        guard sig.count == 64 else {
            throw TenuoError(.invalidSignatureLength, "Ed25519 signature must be 64 bytes, got \(sig.count)")
        }
        return sig
    }
}
