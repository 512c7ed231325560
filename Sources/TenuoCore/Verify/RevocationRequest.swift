/// A signed request to revoke one warrant, in the reference's encoding:
///
/// ```
/// {"warrant_id": text, "reason": text, "requestor": [1, bstr32],
///  "requested_at": text (RFC 3339, UTC), "signature": [1, bstr64]}
/// signature = Ed25519(requestor, "tenuo-warrant-v1" || "tenuo-revocation-request-v1"
///                     || CBOR([warrant_id, reason, [1, bstr32], requested_at_unix_seconds]))
/// ```
///
/// Only whole seconds of `requested_at` are signed (the reference signs its Unix timestamp);
/// the fraction travels unsigned, so it is informational. Decoding accepts only the canonical
/// encoding, and `verifySignature()` must pass before any field is relied on.
public struct RevocationRequest: Sendable {
    public let warrantID: String
    public let reason: String
    public let requestor: PublicKey
    public let requestedAt: UTCTimestamp
    public let signature: [UInt8]
    public let bytes: [UInt8]

    static let context: [UInt8] = Array("tenuo-revocation-request-v1".utf8)
    public static let maxBytes = 64 * 1024

    private init(warrantID: String, reason: String, requestor: PublicKey, requestedAt: UTCTimestamp, signature: [UInt8]) {
        self.warrantID = warrantID
        self.reason = reason
        self.requestor = requestor
        self.requestedAt = requestedAt
        self.signature = signature
        self.bytes = Self.encode(warrantID, reason, requestor, requestedAt, signature)
    }

    /// Signs a request by `key` (the requestor) at `requestedAt`.
    public static func sign(warrantID: String, reason: String, key: SigningKey,
                            requestedAt: UTCTimestamp) throws(TenuoError) -> RevocationRequest {
        let msg = signedMessage(warrantID, reason, key.publicKey, requestedAt)
        let r = RevocationRequest(warrantID: warrantID, reason: reason, requestor: key.publicKey,
                                  requestedAt: requestedAt, signature: key.sign(msg))
        guard r.bytes.count <= maxBytes else {
            throw TenuoError(.valueTooLarge, "revocation request is \(r.bytes.count) bytes, over \(maxBytes)")
        }
        return r
    }

    /// Decodes a request (signature not checked: call `verifySignature()`).
    /// - Throws: `.malformedCBOR` for anything but the canonical encoding.
    public init(bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count <= Self.maxBytes else {
            throw TenuoError(.valueTooLarge, "revocation request is \(bytes.count) bytes, over \(Self.maxBytes)")
        }
        let top = try CBORReader.decode(bytes)
        func bad(_ what: String) -> TenuoError { TenuoError(.malformedCBOR, "revocation request: \(what)") }
        guard let id = top[textKey: "warrant_id"]?.text else { throw bad("warrant_id must be text") }
        guard let reason = top[textKey: "reason"]?.text else { throw bad("reason must be text") }
        guard let who = top[textKey: "requestor"] else { throw bad("requestor is missing") }
        guard let when = top[textKey: "requested_at"]?.text else { throw bad("requested_at must be RFC 3339 text") }
        guard let sigItem = top[textKey: "signature"] else { throw bad("signature is missing") }
        self.init(warrantID: id, reason: reason, requestor: try PublicKey(wire: who),
                  requestedAt: try UTCTimestamp(text: when), signature: try SignedRevocationList.readSignature(sigItem))
        guard self.bytes == bytes else { throw bad("not the canonical encoding") }
    }

    /// Checks the requestor's signature.
    /// - Throws: `.signatureInvalid`.
    public func verifySignature() throws(TenuoError) {
        guard requestor.verify(Self.signedMessage(warrantID, reason, requestor, requestedAt), signature: signature) else {
            throw TenuoError(.signatureInvalid, "Revocation request signature invalid")
        }
    }

    /// `{"warrant_id", "reason", "requestor", "requested_at"}` for inspection.
    public var json: Value {
        .map([
            "warrant_id": .string(warrantID),
            "reason": .string(reason),
            "requestor": .string(requestor.hex),
            "requested_at": .string(requestedAt.text),
        ])
    }

    static func signedMessage(_ id: String, _ reason: String, _ pk: PublicKey, _ at: UTCTimestamp) -> [UInt8] {
        var w = CBORWriter()
        w.raw(Domain.warrant)
        w.raw(context)
        w.arrayHeader(4)
        w.text(id)
        w.text(reason)
        pk.writeWire(to: &w)
        w.int(Int64(at.seconds))  // at.seconds <= UTCTimestamp.maxSeconds, far below Int64.max
        return w.bytes
    }

    static func encode(_ id: String, _ reason: String, _ pk: PublicKey, _ at: UTCTimestamp, _ sig: [UInt8]) -> [UInt8] {
        var w = CBORWriter()
        w.mapHeader(5)
        w.text("warrant_id")
        w.text(id)
        w.text("reason")
        w.text(reason)
        w.text("requestor")
        pk.writeWire(to: &w)
        w.text("requested_at")
        w.text(at.text)
        w.text("signature")
        w.arrayHeader(2)
        w.unsigned(1)
        w.byteString(sig)
        return w.bytes
    }
}
