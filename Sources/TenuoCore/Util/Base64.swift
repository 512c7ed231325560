/// Base64 (RFC 4648) in the three dialects Tenuo meets.
///
/// - `URL`: warrants on the wire. URL-safe alphabet, no `=` padding, whitespace ignored,
///   non-canonical trailing bits rejected (the reference's `URL_SAFE_NO_PAD` decoder after its
///   whitespace stripping).
/// - `Standard`: `+/` alphabet; padding optional on input but, when present, exactly right.
/// - `Lenient`: key material. Either alphabet, padded or not, whitespace ignored; still rejects
///   non-canonical trailing bits, so one key has exactly one text form per alphabet.
///
/// Decoders wipe their scratch buffers on failure, so they are safe for secrets.
public enum Base64 {
    /// Encodes with the URL-safe alphabet and no padding (the warrant wire form).
    public static func encodeURL(_ bytes: [UInt8]) -> String {
        encode(bytes, alphabet: urlAlphabet, padding: false)
    }

    /// Encodes with the standard alphabet, padded with `=` unless `padding` is false.
    public static func encodeStandard(_ bytes: [UInt8], padding: Bool = true) -> String {
        encode(bytes, alphabet: standardAlphabet, padding: padding)
    }

    /// Decodes a warrant's URL-safe text: `-_` alphabet only, `=` rejected, non-canonical
    /// trailing bits rejected, whitespace anywhere ignored (ASCII and Unicode White_Space, as
    /// the reference strips with Rust's `char::is_whitespace`).
    /// - Throws: `.invalidEncoding` saying what is wrong and where.
    public static func decodeURL(_ s: String) throws(TenuoError) -> [UInt8] {
        try decode(s, Rules(table: urlTable, groups: urlGroups, stripWhitespace: true, allowPadding: false))
    }

    /// `decodeURL` of text given as its UTF-8 bytes, when those are all ASCII: the same bytes
    /// as `decodeURL(String(bytes))`, or nil where that would throw or where a byte is not ASCII
    /// (callers then take the `String` route, which produces the error). `decodeBuffer` takes
    /// whole groups of four symbols at a time, the shape of every warrant's text.
    static func decodeURL(asciiBytes text: [UInt8]) -> [UInt8]? {
        text.withUnsafeBufferPointer { decodeURL(asciiBytes: $0) }
    }

    /// `decodeURL(asciiBytes:)` of bytes read in place (a caller's buffer, not copied).
    static func decodeURL(asciiBytes text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        let outcome = decodeBuffer(
            text, Rules(table: urlTable, groups: urlGroups, stripWhitespace: true, allowPadding: false))
        if case .done(let bytes) = outcome { return bytes }
        return nil
    }

    /// Decodes standard-alphabet text. Padding may be omitted; if present it must be exact.
    /// Whitespace is not allowed.
    /// - Throws: `.invalidEncoding`.
    public static func decodeStandard(_ s: String) throws(TenuoError) -> [UInt8] {
        try decode(s, Rules(table: standardTable, groups: standardGroups, stripWhitespace: false, allowPadding: true))
    }

    /// Decodes key material: either alphabet, padding optional (exact when present),
    /// whitespace ignored. Non-canonical trailing bits are still rejected.
    /// - Throws: `.invalidEncoding`.
    public static func decodeLenient(_ s: String) throws(TenuoError) -> [UInt8] {
        try decode(s, Rules(table: lenientTable, groups: lenientGroups, stripWhitespace: true, allowPadding: true))
    }

    // MARK: - Encoding

