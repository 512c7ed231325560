/// A URL host as the URL standard (WHATWG) and the reference's Rust `url` crate parse it.
enum URLHost: Sendable, Equatable {
    /// An ASCII domain (special schemes) or an opaque, percent-encoded host (other schemes).
    case domain(String)
    case ipv4(UInt32)
    case ipv6(UInt128)

    /// The serialisation (`url::Url::host_str`): IPv6 in brackets, compressed.
    var serialized: String {
        switch self {
        case .domain(let d): return d
        case .ipv4(let a): return IPAddress.dotted(a)
        case .ipv6(let a): return "[" + IPAddress.compressedV6(a) + "]"
        }
    }

    /// Facts about how a host was written that the URL itself forgets.
    struct Notes: Sendable, Equatable {
        /// An IPv4 part was written in octal and reads differently in decimal (`010` is 8 here
        /// and 10 to some other parsers): such hosts are ambiguous.
        var ambiguousOctalIPv4 = false
    }

    enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case emptyHost, invalidIPv4, invalidIPv6, invalidDomainCharacter, idna

        var description: String {
            switch self {
            case .emptyHost: return "empty host"
            case .invalidIPv4: return "invalid IPv4 address"
            case .invalidIPv6: return "invalid IPv6 address"
            case .invalidDomainCharacter: return "invalid domain character"
            case .idna: return "invalid international domain name"
            }
        }
    }

    /// The host parser of a special scheme: `[IPv6]`, or percent-decode, domain-to-ASCII
    /// (`IDNA`), then IPv4 when the last label is a number.
    static func parseSpecial(_ input: String, notes: inout Notes) -> Result<URLHost, Failure> {
        let scalars = Array(input.unicodeScalars)
        if scalars.first == "[" {
            guard scalars.count >= 2, scalars.last == "]" else { return .failure(.invalidIPv6) }
            guard let v6 = parseIPv6(Array(scalars[1..<(scalars.count - 1)])) else { return .failure(.invalidIPv6) }
            return .success(.ipv6(v6))
        }
        let decoded = String(decoding: percentDecode(Array(input.utf8)), as: UTF8.self)
        guard let ascii = IDNA.toASCII(decoded) else { return .failure(.idna) }
        if endsInANumber(ascii) {
            guard let v4 = parseIPv4(ascii, notes: &notes) else { return .failure(.invalidIPv4) }
            return .success(.ipv4(v4))
        }
        return .success(.domain(ascii))
    }

    /// The opaque-host parser of other schemes. An empty result means "no host".
    static func parseOpaque(_ input: String) -> Result<URLHost, Failure> {
        let scalars = Array(input.unicodeScalars)
        if scalars.first == "[" {
            guard scalars.count >= 2, scalars.last == "]" else { return .failure(.invalidIPv6) }
            guard let v6 = parseIPv6(Array(scalars[1..<(scalars.count - 1)])) else { return .failure(.invalidIPv6) }
            return .success(.ipv6(v6))
        }
        if scalars.contains(where: { "\u{0}\t\n\r #/:<>?@[\\]^|".unicodeScalars.contains($0) }) {
            return .failure(.invalidDomainCharacter)
        }
        return .success(.domain(percentEncode(input) { $0 < 0x20 || $0 >= 0x7F }))
    }

    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count,
                let h = IPAddress.digit(bytes[i + 1], radix: 16), let l = IPAddress.digit(bytes[i + 2], radix: 16)
            {
                out.append(UInt8(h << 4 | l))
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return out
    }

    /// UTF-8 percent-encoding of the bytes `encode` selects (uppercase hex).
    static func percentEncode(_ s: String, _ encode: (UInt8) -> Bool) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in s.utf8 {
            if encode(b) {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: IPv4 (the URL standard's lenient reader: 1–4 parts, decimal, 0x hex, 0 octal)

    /// One part: nil when not a number; `.some(nil)` when it is one but overflows 32 bits.
    private static func ipv4Number(_ part: Substring.UTF8View) -> UInt32?? {
        var digits = Array(part)
        if digits.isEmpty { return nil }
        var radix: UInt32 = 10
        if digits.count >= 2 && digits[0] == UInt8(ascii: "0") && (digits[1] | 0x20) == UInt8(ascii: "x") {
            digits.removeFirst(2)
            radix = 16
        } else if digits.count >= 2 && digits[0] == UInt8(ascii: "0") {
            digits.removeFirst()
            radix = 8
        }
        if digits.isEmpty { return .some(0) }
        var value: UInt64 = 0
        var overflow = false
        for d in digits {
            guard let v = IPAddress.digit(d, radix: radix) else { return nil }
            value = value * UInt64(radix) + UInt64(v)
            if value > UInt64(UInt32.max) {
                overflow = true
                value = UInt64(UInt32.max)
            }
        }
        return .some(overflow ? nil : UInt32(value))
    }

    static func endsInANumber(_ domain: String) -> Bool {
        var parts = domain.split(separator: ".", omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true {
            guard parts.count > 1 else { return false }
            parts.removeLast()
        }
        guard let last = parts.last else { return false }
        if !last.isEmpty && last.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) { return true }
        return ipv4Number(last.utf8) != nil
    }

    static func parseIPv4(_ domain: String, notes: inout Notes) -> UInt32? {
        var parts = domain.split(separator: ".", omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        guard !parts.isEmpty, parts.count <= 4 else { return nil }
        var numbers: [UInt32] = []
        for p in parts {
            guard case .some(.some(let n)) = ipv4Number(p.utf8) else { return nil }
            let u = Array(p.utf8)
            if u.count >= 2 && u[0] == UInt8(ascii: "0") && (u[1] | 0x20) != UInt8(ascii: "x") {
                let decimal = u.reduce(UInt64(0)) { min($0 * 10 + UInt64($1 &- 0x30), UInt64(UInt32.max) + 1) }
                if decimal != UInt64(n) { notes.ambiguousOctalIPv4 = true }
            }
            numbers.append(n)
        }
        guard let last = numbers.popLast() else { return nil }
        if last > UInt32.max >> (8 * UInt32(numbers.count)) { return nil }
        if numbers.contains(where: { $0 > 255 }) { return nil }
        var v = last
        for (i, n) in numbers.enumerated() { v += n << (8 * (3 - UInt32(i))) }
        return v
    }

    // MARK: IPv6 (the URL standard's reader)

    static func parseIPv6(_ s: [Unicode.Scalar]) -> UInt128? {
        let n = s.count
        guard n >= 2 else { return nil }
        var pieces = [UInt16](repeating: 0, count: 8)
        var piece = 0
        var compress: Int?
        var i = 0
        if s[0] == ":" {
            guard s[1] == ":" else { return nil }
            i = 2
            piece = 1
            compress = 1
        }
        var embeddedV4 = false
        while i < n {
            guard piece < 8 else { return nil }
            if s[i] == ":" {
                guard compress == nil else { return nil }
                i += 1
                piece += 1
                compress = piece
                continue
            }
            let start = i
            var value: UInt32 = 0
            while i < n && i < start + 4, s[i].isASCII, let d = IPAddress.digit(UInt8(s[i].value), radix: 16) {
                value = value * 16 + d
                i += 1
            }
            if i < n {
                if s[i] == "." {
                    guard i != start, piece <= 6 else { return nil }
                    i = start
                    embeddedV4 = true
                    break
                } else if s[i] == ":" {
                    i += 1
                    guard i < n else { return nil }
                } else {
                    return nil
                }
            }
            pieces[piece] = UInt16(value)
            piece += 1
        }
        if embeddedV4 {
            var seen = 0
            while i < n {
                if seen > 0 {
                    guard seen < 4, s[i] == "." else { return nil }
                    i += 1
                }
                var part: UInt32?
                while i < n, s[i].value >= 0x30 && s[i].value <= 0x39 {
                    let d = s[i].value - 0x30
                    if part == 0 { return nil }
                    part = (part ?? 0) * 10 + d
                    if (part ?? 0) > 255 { return nil }
                    i += 1
                }
                guard let p = part, piece < 8 else { return nil }
                pieces[piece] = pieces[piece] &* 0x100 &+ UInt16(p)
                seen += 1
                if seen == 2 || seen == 4 { piece += 1 }
            }
            guard seen == 4 else { return nil }
        }
        if let c = compress {
            var swaps = piece - c
            piece = 7
            while swaps > 0 && piece >= 0 {
                pieces.swapAt(piece, c + swaps - 1)
                swaps -= 1
                piece -= 1
            }
        } else if piece != 8 {
            return nil
        }
        return IPAddress.pack(pieces)
    }
}
