/// Deterministic CBOR writer in the dialect of the reference implementation:
/// shortest integer and length heads, definite lengths, floats in the shortest lossless
/// width, and map entries written in the order given (callers sort dictionary maps).
public struct CBORWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    /// The number of bytes written so far.
    public var count: Int { bytes.count }

    /// Drops what was written after the first `count` bytes, keeping the buffer (a verifier
    /// rewrites a message's tail in place). A `count` outside 0...`self.count` changes nothing.
    public mutating func truncate(to count: Int) {
        guard count >= 0, count < bytes.count else { return }
        bytes.removeSubrange(count...)
    }

    /// Writes a major type with its argument in the shortest form.
    @inline(__always)
    public mutating func head(_ major: UInt8, _ arg: UInt64) {
        // Most heads (map keys, small counts and lengths) are one byte: written inline.
        if arg < 24 {
            bytes.append(major << 5 | UInt8(truncatingIfNeeded: arg))
        } else {
            longHead(major, arg)
        }
    }

    /// A head whose argument needs bytes after the first (arg >= 24).
    private mutating func longHead(_ major: UInt8, _ arg: UInt64) {
        let m = major << 5
        if arg <= 0xff {
            bytes.append(m | 24)
            bytes.append(UInt8(arg))
        } else if arg <= 0xffff {
            bytes.append(m | 25)
            appendBE(arg, count: 2)
        } else if arg <= 0xffff_ffff {
            bytes.append(m | 26)
            appendBE(arg, count: 4)
        } else {
            bytes.append(m | 27)
            appendBE(arg, count: 8)
        }
    }

    private mutating func appendBE(_ v: UInt64, count: Int) {
        var shift = (count - 1) * 8
        while shift >= 0 {
            bytes.append(UInt8(truncatingIfNeeded: v >> UInt64(shift)))
            shift -= 8
        }
    }

    public mutating func unsigned(_ v: UInt64) { head(0, v) }

    public mutating func int(_ v: Int64) {
        if v >= 0 { head(0, UInt64(v)) } else { head(1, UInt64(-(v + 1))) }
    }

    public mutating func byteString<C: Collection>(_ b: C) where C.Element == UInt8 {
        head(2, UInt64(b.count))
        bytes.append(contentsOf: b)
    }

    public mutating func text(_ s: String) {
        // Through the string's contiguous UTF-8 (a small string's is copied to the stack): one
        // block copy, where appending the UTF8View goes through its generic copy.
        var s = s
        s.withUTF8 { u in
            head(3, UInt64(u.count))
            bytes.append(contentsOf: u)
        }
    }

    /// A text string of `prefix` followed by the lowercase hex digits of `data` (the same bytes
    /// as `text(prefix + Hex.encode(data))`, without making the string).
    public mutating func hexText(prefix: [UInt8] = [], _ data: [UInt8]) {
        head(3, UInt64(prefix.count &+ 2 &* data.count))
        bytes.append(contentsOf: prefix)
        // The digits made in a temporary buffer (on the stack for an id) and appended as one run,
        // not byte by byte with a capacity check each.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 &* data.count) { h in
            if let out = h.baseAddress { data.withUnsafeBufferPointer { Self.writeHex($0, to: out) } }
            bytes.append(contentsOf: UnsafeBufferPointer(h))
        }
    }

    /// Writes the lowercase hex digits of `data`, two per byte, at `out` (room for
    /// `2 * data.count` bytes).
    @inline(__always)
    static func writeHex(_ data: UnsafeBufferPointer<UInt8>, to out: UnsafeMutablePointer<UInt8>) {
        for i in 0..<data.count {
            out[2 &* i] = hexDigit(data[i] >> 4)
            out[2 &* i &+ 1] = hexDigit(data[i] & 0x0f)
        }
    }

    @inline(__always)
    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 &+ v : 0x57 &+ v }

    public mutating func arrayHeader(_ count: Int) { head(4, UInt64(count)) }
    public mutating func mapHeader(_ count: Int) { head(5, UInt64(count)) }
    public mutating func bool(_ b: Bool) { bytes.append(b ? 0xf5 : 0xf4) }
    public mutating func null() { bytes.append(0xf6) }

    /// A byte array written the way serde writes `[u8; N]`: an array of unsigned integers.
    public mutating func byteArrayAsUInts<C: Collection>(_ b: C) where C.Element == UInt8 {
        head(4, UInt64(b.count))
        for x in b { head(0, UInt64(x)) }
    }

    /// Writes a float in the shortest width that represents it exactly (f16, f32, f64).
    public mutating func float(_ d: Double) {
        if let h = CBORFloat.half(d) {
            bytes.append(0xf9)
            appendBE(UInt64(h), count: 2)
        } else if let f = CBORFloat.single(d) {
            bytes.append(0xfa)
            appendBE(UInt64(f.bitPattern), count: 4)
        } else {
            bytes.append(0xfb)
            appendBE(d.bitPattern, count: 8)
        }
    }

    /// Appends already-encoded CBOR bytes verbatim.
    public mutating func raw<C: Collection>(_ b: C) where C.Element == UInt8 { bytes.append(contentsOf: b) }

    /// Writes a whole item tree. Maps keep the entry order of the value.
    public mutating func item(_ v: CBOR) {
        switch v {
        case .unsigned(let u): head(0, u)
        case .negative(let n): head(1, n)
        case .bytes(let b): byteString(b)
        case .text(let s): text(s)
        case .array(let a):
            arrayHeader(a.count)
            for x in a { item(x) }
        case .map(let m):
            mapHeader(m.count)
            for e in m {
                item(e.key)
                item(e.value)
            }
        case .bool(let b): bool(b)
        case .null: null()
        case .float(let d): float(d)
        }
    }
}

