/// How `UrlSafe` reads an IP host and decides whether it is safe to reach.
enum UrlSafeAddress {
    /// The reference's `parse_ip`: brackets stripped, then Rust's strict address syntax, a
    /// 32-bit decimal integer, `0x` hexadecimal, or four dotted parts with leading zeros read
    /// as octal when every part is octal and reads the same in decimal (otherwise nil, and
    /// `looksLikeAmbiguousIPv4` refuses the name). Only opaque hosts of non-special schemes
    /// reach the lenient forms: the URL parser already turns special hosts into canonical IPs.
    static func parseHost(_ hostText: String) -> IPAddress? {
        var bytes = Array(hostText.utf8)[...]
        while bytes.first == UInt8(ascii: "[") { bytes = bytes.dropFirst() }
        while bytes.last == UInt8(ascii: "]") { bytes = bytes.dropLast() }
        let host = Array(bytes)
        if let ip = IPAddress.parse(String(decoding: host, as: UTF8.self)) { return ip }
        let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        if host.allSatisfy(isDigit) {
            return unsigned(host[...], radix: 10).map { .v4($0) }
        }
        if host.count >= 2 && host[0] == UInt8(ascii: "0") && (host[1] | 0x20) == UInt8(ascii: "x") {
            return unsigned(host.dropFirst(2), radix: 16).map { .v4($0) }
        }
        guard host.first == UInt8(ascii: "0"), host.contains(UInt8(ascii: ".")) else { return nil }
        let parts = host.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(isDigit) }) else { return nil }
        guard parts.contains(where: { $0.count > 1 && $0.first == UInt8(ascii: "0") }) else { return nil }
        guard parts.allSatisfy({ $0.allSatisfy { $0 <= UInt8(ascii: "7") } }) else { return nil }
        var value: UInt32 = 0
        for p in parts {
            let octal = p.count > 1 && p.first == UInt8(ascii: "0")
            guard let o = unsigned(p, radix: octal ? 8 : 10), o <= 255 else { return nil }
            guard let d = unsigned(p, radix: 10), d == o else { return nil }
            value = value << 8 | o
        }
        return .v4(value)
    }

    /// Rust's `u32::from_str_radix` (an optional leading `+`), nil on overflow or bad digits.
    private static func unsigned(_ digits: ArraySlice<UInt8>, radix: UInt32) -> UInt32? {
        var d = digits
        if d.first == UInt8(ascii: "+") { d = d.dropFirst() }
        guard !d.isEmpty else { return nil }
        var v: UInt64 = 0
        for b in d {
            guard let x = IPAddress.digit(b, radix: radix) else { return nil }
            v = v * UInt64(radix) + UInt64(x)
            if v > UInt64(UInt32.max) { return nil }
        }
        return UInt32(v)
    }

    /// Four all-digit dotted parts, one with a leading zero (`010.0.0.1`): refused.
    static func looksLikeAmbiguousIPv4(_ host: String) -> Bool {
        let parts = Array(host.utf8).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        guard parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } })
        else { return false }
        return parts.contains { $0.count > 1 && $0.first == UInt8(ascii: "0") }
    }

    /// The reference's `check_ip_safe`, plus two refusals of our own: `::` under
    /// `block_reserved` (it reaches the local host, like 0.0.0.0) and 100.64.0.0/10 (shared
    /// address space, RFC 6598) under `block_private`.
    static func isSafe(_ address: IPAddress, _ p: UrlSafePolicy) -> Bool {
        var ip = address
        if case .v6(let a) = address {
            if a >> 32 == 0xFFFF {
                ip = .v4(UInt32(truncatingIfNeeded: a))
            } else if a >> 32 == 0 && a > 1 {
                ip = .v4(UInt32(truncatingIfNeeded: a))
            }
        }
        switch ip {
        case .v4(let a):
            let o0 = a >> 24
            let o1 = (a >> 16) & 0xFF
            if p.blockLoopback && o0 == 127 { return false }
            if p.blockPrivate {
                if o0 == 10 || (o0 == 172 && (16...31).contains(o1)) || (o0 == 192 && o1 == 168) { return false }
                if o0 == 100 && (64...127).contains(o1) { return false }
            }
            if p.blockReserved && (o0 == 0 || (224...239).contains(o0) || a == 0xFFFF_FFFF) { return false }
            if p.blockMetadata && o0 == 169 && o1 == 254 { return false }
            return true
        case .v6(let a):
            if p.blockLoopback && a == 1 { return false }
            let s0 = UInt16(truncatingIfNeeded: a >> 112)
            if p.blockPrivate && ((s0 & 0xFE00) == 0xFC00 || (s0 & 0xFFC0) == 0xFE80) { return false }
            if p.blockReserved && a == 0 { return false }
            return true
        }
    }
}