    private static let standardAlphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    private static func encode(_ bytes: [UInt8], alphabet: [UInt8], padding: Bool) -> String {
        let n = bytes.count
        if n == 0 { return "" }
        let full = n / 3
        let rest = n % 3
        // n < Int.max / 2 for any array that exists, so this cannot overflow.
        let len = full * 4 + (rest == 0 ? 0 : (padding ? 4 : rest + 1))
        return String(unsafeUninitializedCapacity: len) { out in
            alphabet.withUnsafeBufferPointer { a in
                bytes.withUnsafeBufferPointer { b in
                    var i = 0
                    var o = 0
                    while i &+ 2 < n {
                        let v = UInt32(b[i]) << 16 | UInt32(b[i &+ 1]) << 8 | UInt32(b[i &+ 2])
                        out[o] = a[Int(v >> 18)]
                        out[o &+ 1] = a[Int((v >> 12) & 63)]
                        out[o &+ 2] = a[Int((v >> 6) & 63)]
                        out[o &+ 3] = a[Int(v & 63)]
                        i &+= 3
                        o &+= 4
                    }
                    if rest == 1 {
                        let v = UInt32(b[i]) << 16
                        out[o] = a[Int(v >> 18)]
                        out[o &+ 1] = a[Int((v >> 12) & 63)]
                        o &+= 2
                        if padding {
                            out[o] = UInt8(ascii: "=")
                            out[o &+ 1] = UInt8(ascii: "=")
                            o &+= 2
                        }
                    } else if rest == 2 {
                        let v = UInt32(b[i]) << 16 | UInt32(b[i &+ 1]) << 8
                        out[o] = a[Int(v >> 18)]
                        out[o &+ 1] = a[Int((v >> 12) & 63)]
                        out[o &+ 2] = a[Int((v >> 6) & 63)]
                        o &+= 3
                        if padding {
                            out[o] = UInt8(ascii: "=")
                            o &+= 1
                        }
                    }
                    return o
                }
            }
        }
    }

    // MARK: - Decoding

    private static let invalid: UInt8 = 0xff

