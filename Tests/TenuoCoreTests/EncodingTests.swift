import Foundation
import Testing

@testable import TenuoCore

@Suite struct EncodingTests {
    // MARK: Hex

    @Test func hexRoundTrip() throws {
        let all = (0...255).map { UInt8($0) }
        let text = Hex.encode(all)
        #expect(text.count == 512)
        #expect(text.hasPrefix("000102030405060708090a0b0c0d0e0f10"))
        #expect(text.hasSuffix("fdfeff"))
        #expect(try Hex.decode(text) == all)
        #expect(try Hex.decode(text.uppercased()) == all)
        #expect(Hex.encode([UInt8]()) == "")
        #expect(try Hex.decode("") == [])
        #expect(Hex.encode([UInt8](repeating: 0xab, count: 3)[1...]) == "abab")
    }

    @Test func hexRejects() {
        for bad in ["a", "abc", "zz", "0g", "  ", "0x00", "ab cd", "é1"] {
            #expect(throws: TenuoError.self) { try Hex.decode(bad) }
            do {
                _ = try Hex.decode(bad)
            } catch {
                #expect(error.code == .invalidEncoding)
            }
        }
    }

    // MARK: Base64

    /// RFC 4648 §10 test vectors.
    static let rfc4648: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
        ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func base64RFCVectors() throws {
        for (plain, encoded) in Self.rfc4648 {
            let bytes = Array(plain.utf8)
            #expect(Base64.encodeStandard(bytes) == encoded)
            let unpadded = encoded.replacingOccurrences(of: "=", with: "")
            #expect(Base64.encodeStandard(bytes, padding: false) == unpadded)
            #expect(Base64.encodeURL(bytes) == unpadded)
            #expect(try Base64.decodeStandard(encoded) == bytes)
            #expect(try Base64.decodeStandard(unpadded) == bytes)
            #expect(try Base64.decodeURL(unpadded) == bytes)
            #expect(try Base64.decodeLenient(encoded) == bytes)
            #expect(try Base64.decodeLenient(unpadded) == bytes)
        }
    }

