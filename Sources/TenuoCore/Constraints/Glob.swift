/// A glob in the dialect of the Rust `glob` crate's `Pattern` with default match options,
/// which is what the reference's Pattern constraint uses.
///
/// Syntax: `?` is any one character, `*` any sequence (crossing `/`), `[abc]`, `[a-z]`,
/// `[!abc]` a character class (`[*]`, `[?]`, `[[]` are literals; `]` right after `[` or
/// `[!` is a member), `**` a recursive wildcard allowed only as a whole path component.
/// There is no escape character: a backslash is an ordinary character. Matching is
/// case-sensitive, over Unicode scalars, and must cover the whole string.
///
/// Matching simulates the token sequence as a set of reachable string positions, one pass
/// per token: O(tokens × length) time, no backtracking. Evaluation bounds tokens × length
/// (`MatchCost`).
struct Glob: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case char(Unicode.Scalar)
        case anyChar
        case anySequence
        /// `**`: matches the empty string, any string ending in `/`, or the rest of the input.
        case anyRecursiveSequence
        case anyWithin([ClassItem])
        case anyExcept([ClassItem])
    }

    enum ClassItem: Sendable, Equatable {
        case single(Unicode.Scalar)
        case range(Unicode.Scalar, Unicode.Scalar)

        func contains(_ c: Unicode.Scalar) -> Bool {
            switch self {
            case .single(let s): return c == s
            case .range(let lo, let hi): return c.value >= lo.value && c.value <= hi.value
            }
        }
    }

    /// A compile error, worded as the glob crate words it (the reference shows this text).
    struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        /// Index in Unicode scalars.
        let position: Int
        let reason: String
        var description: String { "Pattern syntax error near position \(position): \(reason)" }

        static let wildcards = "wildcards are either regular `*` or recursive `**`"
        static let recursive = "recursive wildcards must form a single path component"
        static let range = "invalid range pattern"
    }

    let tokens: [Token]

    /// Compiles a pattern exactly as `glob::Pattern::new` does, including its error positions.
    static func compile(_ pattern: String) -> Result<Glob, SyntaxError> {
        // ASCII text (nearly every pattern) is read in place, one scalar per UTF-8 byte; other
        // text as an array of its scalars. Both run the same `compile(scalars:)`.
        var text = pattern
        if let ascii = text.withUTF8({ utf8 -> Result<Glob, SyntaxError>? in
            for b in utf8 where b >= 0x80 { return nil }
            return compile(scalars: utf8.lazy.map { Unicode.Scalar($0) })
        }) {
            return ascii
        }
        return compile(scalars: Array(pattern.unicodeScalars))
    }

    /// `compile` over the pattern's Unicode scalars (positions in errors are indices into them).
    private static func compile<C: RandomAccessCollection>(scalars c: C) -> Result<Glob, SyntaxError>
    where C.Element == Unicode.Scalar, C.Index == Int {
        let n = c.count
        var tokens: [Token] = []
        tokens.reserveCapacity(n)  // at most one token per scalar: one allocation, not log(n)
        var i = 0
        while i < n {
            switch c[i] {
            case "?":
                tokens.append(.anyChar)
                i += 1
            case "*":
                let old = i
                while i < n && c[i] == "*" { i += 1 }
                let count = i - old
                if count > 2 { return .failure(SyntaxError(position: old + 2, reason: SyntaxError.wildcards)) }
                if count == 1 {
                    tokens.append(.anySequence)
                    continue
                }
                // `**` must start the pattern or follow `/`, and end it or be followed by `/`
                // (which it absorbs).
                guard old == 0 || c[old - 1] == "/" else {
                    return .failure(SyntaxError(position: old - 1, reason: SyntaxError.recursive))
                }
                if i < n {
                    guard c[i] == "/" else { return .failure(SyntaxError(position: i, reason: SyntaxError.recursive)) }
                    i += 1
                }
                // The crate collapses a repeated `**/**` only when an earlier token precedes it.
                if !(tokens.count > 1 && tokens.last == .anyRecursiveSequence) {
                    tokens.append(.anyRecursiveSequence)
                }
            case "[":
                if i + 4 <= n && c[i + 1] == "!" {
                    if let close = firstClose(c, from: i + 3) {
                        tokens.append(.anyExcept(classItems(c[(i + 2)..<close])))
                        i = close + 1
                        continue
                    }
                } else if i + 3 <= n && c[i + 1] != "!" {
                    if let close = firstClose(c, from: i + 2) {
                        tokens.append(.anyWithin(classItems(c[(i + 1)..<close])))
                        i = close + 1
                        continue
                    }
                }
                return .failure(SyntaxError(position: i, reason: SyntaxError.range))
            default:
                tokens.append(.char(c[i]))
                i += 1
            }
        }
        return .success(Glob(tokens: tokens))
    }

    private static func firstClose<C: RandomAccessCollection>(_ c: C, from start: Int) -> Int?
    where C.Element == Unicode.Scalar, C.Index == Int {
        var j = start
        while j < c.count {
            if c[j] == "]" { return j }
            j += 1
        }
        return nil
    }

    private static func classItems<S: Sequence>(_ s: S) -> [ClassItem] where S.Element == Unicode.Scalar {
        let a = Array(s)
        var out: [ClassItem] = []
        var i = 0
        while i < a.count {
            if i + 3 <= a.count && a[i + 1] == "-" {
                out.append(.range(a[i], a[i + 2]))
                i += 3
            } else {
                out.append(.single(a[i]))
                i += 1
            }
        }
        return out
    }

    /// Whether the whole string matches.
    func matches(_ string: String) -> Bool {
        literalMatch(string) ?? tableMatch(string)
    }

    /// The common shapes, decided by one walk over the string without the position table:
    /// plain characters only (`/tmp/report`: whole-string equality), or plain characters then
    /// one `*` at the end (`weather *`, `https://*`: a prefix test). nil for any other pattern.
    func literalMatch(_ string: String) -> Bool? {
        var open = false  // the pattern ends in `*`
        for (i, t) in tokens.enumerated() {
            switch t {
            case .char: continue
            case .anySequence where i == tokens.count - 1: open = true
            default: return nil
            }
        }
        var it = string.unicodeScalars.makeIterator()
        for t in tokens {
            guard case .char(let x) = t else { break }
            guard let c = it.next(), c == x else { return false }
        }
        return open || it.next() == nil
    }

    /// Any pattern: the reachable positions, one pass per token.
    func tableMatch(_ string: String) -> Bool {
        let s = Array(string.unicodeScalars)
        let n = s.count
        // cur[p]: the tokens so far can consume exactly s[0..<p]. Active positions lie in lo...hi.
        var cur = [Bool](repeating: false, count: n + 1)
        var next = cur
        cur[0] = true
        var lo = 0
        var hi = 0
        for token in tokens {
            var newLo = Int.max
            var newHi = -1
            switch token {
            case .anySequence:
                for q in lo...n { next[q] = true }
                newLo = lo
                newHi = n
            case .anyRecursiveSequence:
                // Stay put, stop right after any later `/`, or run to the end of the input.
                for q in lo...n {
                    let reach = cur[q] || (q > lo && s[q - 1] == "/") || q == n
                    next[q] = reach
                    if reach {
                        if q < newLo { newLo = q }
                        newHi = q
                    }
                }
            case .char(let x):
                // The common token, without the generic `accepts` dispatch per position.
                if lo < n {
                    for p in lo...min(hi, n - 1) where cur[p] && s[p] == x {
                        next[p + 1] = true
                        if p + 1 < newLo { newLo = p + 1 }
                        newHi = p + 1
                    }
                }
            default:
                if lo < n {
                    for p in lo...min(hi, n - 1) where cur[p] && Glob.accepts(token, s[p]) {
                        next[p + 1] = true
                        if p + 1 < newLo { newLo = p + 1 }
                        newHi = p + 1
                    }
                }
            }
            // Clear the old window and swap.
            for q in lo...hi { cur[q] = false }
            swap(&cur, &next)
            if newHi < 0 { return false }
            lo = newLo
            hi = newHi
        }
        return cur[n]
    }

    private static func accepts(_ token: Token, _ c: Unicode.Scalar) -> Bool {
        switch token {
        case .char(let x): return x == c
        case .anyChar: return true
        case .anyWithin(let items): return items.contains { $0.contains(c) }
        case .anyExcept(let items): return !items.contains { $0.contains(c) }
        case .anySequence, .anyRecursiveSequence: return false
        }
    }
}
