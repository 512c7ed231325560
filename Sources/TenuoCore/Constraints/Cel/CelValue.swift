/// A CEL runtime value, as the reference's interpreter models it: signed and unsigned 64-bit
/// integers and doubles stay distinct kinds (but compare across kinds), strings are UTF-8,
/// maps are keyed by int, uint, bool or string.
enum CelValue: Equatable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case string(String)
    case bytes([UInt8])
    case bool(Bool)
    case null
    case list([CelValue])
    case map(CelMap)
    case timestamp(CelTimestamp)
    case duration(CelDuration)
    /// A registered function named as a field (`value.size` without a call), with its
    /// receiver: the reference makes this a value that only compares for equality.
    indirect case function(String, CelValue)

    /// Exact structural identity (strings byte for byte, doubles bit for bit): what syntax tree
    /// comparison needs. CEL's own `==` is `equal(_:_:)`.
    static func == (a: CelValue, b: CelValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
        case (.string(let x), .string(let y)): return Bytewise.equal(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case (.map(let x), .map(let y)):
            return x.entries.count == y.entries.count
                && x.entries.allSatisfy { k, v in y.entries[k].map { $0 == v } ?? false }
        case (.timestamp(let x), .timestamp(let y)): return x == y && x.offset == y.offset
        case (.duration(let x), .duration(let y)): return x == y
        case (.function(let f, let x), .function(let g, let y)): return f == g && x == y
        default: return false
        }
    }

    var typeName: String {
        switch self {
        case .int: return "Int"
        case .uint: return "UInt"
        case .double: return "Float"
        case .string: return "String"
        case .bytes: return "Bytes"
        case .bool: return "Bool"
        case .null: return "Null"
        case .list: return "List"
        case .map: return "Map"
        case .timestamp: return "Timestamp"
        case .duration: return "Duration"
        case .function: return "Function"
        }
    }

    /// The reference's truthiness, used by `!`, `&&`, `||`, `?:` and the macros: non-zero,
    /// non-empty, true; null is false.
    var truthy: Bool {
        switch self {
        case .int(let v): return v != 0
        case .uint(let v): return v != 0
        case .double(let v): return v != 0
        case .string(let s): return !s.utf8.isEmpty
        case .bytes(let b): return !b.isEmpty
        case .bool(let b): return b
        case .null: return false
        case .list(let l): return !l.isEmpty
        case .map(let m): return !m.entries.isEmpty
        case .timestamp(let t): return t.truthy
        case .duration(let d): return d.truthy
        case .function: return false
        }
    }

    /// The reference's equality: numeric kinds compare by value (int and uint exactly, either
    /// with a double after converting the integer to a double), lists element-wise, maps by key
    /// set and values; other kinds only to themselves.
    static func equal(_ a: CelValue, _ b: CelValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.double(let x), .double(let y)): return x == y
        case (.int(let x), .uint(let y)): return x >= 0 && UInt64(x) == y
        case (.uint(let x), .int(let y)): return y >= 0 && UInt64(y) == x
        case (.int(let x), .double(let y)): return Double(x) == y
        case (.double(let x), .int(let y)): return x == Double(y)
        case (.uint(let x), .double(let y)): return Double(x) == y
        case (.double(let x), .uint(let y)): return x == Double(y)
        case (.string(let x), .string(let y)): return Bytewise.equal(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) where !equal(p, q) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.entries.count == y.entries.count else { return false }
            for (k, v) in x.entries {
                guard let w = y.entries[k], equal(v, w) else { return false }
            }
            return true
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.duration(let x), .duration(let y)): return x == y
        case (.function(let f, let x), .function(let g, let y)): return f == g && equal(x, y)
        default: return false
        }
    }

    /// The reference's ordering; nil where it finds the values incomparable (different kinds
    /// other than numbers, NaN, lists, maps, bytes).
    static func compare(_ a: CelValue, _ b: CelValue) -> Int? {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x > y ? 1 : 0 }
        func dcmp(_ x: Double, _ y: Double) -> Int? { x.isNaN || y.isNaN ? nil : cmp(x, y) }
        switch (a, b) {
        case (.int(let x), .int(let y)): return cmp(x, y)
        case (.uint(let x), .uint(let y)): return cmp(x, y)
        case (.double(let x), .double(let y)): return dcmp(x, y)
        case (.string(let x), .string(let y)):
            return Bytewise.equal(x, y) ? 0 : Value.utf8Less(x, y) ? -1 : 1
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (!x ? -1 : 1)
        case (.null, .null): return 0
        case (.timestamp(let x), .timestamp(let y)): return CelTimestamp.compare(x, y)
        case (.duration(let x), .duration(let y)): return cmp(x.nanos, y.nanos)
        case (.int(let x), .uint(let y)): return x < 0 ? -1 : cmp(UInt64(x), y)
        case (.uint(let x), .int(let y)): return y < 0 ? 1 : cmp(x, UInt64(y))
        case (.int(let x), .double(let y)): return dcmp(Double(x), y)
        case (.uint(let x), .double(let y)): return dcmp(Double(x), y)
        case (.double(let x), .int(let y)): return dcmp(x, Double(y))
        case (.double(let x), .uint(let y)): return dcmp(x, Double(y))
        default: return nil
        }
    }

    /// The argument model's value as the reference hands it to CEL.
    init(_ v: Value) {
        switch v {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .float(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .list(let l): self = .list(l.map(CelValue.init))
        case .map(let m):
            var entries: [CelKey: CelValue] = [:]
            entries.reserveCapacity(m.count)
            for (k, e) in m { entries[.string(k)] = CelValue(e) }
            self = .map(CelMap(entries))
        }
    }
}