    /// Cross-check against Foundation's encoder for every length up to 200.
    @Test func base64MatchesFoundation() throws {
        var rng = SystemRandomNumberGenerator()
        for n in 0...200 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let std = Data(bytes).base64EncodedString()
            #expect(Base64.encodeStandard(bytes) == std)
            let url = std.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(Base64.encodeURL(bytes) == url)
            #expect(try Base64.decodeURL(url) == bytes)
            #expect(try Base64.decodeStandard(std) == bytes)
            #expect(try Base64.decodeLenient(url) == bytes)
        }
    }

    @Test func base64URLWarrantRules() throws {
        // Padding rejected, standard alphabet rejected.
        for bad in ["Zg==", "Zm8=", "ab+c", "ab/c", "Zg=", "="] {
            #expect(throws: TenuoError.self) { try Base64.decodeURL(bad) }
        }
        #expect(try Base64.decodeURL("-_-_") == [0xfb, 0xff, 0xbf])
        // Non-canonical trailing bits: "Zh" would decode to "f" with leftover bits set.
        #expect(try Base64.decodeURL("Zg") == Array("f".utf8))
        for bad in ["Zh", "Zm9", "Zm9vYh", "AB", "AAB"] {
            #expect(throws: TenuoError.self) { try Base64.decodeURL(bad) }
        }
        #expect(try Base64.decodeURL("Zm8") == Array("fo".utf8))
        // A single leftover symbol is never valid.
        #expect(throws: TenuoError.self) { try Base64.decodeURL("Zm9vY") }
        // Whitespace anywhere is ignored, including Unicode White_Space (as Rust's is_whitespace).
        #expect(try Base64.decodeURL(" Zm9v\r\n Ym\tFy \u{0B}\u{0C}") == Array("foobar".utf8))
        #expect(try Base64.decodeURL("Zm9v\u{00A0}YmFy\u{2028}") == Array("foobar".utf8))
        // Other non-ASCII characters are rejected.
        #expect(throws: TenuoError.self) { try Base64.decodeURL("Zm9vé") }
        #expect(throws: TenuoError.self) { try Base64.decodeURL("Zm9v\0") }
    }

    /// The four-symbol group loop hands over to the symbol-by-symbol loop at the first group
    /// holding anything else: whitespace or a bad symbol at every position of texts of every
    /// length up to 40 bytes must give what the rules say (the same bytes, or an error).
    @Test func base64GroupLoopHandsOverAtEveryPosition() throws {
        var rng = SystemRandomNumberGenerator()
        for n in 0...40 {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let url = Array(Base64.encodeURL(bytes).utf8)
            #expect(Base64.decodeURL(asciiBytes: url) == bytes)
            for k in 0...url.count {
                var spaced = url
                spaced.insert(UInt8(ascii: k % 2 == 0 ? " " : "\n"), at: k)
                #expect(Base64.decodeURL(asciiBytes: spaced) == bytes, "whitespace at \(k) of \(n) bytes")
                #expect(try Base64.decodeLenient(String(decoding: spaced, as: UTF8.self)) == bytes)
                var bad = url
                bad.insert(UInt8(ascii: k % 2 == 0 ? "!" : "="), at: k)
                #expect(Base64.decodeURL(asciiBytes: bad) == nil, "bad symbol at \(k) of \(n) bytes")
                #expect(throws: TenuoError.self) { try Base64.decodeURL(String(decoding: bad, as: UTF8.self)) }
            }
        }
    }

    @Test func base64StandardRules() throws {
        #expect(try Base64.decodeStandard("+/+/") == [0xfb, 0xff, 0xbf])
        for bad in ["Zg=", "Zg===", "Z===", "Zm8==", "Zg==Zg==", "Zg=a", "-_-_", "Zm9v YmFy", "Zh==", "Zm9="] {
            #expect(throws: TenuoError.self) { try Base64.decodeStandard(bad) }
        }
    }

    @Test func base64LenientRules() throws {
        #expect(try Base64.decodeLenient("+/-_") == [0xfb, 0xff, 0xbf])
        #expect(try Base64.decodeLenient(" Zm9v\nYg== ") == Array("foob".utf8))
        for bad in ["Zh", "Zh==", "Zg=", "Zm9v!", "Zm9vY"] {
            #expect(throws: TenuoError.self) { try Base64.decodeLenient(bad) }
        }
        do {
            _ = try Base64.decodeLenient("Zh")
        } catch {
            #expect(error.code == .invalidEncoding)
        }
    }

    /// Spec vector A.1: the warrant's base64url text decodes to the envelope bytes.
    @Test func base64URLOfWarrantVectorA1() throws {
        let bytes = try Base64.decodeURL(Vectors.a1Base64URL)
        #expect(Hex.encode(bytes) == Vectors.a1EnvelopeHex)
        #expect(Base64.encodeURL(bytes) == Vectors.a1Base64URL)
    }

    // MARK: PEM

    @Test func pemWarrantFromReference() throws {
        // Produced by the reference: `Warrant(<A.1 base64url>).to_pem()` (tenuo 0.3.3).
        let pem = """
            -----BEGIN TENUO WARRANT-----
            gwFYk6oAAQFQAZRx-AAAcACAAAAAAAAAAQIAA6FpcmVhZF9maWxloWtjb25zdHJh
            aW50c6FkcGF0aIIQ9gSCAVgggTl3Dqh9F19Wo1Rmw0x-zMuNipG07jeiXfYPW4_J
            s5QFggFYIIqI4910CfGV_VLbLTy6XXLKZwm_HZQSG_N0iAG0D29cBhplkgCABxpl
            kg6QCAMSAIIBWEBDlng-ifN-6_p9Ja19YdbN37tsWOreDpzMbih1nx61azwDhzpi
            Mkg9BfdmSB7fn4VWCIGu0Dtu8ldxKFQJ5tgA
            -----END TENUO WARRANT-----

            """
        let blocks = try PEM.blocks(in: pem)
        #expect(blocks == [PEMBlock(label: "TENUO WARRANT", body: Vectors.a1Base64URL)])
        #expect(PEM.armor(label: "TENUO WARRANT", base64Body: Vectors.a1Base64URL) == pem)
        #expect(Hex.encode(try Base64.decodeURL(blocks[0].body)) == Vectors.a1EnvelopeHex)
    }

    @Test func pemMultipleBlocksCRLFJunkAndMissingEnd() throws {
        let text =
            "junk before\r\n\r\n"
            + "-----BEGIN A-----\r\nQUFB\r\n QkJC \r\n-----END A-----\r\n"
            + "between\n"
            + "  -----BEGIN B C-----  \nZm9v\nYmFy\n-----END B C-----\n"
            + "-----BEGIN LAST-----\nYWJj\n"
        let blocks = try PEM.blocks(in: text)
        #expect(
            blocks == [
                PEMBlock(label: "A", body: "QUFBQkJC"),
                PEMBlock(label: "B C", body: "Zm9vYmFy"),
                PEMBlock(label: "LAST", body: "YWJj", terminated: false),
            ])
        #expect(try PEM.blocks(in: "no armor here\n") == [])
        #expect(try PEM.blocks(in: "") == [])
        // Junk after the last END line is ignored.
        #expect(try PEM.blocks(in: "-----BEGIN X-----\nAA\n-----END X-----\ntrailing\n").count == 1)
    }

    @Test func pemRejects() {
        let bad = [
            "-----BEGIN A-----\nQUFB\n-----END B-----\n",  // mismatched labels
            "-----END A-----\n",  // END without BEGIN
            "-----BEGIN A-----\n-----BEGIN B-----\n-----END B-----\n",  // nested BEGIN
            "-----BEGIN A----\nQUFB\n-----END A-----\n",  // malformed boundary
            "-----BEGIN -----\nQUFB\n-----END -----\n",  // empty label
            "-----BEGIN A-----\n-----XYZ-----\n-----END A-----\n",  // stray boundary inside
        ]
        for text in bad {
            #expect(throws: TenuoError.self) { try PEM.blocks(in: text) }
        }
    }

    @Test func pemArmorWidths() throws {
        let body = String(repeating: "A", count: 130)
        let armored = PEM.armor(label: "X", base64Body: body)
        let lines = armored.split(separator: "\n")
        #expect(lines.map(\.count) == [17, 64, 64, 2, 15])
        #expect(
            PEM.armor(label: "X", base64Body: body, lineWidth: 76).split(separator: "\n").map(\.count) == [
                17, 76, 54, 15,
            ])
        #expect(PEM.armor(label: "X", base64Body: "") == "-----BEGIN X-----\n-----END X-----\n")
        #expect(try PEM.blocks(in: armored) == [PEMBlock(label: "X", body: body)])
    }
}

