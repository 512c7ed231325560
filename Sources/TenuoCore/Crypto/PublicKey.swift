/// An Ed25519 public key: 32 raw bytes (RFC 8032 encoding).
///
/// Construction rejects wrong lengths and the small-order ("weak") points the reference
/// rejects, so every `PublicKey` is one the reference would accept (see `init(bytes:)`).
public struct PublicKey: Sendable, Hashable, CustomStringConvertible {
    /// Algorithm id of Ed25519 in the wire form `[alg, key]`.
    public static let ed25519AlgorithmId: UInt64 = 1
    /// Size of a raw key.
    public static let byteCount = 32

    /// The 32 raw key bytes.
    public let bytes: [UInt8]

    /// Wraps raw key bytes.
    /// - Throws: `.invalidKeyLength` unless `bytes` has 32 bytes; `.invalidKey` for a
    ///   small-order point (any of the 8 torsion points, in canonical or non-canonical
    ///   encoding, either sign bit), which the reference rejects as a weak key.
    ///   An encoding that is not on the curve is not detected here (that costs a field square
    ///   root); libsodium rejects it in every `verify`, so no signature ever checks under it.
    public init(bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count == Self.byteCount else {
            throw TenuoError(.invalidKeyLength, "Ed25519 public key must be 32 bytes, got \(bytes.count)")
        }
        guard !Self.isSmallOrder(bytes) else {
            throw TenuoError(.invalidKey, "small-order (weak) Ed25519 public key rejected")
        }
        self.bytes = bytes
    }

    /// Parses 64 hex digits (either case).
    /// - Throws: `.invalidEncoding` or `.invalidKeyLength`.
    public init(hex: String) throws(TenuoError) {
        try self.init(bytes: KeyEncoding.decode32(hex: hex, what: "public key"))
    }

    /// Parses base64 of the 32 raw bytes (either alphabet, padding optional).
    /// - Throws: `.invalidEncoding` or `.invalidKeyLength`.
    public init(base64: String) throws(TenuoError) {
        try self.init(bytes: KeyEncoding.decode32(base64: base64, what: "public key"))
    }

    /// Parses a `-----BEGIN PUBLIC KEY-----` block (SPKI, RFC 8410), as the reference's
    /// `PublicKey.from_pem` does. Text before the block is ignored.
    /// - Throws: `.invalidKey` for a wrong label, missing END line or non-Ed25519 DER;
    ///   `.invalidEncoding` for bad base64.
    public init(pem: String) throws(TenuoError) {
        let der = try KeyEncoding.pemDER(pem, label: KeyEncoding.publicKeyLabel)
        guard der.count == KeyEncoding.spkiPrefix.count + Self.byteCount,
            KeyEncoding.hasPrefix(der, KeyEncoding.spkiPrefix)
        else {
            throw TenuoError(.invalidKey, "PEM public key is not an Ed25519 SubjectPublicKeyInfo")
        }
        try self.init(bytes: Array(der.suffix(Self.byteCount)))
    }

    /// Parses any text form the reference's public-key loader accepts, after trimming
    /// whitespace: PEM (starts with `-----BEGIN`), 64 hex digits, or base64 of 32 bytes.
    /// - Throws: the error of the detected form.
    public init(parsing text: String) throws(TenuoError) {
        let t = KeyEncoding.trimmed(text)
        switch KeyEncoding.detect(t) {
        case .pem: try self.init(pem: t)
        case .hex: try self.init(hex: t)
        case .base64: try self.init(base64: t)
        }
    }

    /// Loads a public key from environment variable `name` (any `init(parsing:)` form).
    /// - Throws: `.invalidKey` naming the variable when it is unset, empty or unparsable.
    public static func fromEnvironment(_ name: String) throws(TenuoError) -> PublicKey {
        let value = try KeyEncoding.environment(name, expecting: "a base64, hex or PEM public key")
        do throws(TenuoError) {
            return try PublicKey(parsing: value)
        } catch {
            throw error.recoded(.invalidKey, context: "invalid public key in env:\(name)")
        }
    }

