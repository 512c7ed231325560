// Signing keys and public keys.
import TenuoCore

/// Key export formats for `tenuo_signing_key_export` / `tenuo_public_key_export`.
enum KeyFormat {
    /// Lowercase hex.
    /// @c-macro TENUO_FORMAT_HEX
    static let hex: Int32 = 0
    /// Standard base64 with padding.
    /// @c-macro TENUO_FORMAT_BASE64
    static let base64: Int32 = 1
    /// PEM: PKCS#8 for signing keys, SPKI for public keys.
    /// @c-macro TENUO_FORMAT_PEM
    static let pem: Int32 = 2
}

/// Generates a new random Ed25519 signing key.
///
/// Ownership: the caller owns `*out` and releases it with `tenuo_signing_key_free`, which
/// wipes the secret.
/// - Parameters:
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_generate(_ out: UnsafeMutablePointer<tenuo_signing_key_ref?>?) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        try requireOut(out, "key").pointee = retain(SigningKey.generate())
    }
}

/// Creates a signing key from a 32-byte Ed25519 seed (deterministic).
///
/// Ownership: the caller owns `*out` (`tenuo_signing_key_free`). The library keeps its own
/// copy of the seed; the caller may wipe its buffer afterwards.
/// - Parameters:
///   - seed: TENUO_SEED_BYTES bytes.
///   - seed_len: Must be 32.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_KEY_LENGTH, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_from_seed(
    _ seed: UnsafePointer<UInt8>?, _ seed_len: UInt, _ out: UnsafeMutablePointer<tenuo_signing_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "key")
        var s = try bytes(seed, seed_len, "seed")
        defer { Wipe.bytes(&s) }
        o.pointee = retain(try SigningKey(seed: s))
    }
}

/// Parses a signing key from text: 64 hex digits, base64 of the 32-byte seed, or a PKCS#8 PEM
/// block (`-----BEGIN PRIVATE KEY-----`), detected automatically.
///
/// Ownership: the caller owns `*out` (`tenuo_signing_key_free`).
/// - Parameters:
///   - text: UTF-8 text (need not be NUL-terminated).
///   - text_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_KEY, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_parse(
    _ text: UnsafePointer<CChar>?, _ text_len: UInt, _ out: UnsafeMutablePointer<tenuo_signing_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "key")
        o.pointee = retain(try SigningKey(parsing: try Tenuo.text(text, text_len, "key text")))
    }
}

/// Loads a signing key from an environment variable (hex, base64 or PEM, auto-detected).
///
/// Ownership: the caller owns `*out` (`tenuo_signing_key_free`).
/// - Parameters:
///   - name: The variable's name (UTF-8).
///   - name_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_KEY when the variable is missing, empty or invalid.
@c public func tenuo_signing_key_from_env(
    _ name: UnsafePointer<CChar>?, _ name_len: UInt, _ out: UnsafeMutablePointer<tenuo_signing_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "key")
        o.pointee = retain(try SigningKey.fromEnvironment(try Tenuo.text(name, name_len, "variable name")))
    }
}

/// Loads a signing key from a file (hex, base64, PEM, or 32 raw bytes, auto-detected).
///
/// Ownership: the caller owns `*out` (`tenuo_signing_key_free`).
/// - Parameters:
///   - path: The file path (UTF-8).
///   - path_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_IO_ERROR, or TENUO_E_INVALID_KEY.
@c public func tenuo_signing_key_from_file(
    _ path: UnsafePointer<CChar>?, _ path_len: UInt, _ out: UnsafeMutablePointer<tenuo_signing_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "key")
        o.pointee = retain(try SigningKey.fromFile(try Tenuo.text(path, path_len, "path")))
    }
}

/// Returns the public key of a signing key.
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - key: The signing key (borrowed).
///   - out: Receives the public key; NULL on failure.
/// - Returns: TENUO_OK or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_public_key(
    _ key: tenuo_signing_key_cref?, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let k = try borrow(key, "key", as: SigningKey.self).value
        try requireOut(out, "public key").pointee = retain(k.publicKey)
    }
}

