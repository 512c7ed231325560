/// Substring search and replacement on UTF-8 bytes, as Rust's `str::find`, `contains`,
/// `replace` and `replacen` behave. Swift's `String` methods work on grapheme clusters
/// (`"/" + U+0301` is one Character, so `"x:/\u{301}".contains(":/")` is false); the
/// reference works on bytes, so its string surgery on URL patterns is redone here on bytes.
enum ByteText {
    static func find(_ haystack: [UInt8], _ needle: [UInt8], from start: Int = 0) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else {
            return needle.isEmpty ? start : nil
        }
        var i = start
        while i <= haystack.count - needle.count {
            if haystack[i] == needle[0] && haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
            i += 1
        }
        return nil
    }

    static func contains(_ s: String, _ needle: String) -> Bool { find(Array(s.utf8), Array(needle.utf8)) != nil }

    /// Replaces the first `limit` non-overlapping occurrences, scanning left to right.
    static func replace(_ s: String, _ needle: String, with replacement: String, limit: Int = Int.max) -> String {
        let h = Array(s.utf8)
        let n = Array(needle.utf8)
        let r = Array(replacement.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(h.count)
        var i = 0
        var done = 0
        while done < limit, let j = find(h, n, from: i) {
            out += h[i..<j]
            out += r
            i = j + n.count
            done += 1
        }
        out += h[i...]
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII case-insensitive equality (Rust `eq_ignore_ascii_case`).
    static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        for k in 0..<x.count where lower(x[k]) != lower(y[k]) { return false }
        return true
    }

    static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
}
