/// An Ed25519 signing key.
///
/// The secret lives in one 128-byte buffer allocated by this object: libsodium's secret key
/// (the 32-byte seed followed by the public key), then its expanded form (the seed's SHA-512,
/// clamped), which signing uses instead of hashing the seed each time. It is never copied into
/// Swift arrays except by `seedBytes()` and the export methods, and the whole buffer is wiped
/// with `sodium_memzero` when the key is released. Immutable after construction, so instances can
/// be shared across threads.
public final class SigningKey: @unchecked Sendable, Equatable, CustomStringConvertible {
    /// Size of a seed.
    public static let seedByteCount = 32

    private let secret: UnsafeMutableBufferPointer<UInt8>

    /// The matching public key.
    public let publicKey: PublicKey

    /// Derives the key pair from a 32-byte seed (RFC 8032 private key), as the reference's
    /// `SigningKey.from_bytes(seed)` does. The caller still owns (and should wipe) `seed`.
    /// - Throws: `.invalidKeyLength` unless `seed` is 32 bytes.
    public init(seed: [UInt8]) throws(TenuoError) {
        guard seed.count == Self.seedByteCount else {
            throw TenuoError(.invalidKeyLength, "Ed25519 seed must be 32 bytes, got \(seed.count)")
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: Sodium.expandedSecretKeyBytes)
        buffer.initialize(repeating: 0)
        guard
            let pk = Sodium.ed25519SeedKeypair(
                seed: seed, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<Sodium.secretKeyBytes])),
            Sodium.ed25519Expand(buffer),
            let publicKey = try? PublicKey(bytes: pk)
        else {
            Sodium.memzero(buffer)
            buffer.deallocate()
            throw TenuoError(.internalError, "libsodium could not derive an Ed25519 key pair")
        }
        self.secret = buffer
        self.publicKey = publicKey
    }

    deinit {
        Sodium.memzero(secret)
        secret.deallocate()
    }

    /// A new key from 32 bytes of the system CSPRNG.
    public static func generate() -> SigningKey {
        while true {
            var seed = Sodium.randomBytes(seedByteCount)
            defer { Sodium.memzero(&seed) }
            // Only fails if libsodium is broken; a fresh seed is then tried.
            if let key = try? SigningKey(seed: seed) { return key }
        }
    }

    /// A copy of the 32-byte seed. The caller owns the copy and should wipe it.
    public func seedBytes() -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Self.seedByteCount) { out, count in
            for i in 0..<Self.seedByteCount { out[i] = secret[i] }
            count = Self.seedByteCount
        }
    }

    /// Plain Ed25519 signature (RFC 8032) of `message`, 64 bytes. No prefix is added:
    /// protocol contexts such as `"tenuo-warrant-v1"` are prepended by callers.
    public func sign(_ message: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(UnsafeBufferPointer(secret), message)
    }

    /// The signature of `prefix || byte || body` (what `sign(prefix + [byte] + body)` gives),
    /// without building that message as an array.
    func sign(prefix: [UInt8], _ byte: UInt8, _ body: [UInt8]) -> [UInt8] {
        Sodium.ed25519Sign(UnsafeBufferPointer(secret), prefix: prefix, byte, body)
    }

    /// Constant-time comparison of the seeds.
    public static func == (a: SigningKey, b: SigningKey) -> Bool {
        Sodium.equal(
            UnsafeBufferPointer(rebasing: a.secret[0..<seedByteCount]),
            UnsafeBufferPointer(rebasing: b.secret[0..<seedByteCount]))
    }

    /// Names the public key only; the secret never appears in text output by accident.
    public var description: String { "SigningKey(public: \(publicKey.hex))" }

    // MARK: - Import

    /// Parses a seed written as 64 hex digits (either case).
    /// - Throws: `.invalidEncoding` or `.invalidKeyLength`.
    public convenience init(hex: String) throws(TenuoError) {
        var seed = try KeyEncoding.decode32(hex: hex, what: "signing key seed")
        defer { Sodium.memzero(&seed) }
        try self.init(seed: seed)
    }

    /// Parses a seed written in base64 (either alphabet, padding optional).
    /// - Throws: `.invalidEncoding` or `.invalidKeyLength`.
    public convenience init(base64: String) throws(TenuoError) {
        var seed = try KeyEncoding.decode32(base64: base64, what: "signing key seed")
        defer { Sodium.memzero(&seed) }
        try self.init(seed: seed)
    }

    /// Parses a `-----BEGIN PRIVATE KEY-----` block (PKCS#8, RFC 8410): the v1 form
    /// (seed only, as OpenSSL writes) or the v2 form with the public key (as the reference
    /// writes), whose public key must match the seed. Text before the block is ignored.
    /// - Throws: `.invalidKey` for a wrong label, missing END line, other DER or a public
    ///   key that does not match; `.invalidEncoding` for bad base64.
    public convenience init(pem: String) throws(TenuoError) {
        var der = try KeyEncoding.pemDER(pem, label: KeyEncoding.privateKeyLabel)
        defer { Sodium.memzero(&der) }
        let v1Length = KeyEncoding.pkcs8V1Prefix.count + Self.seedByteCount
        let v2Length =
            KeyEncoding.pkcs8V2Prefix.count + Self.seedByteCount
            + KeyEncoding.pkcs8V2PublicKeyTag.count + PublicKey.byteCount
        var embedded: [UInt8]? = nil
        if der.count == v1Length, KeyEncoding.hasPrefix(der, KeyEncoding.pkcs8V1Prefix) {
            // seed only
        } else if der.count == v2Length, KeyEncoding.hasPrefix(der, KeyEncoding.pkcs8V2Prefix),
            der[(KeyEncoding.pkcs8V2Prefix.count + Self.seedByteCount)...]
                .starts(with: KeyEncoding.pkcs8V2PublicKeyTag)
        {
            embedded = Array(der.suffix(PublicKey.byteCount))
        } else {
            throw TenuoError(.invalidKey, "PEM private key is not an Ed25519 PKCS#8 key")
        }
        var seed = Array(der[KeyEncoding.pkcs8V1Prefix.count..<(KeyEncoding.pkcs8V1Prefix.count + Self.seedByteCount)])
        defer { Sodium.memzero(&seed) }
        try self.init(seed: seed)
        if let embedded, embedded != publicKey.bytes {
            throw TenuoError(.invalidKey, "PKCS#8 public key does not match the private key")
        }
    }

    /// Parses any text form a key may be stored in, after trimming whitespace: PKCS#8 PEM,
    /// 64 hex digits, or base64 of the 32-byte seed (what the reference's
    /// `SigningKey.from_env` / `from_file` accept, plus PEM).
    /// - Throws: the error of the detected form.
    public convenience init(parsing text: String) throws(TenuoError) {
        let t = KeyEncoding.trimmed(text)
        switch KeyEncoding.detect(t) {
        case .pem: try self.init(pem: t)
        case .hex: try self.init(hex: t)
        case .base64: try self.init(base64: t)
        }
    }

    /// Loads a key from environment variable `name` (any `init(parsing:)` form).
    /// - Throws: `.invalidKey` naming the variable when it is unset, empty or unparsable.
    public static func fromEnvironment(_ name: String) throws(TenuoError) -> SigningKey {
        let value = try KeyEncoding.environment(name, expecting: "a base64 or hex signing key seed")
        do throws(TenuoError) {
            return try SigningKey(parsing: value)
        } catch {
            throw error.recoded(.invalidKey, context: "invalid signing key in env:\(name)")
        }
    }

    /// Loads a key from a file: exactly 32 bytes are the raw seed (as in the reference),
    /// anything else is UTF-8 text in any `init(parsing:)` form. At most 64 KiB are read.
    /// - Throws: `.ioError` when the file cannot be read; `.invalidKey` for bad content.
    public static func fromFile(_ path: String) throws(TenuoError) -> SigningKey {
        var data = try KeyEncoding.readFile(path)
        defer { Sodium.memzero(&data) }
        do throws(TenuoError) {
            if data.count == seedByteCount { return try SigningKey(seed: data) }
            guard let text = String(validating: data, as: UTF8.self) else {
                throw TenuoError(.invalidEncoding, "file is neither 32 raw bytes nor UTF-8 text")
            }
            return try SigningKey(parsing: text)
        } catch {
            throw error.recoded(.invalidKey, context: "invalid signing key in file:\(path)")
        }
    }

    // MARK: - Export

    /// The seed as lowercase hex (secret: handle the string with care).
    public func hexSeed() -> String {
        var seed = seedBytes()
        defer { Sodium.memzero(&seed) }
        return Hex.encode(seed)
    }

    /// The seed as standard padded base64, the form the reference's tooling writes with
    /// `base64.b64encode(key.secret_key_bytes())` (secret: handle with care).
    public func base64Seed() -> String {
        var seed = seedBytes()
        defer { Sodium.memzero(&seed) }
        return Base64.encodeStandard(seed)
    }

    /// PKCS#8 v2 PEM (seed and public key), byte-identical to the reference's `to_pem()`.
    public func pkcs8PEM() -> String {
        var der = [UInt8]()
        der.reserveCapacity(83)
        der.append(contentsOf: KeyEncoding.pkcs8V2Prefix)
        for i in 0..<Self.seedByteCount { der.append(secret[i]) }
        der.append(contentsOf: KeyEncoding.pkcs8V2PublicKeyTag)
        der.append(contentsOf: publicKey.bytes)
        defer { Sodium.memzero(&der) }
        return PEM.armor(label: KeyEncoding.privateKeyLabel, base64Body: Base64.encodeStandard(der))
    }
}