/// Copies the 32-byte seed of a signing key into a caller buffer.
///
/// The seed is the secret: wipe the buffer when done.
/// - Parameters:
///   - key: The signing key (borrowed).
///   - out: A buffer of at least TENUO_SEED_BYTES bytes.
///   - out_len: The buffer's size.
/// - Returns: TENUO_OK, TENUO_E_BUFFER_TOO_SMALL, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_seed(_ key: tenuo_signing_key_cref?, _ out: UnsafeMutablePointer<UInt8>?, _ out_len: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let k = try borrow(key, "key", as: SigningKey.self).value
        var s = k.seedBytes()
        defer { Wipe.bytes(&s) }
        try copyOut(s, out, out_len, "seed")
    }
}

/// Exports a signing key as text.
///
/// Ownership: `*out` is a secret string owned by the caller; release it with
/// `tenuo_string_free`, which wipes it.
/// - Parameters:
///   - key: The signing key (borrowed).
///   - format: TENUO_FORMAT_HEX (seed), TENUO_FORMAT_BASE64 (seed) or TENUO_FORMAT_PEM (PKCS#8).
///   - out: Receives the NUL-terminated text; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (unknown format), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_export(
    _ key: tenuo_signing_key_cref?, _ format: Int32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let k = try borrow(key, "key", as: SigningKey.self).value
        let o = try requireOut(out, "text")
        switch format {
        case KeyFormat.hex: try output(k.hexSeed(), to: o)
        case KeyFormat.base64: try output(k.base64Seed(), to: o)
        case KeyFormat.pem: try output(k.pkcs8PEM(), to: o)
        default: throw misuse(.invalidArgument, "unknown key format \(format)")
        }
    }
}

/// Signs a message with plain Ed25519 (no domain prefix). For protocol signatures use
/// `tenuo_warrant_sign` and the builders instead.
/// - Parameters:
///   - key: The signing key (borrowed).
///   - msg: The message bytes.
///   - msg_len: Their length.
///   - sig_out: A buffer of at least TENUO_SIGNATURE_BYTES bytes.
///   - sig_out_len: The buffer's size.
/// - Returns: TENUO_OK, TENUO_E_BUFFER_TOO_SMALL, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_signing_key_sign_raw(
    _ key: tenuo_signing_key_cref?, _ msg: UnsafePointer<UInt8>?, _ msg_len: UInt,
    _ sig_out: UnsafeMutablePointer<UInt8>?, _ sig_out_len: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let k = try borrow(key, "key", as: SigningKey.self).value
        let m = try bytes(msg, msg_len, "message")
        try copyOut(k.sign(m), sig_out, sig_out_len, "signature")
    }
}

/// Releases a signing key; its secret bytes are wiped. NULL is ignored.
/// - Parameters:
///   - key: The key to release (owned).
@c public func tenuo_signing_key_free(_ key: tenuo_signing_key_ref?) { release(key, as: SigningKey.self, "signing key") }

/// Creates a public key from its 32 raw bytes.
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - data: TENUO_PUBLIC_KEY_BYTES bytes.
///   - data_len: Must be 32.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_KEY_LENGTH, TENUO_E_INVALID_KEY (weak key), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_public_key_from_bytes(
    _ data: UnsafePointer<UInt8>?, _ data_len: UInt, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "public key")
        o.pointee = retain(try PublicKey(bytes: try bytes(data, data_len, "public key bytes")))
    }
}

/// Parses a public key from text: 64 hex digits, base64 of the 32 bytes, or an SPKI PEM block
/// (`-----BEGIN PUBLIC KEY-----`), detected automatically.
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - text: UTF-8 text.
///   - text_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_KEY, TENUO_E_INVALID_UTF8, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_public_key_parse(
    _ text: UnsafePointer<CChar>?, _ text_len: UInt, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "public key")
        o.pointee = retain(try PublicKey(parsing: try Tenuo.text(text, text_len, "public key text")))
    }
}

/// Loads a public key from an environment variable (hex, base64 or PEM).
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - name: The variable's name (UTF-8).
///   - name_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, or TENUO_E_INVALID_KEY when missing or invalid.
@c public func tenuo_public_key_from_env(
    _ name: UnsafePointer<CChar>?, _ name_len: UInt, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "public key")
        o.pointee = retain(try PublicKey.fromEnvironment(try Tenuo.text(name, name_len, "variable name")))
    }
}

