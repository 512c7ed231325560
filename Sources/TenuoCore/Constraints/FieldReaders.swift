/// Reads the text-keyed CBOR map that carries a constraint struct on the wire.
///
/// The reference writes these maps in field-declaration order; decoding accepts any
/// order. Keys outside `allowed` are refused (the reference ignores them; it never writes
/// them, and an ignored key could be one that narrows the constraint). Duplicate keys are
/// already refused by the CBOR reader.
struct WireFields {
    let typeName: String
    private var entries: [(key: String, value: CBOR)] = []

    init(_ item: CBOR, typeName: String, allowed: [String]) throws(TenuoError) {
        self.typeName = typeName
        guard case .map(let pairs) = item else {
            throw TenuoError(.invalidPayloadStructure, "\(typeName): value must be a map, found \(item.kindName)")
        }
        for p in pairs {
            guard case .text(let k) = p.key else {
                throw TenuoError(
                    .invalidPayloadStructure, "\(typeName): map keys must be text, found \(p.key.kindName)")
            }
            guard allowed.contains(where: { Bytewise.equal($0, k) }) else {
                throw TenuoError(.invalidPayloadStructure, "\(typeName): unknown key \"\(k)\"")
            }
            entries.append((k, p.value))
        }
    }

    func optional(_ key: String) -> CBOR? {
        for e in entries where Bytewise.equal(e.key, key) { return e.value }
        return nil
    }

    func required(_ key: String) throws(TenuoError) -> CBOR {
        guard let v = optional(key) else {
            throw TenuoError(.invalidPayloadStructure, "\(typeName): missing key \"\(key)\"")
        }
        return v
    }

    func wrongType(_ key: String, _ expected: String, _ found: CBOR) -> TenuoError {
        TenuoError(.invalidPayloadStructure, "\(typeName).\(key): expected \(expected), found \(found.kindName)")
    }

    func text(_ key: String) throws(TenuoError) -> String {
        let v = try required(key)
        guard case .text(let s) = v else { throw wrongType(key, "text", v) }
        return s
    }

    func bool(_ key: String) throws(TenuoError) -> Bool {
        let v = try required(key)
        guard case .bool(let b) = v else { throw wrongType(key, "bool", v) }
        return b
    }

    /// A list of argument values (`[any]` on the wire).
    func values(_ key: String) throws(TenuoError) -> [Value] {
        let v = try required(key)
        guard case .array(let items) = v else { throw wrongType(key, "array", v) }
        var out: [Value] = []
        out.reserveCapacity(items.count)
        for x in items { out.append(try value(of: x, key: key)) }
        return out
    }

    /// One argument value. Byte strings and integers outside Int64 are refused: the
    /// reference never writes them (it would read a UTF-8 byte string as text and a large
    /// unsigned integer as a float).
    func value(of item: CBOR, key: String) throws(TenuoError) -> Value {
        do {
            return try Value(cbor: item)
        } catch {
            throw error.recoded(.invalidPayloadStructure, context: "\(typeName).\(key)")
        }
    }
}

/// Reads the JSON form of a constraint (`{"type": …, …fields}`) given as a `Value` map.
struct JSONFields {
    let typeName: String
    let map: [String: Value]

    init(_ map: [String: Value], typeName: String, allowed: [String]) throws(TenuoError) {
        self.typeName = typeName
        self.map = map
        for k in Value.sortedKeys(map)
        where !Bytewise.equal(k, "type") && !allowed.contains(where: { Bytewise.equal($0, k) }) {
            throw TenuoError(.invalidArgument, "\(typeName): unknown field \"\(k)\"")
        }
    }

    func optional(_ key: String) -> Value? { Bytewise.lookup(map, key) }

    func required(_ key: String) throws(TenuoError) -> Value {
        guard let v = optional(key) else { throw TenuoError(.invalidArgument, "\(typeName): missing field \"\(key)\"") }
        return v
    }

    func wrongType(_ key: String, _ expected: String, _ found: Value) -> TenuoError {
        TenuoError(.invalidArgument, "\(typeName).\(key): expected \(expected), found \(found.kindName)")
    }

    func text(_ key: String) throws(TenuoError) -> String {
        let v = try required(key)
        guard case .string(let s) = v else { throw wrongType(key, "string", v) }
        return s
    }

    func list(_ key: String) throws(TenuoError) -> [Value] {
        let v = try required(key)
        guard case .list(let a) = v else { throw wrongType(key, "list", v) }
        return a
    }

    /// An optional boolean; absent or null gives `defaultValue`.
    func bool(_ key: String, default defaultValue: Bool) throws(TenuoError) -> Bool {
        switch optional(key) {
        case nil, .null?: return defaultValue
        case .bool(let b)?: return b
        case let v?: throw wrongType(key, "bool", v)
        }
    }

    /// An optional number (int or float); absent or null gives nil.
    func number(_ key: String) throws(TenuoError) -> Double? {
        switch optional(key) {
        case nil, .null?: return nil
        case .int(let i)?: return Double(i)
        case .float(let d)?: return d
        case let v?: throw wrongType(key, "number", v)
        }
    }
}

/// Renders values for `summary` strings: JSON-like, strings quoted, map keys sorted.
enum ValueText {
    static func render(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return number(d)
        case .string(let s): return quote(s)
        case .list(let a): return "[" + a.map(render).joined(separator: ", ") + "]"
        case .map(let m):
            return "{"
                + Value.sortedKeys(m).map { quote($0) + ": " + render(m[$0, default: .null]) }
                .joined(separator: ", ") + "}"
        }
    }

    static func list(_ a: [Value]) -> String { "[" + a.map(render).joined(separator: ", ") + "]" }

    /// A float as written in summaries: integral values keep a ".0", non-finite are spelled out.
    static func number(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return d.description
    }

    /// `quote`, cut to its first 256 scalars (then `…` after the closing quote) when the text is
    /// over 1 KiB: for arguments quoted in error messages, which must not copy a 1 MiB value.
    static func quoteClipped(_ s: String) -> String {
        guard s.utf8.count > 1024 else { return quote(s) }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: s.unicodeScalars.prefix(256))
        return quote(String(head)) + "… (\(s.utf8.count) bytes)"
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7f {
                    out += "\\u{" + String(u.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