extension CBOR {
    /// The deterministic encoding of this item.
    public func encoded() -> [UInt8] {
        var w = CBORWriter()
        w.item(self)
        return w.bytes
    }
}

/// Float width reduction without relying on `Float16` availability.
enum CBORFloat {
    /// The IEEE 754 half-precision bits when `d` converts to half without loss.
    static func half(_ d: Double) -> UInt16? {
        if d.isNaN { return 0x7e00 }
        let sign: UInt16 = d.sign == .minus ? 0x8000 : 0
        if d.isInfinite { return sign | 0x7c00 }
        if d == 0 { return sign }
        let a = d.magnitude
        // Normal halves: 2^-14 <= a < 65520, with at most 11 significant bits.
        let e = a.exponent  // unbiased, a = 1.m * 2^e
        if e >= -14 && e <= 15 {
            let mant = a.significandBitPattern  // 52 bits
            if mant & ((1 << 42) - 1) != 0 { return nil }
            let hm = UInt16(truncatingIfNeeded: mant >> 42)
            let he = UInt16(truncatingIfNeeded: Int(e) + 15)
            return sign | (he << 10) | hm
        }
        // Subnormal halves: a = m * 2^-24 with 1 <= m < 1024.
        if e < -14 && e >= -24 {
            let scaled = a * 16_777_216.0  // 2^24, exact for doubles in this range
            if scaled != scaled.rounded(.towardZero) { return nil }
            guard scaled >= 1 && scaled < 1024 else { return nil }
            return sign | UInt16(scaled)
        }
        return nil
    }

    /// The single-precision value when `d` converts to `Float` without loss.
    static func single(_ d: Double) -> Float? {
        if d.isNaN || d.isInfinite { return Float(d) }
        let f = Float(d)
        return Double(f) == d && f.isFinite ? f : nil
    }

    /// Widens half-precision bits to a Double.
    static func fromHalf(_ h: UInt16) -> Double {
        let sign: Double = (h & 0x8000) != 0 ? -1 : 1
        let exp = Int((h >> 10) & 0x1f)
        let mant = Double(h & 0x3ff)
        if exp == 0 { return sign * mant * 0x1p-24 }
        if exp == 31 { return mant == 0 ? sign * Double.infinity : Double.nan }
        return sign * (1 + mant / 1024) * Double(sign: .plus, exponent: exp - 15, significand: 1)
    }
}
