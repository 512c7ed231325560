/// Byte-exact comparisons. Swift's `String ==`, `hasPrefix` and `Dictionary<String, _>`
/// use Unicode canonical equivalence ("café" == "cafe\u{301}"); the reference compares
/// UTF-8 bytes, so every comparison that decides an outcome goes through here.
enum Bytewise {
    static func equal(_ a: String, _ b: String) -> Bool {
        // Lengths first (constant time for native strings), then the contiguous UTF-8 buffers:
        // iterating two UTF8Views element by element costs several times more.
        guard a.utf8.count == b.utf8.count else { return false }
        var x = a
        var y = b
        return x.withUTF8 { p in y.withUTF8 { q in p.elementsEqual(q) } }
    }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool { s.utf8.starts(with: prefix.utf8) }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        let a = Array(s.utf8)
        let b = Array(suffix.utf8)
        return a.count >= b.count && a[(a.count - b.count)...].elementsEqual(b)
    }

    /// The entry of `map` whose key has exactly the bytes of `key`, if any.
    static func lookup<V>(_ map: [String: V], _ key: String) -> V? {
        guard let i = map.index(forKey: key), equal(map[i].key, key) else { return nil }
        return map[i].value
    }

    /// Whether `map` holds `key` with exactly these bytes.
    static func contains<V>(_ map: [String: V], _ key: String) -> Bool { lookup(map, key) != nil }

    /// Value equality as the reference's `ConstraintValue ==`: variants must agree (1 ≠ 1.0
    /// ≠ true), floats compare as IEEE doubles (NaN ≠ NaN, 0.0 == -0.0), strings and map keys
    /// byte for byte.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.float(let x), .float(let y)): return x == y
        case (.string(let x), .string(let y)): return equal(x, y)
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count where !equal(x[i], y[i]) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.count == y.count else { return false }
            for (k, v) in x {
                guard let w = lookup(y, k), equal(v, w) else { return false }
            }
            return true
        default: return false
        }
    }

    /// Whether `list` holds a value equal to `v` (as `equal(_:_:)`).
    static func contains(_ list: [Value], _ v: Value) -> Bool { list.contains { equal($0, v) } }
}
