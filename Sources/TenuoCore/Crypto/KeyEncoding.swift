#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Shared text, DER and loading rules for `PublicKey` and `SigningKey` (RFC 8410 forms).
enum KeyEncoding {
    /// SPKI header of an Ed25519 public key: SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING }.
    static let spkiPrefix: [UInt8] = [
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
    ]
    /// PKCS#8 v1 header: version 0, algorithm Ed25519, OCTET STRING { OCTET STRING seed }.
    static let pkcs8V1Prefix: [UInt8] = [
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    /// PKCS#8 v2 (OneAsymmetricKey) header: version 1, then the seed as above, then the
    /// public key as `[1] IMPLICIT BIT STRING`. The reference writes this form.
    static let pkcs8V2Prefix: [UInt8] = [
        0x30, 0x51, 0x02, 0x01, 0x01, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
    ]
    static let pkcs8V2PublicKeyTag: [UInt8] = [0x81, 0x21, 0x00]

    static let publicKeyLabel = "PUBLIC KEY"
    static let privateKeyLabel = "PRIVATE KEY"

    /// Largest key file read.
    static let maxFileBytes = 64 * 1024

    /// The DER inside the one PEM block of `text`, which must carry `label` and its END line.
    /// The decoded DER may be secret: the caller wipes it.
    static func pemDER(_ text: String, label: String) throws(TenuoError) -> [UInt8] {
        let blocks = try PEM.blocks(in: text)
        guard blocks.count == 1, let block = blocks.first else {
            throw TenuoError(.invalidKey, "expected exactly one PEM block, found \(blocks.count)")
        }
        guard block.label == label else {
            throw TenuoError(.invalidKey, "expected PEM label '\(label)', found '\(block.label)'")
        }
        guard block.terminated else {
            throw TenuoError(.invalidKey, "PEM block '\(label)' has no END line")
        }
        return try Base64.decodeStandard(block.body)
    }

    /// Whether `bytes` begins with `prefix`.
    static func hasPrefix(_ bytes: [UInt8], _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && bytes.prefix(prefix.count).elementsEqual(prefix)
    }

    /// Which text form a trimmed key string is in.
    enum TextForm { case pem, hex, base64 }

    /// Detects the form the way the reference loaders do: PEM armor first, then exactly 64
    /// hex digits, otherwise base64.
    static func detect(_ trimmedText: String) -> TextForm {
        if trimmedText.utf8.starts(with: "-----BEGIN".utf8) { return .pem }
        if trimmedText.utf8.count == 64, trimmedText.utf8.allSatisfy({ Hex.nibble($0) != nil }) { return .hex }
        return .base64
    }

    /// `text` without leading and trailing whitespace (Unicode White_Space, as Python's
    /// `str.strip` and Rust's `trim` remove).
    static func trimmed(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }

    /// Decodes a 32-byte key from hex or base64 text, wiping scratch on failure.
    /// - Throws: `.invalidEncoding` for bad text, `.invalidKeyLength` for a wrong size.
    static func decode32(hex text: String, what: String) throws(TenuoError) -> [UInt8] {
        var bytes = try Hex.decode(text)
        guard bytes.count == 32 else {
            let n = bytes.count
            Sodium.memzero(&bytes)
            throw TenuoError(.invalidKeyLength, "\(what) must be 32 bytes (64 hex digits), got \(n) bytes")
        }
        return bytes
    }

    static func decode32(base64 text: String, what: String) throws(TenuoError) -> [UInt8] {
        var bytes = try Base64.decodeLenient(text)
        guard bytes.count == 32 else {
            let n = bytes.count
            Sodium.memzero(&bytes)
            throw TenuoError(.invalidKeyLength, "\(what) must be 32 bytes, base64 text decodes to \(n) bytes")
        }
        return bytes
    }

    /// The value of environment variable `name`.
    /// - Throws: `.invalidKey` naming the variable when it is unset or empty.
    static func environment(_ name: String, expecting: String) throws(TenuoError) -> String {
        guard let raw = getenv(name) else {
            throw TenuoError(.invalidKey, "environment variable '\(name)' is not set; set it to \(expecting)")
        }
        let value = String(cString: raw)
        guard !value.isEmpty else {
            throw TenuoError(.invalidKey, "environment variable '\(name)' is empty; set it to \(expecting)")
        }
        return value
    }

    /// Reads a whole file of at most `maxFileBytes` bytes with open/read/close.
    /// The caller owns the result and wipes it (it may hold a secret key).
    /// - Throws: `.ioError` with the system's reason, or for a file that is too large.
    static func readFile(_ path: String) throws(TenuoError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw TenuoError(.ioError, "cannot open key file '\(path)': \(errnoText())")
        }
        defer { _ = close(fd) }
        // One extra byte tells "exactly the limit" from "over the limit". Reserved up front so
        // the buffer never moves (no stray copies of a secret).
        var buffer = [UInt8](repeating: 0, count: maxFileBytes + 1)
        var filled = 0
        while filled < buffer.count {
            let n = buffer.withUnsafeMutableBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return read(fd, base + filled, raw.count - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                let reason = errnoText()
                Sodium.memzero(&buffer)
                throw TenuoError(.ioError, "cannot read key file '\(path)': \(reason)")
            }
            if n == 0 { break }
            filled += n
        }
        guard filled <= maxFileBytes else {
            Sodium.memzero(&buffer)
            throw TenuoError(.ioError, "key file '\(path)' is larger than \(maxFileBytes) bytes")
        }
        buffer.removeLast(buffer.count - filled)
        return buffer
    }

    private static func errnoText() -> String {
        let code = errno
        guard let text = strerror(code) else { return "errno \(code)" }
        return "\(String(cString: text)) (errno \(code))"
    }
}
