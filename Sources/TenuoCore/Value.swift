/// The one value model for tool arguments and constraint values: what a call passes, what the
/// PoP challenge signs, and what constraints evaluate. Integers and floats stay distinct
/// (`50` and `50.0` sign differently and compare unequal under Exact/Contains).
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case string(String)
    case list([Value])
    case map([String: Value])

    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "bool"
        case .int: return "int"
        case .float: return "float"
        case .string: return "string"
        case .list: return "list"
        case .map: return "map"
        }
    }

    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Numeric view used by Range: ints and floats alike (as the reference does); nil otherwise.
    public var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }

    /// Map keys in the order every encoding uses: bytewise UTF-8 (Rust `String` order).
    public static func sortedKeys(_ m: [String: Value]) -> [String] {
        m.keys.sorted(by: utf8Less)
    }

    /// Bytewise UTF-8 comparison (Swift's `<` on String is not bytewise), over the strings'
    /// contiguous bytes (cheaper than two UTF-8 iterators; every canonical sort uses it).
    public static func utf8Less(_ a: String, _ b: String) -> Bool {
        var a = a
        var b = b
        return a.withUTF8 { x in
            b.withUTF8 { y in
                let n = min(x.count, y.count)
                var i = 0
                while i < n {
                    if x[i] != y[i] { return x[i] < y[i] }
                    i += 1
                }
                return x.count < y.count
            }
        }
    }

    /// Writes the value as the reference encodes argument and constraint values: ints as
    /// CBOR integers, floats in the shortest lossless width, maps with UTF-8-sorted keys.
    public func write(to w: inout CBORWriter) {
        switch self {
        case .null: w.null()
        case .bool(let b): w.bool(b)
        case .int(let i): w.int(i)
        case .float(let d): w.float(d)
        case .string(let s): w.text(s)
        case .list(let a):
            w.arrayHeader(a.count)
            for x in a { x.write(to: &w) }
        case .map(let m):
            w.mapHeader(m.count)
            for k in Value.sortedKeys(m) {
                w.text(k)
                m[k, default: .null].write(to: &w)
            }
        }
    }

    public var cbor: CBOR {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .string(let s): return .text(s)
        case .list(let a): return .array(a.map { $0.cbor })
        case .map(let m): return .map(Value.sortedKeys(m).map { CBORPair(.text($0), m[$0, default: .null].cbor) })
        }
    }

    /// Converts a decoded CBOR item to a value. Byte strings, integers outside `Int64`
    /// and non-text map keys have no value form and are rejected.
    public init(cbor: CBOR, depth: Int = 0) throws(TenuoError) {
        if depth > 64 { throw TenuoError(.malformedCBOR, "value nested deeper than 64") }
        switch cbor {
        case .unsigned, .negative:
            guard let i = cbor.int64 else { throw TenuoError(.malformedCBOR, "integer outside the signed 64-bit range") }
            self = .int(i)
        case .bytes: throw TenuoError(.malformedCBOR, "byte strings are not allowed as values")
        case .text(let s): self = .string(s)
        case .array(let a):
            var out: [Value] = []
            out.reserveCapacity(a.count)
            for x in a { out.append(try Value(cbor: x, depth: depth + 1)) }
            self = .list(out)
        case .map(let m):
            var out: [String: Value] = [:]
            for e in m {
                guard case .text(let k) = e.key else { throw TenuoError(.malformedCBOR, "value map keys must be text") }
                // Swift compares strings canonically: two byte-distinct spellings of one key
                // would merge here, so refuse them (fail closed) rather than drop one.
                guard out.updateValue(try Value(cbor: e.value, depth: depth + 1), forKey: k) == nil else {
                    throw TenuoError(.malformedCBOR, "value map has two keys that compare equal")
                }
            }
            self = .map(out)
        case .bool(let b): self = .bool(b)
        case .null: self = .null
        case .float(let d): self = .float(d)
        }
    }
}
