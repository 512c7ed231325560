/// An IPv4 or IPv6 address, with the strict text parser of Rust's `std::net::IpAddr`
/// (which the reference uses for Cidr arguments and for UrlSafe's host classification).
///
/// Accepted, exactly as Rust: IPv4 as four decimal parts of 1–3 digits, each ≤ 255, no
/// leading zeros (`010.0.0.1` is refused), nothing else (no hex, octal, shorter forms,
/// spaces or signs); IPv6 as up to eight groups of 1–4 hex digits (either case) with at most
/// one `::` standing for at least one zero group, optionally ending in an embedded IPv4
/// address, and no brackets, zone ids or surrounding text. ASCII only: the parser never
/// consults the locale (unlike `inet_pton`'s callers might).
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    case v4(UInt32)
    case v6(UInt128)

    /// Parses an address as Rust's `IpAddr::from_str`.
    public static func parse(_ text: String) -> IPAddress? {
        let s = Array(text.utf8)
        if let a = parseV4(s) { return .v4(a) }
        if let a = parseV6(s) { return .v6(a) }
        return nil
    }

    /// Rust's `Ipv4Addr::from_str`.
    public static func parseV4(_ s: [UInt8]) -> UInt32? {
        var p = Cursor(s)
        guard let v = p.readIPv4(), p.atEnd else { return nil }
        return v
    }

    /// Rust's `Ipv6Addr::from_str`.
    public static func parseV6(_ s: [UInt8]) -> UInt128? {
        var p = Cursor(s)
        guard let v = p.readIPv6(), p.atEnd else { return nil }
        return v
    }

    /// The 16-bit groups of an IPv6 address, most significant first.
    static func groups(_ a: UInt128) -> [UInt16] {
        (0..<8).map { UInt16(truncatingIfNeeded: a >> (112 - 16 * UInt128($0))) }
    }

    /// The address as Rust displays it: dotted decimal, or RFC 5952 IPv6 (lowercase hex,
    /// the longest run of two or more zero groups as `::`, IPv4-mapped as `::ffff:a.b.c.d`).
    public var description: String {
        switch self {
        case .v4(let a): return IPAddress.dotted(a)
        case .v6(let a):
            if a >> 32 == 0xFFFF { return "::ffff:" + IPAddress.dotted(UInt32(truncatingIfNeeded: a)) }
            return IPAddress.compressedV6(a)
        }
    }

    static func dotted(_ a: UInt32) -> String {
        "\(a >> 24).\((a >> 16) & 0xFF).\((a >> 8) & 0xFF).\(a & 0xFF)"
    }

    /// RFC 5952 / WHATWG serialisation without brackets: the first longest run of at least
    /// two zero groups is compressed.
    static func compressedV6(_ a: UInt128) -> String {
        let g = groups(a)
        var bestStart = -1
        var bestLen = 1
        var i = 0
        while i < 8 {
            if g[i] == 0 {
                var j = i
                while j < 8 && g[j] == 0 { j += 1 }
                if j - i > bestLen {
                    bestStart = i
                    bestLen = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        var out = ""
        i = 0
        while i < 8 {
            if i == bestStart {
                out += i == 0 ? "::" : ":"
                i += bestLen
                continue
            }
            out += String(g[i], radix: 16)
            if i < 7 { out += ":" }
            i += 1
        }
        return out
    }

    /// A byte cursor with the atomic sub-parsers of Rust's address parser.
    private struct Cursor {
        let s: [UInt8]
        var i = 0
        init(_ s: [UInt8]) { self.s = s }
        var atEnd: Bool { i >= s.count }

        mutating func char(_ c: UInt8) -> Bool {
            guard i < s.count, s[i] == c else { return false }
            i += 1
            return true
        }

        /// All the digits in `radix` at the cursor: refused when there are more than `maxDigits`,
        /// when the value exceeds `limit`, or (unless `zeroPrefix`) for a leading zero before
        /// more digits.
        mutating func number(radix: UInt32, maxDigits: Int, zeroPrefix: Bool, limit: UInt32) -> UInt32? {
            let start = i
            var value: UInt32 = 0
            var count = 0
            while i < s.count, let d = IPAddress.digit(s[i], radix: radix) {
                count += 1
                value = value * radix + d
                if count > maxDigits || value > limit {
                    i = start
                    return nil
                }
                i += 1
            }
            if count == 0 || (!zeroPrefix && count > 1 && s[start] == UInt8(ascii: "0")) {
                i = start
                return nil
            }
            return value
        }

        mutating func readIPv4() -> UInt32? {
            let start = i
            var out: UInt32 = 0
            for k in 0..<4 {
                if k > 0 && !char(UInt8(ascii: ".")) {
                    i = start
                    return nil
                }
                guard let n = number(radix: 10, maxDigits: 3, zeroPrefix: false, limit: 255) else {
                    i = start
                    return nil
                }
                out = out << 8 | n
            }
            return out
        }

        /// Groups separated by `:` (up to `limit`), possibly ending in an embedded IPv4 when at
        /// least two slots remain. Returns the groups read and whether the last was IPv4.
        mutating func readGroups(limit: Int) -> ([UInt16], Bool) {
            var groups: [UInt16] = []
            while groups.count < limit {
                let k = groups.count
                let save = i
                if k < limit - 1 {
                    if k == 0 || char(UInt8(ascii: ":")), let v4 = readIPv4() {
                        groups.append(UInt16(v4 >> 16))
                        groups.append(UInt16(v4 & 0xFFFF))
                        return (groups, true)
                    }
                    i = save
                }
                guard k == 0 || char(UInt8(ascii: ":")),
                    let g = number(radix: 16, maxDigits: 4, zeroPrefix: true, limit: 0xFFFF)
                else {
                    i = save
                    return (groups, false)
                }
                groups.append(UInt16(g))
            }
            return (groups, false)
        }

        mutating func readIPv6() -> UInt128? {
            let start = i
            let (head, headV4) = readGroups(limit: 8)
            if head.count == 8 { return IPAddress.pack(head) }
            guard !headV4, char(UInt8(ascii: ":")), char(UInt8(ascii: ":")) else {
                i = start
                return nil
            }
            let (tail, _) = readGroups(limit: 8 - (head.count + 1))
            var all = head + [UInt16](repeating: 0, count: 8 - head.count - tail.count) + tail
            if all.count != 8 { all = Array(all.prefix(8)) }
            return IPAddress.pack(all)
        }
    }

    static func digit(_ c: UInt8, radix: UInt32) -> UInt32? {
        let v: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): v = UInt32(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): v = UInt32(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
        return v < radix ? v : nil
    }

    static func pack(_ g: [UInt16]) -> UInt128 {
        var out: UInt128 = 0
        for x in g.prefix(8) { out = out << 16 | UInt128(x) }
        return out
    }
}