    /// Loads a public key from a file: exactly 32 bytes are taken as the raw key, anything
    /// else as UTF-8 text in any `init(parsing:)` form. At most 64 KiB are read.
    /// - Throws: `.ioError` when the file cannot be read; `.invalidKey` for bad content.
    public static func fromFile(_ path: String) throws(TenuoError) -> PublicKey {
        let data = try KeyEncoding.readFile(path)
        do throws(TenuoError) {
            if data.count == byteCount { return try PublicKey(bytes: data) }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw TenuoError(.invalidEncoding, "file is neither 32 raw bytes nor UTF-8 text")
            }
            return try PublicKey(parsing: text)
        } catch {
            throw error.recoded(.invalidKey, context: "invalid public key in file:\(path)")
        }
    }

    /// Lowercase hex of the 32 bytes.
    public var hex: String { Hex.encode(bytes) }

    /// Standard base64 with padding, the form the reference's loaders read and its tooling
    /// writes with Python's `base64.b64encode` (the reference has no base64 export method).
    public var base64: String { Base64.encodeStandard(bytes) }

    /// SPKI PEM with 64-column lines and LF endings, byte-identical to the reference's
    /// `PublicKey.to_pem()`.
    public var pem: String {
        PEM.armor(label: KeyEncoding.publicKeyLabel, base64Body: Base64.encodeStandard(KeyEncoding.spkiPrefix + bytes))
    }

    /// Checks a plain Ed25519 signature (RFC 8032, as libsodium verifies it: small-order R
    /// and non-canonical S rejected). No prefix is added: protocol contexts are the caller's.
    /// - Returns: false for a wrong signature length or a failed check.
    public func verify(_ message: [UInt8], signature: [UInt8]) -> Bool {
        Sodium.ed25519Verify(signature, message, bytes)
    }

    /// Checks the signature `envelope[signature]` over `prefix || byte || envelope[message]`
    /// (what `verify(prefix + [byte] + Array(envelope[message]), signature:
    /// Array(envelope[signature]))` checks) reading the bytes where they lie. False for a
    /// range outside `envelope`, a wrong signature length or a failed check.
    func verify(prefix: [UInt8], _ byte: UInt8, in envelope: [UInt8], message: Range<Int>, signature: Range<Int>)
        -> Bool
    {
        Sodium.ed25519Verify(envelope, signature: signature, prefix: prefix, byte, message: message, bytes)
    }

    /// The hex form.
    public var description: String { hex }

    // MARK: - Wire form

    /// Writes the wire form `[1, bstr(32)]`.
    public func writeWire(to w: inout CBORWriter) {
        w.arrayHeader(2)
        w.unsigned(Self.ed25519AlgorithmId)
        w.byteString(bytes)
    }

    /// Reads the wire form `[1, key]`. The key is a 32-byte bstr; a CBOR array of 32 uints
    /// (0...255) is accepted too, as the reference's serde decoder does.
    /// - Throws: `.invalidPayloadStructure` for another shape, `.unsupportedAlgorithm` for an
    ///   algorithm id other than 1, `.invalidKeyLength` for a key that is not 32 bytes,
    ///   `.invalidKey` for a small-order key.
    public init(wire: CBOR) throws(TenuoError) {
        guard case .array(let items) = wire, items.count == 2 else {
            throw TenuoError(.invalidPayloadStructure, "public key must be a 2-element array [algorithm, key]")
        }
        switch items[0] {
        case .unsigned(let alg) where alg == Self.ed25519AlgorithmId:
            break
        case .unsigned(let alg):
            throw TenuoError(.unsupportedAlgorithm, "unsupported public key algorithm id \(alg)")
        case .negative(let n):
            throw TenuoError(.unsupportedAlgorithm, "unsupported public key algorithm id -\(n)-1")
        default:
            throw TenuoError(.invalidPayloadStructure, "public key algorithm id must be an integer")
        }
        let raw: [UInt8]
        switch items[1] {
        case .bytes(let b):
            raw = b
        case .array(let elements):
            guard elements.count == Self.byteCount else {
                throw TenuoError(.invalidKeyLength, "public key must be 32 bytes, got \(elements.count)")
            }
            var out: [UInt8] = []
            out.reserveCapacity(Self.byteCount)
            for e in elements {
                guard case .unsigned(let v) = e, v <= 0xff else {
                    throw TenuoError(.invalidPayloadStructure, "public key byte array holds a non-byte value")
                }
                out.append(UInt8(truncatingIfNeeded: v))
            }
            raw = out
        default:
            throw TenuoError(.invalidPayloadStructure, "public key bytes must be a byte string")
        }
        try self.init(bytes: raw)
    }

    // MARK: - Weak keys

    /// Low 255 bits of every encoding of a point of order 1, 2, 4 or 8: the two order-8
    /// y values, y = 0, 1 and p-1, and the non-canonical p and p+1 (y = 0 and 1 again).
    /// Derived from the curve equation and checked against the reference, which rejects all
    /// 14 (with either sign bit) as weak.
    private static let smallOrderEncodings: [[UInt8]] = [
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
            0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
        ],
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
            0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
        ],
        [UInt8](repeating: 0, count: 32),
        [0x01] + [UInt8](repeating: 0, count: 31),
        [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        [0xee] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
    ]

    private static func isSmallOrder(_ key: [UInt8]) -> Bool {
        for candidate in smallOrderEncodings {
            // A public key is public: leaving at the first byte that differs is fine.
            guard key[0] == candidate[0] else { continue }
            var diff: UInt8 = 0
            for i in 0..<31 { diff |= key[i] ^ candidate[i] }
            diff |= (key[31] & 0x7f) ^ candidate[31]
            if diff == 0 { return true }
        }
        return false
    }
}