/// Loads a public key from a file (hex, base64, PEM or 32 raw bytes).
///
/// Ownership: the caller owns `*out` (`tenuo_public_key_free`).
/// - Parameters:
///   - path: The file path (UTF-8).
///   - path_len: Its length in bytes.
///   - out: Receives the key; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_IO_ERROR, or TENUO_E_INVALID_KEY.
@c public func tenuo_public_key_from_file(
    _ path: UnsafePointer<CChar>?, _ path_len: UInt, _ out: UnsafeMutablePointer<tenuo_public_key_ref?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let o = try requireOut(out, "public key")
        o.pointee = retain(try PublicKey.fromFile(try Tenuo.text(path, path_len, "path")))
    }
}

/// Copies the 32 raw bytes of a public key into a caller buffer.
/// - Parameters:
///   - key: The public key (borrowed).
///   - out: A buffer of at least TENUO_PUBLIC_KEY_BYTES bytes.
///   - out_len: The buffer's size.
/// - Returns: TENUO_OK, TENUO_E_BUFFER_TOO_SMALL, or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_public_key_to_bytes(_ key: tenuo_public_key_cref?, _ out: UnsafeMutablePointer<UInt8>?, _ out_len: UInt) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let k = try borrow(key, "public key", as: PublicKey.self).value
        try copyOut(k.bytes, out, out_len, "public key")
    }
}

/// Exports a public key as text.
///
/// Ownership: release `*out` with `tenuo_string_free`.
/// - Parameters:
///   - key: The public key (borrowed).
///   - format: TENUO_FORMAT_HEX, TENUO_FORMAT_BASE64 or TENUO_FORMAT_PEM (SPKI).
///   - out: Receives the NUL-terminated text; NULL on failure.
/// - Returns: TENUO_OK, TENUO_E_INVALID_ARGUMENT (unknown format), or TENUO_E_NULL_ARGUMENT.
@c public func tenuo_public_key_export(
    _ key: tenuo_public_key_cref?, _ format: Int32, _ out: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> tenuo_status {
    clear(out)
    return guarded { () throws(TenuoError) in
        let k = try borrow(key, "public key", as: PublicKey.self).value
        let o = try requireOut(out, "text")
        switch format {
        case KeyFormat.hex: try output(k.hex, to: o)
        case KeyFormat.base64: try output(k.base64, to: o)
        case KeyFormat.pem: try output(k.pem, to: o)
        default: throw misuse(.invalidArgument, "unknown key format \(format)")
        }
    }
}

/// Compares two public keys.
/// - Parameters:
///   - a: A public key (borrowed), or NULL.
///   - b: A public key (borrowed), or NULL.
/// - Returns: true when both are valid handles of the same key; false otherwise (also for NULL).
@c public func tenuo_public_key_equal(_ a: tenuo_public_key_cref?, _ b: tenuo_public_key_cref?) -> Bool {
    guard let x = try? borrow(a, "a", as: PublicKey.self), let y = try? borrow(b, "b", as: PublicKey.self) else { return false }
    return x.value == y.value
}

/// Verifies a plain Ed25519 signature (no domain prefix) under a public key.
/// - Parameters:
///   - key: The public key (borrowed).
///   - msg: The message bytes.
///   - msg_len: Their length.
///   - sig: The signature.
///   - sig_len: Its length (64).
/// - Returns: TENUO_OK when valid; TENUO_E_SIGNATURE_INVALID otherwise; TENUO_E_NULL_ARGUMENT.
@c public func tenuo_public_key_verify_raw(
    _ key: tenuo_public_key_cref?, _ msg: UnsafePointer<UInt8>?, _ msg_len: UInt, _ sig: UnsafePointer<UInt8>?, _ sig_len: UInt
) -> tenuo_status {
    guarded { () throws(TenuoError) in
        let k = try borrow(key, "public key", as: PublicKey.self).value
        guard k.verify(try bytes(msg, msg_len, "message"), signature: try bytes(sig, sig_len, "signature")) else {
            throw TenuoError(.signatureInvalid, "signature does not verify under this key")
        }
    }
}

/// Releases a public key. NULL is ignored.
/// - Parameters:
///   - key: The key to release (owned).
@c public func tenuo_public_key_free(_ key: tenuo_public_key_ref?) { release(key, as: PublicKey.self, "public key") }
