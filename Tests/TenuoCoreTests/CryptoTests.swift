import Foundation
import Testing

@testable import TenuoCore

private func hex(_ s: String) -> [UInt8] {
    (try? Hex.decode(s)) ?? []
}

/// The error code `body` throws, nil if it succeeds (the constraint suites' helper).
private func code(_ body: () throws -> Void) -> ErrorCode? { CT.code(body) }

@Suite struct CryptoTests {
    // MARK: Primitives

    @Test func sha256KnownAnswers() {
        #expect(
            Hex.encode(Sodium.sha256([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Hex.encode(Sodium.sha256(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let slice = Array("xxabcxx".utf8)[2..<5]
        #expect(Hex.encode(Sodium.sha256(slice)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func randomAndConstantTimeHelpers() {
        #expect(Sodium.randomBytes(0).isEmpty)
        #expect(Sodium.randomBytes(-5).isEmpty)
        let a = Sodium.randomBytes(32)
        let b = Sodium.randomBytes(32)
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(Sodium.equal(a, a))
        #expect(!Sodium.equal(a, b))
        #expect(!Sodium.equal(a, Array(a.prefix(31))))
        #expect(Sodium.equal([], []))
        var secret: [UInt8] = [1, 2, 3]
        Sodium.memzero(&secret)
        #expect(secret == [0, 0, 0])
    }

    /// RFC 8032 §7.1, tests 1 and 2.
    @Test func rfc8032Vectors() throws {
        let cases: [(seed: String, pk: String, msg: String, sig: String)] = [
            (
                "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
                "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
                "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
            ),
            (
                "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
                "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
                "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
            ),
        ]
        for c in cases {
            let key = try SigningKey(hex: c.seed)
            #expect(key.publicKey.hex == c.pk)
            let sig = key.sign(hex(c.msg))
            #expect(Hex.encode(sig) == c.sig)
            #expect(key.publicKey.verify(hex(c.msg), signature: sig))
            #expect(!key.publicKey.verify(hex(c.msg) + [0], signature: sig))
            var bad = sig
            bad[0] ^= 1
            #expect(!key.publicKey.verify(hex(c.msg), signature: bad))
            #expect(!key.publicKey.verify(hex(c.msg), signature: Array(sig.prefix(63))))
            #expect(!key.publicKey.verify(hex(c.msg), signature: sig + [0]))
        }
    }

    /// The buffered CSPRNG behind minted ids: every draw is fresh (no two of 200 agree, across
    /// refills of the 256-byte buffer), sizes outside 1…64 go to the CSPRNG directly.
    @Test func randomPoolHandsOutFreshBytes() {
        var seen = Set<[UInt8]>()
        for _ in 0..<200 {
            let b = RandomPool.withBytes(10) { Array($0) }
            #expect(b.count == 10)
            seen.insert(b)
        }
        #expect(seen.count == 200)
        #expect(RandomPool.withBytes(0) { $0.isEmpty } && RandomPool.withBytes(-1) { $0.isEmpty })
        #expect(RandomPool.withBytes(64) { $0.count } == 64 && RandomPool.withBytes(65) { $0.count } == 65)
    }

    /// The `keys` table of the spec vectors: seed → public key.
    @Test func vectorKeyTable() throws {
        for (role, seed, pk) in Vectors.keys {
            let key = try SigningKey(seed: hex(seed))
            #expect(key.publicKey.hex == pk, "role \(role)")
            #expect(try PublicKey(hex: pk) == key.publicKey)
            #expect(key.hexSeed() == seed)
        }
    }

    /// Spec vector A.1: Ed25519(control_plane, "tenuo-warrant-v1" || 0x01 || payload).
    @Test func warrantA1SignatureVerifies() throws {
        let issuer = try PublicKey(hex: Vectors.keys[0].2)
        let payload = hex(Vectors.a1PayloadHex)
        #expect(payload.count == 147)
        let message = Array("tenuo-warrant-v1".utf8) + [0x01] + payload
        #expect(message.count == 164)
        let sig = hex(Vectors.a1SignatureHex)
        #expect(issuer.verify(message, signature: sig))
        // Ed25519 signatures are deterministic: signing again gives the same bytes.
        let key = try SigningKey(hex: Vectors.keys[0].1)
        #expect(key.sign(message) == sig)
        // Without the context, or with another version byte, it does not verify.
        #expect(!issuer.verify([0x01] + payload, signature: sig))
        #expect(!issuer.verify(Array("tenuo-warrant-v1".utf8) + [0x02] + payload, signature: sig))
        // A different key does not verify it.
        #expect(!(try PublicKey(hex: Vectors.keys[1].2)).verify(message, signature: sig))
    }

    // MARK: Key formats

    /// Strings produced by the reference (tenuo 0.3.3) with
    /// `k = SigningKey.from_bytes(bytes(32*[1]))`, then `k.to_pem()`,
    /// `base64.b64encode(k.secret_key_bytes())`, `k.public_key.to_pem()` and
    /// `base64.b64encode(k.public_key.to_bytes())`.
    static let referencePrivatePEM = """
        -----BEGIN PRIVATE KEY-----
        MFECAQEwBQYDK2VwBCIEIAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB
        gSEAiojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=
        -----END PRIVATE KEY-----

        """
    static let referenceSeedBase64 = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE="
    static let referencePublicPEM = """
        -----BEGIN PUBLIC KEY-----
        MCowBQYDK2VwAyEAiojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=
        -----END PUBLIC KEY-----

        """
    static let referencePublicBase64 = "iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w="

    @Test func referenceExportsParseAndMatch() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 1, count: 32))
        let fromPEM = try SigningKey(pem: Self.referencePrivatePEM)
        let fromB64 = try SigningKey(base64: Self.referenceSeedBase64)
        #expect(fromPEM == key)
        #expect(fromB64 == key)
        #expect(try SigningKey(parsing: Self.referencePrivatePEM) == key)
        #expect(try SigningKey(parsing: "  \(Self.referenceSeedBase64)\n") == key)
        // Our exports are byte-identical to the reference's.
        #expect(key.pkcs8PEM() == Self.referencePrivatePEM)
        #expect(key.base64Seed() == Self.referenceSeedBase64)
        #expect(key.publicKey.pem == Self.referencePublicPEM)
        #expect(key.publicKey.base64 == Self.referencePublicBase64)
        #expect(try PublicKey(pem: Self.referencePublicPEM) == key.publicKey)
        #expect(try PublicKey(parsing: Self.referencePublicPEM) == key.publicKey)
        #expect(try PublicKey(parsing: Self.referencePublicBase64) == key.publicKey)
        #expect(key.publicKey.description == Vectors.keys[0].2)
        #expect(!key.description.contains(key.hexSeed()))
    }

    @Test func roundTrips() throws {
        for _ in 0..<8 {
            let key = SigningKey.generate()
            #expect(try SigningKey(hex: key.hexSeed()) == key)
            #expect(try SigningKey(hex: key.hexSeed().uppercased()) == key)
            #expect(try SigningKey(base64: key.base64Seed()) == key)
            #expect(try SigningKey(pem: key.pkcs8PEM()) == key)
            #expect(try SigningKey(parsing: key.pkcs8PEM()) == key)
            #expect(try SigningKey(parsing: key.hexSeed()) == key)
            #expect(try SigningKey(parsing: key.base64Seed()) == key)
            #expect(try SigningKey(parsing: Base64.encodeURL(key.seedBytes())) == key)
            #expect(try SigningKey(seed: key.seedBytes()) == key)
            let pk = key.publicKey
            #expect(try PublicKey(hex: pk.hex) == pk)
            #expect(try PublicKey(base64: pk.base64) == pk)
            #expect(try PublicKey(pem: pk.pem) == pk)
            #expect(try PublicKey(parsing: pk.hex) == pk)
            #expect(try PublicKey(parsing: "\t" + pk.pem.replacingOccurrences(of: "\n", with: "\r\n")) == pk)
            let msg = Sodium.randomBytes(100)
            #expect(pk.verify(msg, signature: key.sign(msg)))
        }
        #expect(SigningKey.generate() != SigningKey.generate())
    }

    /// PKCS#8 v1 (seed only, what `openssl genpkey -algorithm ed25519` writes).
    @Test func pkcs8V1Accepted() throws {
        let seed = [UInt8](repeating: 2, count: 32)
        let der = hex("302e020100300506032b657004220420") + seed
        let pem = PEM.armor(label: "PRIVATE KEY", base64Body: Base64.encodeStandard(der))
        #expect(try SigningKey(pem: pem) == SigningKey(seed: seed))
        // Explanatory text before the block is fine (the reference accepts it too).
        #expect(try SigningKey(pem: "Ed25519 key\n" + pem) == SigningKey(seed: seed))
    }

    @Test func keyRejections() {
        #expect(code { _ = try PublicKey(bytes: [UInt8](repeating: 9, count: 31)) } == .invalidKeyLength)
        #expect(code { _ = try PublicKey(bytes: [UInt8](repeating: 9, count: 33)) } == .invalidKeyLength)
        #expect(code { _ = try PublicKey(bytes: []) } == .invalidKeyLength)
        #expect(code { _ = try SigningKey(seed: [UInt8](repeating: 9, count: 33)) } == .invalidKeyLength)
        #expect(code { _ = try SigningKey(seed: [UInt8](repeating: 9, count: 31)) } == .invalidKeyLength)
        #expect(code { _ = try PublicKey(hex: String(repeating: "ab", count: 33)) } == .invalidKeyLength)
        #expect(code { _ = try PublicKey(hex: String(repeating: "zz", count: 32)) } == .invalidEncoding)
        #expect(
            code { _ = try SigningKey(base64: Base64.encodeStandard([UInt8](repeating: 1, count: 33))) }
                == .invalidKeyLength)
        #expect(code { _ = try SigningKey(base64: "not base64 at all!!") } == .invalidEncoding)
        #expect(code { _ = try SigningKey(parsing: "") } == .invalidKeyLength)
        // Non-canonical trailing bits: the reference's seed text with its last symbol bumped.
        #expect(code { _ = try SigningKey(base64: "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF=") } == .invalidEncoding)
        #expect(code { _ = try SigningKey(base64: "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQF") } == .invalidEncoding)
        // Wrong PEM labels.
        #expect(code { _ = try SigningKey(pem: Self.referencePublicPEM) } == .invalidKey)
        #expect(code { _ = try PublicKey(pem: Self.referencePrivatePEM) } == .invalidKey)
        #expect(
            code {
                _ = try PublicKey(
                    pem: Self.referencePublicPEM.replacingOccurrences(of: "PUBLIC KEY", with: "EC PUBLIC KEY"))
            }
                == .invalidKey)
        // Missing END line, two blocks, mismatched END label, garbage body.
        let noEnd = Self.referencePrivatePEM.replacingOccurrences(of: "-----END PRIVATE KEY-----\n", with: "")
        #expect(code { _ = try SigningKey(pem: noEnd) } == .invalidKey)
        #expect(code { _ = try PublicKey(pem: Self.referencePublicPEM + Self.referencePublicPEM) } == .invalidKey)
        #expect(
            code { _ = try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PRIVATE KEY-----\n") }
                == .invalidEncoding)
        #expect(
            code { _ = try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\n!!!!\n-----END PUBLIC KEY-----\n") }
                == .invalidEncoding)
        #expect(
            code { _ = try PublicKey(pem: "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n") }
                == .invalidKey)
        // A v2 PKCS#8 whose embedded public key does not match the seed.
        let mismatched =
            hex("3051020101300506032b657004220420") + [UInt8](repeating: 1, count: 32) + hex("812100")
            + [UInt8](repeating: 7, count: 32)
        #expect(
            code {
                _ = try SigningKey(pem: PEM.armor(label: "PRIVATE KEY", base64Body: Base64.encodeStandard(mismatched)))
            }
                == .invalidKey)
        // A SPKI with another algorithm OID (X25519, 1.3.101.110).
        let x25519 = hex("302a300506032b656e032100") + [UInt8](repeating: 9, count: 32)
        #expect(
            code { _ = try PublicKey(pem: PEM.armor(label: "PUBLIC KEY", base64Body: Base64.encodeStandard(x25519))) }
                == .invalidKey)
    }

    /// Every encoding of a small-order point is rejected, as the reference rejects them all
    /// ("small-order or weak public key rejected"); checked against tenuo 0.3.3.
    @Test func weakPublicKeysRejected() throws {
        let weak = [
            "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
            "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "0100000000000000000000000000000000000000000000000000000000000000",
            "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        ]
        for w in weak {
            var b = hex(w)
            #expect(code { _ = try PublicKey(bytes: b) } == .invalidKey, "\(w)")
            b[31] |= 0x80
            #expect(code { _ = try PublicKey(bytes: b) } == .invalidKey, "\(w) with sign bit")
        }
        // The reference accepts all-0xff (a non-canonical encoding); so do we.
        #expect(throws: Never.self) { try PublicKey(bytes: [UInt8](repeating: 0xff, count: 32)) }
    }

    // MARK: Wire form

    @Test func wireForm() throws {
        let pk = try PublicKey(hex: Vectors.keys[1].2)
        var w = CBORWriter()
        pk.writeWire(to: &w)
        #expect(Hex.encode(w.bytes) == "82015820" + Vectors.keys[1].2)
        // The holder field of vector A.1 carries exactly these bytes.
        #expect(Vectors.a1PayloadHex.contains(Hex.encode(w.bytes)))
        #expect(try PublicKey(wire: CBORReader.decode(w.bytes)) == pk)
        // The reference also decodes the key as an array of 32 uints.
        #expect(try PublicKey(wire: .array([.unsigned(1), .array(pk.bytes.map { .unsigned(UInt64($0)) })])) == pk)

        #expect(code { _ = try PublicKey(wire: .array([.unsigned(2), .bytes(pk.bytes)])) } == .unsupportedAlgorithm)
        #expect(code { _ = try PublicKey(wire: .array([.negative(0), .bytes(pk.bytes)])) } == .unsupportedAlgorithm)
        #expect(
            code { _ = try PublicKey(wire: .array([.unsigned(1), .bytes(Array(pk.bytes.prefix(31)))])) }
                == .invalidKeyLength)
        #expect(code { _ = try PublicKey(wire: .array([.unsigned(1), .bytes(pk.bytes + [0])])) } == .invalidKeyLength)
        #expect(code { _ = try PublicKey(wire: .array([.text("1"), .bytes(pk.bytes)])) } == .invalidPayloadStructure)
        #expect(code { _ = try PublicKey(wire: .array([.unsigned(1), .text(pk.hex)])) } == .invalidPayloadStructure)
        #expect(
            code { _ = try PublicKey(wire: .array([.unsigned(1), .bytes(pk.bytes), .null])) }
                == .invalidPayloadStructure)
        #expect(code { _ = try PublicKey(wire: .array([.unsigned(1)])) } == .invalidPayloadStructure)
        #expect(code { _ = try PublicKey(wire: .bytes(pk.bytes)) } == .invalidPayloadStructure)
        #expect(
            code { _ = try PublicKey(wire: .array([.unsigned(1), .array(pk.bytes.map { _ in .unsigned(256) })])) }
                == .invalidPayloadStructure)
        #expect(
            code { _ = try PublicKey(wire: .array([.unsigned(1), .bytes([UInt8](repeating: 0, count: 32))])) }
                == .invalidKey)
    }

    // MARK: Loading

    @Test func environmentLoading() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 3, count: 32))
        let name = "TENUO_TEST_KEY_\(UInt32.random(in: 0...UInt32.max))"
        let pubName = name + "_PUB"
        defer {
            unsetenv(name)
            unsetenv(pubName)
        }
        #expect(throws: TenuoError.self) { try SigningKey.fromEnvironment(name) }
        do {
            _ = try SigningKey.fromEnvironment(name)
        } catch {
            #expect(error.code == .invalidKey)
            #expect(error.message.contains(name))
        }
        setenv(name, "", 1)
        #expect(code { _ = try SigningKey.fromEnvironment(name) } == .invalidKey)
        for value in [key.hexSeed(), key.base64Seed(), " \(key.base64Seed())\n", key.pkcs8PEM()] {
            setenv(name, value, 1)
            #expect(try SigningKey.fromEnvironment(name) == key)
        }
        setenv(name, "garbage", 1)
        #expect(code { _ = try SigningKey.fromEnvironment(name) } == .invalidKey)

        for value in [key.publicKey.hex, key.publicKey.base64, key.publicKey.pem] {
            setenv(pubName, value, 1)
            #expect(try PublicKey.fromEnvironment(pubName) == key.publicKey)
        }
        #expect(code { _ = try PublicKey.fromEnvironment(pubName + "_MISSING") } == .invalidKey)
    }

    @Test func fileLoading() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 4, count: 32))
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tenuo-keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func write(_ name: String, _ data: Data) -> String {
            let url = dir.appendingPathComponent(name)
            #expect(FileManager.default.createFile(atPath: url.path, contents: data))
            return url.path
        }
        let raw = write("raw.key", Data(key.seedBytes()))
        #expect(try SigningKey.fromFile(raw) == key)
        #expect(try SigningKey.fromFile(write("hex.key", Data((key.hexSeed() + "\n").utf8))) == key)
        #expect(try SigningKey.fromFile(write("b64.key", Data((key.base64Seed() + "\r\n").utf8))) == key)
        #expect(try SigningKey.fromFile(write("pem.key", Data(key.pkcs8PEM().utf8))) == key)
        #expect(try PublicKey.fromFile(write("pub.raw", Data(key.publicKey.bytes))) == key.publicKey)
        #expect(try PublicKey.fromFile(write("pub.pem", Data(key.publicKey.pem.utf8))) == key.publicKey)

        let missing = dir.appendingPathComponent("nope").path
        do {
            _ = try SigningKey.fromFile(missing)
            Issue.record("missing file accepted")
        } catch {
            #expect(error.code == .ioError)
            #expect(error.message.contains("No such file"))
        }
        #expect(code { _ = try SigningKey.fromFile(dir.path) } == .ioError)  // a directory
        #expect(code { _ = try SigningKey.fromFile(write("big.key", Data(count: 64 * 1024 + 1))) } == .ioError)
        #expect(code { _ = try SigningKey.fromFile(write("bad.key", Data([0xff, 0xfe, 0x00]))) } == .invalidKey)
        #expect(code { _ = try SigningKey.fromFile(write("33.key", Data(count: 33))) } == .invalidKey)
    }

    // MARK: In-place message forms (Warrant signing and decoding)

    /// `sign(prefix:_:_:)` and `verify(prefix:_:in:message:signature:)` compose
    /// `prefix || byte || body` in a temporary buffer: they must sign and check exactly the bytes
    /// of the array form, refuse any change to them and refuse ranges outside the envelope.
    @Test func inPlaceMessageFormsMatchArrayForm() throws {
        let key = try SigningKey(seed: [UInt8](repeating: 7, count: 32))
        let pk = key.publicKey
        let prefix = Array("tenuo-warrant-v1".utf8)
        // A small body (stack buffer) and one larger than any stack threshold (heap buffer).
        for n in [0, 1, 300, 70_000] {
            let body = (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 5) }
            let message = prefix + [1] + body
            let sig = key.sign(prefix: prefix, 1, body)
            #expect(sig.count == 64)
            #expect(sig == key.sign(message))
            #expect(pk.verify(message, signature: sig))
            // An envelope-like array: 3 junk bytes, the body, 2 junk bytes, the signature.
            let env = [0xaa, 0xbb, 0xcc] + body + [0xdd, 0xee] + sig
            let bodyRange = 3..<(3 + n)
            let sigRange = (env.count - 64)..<env.count
            #expect(pk.verify(prefix: prefix, 1, in: env, message: bodyRange, signature: sigRange))
            // Another prefix, version byte, key, message range or signature byte: refused.
            #expect(!pk.verify(prefix: Array("tenuo-warrant-v2".utf8), 1, in: env, message: bodyRange, signature: sigRange))
            #expect(!pk.verify(prefix: prefix, 2, in: env, message: bodyRange, signature: sigRange))
            #expect(!SigningKey.generate().publicKey.verify(prefix: prefix, 1, in: env, message: bodyRange,
                                                            signature: sigRange))
            #expect(!pk.verify(prefix: prefix, 1, in: env, message: 2..<(3 + n), signature: sigRange))
            var bad = env
            bad[sigRange.lowerBound + 5] ^= 1
            #expect(!pk.verify(prefix: prefix, 1, in: bad, message: bodyRange, signature: sigRange))
            if n > 0 {
                bad = env
                bad[3 + n / 2] ^= 0x80
                #expect(!pk.verify(prefix: prefix, 1, in: bad, message: bodyRange, signature: sigRange))
            }
            // Ranges outside the array or a signature range of the wrong length: false, no trap.
            #expect(!pk.verify(prefix: prefix, 1, in: env, message: bodyRange, signature: (env.count - 63)..<(env.count + 1)))
            #expect(!pk.verify(prefix: prefix, 1, in: env, message: bodyRange, signature: (env.count - 63)..<env.count))
            #expect(!pk.verify(prefix: prefix, 1, in: env, message: 3..<(env.count + 1), signature: sigRange))
            #expect(!pk.verify(prefix: prefix, 1, in: [], message: 0..<0, signature: 0..<0))
        }
    }

    /// The UUIDv7 layout: 48-bit big-endian milliseconds, version 7, variant 10, random bits.
    @Test func warrantIDv7Layout() {
        let random: [UInt8] = [0xff, 0x12, 0xff, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0]
        let id = WarrantID.v7(unixMillis: 0x0123_4567_89ab, random: random)
        #expect(id.hex == "0123456789ab7f12bf3456789abcdef0")
        // Fewer random bytes than 10: the rest are zero (and still version 7, variant 10).
        #expect(WarrantID.v7(unixMillis: 0xffff_0000_0000_0001, random: [0x01]).hex == "000000000001710080" + "00000000000000")
        // A slice not starting at 0 gives the same id as the array of its bytes.
        let padded = [0xee, 0xee] + random
        #expect(WarrantID.v7(unixMillis: 0x0123_4567_89ab, random: padded[2...]) == id)
        // Fresh ids (random bits read in place from RandomPool): layout kept, bits differ.
        let a = WarrantID.v7(unixMillis: 0x0123_4567_89ab)
        let b = WarrantID.v7(unixMillis: 0x0123_4567_89ab)
        for x in [a, b] {
            #expect(x.hex.hasPrefix("0123456789ab7"))
            #expect([0x80, 0x90, 0xa0, 0xb0].contains(x.bytes[8] & 0xf0))
        }
        #expect(a != b)
    }

}
