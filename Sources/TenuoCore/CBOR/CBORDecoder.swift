/// Strict CBOR reader. It rejects indefinite lengths, non-shortest integer and length heads,
/// tags, simple values other than false/true/null, invalid UTF-8, duplicate map keys,
/// lengths past the end of the input, nesting beyond the limit and (for whole-input decodes)
/// trailing bytes. Every failure is a `malformedCBOR` error that says what and where.
public struct CBORReader {
    public let input: [UInt8]
    public private(set) var offset: Int
    let limits: CBORLimits
    private var items = 0

    public init(_ input: [UInt8], offset: Int = 0, limits: CBORLimits = .standard) {
        self.input = input
        self.offset = offset
        self.limits = limits
    }

    public var isAtEnd: Bool { offset >= input.count }

    /// Decodes a whole buffer that must hold exactly one item.
    public static func decode(_ bytes: [UInt8], limits: CBORLimits = .standard) throws(TenuoError) -> CBOR {
        var r = CBORReader(bytes, limits: limits)
        let v = try r.readItem()
        guard r.isAtEnd else {
            throw TenuoError(.malformedCBOR, "trailing bytes after CBOR item at offset \(r.offset)")
        }
        return v
    }

    func fail(_ what: String, at pos: Int? = nil) -> TenuoError {
        TenuoError(.malformedCBOR, "\(what) at offset \(pos ?? offset)")
    }

    mutating func byte() throws(TenuoError) -> UInt8 {
        guard offset < input.count else { throw fail("unexpected end of input") }
        let b = input[offset]
        offset += 1
        return b
    }

    mutating func beUInt(_ count: Int) throws(TenuoError) -> UInt64 {
        guard count <= input.count - offset else { throw fail("unexpected end of input") }
        var v: UInt64 = 0
        for i in 0..<count { v = (v << 8) | UInt64(input[offset + i]) }
        offset += count
        return v
    }

    /// Reads an initial byte and its argument, enforcing the shortest form.
    mutating func readHead() throws(TenuoError) -> (major: UInt8, info: UInt8, arg: UInt64) {
        let start = offset
        let ib = try byte()
        let major = ib >> 5
        let info = ib & 0x1f
        if major == 7 { return (7, info, UInt64(info)) }  // floats and simple values: caller decides
        switch info {
        case 0..<24:
            return (major, info, UInt64(info))
        case 24:
            let v = try beUInt(1)
            if v < 24 { throw fail("non-shortest integer or length head", at: start) }
            return (major, info, v)
        case 25:
            let v = try beUInt(2)
            if v <= 0xff { throw fail("non-shortest integer or length head", at: start) }
            return (major, info, v)
        case 26:
            let v = try beUInt(4)
            if v <= 0xffff { throw fail("non-shortest integer or length head", at: start) }
            return (major, info, v)
        case 27:
            let v = try beUInt(8)
            if v <= 0xffff_ffff { throw fail("non-shortest integer or length head", at: start) }
            return (major, info, v)
        case 31:
            throw fail("indefinite-length item not allowed", at: start)
        default:
            throw fail("reserved additional information \(info)", at: start)
        }
    }

    /// Checks that `count` bytes remain, returning it as an Int.
    func checkedLength(_ n: UInt64, start: Int) throws(TenuoError) -> Int {
        guard n <= UInt64(input.count - offset) else {
            throw fail("length \(n) runs past the end of the input", at: start)
        }
        return Int(n)
    }

    /// Maps of at most this many entries are checked for duplicate keys pairwise (at most
    /// 16·15/2 = 120 key comparisons), larger ones through a hash set.
    static let pairwiseDuplicateCheckLimit = 16

    /// Reads one data item.
    public mutating func readItem() throws(TenuoError) -> CBOR {
        try readItem(depth: 0)
    }

