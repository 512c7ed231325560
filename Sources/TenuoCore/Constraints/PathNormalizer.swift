/// Lexical path handling for `Subpath`, on UTF-8 bytes, as the reference does it.
///
/// - Absolute: starts with `/`, or with an ASCII letter, `:` and `\` or `/` (`C:\`, `c:/`).
/// - Normalisation keeps that prefix (`/`, `X:\` or `X:/`), splits the rest on both `/` and
///   `\`, drops empty and `.` components, lets `..` remove the previous component (never
///   climbing above the prefix), and joins the components with `/`. Nothing is decoded
///   (`%2e%2e` is an ordinary name) and the filesystem is never consulted.
/// - Case folding is Unicode lowercasing as Rust's `str::to_lowercase` (see `UnicodeCase`).
///
/// Working on bytes (not Swift `Character`s) matters: a combining mark after `/` forms one
/// grapheme with it, and Swift would no longer see the separator.
enum PathNormalizer {
    static let slash: UInt8 = 0x2F
    static let backslash: UInt8 = 0x5C
    static let colon: UInt8 = 0x3A
    static let dot: UInt8 = 0x2E

    static func isSeparator(_ b: UInt8) -> Bool { b == slash || b == backslash }

    static func isAbsolute(_ p: [UInt8]) -> Bool {
        if p.first == slash { return true }
        guard p.count >= 3 else { return false }
        let c = p[0] | 0x20
        return c >= 0x61 && c <= 0x7A && p[1] == colon && isSeparator(p[2])
    }

    /// The lexical normal form. Meant for absolute paths; a relative path keeps no prefix.
    static func normalize(_ p: [UInt8]) -> [UInt8] {
        let prefixLength: Int
        if p.first == slash {
            prefixLength = 1
        } else if p.count >= 2 && p[1] == colon {
            prefixLength = p.count > 2 && isSeparator(p[2]) ? 3 : 2
        } else {
            prefixLength = 0
        }
        var components: [ArraySlice<UInt8>] = []
        var start = prefixLength
        var i = prefixLength
        while i <= p.count {
            if i == p.count || isSeparator(p[i]) {
                let component = p[start..<i]
                if component.isEmpty || component.elementsEqual([dot]) {
                    // skipped
                } else if component.elementsEqual([dot, dot]) {
                    _ = components.popLast()
                } else {
                    components.append(component)
                }
                start = i + 1
            }
            i += 1
        }
        var out = Array(p[0..<prefixLength])
        for (n, component) in components.enumerated() {
            let endsWithSeparator = out.last.map(isSeparator) ?? false
            if (n > 0 || prefixLength > 0) && !endsWithSeparator { out.append(slash) }
            out.append(contentsOf: component)
        }
        return out
    }

    /// `normalize` on a string (the result is valid UTF-8: it is cut only at ASCII bytes).
    static func normalize(_ s: String) -> String { String(decoding: normalize(Array(s.utf8)), as: UTF8.self) }
}
