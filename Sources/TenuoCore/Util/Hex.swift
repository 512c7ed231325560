/// Hexadecimal text: lowercase on output, either case on input.
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lowercase hex, two characters per byte.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        let n = bytes.count
        if n == 0 { return "" }
        let (len, overflow) = n.multipliedReportingOverflow(by: 2)
        if overflow { return "" }  // unreachable for any real buffer; never trap
        return String(unsafeUninitializedCapacity: len) { out in
            var i = 0
            digits.withUnsafeBufferPointer { d in
                for b in bytes {
                    guard i < len &- 1 else { break }
                    out[i] = d[Int(b >> 4)]
                    out[i &+ 1] = d[Int(b & 0x0f)]
                    i &+= 2
                }
            }
            return i
        }
    }

    /// Decodes hex text (upper or lower case, no separators, no `0x` prefix).
    ///
    /// The result may be key material: on failure any partially decoded bytes are wiped.
    /// - Throws: `.invalidEncoding` for an odd length or a non-hex character.
    public static func decode(_ s: String) throws(TenuoError) -> [UInt8] {
        var text = s
        let result = text.withUTF8 { decodeBuffer($0) }
        return try result.get()
    }

    private static func decodeBuffer(_ text: UnsafeBufferPointer<UInt8>) -> Result<[UInt8], TenuoError> {
        let n = text.count
        guard n % 2 == 0 else {
            return .failure(TenuoError(.invalidEncoding, "hex text has odd length \(n)"))
        }
        var out = [UInt8](repeating: 0, count: n / 2)
        let bad: Int? = out.withUnsafeMutableBufferPointer { dst in
            var i = 0
            while i < dst.count {
                let a = text[2 &* i]
                let b = text[2 &* i &+ 1]
                guard let hi = nibble(a) else { return 2 &* i }
                guard let lo = nibble(b) else { return 2 &* i &+ 1 }
                dst[i] = (hi << 4) | lo
                i &+= 1
            }
            return nil
        }
        if let bad {
            Sodium.memzero(&out)
            return .failure(TenuoError(.invalidEncoding, "invalid hex character at offset \(bad)"))
        }
        return .success(out)
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }
}
