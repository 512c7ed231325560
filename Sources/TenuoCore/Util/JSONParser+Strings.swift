// ASCII bytes used by the string scanner.
private let quoteByte = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
private let zero = UInt8(ascii: "0")
private let nine = UInt8(ascii: "9")

extension JSONParser {
    // MARK: strings

    /// Parses a string literal starting at the opening quote at `pos`.
    mutating func parseString() throws(TenuoError) -> String {
        let open = pos
        let start = pos + 1
        var i = start
        // Fast path: no escapes, so the string is a slice of the input, validated in place.
        while true {
            i = skipPlainASCII(from: i)
            while i < end, isPlainASCII(buf[i]) { i += 1 }
            guard i < end else { break }
            let b = buf[i]
            if b == quoteByte {
                if i - start > limits.maxStringBytes {
                    throw tooLarge("string longer than \(limits.maxStringBytes) bytes", at: open)
                }
                pos = i + 1
                return String(decoding: UnsafeRawBufferPointer(rebasing: buf[start..<i]), as: UTF8.self)
            }
            if b == backslash { break }
            if b < 0x20 { throw fail("unescaped control character 0x\(Self.hex2(b)) in string", at: i) }
            i = b < 0x80 ? i + 1 : try utf8Sequence(at: i)
        }
        guard i < end else { throw fail("unterminated string", at: open) }
        return try parseEscapedString(open: open, clean: i)
    }

