/// A warrant identifier: 16 bytes (a UUIDv7 when minted here), shown as `tnu_wrt_<32 hex>`.
public struct WarrantID: Sendable, Hashable, CustomStringConvertible {
    public static let prefix = "tnu_wrt_"
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count == 16 else {
            throw TenuoError(.invalidPayloadStructure, "warrant id must be 16 bytes, got \(bytes.count)")
        }
        self.bytes = bytes
    }

    /// Parses `tnu_wrt_<32 hex>`, bare 32 hex, or a dashed UUID.
    public init(parsing s: String) throws(TenuoError) {
        var body = Substring(s)
        if body.hasPrefix(WarrantID.prefix) { body = body.dropFirst(WarrantID.prefix.count) }
        let hex = String(body.filter { $0 != "-" })
        guard hex.utf8.count == 32, let b = try? Hex.decode(hex) else {
            throw TenuoError(.invalidArgument, "not a warrant id: expected tnu_wrt_ followed by 32 hex digits")
        }
        try self.init(bytes: b)
    }

    /// A UUIDv7 from a millisecond timestamp and 10 random bytes (RFC 9562 §5.7).
    public static func v7(unixMillis: UInt64, random: [UInt8]) -> WarrantID {
        var b = [UInt8](repeating: 0, count: 16)
        for i in 0..<6 { b[i] = UInt8(truncatingIfNeeded: unixMillis >> UInt64(40 - 8 * i)) }
        for i in 6..<16 { b[i] = i - 6 < random.count ? random[i - 6] : 0 }
        b[6] = 0x70 | (b[6] & 0x0f)
        b[8] = 0x80 | (b[8] & 0x3f)
        return WarrantID(unchecked: b)
    }

    init(unchecked b: [UInt8]) { bytes = b }

    /// 32 lowercase hex digits: the form the PoP challenge signs.
    public var hex: String { Hex.encode(bytes) }
    /// `tnu_wrt_` + hex: the display form.
    public var description: String { WarrantID.prefix + hex }
}