    mutating func readItem(depth: Int) throws(TenuoError) -> CBOR {
        items += 1
        if items > limits.maxItems { throw fail("too many CBOR items (limit \(limits.maxItems))") }
        let start = offset
        let h = try readHead()
        switch h.major {
        case 0:
            return .unsigned(h.arg)
        case 1:
            return .negative(h.arg)
        case 2:
            let n = try checkedLength(h.arg, start: start)
            let b = Array(input[offset..<offset + n])
            offset += n
            return .bytes(b)
        case 3:
            let n = try checkedLength(h.arg, start: start)
            let slice = input[offset..<offset + n]
            guard let s = UTF8Text.decode(slice) else { throw fail("invalid UTF-8 in text string", at: start) }
            offset += n
            return .text(s)
        case 4:
            if depth >= limits.maxDepth { throw fail("nesting deeper than \(limits.maxDepth)", at: start) }
            // Every element takes at least one byte: a count above the remaining input is malformed.
            let n = try checkedLength(h.arg, start: start)
            var out: [CBOR] = []
            out.reserveCapacity(n)
            var done = 0
            // Small unsigned integers inline: serde writes every key, hash and id as an array of
            // byte values (`00`–`17`, or `18 xx` with xx ≥ 24), so most items of a warrant are
            // these. Anything else (or a non-shortest `18 xx`) goes through `readItem`.
            while done < n, offset < input.count {
                let b = input[offset]
                let value: UInt8
                if b < 0x18 {
                    value = b
                } else if b == 0x18, offset + 1 < input.count, input[offset + 1] >= 0x18 {
                    value = input[offset + 1]
                } else {
                    break
                }
                items += 1
                if items > limits.maxItems { throw fail("too many CBOR items (limit \(limits.maxItems))") }
                out.append(.unsigned(UInt64(value)))
                offset += b < 0x18 ? 1 : 2
                done += 1
            }
            while done < n {
                out.append(try readItem(depth: depth + 1))
                done += 1
            }
            return .array(out)
        case 5:
            if depth >= limits.maxDepth { throw fail("nesting deeper than \(limits.maxDepth)", at: start) }
            guard h.arg <= UInt64(input.count - offset) / 2 else {
                throw fail("map length \(h.arg) runs past the end of the input", at: start)
            }
            let n = Int(h.arg)
            var out: [CBORPair] = []
            out.reserveCapacity(n)
            // Duplicate keys: a small map (every map of a warrant but the largest tool sets)
            // compares each key with the earlier ones, which costs less than hashing them; a
            // larger one goes through a hash set (Swift's hashing is seeded per process, so
            // crafted keys cannot force collisions), linear where pairwise would be quadratic.
            if n <= Self.pairwiseDuplicateCheckLimit {
                for _ in 0..<n {
                    let keyStart = offset
                    let k = try readItem(depth: depth + 1)
                    for e in out where e.key == k { throw fail("duplicate map key", at: keyStart) }
                    let v = try readItem(depth: depth + 1)
                    out.append(CBORPair(k, v))
                }
                return .map(out)
            }
            var seen = Set<CBOR>(minimumCapacity: n)
            for _ in 0..<n {
                let keyStart = offset
                let k = try readItem(depth: depth + 1)
                guard seen.insert(k).inserted else {
                    throw fail("duplicate map key", at: keyStart)
                }
                let v = try readItem(depth: depth + 1)
                out.append(CBORPair(k, v))
            }
            return .map(out)
        case 6:
            throw fail("CBOR tags are not allowed", at: start)
        default:
            switch h.info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 25: return .float(CBORFloat.fromHalf(UInt16(try beUInt(2))))
            case 26: return .float(Double(Float(bitPattern: UInt32(try beUInt(4)))))
            case 27: return .float(Double(bitPattern: try beUInt(8)))
            case 31: throw fail("unexpected break code", at: start)
            default: throw fail("simple value \(h.info) not allowed", at: start)
            }
        }
    }

    /// Skips one item and returns the byte range it occupied (validated like `readItem`).
    public mutating func rawItem() throws(TenuoError) -> Range<Int> {
        let start = offset
        _ = try readItem()
        return start..<offset
    }
}

/// Strict UTF-8 validation without Foundation.
enum UTF8Text {
    static func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        guard isValid(bytes) else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `bytes` is well-formed UTF-8 (shortest forms, no surrogates, at most U+10FFFF).
    static func isValid(_ bytes: ArraySlice<UInt8>) -> Bool {
        var i = bytes.startIndex
        let end = bytes.endIndex
        while i < end {
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            var need = 0
            var minCP: UInt32 = 0
            var cp: UInt32 = 0
            if b0 & 0xe0 == 0xc0 { need = 1; minCP = 0x80; cp = UInt32(b0 & 0x1f) }
            else if b0 & 0xf0 == 0xe0 { need = 2; minCP = 0x800; cp = UInt32(b0 & 0x0f) }
            else if b0 & 0xf8 == 0xf0 { need = 3; minCP = 0x10000; cp = UInt32(b0 & 0x07) }
            else { return false }
            guard end - i > need else { return false }
            for k in 1...need {
                let b = bytes[i + k]
                guard b & 0xc0 == 0x80 else { return false }
                cp = (cp << 6) | UInt32(b & 0x3f)
            }
            if cp < minCP || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) { return false }
            i += need + 1
        }
        return true
    }

    static func decode(_ bytes: [UInt8]) -> String? { decode(bytes[...]) }
}
