/// A decoded CBOR data item (RFC 8949), restricted to what Tenuo's wire format uses.
///
/// Tags, `undefined`, other simple values and indefinite lengths are not representable:
/// the strict decoder rejects them.
public enum CBOR: Sendable, Hashable {
    /// Major type 0.
    case unsigned(UInt64)
    /// Major type 1: the value is `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBOR])
    /// Map entries in wire order (the decoder keeps them as read; it rejects duplicate keys).
    case map([CBORPair])
    case bool(Bool)
    case null
    /// Any float width on the wire; encoded back in the shortest lossless width.
    case float(Double)

    /// Builds a non-negative or negative integer item.
    public static func int(_ v: Int64) -> CBOR {
        v >= 0 ? .unsigned(UInt64(v)) : .negative(UInt64(-(v + 1)))
    }

    /// The integer value if it fits in `Int64`.
    public var int64: Int64? {
        switch self {
        case .unsigned(let u): return u <= UInt64(Int64.max) ? Int64(u) : nil
        case .negative(let n): return n <= UInt64(Int64.max) ? -1 - Int64(n) : nil
        default: return nil
        }
    }

    public var uint64: UInt64? {
        if case .unsigned(let u) = self { return u }
        return nil
    }

    public var text: String? {
        if case .text(let s) = self { return s }
        return nil
    }

    public var bytes: [UInt8]? {
        if case .bytes(let b) = self { return b }
        return nil
    }

    public var array: [CBOR]? {
        if case .array(let a) = self { return a }
        return nil
    }

    public var mapEntries: [CBORPair]? {
        if case .map(let m) = self { return m }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Looks up a text key in a map item (nil when not a map or absent).
    public subscript(textKey key: String) -> CBOR? {
        guard case .map(let entries) = self else { return nil }
        for e in entries { if case .text(let k) = e.key, k == key { return e.value } }
        return nil
    }

    /// A short name of the item's kind, for error messages.
    public var kindName: String {
        switch self {
        case .unsigned, .negative: return "integer"
        case .bytes: return "byte string"
        case .text: return "text"
        case .array: return "array"
        case .map: return "map"
        case .bool: return "bool"
        case .null: return "null"
        case .float: return "float"
        }
    }
}

/// One key/value entry of a CBOR map.
public struct CBORPair: Sendable, Hashable {
    public var key: CBOR
    public var value: CBOR
    public init(_ key: CBOR, _ value: CBOR) {
        self.key = key
        self.value = value
    }
}

/// Limits the strict decoder enforces before allocating.
public struct CBORLimits: Sendable {
    /// Maximum nesting of arrays and maps. The default leaves room for the spec's 32 levels
    /// of All/Any/Not (two CBOR levels each) inside a warrant's tools map (the reference's
    /// decoder stops near 256).
    public var maxDepth: Int
    /// Maximum number of data items in one decode.
    public var maxItems: Int
    public init(maxDepth: Int = 128, maxItems: Int = 1 << 20) {
        self.maxDepth = maxDepth
        self.maxItems = maxItems
    }
    public static let standard = CBORLimits()
}