/// Bytes copied from /work/shared/vectors/tenuo-v1-spec-vectors.json (spec vector A.1).
enum Vectors {
    static let a1PayloadHex =
        "aa00010150019471f8000070008000000000000001020003a169726561645f66696c65a16b636f6e73747261696e7473"
        + "a164706174688210f604820158208139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b3940582"
        + "0158208a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c061a65920080071a65920e9008"
        + "031200"
    static let a1SignatureHex =
        "4396783e89f37eebfa7d25ad7d61d6cddfbb6c58eade0e9ccc6e28759f1eb56b3c03873a6232483d05f766481edf9f85"
        + "560881aed03b6ef25771285409e6d800"
    /// CBOR `[1, bstr(147) payload, [1, bstr(64) signature]]`.
    static let a1EnvelopeHex = "83015893" + a1PayloadHex + "82015840" + a1SignatureHex
    static let a1Base64URL =
        "gwFYk6oAAQFQAZRx-AAAcACAAAAAAAAAAQIAA6FpcmVhZF9maWxloWtjb25zdHJhaW50c6FkcGF0aIIQ9gSCAVgggTl3Dqh9"
        + "F19Wo1Rmw0x-zMuNipG07jeiXfYPW4_Js5QFggFYIIqI4910CfGV_VLbLTy6XXLKZwm_HZQSG_N0iAG0D29cBhplkgCABxpl"
        + "kg6QCAMSAIIBWEBDlng-ifN-6_p9Ja19YdbN37tsWOreDpzMbih1nx61azwDhzpiMkg9BfdmSB7fn4VWCIGu0Dtu8ldxKFQJ"
        + "5tgA"

    /// The `keys` table: role → (seed hex, public key hex).
    static let keys: [(String, String, String)] = [
        (
            "control_plane", "0101010101010101010101010101010101010101010101010101010101010101",
            "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
        ),
        (
            "orchestrator", "0202020202020202020202020202020202020202020202020202020202020202",
            "8139770ea87d175f56a35466c34c7ecccb8d8a91b4ee37a25df60f5b8fc9b394"
        ),
        (
            "worker", "0303030303030303030303030303030303030303030303030303030303030303",
            "ed4928c628d1c2c6eae90338905995612959273a5c63f93636c14614ac8737d1"
        ),
        (
            "worker2", "0404040404040404040404040404040404040404040404040404040404040404",
            "ca93ac1705187071d67b83c7ff0efe8108e8ec4530575d7726879333dbdabe7c"
        ),
        (
            "attacker", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
            "76a1592044a6e4f511265bca73a604d90b0529d1df602be30a19a9257660d1f5"
        ),
        (
            "approver1", "1111111111111111111111111111111111111111111111111111111111111111",
            "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"
        ),
        (
            "approver2", "1212121212121212121212121212121212121212121212121212121212121212",
            "204040e364c10f2bec9c1fe500a1cd4c247c89d650a01ed7e82caba867877c21"
        ),
        (
            "approver3", "1313131313131313131313131313131313131313131313131313131313131313",
            "66cd608b928b88e50e0efeaa33faf1c43cefe07294b0b87e9fe0aba6a3cf7633"
        ),
    ]
}