    /// Slow path: bytes `open+1 ..< clean` are already valid; `clean` holds a backslash.
    private mutating func parseEscapedString(open: Int, clean: Int) throws(TenuoError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[(open + 1)..<clean]))
        var i = clean
        var run = clean  // start of the current run of plain bytes
        while true {
            i = skipPlainASCII(from: i)
            while i < end, isPlainASCII(buf[i]) { i += 1 }
            guard i < end else { break }
            let b = buf[i]
            if b == quoteByte || b == backslash {
                scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[run..<i]))
                if scratch.count > limits.maxStringBytes {
                    throw tooLarge("string longer than \(limits.maxStringBytes) bytes", at: open)
                }
                if b == quoteByte {
                    pos = i + 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                i = try escape(at: i)
                run = i
            } else if b < 0x20 {
                throw fail("unescaped control character 0x\(Self.hex2(b)) in string", at: i)
            } else {
                i = b < 0x80 ? i + 1 : try utf8Sequence(at: i)
            }
        }
        throw fail("unterminated string", at: open)
    }

    /// The first index at or after `from` (and at most `end`) that may hold a byte other than
    /// printable ASCII minus `"` and `\`. Tests eight bytes at a time: a word passes when no
    /// byte has the top bit set, is below 0x20, or equals 0x22 or 0x5C. The zero-byte tests can
    /// report false positives, never false negatives; the caller then looks byte by byte.
    @inline(__always)
    private func skipPlainASCII(from: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var i = from
        while end - i >= 8 {
            let w = buf.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let q = w ^ (ones &* 0x22)
            let bs = w ^ (ones &* 0x5c)
            let special = w | ((w &- ones &* 0x20) & ~w) | ((q &- ones) & ~q) | ((bs &- ones) & ~bs)
            if special & highs != 0 { break }
            i += 8
        }
        return i
    }

    /// Decodes the escape starting with the backslash at `at` into `scratch`; returns the next index.
    private mutating func escape(at: Int) throws(TenuoError) -> Int {
        guard at + 1 < end else { throw fail("unterminated string", at: at) }
        let c = buf[at + 1]
        let simple: UInt8
        switch c {
        case quoteByte: simple = quoteByte
        case backslash: simple = backslash
        case UInt8(ascii: "/"): simple = UInt8(ascii: "/")
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0c
        case UInt8(ascii: "n"): simple = 0x0a
        case UInt8(ascii: "r"): simple = 0x0d
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            let unit = try hex4(at: at + 2)
            var scalar = UInt32(unit)
            var next = at + 6
            if unit >= 0xdc00 && unit <= 0xdfff { throw fail("lone low surrogate escape", at: at) }
            if unit >= 0xd800 && unit <= 0xdbff {
                guard next + 1 < end, buf[next] == backslash, buf[next + 1] == UInt8(ascii: "u") else {
                    throw fail("lone high surrogate escape", at: at)
                }
                let low = try hex4(at: next + 2)
                guard low >= 0xdc00 && low <= 0xdfff else { throw fail("lone high surrogate escape", at: at) }
                scalar = 0x10000 + ((UInt32(unit) - 0xd800) << 10) + (UInt32(low) - 0xdc00)
                next += 6
            }
            appendUTF8(scalar)
            return next
        default:
            throw fail("invalid escape", at: at)
        }
        scratch.append(simple)
        return at + 2
    }

    private func hex4(at: Int) throws(TenuoError) -> UInt16 {
        guard at + 4 <= end else { throw fail("truncated \\u escape", at: at - 2) }
        var v: UInt16 = 0
        for k in 0..<4 {
            let h = buf[at + k]
            let d: UInt8
            switch h {
            case zero...nine: d = h - zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = h - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = h - UInt8(ascii: "A") + 10
            default: throw fail("invalid hex digit in \\u escape", at: at + k)
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    /// Appends a scalar value (≤ 0x10FFFF, not a surrogate) as UTF-8.
    private mutating func appendUTF8(_ s: UInt32) {
        switch s {
        case 0..<0x80:
            scratch.append(UInt8(truncatingIfNeeded: s))
        case 0x80..<0x800:
            scratch.append(0xc0 | UInt8(truncatingIfNeeded: s >> 6))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: s & 0x3f))
        case 0x800..<0x10000:
            scratch.append(0xe0 | UInt8(truncatingIfNeeded: s >> 12))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: (s >> 6) & 0x3f))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: s & 0x3f))
        default:
            scratch.append(0xf0 | UInt8(truncatingIfNeeded: s >> 18))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: (s >> 12) & 0x3f))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: (s >> 6) & 0x3f))
            scratch.append(0x80 | UInt8(truncatingIfNeeded: s & 0x3f))
        }
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte (≥ 0x80) is at `at` (Unicode
    /// Table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF). Returns the next index.
    private func utf8Sequence(at: Int) throws(TenuoError) -> Int {
        let lead = buf[at]
        let count: Int
        var lo: UInt8 = 0x80
        var hi: UInt8 = 0xbf
        switch lead {
        case 0xc2...0xdf: count = 2
        case 0xe0:
            count = 3
            lo = 0xa0
        case 0xe1...0xec, 0xee...0xef: count = 3
        case 0xed:
            count = 3
            hi = 0x9f
        case 0xf0:
            count = 4
            lo = 0x90
        case 0xf1...0xf3: count = 4
        case 0xf4:
            count = 4
            hi = 0x8f
        default: throw TenuoError(.invalidUTF8, "invalid UTF-8 lead byte 0x\(Self.hex2(lead)) at byte \(at)")
        }
        guard count <= end - at else { throw TenuoError(.invalidUTF8, "truncated UTF-8 sequence at byte \(at)") }
        let second = buf[at + 1]
        guard second >= lo && second <= hi else {
            throw TenuoError(.invalidUTF8, "invalid UTF-8 sequence at byte \(at)")
        }
        var k = 2
        while k < count {
            guard buf[at + k] & 0xc0 == 0x80 else {
                throw TenuoError(.invalidUTF8, "invalid UTF-8 sequence at byte \(at)")
            }
            k += 1
        }
        return at + count
    }
}

/// Printable ASCII that a string may hold as is: not a control character, `"` or `\`.
@inline(__always)
private func isPlainASCII(_ b: UInt8) -> Bool { b >= 0x20 && b < 0x80 && b != quoteByte && b != backslash }