/// A map key: the reference accepts int, uint, bool and string keys (an int key and a uint key
/// are different keys, though lookups by index convert between them).
enum CelKey: Hashable, Sendable {
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case string(String)

    /// Strings are keys byte for byte (as in the reference), not by Unicode equivalence.
    static func == (a: CelKey, b: CelKey) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.uint(let x), .uint(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.string(let x), .string(let y)): return Bytewise.equal(x, y)
        default: return false
        }
    }

    func hash(into h: inout Hasher) {
        switch self {
        case .int(let x): h.combine(0); h.combine(x)
        case .uint(let x): h.combine(1); h.combine(x)
        case .bool(let x): h.combine(2); h.combine(x)
        case .string(let x):
            h.combine(3)
            for b in x.utf8 { h.combine(b) }
        }
    }

    init?(_ v: CelValue) {
        switch v {
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .bool(let b): self = .bool(b)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }

    var value: CelValue {
        switch self {
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        }
    }

    /// A deterministic iteration order (the reference iterates in hash order).
    static func less(_ a: CelKey, _ b: CelKey) -> Bool {
        func rank(_ k: CelKey) -> Int {
            switch k {
            case .int: return 0
            case .uint: return 1
            case .bool: return 2
            case .string: return 3
            }
        }
        switch (a, b) {
        case (.int(let x), .int(let y)): return x < y
        case (.uint(let x), .uint(let y)): return x < y
        case (.bool(let x), .bool(let y)): return !x && y
        case (.string(let x), .string(let y)): return Value.utf8Less(x, y)
        default: return rank(a) < rank(b)
        }
    }
}

/// A CEL map (string keys compare byte for byte).
struct CelMap: Equatable, Sendable {
    var entries: [CelKey: CelValue]

    init(_ entries: [CelKey: CelValue]) { self.entries = entries }

    /// Lookup by index, converting between int and uint keys as the reference does.
    func get(_ k: CelKey) -> CelValue? {
        if let v = entries[k] { return v }
        switch k {
        case .int(let i) where i >= 0: return entries[.uint(UInt64(i))]
        case .uint(let u) where u <= UInt64(Int64.max): return entries[.int(Int64(u))]
        default: return nil
        }
    }

    var sortedKeys: [CelKey] { entries.keys.sorted(by: CelKey.less) }

    static func == (a: CelMap, b: CelMap) -> Bool { CelValue.equal(.map(a), .map(b)) }
}
