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
        v7(unixMillis: unixMillis, random: random[...])
    }

    /// A fresh UUIDv7: the random bits read in place from `RandomPool` (no array of their own).
    static func v7(unixMillis: UInt64) -> WarrantID {
        RandomPool.withBytes(10) { v7(unixMillis: unixMillis, random: $0) }
    }

    static func v7(unixMillis: UInt64, random: ArraySlice<UInt8>) -> WarrantID {
        func r(_ i: Int) -> UInt8 { i < random.count ? random[random.startIndex + i] : 0 }
        func t(_ shift: UInt64) -> UInt8 { UInt8(truncatingIfNeeded: unixMillis >> shift) }
        // An array literal: its storage is allocated by specialised code, where
        // `Array(repeating:count:)` takes the standard library's generic path (~500 instructions).
        return WarrantID(unchecked: [
            t(40), t(32), t(24), t(16), t(8), t(0),  // 48-bit big-endian milliseconds
            0x70 | (r(0) & 0x0f), r(1),  // version 7
            0x80 | (r(2) & 0x3f), r(3), r(4), r(5), r(6), r(7), r(8), r(9),  // variant 10
        ])
    }

    init(unchecked b: [UInt8]) { bytes = b }

    /// 32 lowercase hex digits: the form the PoP challenge signs.
    public var hex: String { Hex.encode(bytes) }
    /// `tnu_wrt_` + hex: the display form.
    public var description: String { WarrantID.prefix + hex }
}