    private static func makeTable(_ alphabets: [[UInt8]]) -> [UInt8] {
        var t = [UInt8](repeating: invalid, count: 256)
        for alphabet in alphabets {
            for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(truncatingIfNeeded: i) }
        }
        return t
    }

    private static let standardTable = makeTable([standardAlphabet])
    private static let urlTable = makeTable([urlAlphabet])
    private static let lenientTable = makeTable([standardAlphabet, urlAlphabet])

    /// The four-symbol group decoder's table, derived from a 256-entry one: for each byte `c`
    /// and position `k` in 0..<4 of a group, entry `k * 256 + c` is the symbol's six bits
    /// shifted to their place in the group's 24-bit value (`<< (18 - 6k)`), or `groupInvalid`
    /// when `c` is not in the alphabet. OR-ing a group's four entries gives its value, with
    /// the invalid bit set when any symbol is not an alphabet symbol.
    private static func makeGroupTable(_ table: [UInt8]) -> [UInt32] {
        var t = [UInt32](repeating: groupInvalid, count: 4 * 256)
        for k in 0..<4 {
            for c in 0..<256 where table[c] != invalid {
                t[k * 256 + c] = UInt32(table[c]) << UInt32(18 - 6 * k)
            }
        }
        return t
    }

    /// Set in a group table entry for a byte outside the alphabet (above the 24 value bits).
    private static let groupInvalid: UInt32 = 1 << 31

    private static let standardGroups = makeGroupTable(standardTable)
    private static let urlGroups = makeGroupTable(urlTable)
    private static let lenientGroups = makeGroupTable(lenientTable)

    private struct Rules {
        let table: [UInt8]
        /// `makeGroupTable(table)`.
        let groups: [UInt32]
        let stripWhitespace: Bool
        let allowPadding: Bool
    }

    private enum Outcome {
        case done([UInt8])
        case failed(TenuoError)
        /// A non-ASCII byte was met while whitespace stripping is on: redo per Unicode scalar.
        case needsScalarPass
    }

    @inline(__always)
    static func isASCIIWhitespace(_ c: UInt8) -> Bool {
        c == 0x20 || (c >= 0x09 && c <= 0x0d)
    }

    private static func decode(_ s: String, _ rules: Rules) throws(TenuoError) -> [UInt8] {
        var text = s
        let first = text.withUTF8 { decodeBuffer($0, rules) }
        switch first {
        case .done(let bytes): return bytes
        case .failed(let error): throw error
        case .needsScalarPass: break
        }
        // Slow path, only for text with non-ASCII characters: drop Unicode whitespace,
        // reject any other non-ASCII character, then decode the ASCII that remains.
        var ascii: [UInt8] = []
        ascii.reserveCapacity(text.utf8.count)
        var offset = 0
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                ascii.append(UInt8(truncatingIfNeeded: scalar.value))
            } else if !scalar.properties.isWhitespace {
                Sodium.memzero(&ascii)
                throw TenuoError(.invalidEncoding, "invalid base64 character at offset \(offset)")
            }
            offset += scalar.utf8.count
        }
        let second = ascii.withUnsafeBufferPointer { decodeBuffer($0, rules) }
        Sodium.memzero(&ascii)
        switch second {
        case .done(let bytes): return bytes
        case .failed(let error): throw error
        case .needsScalarPass: throw TenuoError(.invalidEncoding, "invalid base64 character")
        }
    }

    private static func decodeBuffer(_ buf: UnsafeBufferPointer<UInt8>, _ rules: Rules) -> Outcome {
        let count = buf.count
        // Every 4 symbols give 3 bytes; a tail of 2 or 3 symbols gives at most 2 more.
        var out = [UInt8](repeating: 0, count: (count / 4) * 3 + 2)
        var o = 0
        var acc: UInt32 = 0
        var symbols = 0
        var pads = 0

        func fail(_ message: String) -> Outcome {
            Sodium.memzero(&out)
            acc = 0
            return .failed(TenuoError(.invalidEncoding, message))
        }

        let scan: Outcome? = rules.table.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { dst in
                var i = 0
                // Fast path: whole groups of 4 alphabet symbols (every group of a warrant's
                // text); the first group holding anything else goes to the general loop. Each
                // group is four lookups OR-ed together (`makeGroupTable`) and one test.
                rules.groups.withUnsafeBufferPointer { g in
                    // Every table index below is at most 768 + 255 < 4 * 256.
                    guard let src = buf.baseAddress, let base = dst.baseAddress, let t = g.baseAddress,
                        g.count == 4 * 256
                    else { return }
                    let out = UnsafeMutableRawPointer(base)
                    // Local copies of the captured positions (kept in registers); each group
                    // writes its 3 bytes as one 4-byte store, whose 4th byte the next group or
                    // the tail overwrites, or the final trim drops: hence `oo + 4 <= limit`.
                    var ii = i, oo = o
                    let limit = dst.count
                    while ii &+ 4 <= count, oo &+ 4 <= limit {
                        let v = t[Int(src[ii])] | t[256 &+ Int(src[ii &+ 1])]
                            | t[512 &+ Int(src[ii &+ 2])] | t[768 &+ Int(src[ii &+ 3])]
                        guard v & groupInvalid == 0 else { break }
                        out.storeBytes(of: (v << 8).bigEndian, toByteOffset: oo, as: UInt32.self)
                        oo &+= 3
                        ii &+= 4
                    }
                    i = ii
                    o = oo
                }
                while i < count {
                    let c = buf[i]
                    let v = table[Int(c)]
                    if v != invalid {
                        if pads > 0 {
                            return .failed(TenuoError(.invalidEncoding, "data after base64 padding at offset \(i)"))
                        }
                        acc = (acc << 6) | UInt32(v)
                        symbols &+= 1
                        if symbols == 4 {
                            guard o &+ 2 < dst.count else {
                                return .failed(TenuoError(.internalError, "base64 buffer"))
                            }
                            dst[o] = UInt8(truncatingIfNeeded: acc >> 16)
                            dst[o &+ 1] = UInt8(truncatingIfNeeded: acc >> 8)
                            dst[o &+ 2] = UInt8(truncatingIfNeeded: acc)
                            o &+= 3
                            symbols = 0
                            acc = 0
                        }
                    } else if c == UInt8(ascii: "=") {
                        if !rules.allowPadding {
                            return .failed(TenuoError(.invalidEncoding, "base64 padding '=' not allowed (offset \(i))"))
                        }
                        pads &+= 1
                    } else if rules.stripWhitespace && isASCIIWhitespace(c) {
                        // ignored
                    } else if rules.stripWhitespace && c >= 0x80 {
                        return .needsScalarPass
                    } else {
                        return .failed(TenuoError(.invalidEncoding, "invalid base64 character at offset \(i)"))
                    }
                    i &+= 1
                }
                return nil
            }
        }
        if let scan {
            Sodium.memzero(&out)
            acc = 0
            return scan
        }

        switch symbols {
        case 0:
            if pads != 0 { return fail("unexpected base64 padding") }
        case 1:
            return fail("invalid base64 length")
        case 2:
            if pads != 0 && pads != 2 { return fail("incorrect base64 padding") }
            if acc & 0x0f != 0 { return fail("non-canonical base64: trailing bits are not zero") }
            out[o] = UInt8(truncatingIfNeeded: acc >> 4)
            o += 1
        default:  // 3
            if pads != 0 && pads != 1 { return fail("incorrect base64 padding") }
            if acc & 0x03 != 0 { return fail("non-canonical base64: trailing bits are not zero") }
            out[o] = UInt8(truncatingIfNeeded: acc >> 10)
            out[o + 1] = UInt8(truncatingIfNeeded: acc >> 2)
            o += 2
        }
        acc = 0
        // Shrinking in place never reallocates, so no unwiped copy is left behind.
        out.removeLast(out.count - o)
        return .done(out)
    }
}
