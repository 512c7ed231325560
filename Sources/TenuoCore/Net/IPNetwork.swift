/// An IPv4 or IPv6 network in CIDR notation, parsed as the reference's `ipnetwork` crate
/// (0.21) parses `IpNetwork` text.
///
/// Accepted: `address` (a /32 or /128 host network), `address/prefix` where the prefix is
/// what Rust's `u8::from_str` reads (ASCII digits, leading zeros and a leading `+` allowed)
/// and at most 32 or 128, and for IPv4 also `address/netmask` with a contiguous dotted
/// netmask (`10.0.0.0/255.0.0.0`). Addresses use Rust's strict parser (`IPAddress`). Host
/// bits may be set (`10.1.2.3/8`); membership masks them off. An IPv4 address never belongs
/// to an IPv6 network or the reverse (so `::ffff:10.0.0.1` is not in `10.0.0.0/8`).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    /// The address as written (host bits kept).
    public let address: IPAddress
    public let prefix: UInt8

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        let slashes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "/") }
        guard slashes.count <= 1 else { return nil }
        let addressBytes = slashes.first.map { Array(bytes[..<$0]) } ?? bytes
        let prefixBytes = slashes.first.map { Array(bytes[($0 + 1)...]) }
        if let v4 = IPAddress.parseV4(addressBytes) {
            var prefix: UInt8 = 32
            if let p = prefixBytes {
                if let mask = IPAddress.parseV4(p) {
                    guard let n = IPNetwork.prefixOfMask(mask) else { return nil }
                    prefix = n
                } else {
                    guard let n = IPNetwork.parsePrefix(p, max: 32) else { return nil }
                    prefix = n
                }
            }
            self.address = .v4(v4)
            self.prefix = prefix
        } else if let v6 = IPAddress.parseV6(addressBytes) {
            var prefix: UInt8 = 128
            if let p = prefixBytes {
                guard let n = IPNetwork.parsePrefix(p, max: 128) else { return nil }
                prefix = n
            }
            self.address = .v6(v6)
            self.prefix = prefix
        } else {
            return nil
        }
    }

    /// Rust's `u8::from_str` (an optional `+`, then at least one ASCII digit), bounded by `max`.
    static func parsePrefix(_ s: [UInt8], max: UInt8) -> UInt8? {
        var digits = s[...]
        if digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var v = 0
        for c in digits {
            guard c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(c - UInt8(ascii: "0"))
            if v > 255 { return nil }
        }
        return v <= Int(max) ? UInt8(v) : nil
    }

    /// The prefix length of a contiguous netmask, or nil.
    static func prefixOfMask(_ m: UInt32) -> UInt8? {
        let ones = m.leadingZeroBitCount == 0 ? (~m).leadingZeroBitCount : 0
        let expected: UInt32 = ones == 0 ? 0 : ~UInt32(0) << (32 - ones)
        return m == expected ? UInt8(ones) : nil
    }

    /// Whether `ip` lies in the network (same family, equal under the mask).
    public func contains(_ ip: IPAddress) -> Bool {
        switch (address, ip) {
        case (.v4(let n), .v4(let a)):
            let mask: UInt32 = prefix == 0 ? 0 : ~UInt32(0) << (32 - UInt32(prefix))
            return n & mask == a & mask
        case (.v6(let n), .v6(let a)):
            let mask: UInt128 = prefix == 0 ? 0 : ~UInt128(0) << (128 - UInt128(prefix))
            return n & mask == a & mask
        default:
            return false
        }
    }

    /// The first address (host bits cleared).
    public var network: IPAddress {
        switch address {
        case .v4(let n): return .v4(prefix == 0 ? 0 : n & (~UInt32(0) << (32 - UInt32(prefix))))
        case .v6(let n): return .v6(prefix == 0 ? 0 : n & (~UInt128(0) << (128 - UInt128(prefix))))
        }
    }

    /// The last address (host bits set).
    public var broadcast: IPAddress {
        switch address {
        case .v4(let n): return .v4(prefix == 32 ? n : n | (~UInt32(0) >> UInt32(prefix)))
        case .v6(let n): return .v6(prefix == 128 ? n : n | (~UInt128(0) >> UInt128(prefix)))
        }
    }

    /// Whether every address of `other` lies in this network.
    public func covers(_ other: IPNetwork) -> Bool { contains(other.network) && contains(other.broadcast) }

    public var description: String { "\(address)/\(prefix)" }
}
