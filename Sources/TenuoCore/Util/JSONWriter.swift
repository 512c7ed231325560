extension JSON {
    /// Serialises a value as compact JSON with object keys in UTF-8 byte order
    /// (`Value.sortedKeys`), so equal values always give identical text.
    ///
    /// Ints are written in decimal. Finite floats use the shortest digits that read back to the
    /// same `Double`, laid out exactly as Python's `repr`/`json.dumps` does (`50.0`, `0.1`,
    /// `9007199254740994.0`, `1e+16`, `1e-05`, `5e-324`), so they always carry a `.` or an
    /// exponent and re-parse as floats. Non-finite floats are written `NaN`,
    /// `Infinity` and `-Infinity` — not RFC 8259, but what Python's `json` reads and writes,
    /// and what `JSON.parse` accepts. Strings escape `"`, `\` and control characters only.
    public static func serialize(_ v: Value) -> String {
        String(decoding: serializeUTF8(v), as: UTF8.self)
    }

    /// `serialize(_:)` as UTF-8 bytes.
    public static func serializeUTF8(_ v: Value) -> [UInt8] {
        var w = JSONWriter()
        w.value(v)
        return w.bytes
    }

    /// A JSON string literal for `s`, quotes included, escaped as `serialize` escapes strings.
    public static func quote(_ s: String) -> String {
        var w = JSONWriter()
        w.string(s)
        return String(decoding: w.bytes, as: UTF8.self)
    }
}

/// Appends JSON text to a byte buffer.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    mutating func value(_ v: Value) {
        switch v {
        case .null: ascii("null")
        case .bool(let b): ascii(b ? "true" : "false")
        case .int(let i): int(i)
        case .float(let d): float(d)
        case .string(let s): string(s)
        case .list(let items):
            bytes.append(UInt8(ascii: "["))
            var first = true
            for x in items {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                value(x)
            }
            bytes.append(UInt8(ascii: "]"))
        case .map(let m):
            bytes.append(UInt8(ascii: "{"))
            var first = true
            for (k, x) in m.sorted(by: { Value.utf8Less($0.key, $1.key) }) {
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                string(k)
                bytes.append(UInt8(ascii: ":"))
                value(x)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func ascii(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func int(_ i: Int64) {
        if i < 0 { bytes.append(UInt8(ascii: "-")) }
        var m = i.magnitude  // ≤ 2^63, so the divisor below stays ≤ 10^18
        var divisor: UInt64 = 1
        while m / divisor >= 10 { divisor *= 10 }
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: m / divisor))
            m %= divisor
            divisor /= 10
        }
    }

    mutating func float(_ d: Double) {
        if d.isNaN { return ascii("NaN") }
        if d.isInfinite { return ascii(d < 0 ? "-Infinity" : "Infinity") }
        // Swift's description yields the shortest digits that read back to the same Double;
        // only the layout is redone, to match Python's repr exactly (Swift switches to an
        // exponent from 2^53, Python from 1e16).
        var digits: [UInt8] = []  // significant digits, no leading or trailing zeros
        digits.reserveCapacity(17)
        var point = 0  // value = 0.<digits> × 10^point
        var exponent = 0
        var exponentNegative = false
        var seenPoint = false
        var inExponent = false
        for b in d.description.utf8 {
            if inExponent {
                if b == UInt8(ascii: "-") { exponentNegative = true }
                if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                    exponent = exponent * 10 + Int(b - UInt8(ascii: "0"))
                }
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                inExponent = true
            } else if b == UInt8(ascii: ".") {
                seenPoint = true
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                if digits.isEmpty && b == UInt8(ascii: "0") {
                    if seenPoint { point -= 1 }  // leading zero after the point: 0.00ddd
                } else {
                    digits.append(b)
                    if !seenPoint { point += 1 }
                }
            }
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if d.sign == .minus { bytes.append(UInt8(ascii: "-")) }
        guard !digits.isEmpty else { return ascii("0.0") }
        point += exponentNegative ? -exponent : exponent
        let zeroByte = UInt8(ascii: "0")
        if point > -4 && point <= 16 {
            if point <= 0 {
                ascii("0.")
                bytes.append(contentsOf: repeatElement(zeroByte, count: -point))
                bytes.append(contentsOf: digits)
            } else if point >= digits.count {
                bytes.append(contentsOf: digits)
                bytes.append(contentsOf: repeatElement(zeroByte, count: point - digits.count))
                ascii(".0")
            } else {
                bytes.append(contentsOf: digits[..<point])
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: digits[point...])
            }
        } else {
            bytes.append(digits[0])
            if digits.count > 1 {
                bytes.append(UInt8(ascii: "."))
                bytes.append(contentsOf: digits[1...])
            }
            let e = point - 1
            bytes.append(UInt8(ascii: "e"))
            bytes.append(UInt8(ascii: e < 0 ? "-" : "+"))
            if e.magnitude < 10 { bytes.append(zeroByte) }
            int(Int64(e.magnitude))
        }
    }

    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var copy = s
        copy.withUTF8 { u in
            var run = 0
            var i = 0
            while i < u.count {
                let b = u[i]
                if b >= 0x20 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                    i += 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
                escape(b)
                i += 1
                run = i
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: u[run..<i]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ b: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch b {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
        case 0x0a: bytes.append(UInt8(ascii: "n"))
        case 0x0d: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0c: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: StaticString = "0123456789abcdef"
            ascii("u00")
            hex.withUTF8Buffer { h in
                bytes.append(h[Int(b >> 4)])
                bytes.append(h[Int(b & 0x0f)])
            }
        }
    }
}
