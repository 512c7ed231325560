/// Translates a pattern written in the Rust `regex` crate's syntax (what the reference
/// compiles) into an RE2 pattern with the same matches, or explains why it cannot.
///
/// RE2 and Rust share most syntax, but not its meaning everywhere: Rust's `\d \s \w` are
/// Unicode classes (RE2's are ASCII), Rust has nested classes and `&&`/`--`/`~~` set
/// operations, `\u{…}` escapes, `(?<name>…)`, `(?x)` verbose mode and escapes of any ASCII
/// punctuation. So the pattern is parsed here with Rust's grammar and re-emitted in a small
/// RE2 subset: literals as `\x{…}`, classes as explicit scalar ranges, groups as `(?:…)`,
/// flags `i m s U` passed through. Constructs Rust rejects (look-around, backreferences,
/// `\Q`, …) are syntax errors; constructs Rust accepts but RE2 cannot express are reported
/// as unsupported (special word boundaries `\<` `\b{start}`, scripts in `\p{…}`, `(?-u)`,
/// `(?R)`, set operations or negated members of a class under `(?i)`, counts above 1000).
/// `\b`/`\B` are RE2's ASCII assertions; they agree with Rust's Unicode ones on ASCII text,
/// and the caller refuses to run them on other text (`usesWordBoundary`).
struct RegexTranslator {
    enum Failure: Error, Equatable {
        /// The reference rejects this pattern too.
        case syntax(String)
        /// The reference accepts this pattern; this build cannot run it faithfully.
        case unsupported(String)
    }

    struct Output: Equatable {
        let re2: String
        let usesWordBoundary: Bool
    }

    /// Emitted RE2 patterns larger than this are refused (classes expand to explicit ranges).
    static let maxOutputBytes = 1 << 20
    /// Group and class nesting limit (the Rust parser's default nest limit is 250).
    static let maxNesting = 250

    static func translate(_ pattern: String) -> Result<Output, Failure> {
        var t = RegexTranslator(Array(pattern.unicodeScalars))
        do {
            let body = try t.alternation()
            if t.i < t.s.count { throw Failure.syntax("unopened group") }
            if body.utf8.count > maxOutputBytes { throw Failure.unsupported("pattern expands beyond 1 MiB for RE2") }
            return .success(Output(re2: body, usesWordBoundary: t.wordBoundary))
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(.syntax("\(error)"))
        }
    }

    struct Flags {
        var caseInsensitive = false
        var verbose = false
    }

    let s: [Unicode.Scalar]
    var i = 0
    var flags = Flags()
    private var names: Set<String> = []
    var wordBoundary = false
    var nesting = 0

    private init(_ s: [Unicode.Scalar]) { self.s = s }

    var atEnd: Bool { i >= s.count }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    mutating func next() throws(Failure) -> Unicode.Scalar {
        guard i < s.count else { throw .syntax("unexpected end of pattern") }
        i += 1
        return s[i - 1]
    }

    /// In verbose mode, skips whitespace and `#` comments.
    mutating func skipVerbose() {
        guard flags.verbose else { return }
        while let c = peek() {
            if c.properties.isWhitespace {
                i += 1
            } else if c == "#" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    mutating func enter() throws(Failure) {
        nesting += 1
        if nesting > RegexTranslator.maxNesting { throw .syntax("exceed the maximum number of nested parentheses") }
    }

    static func literal(_ u: Unicode.Scalar) -> String {
        let v = u.value
        if (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) { return String(u) }
        return "\\x{" + String(v, radix: 16) + "}"
    }

    // MARK: Expressions

    mutating func alternation() throws(Failure) -> String {
        var out = try concatenation()
        while peek() == "|" {
            i += 1
            out += "|" + (try concatenation())
        }
        return out
    }

    private mutating func concatenation() throws(Failure) -> String {
        var out = ""
        while true {
            skipVerbose()
            guard let c = peek(), c != "|", c != ")" else { return out }
            let (atom, repeatable) = try self.atom()
            var text = atom
            while true {
                skipVerbose()
                guard let op = peek(), op == "*" || op == "+" || op == "?" || op == "{" else { break }
                guard repeatable else { throw .syntax("repetition operator missing expression") }
                let suffix = try repetition()
                text = "(?:" + text + ")" + suffix
            }
            out += text
            if out.utf8.count > RegexTranslator.maxOutputBytes {
                throw .unsupported("pattern expands beyond 1 MiB for RE2")
            }
        }
    }

    /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally followed by `?` (lazy).
    private mutating func repetition() throws(Failure) -> String {
        let op = try next()
        var out: String
        if op == "{" {
            func spaces() { while let c = peek(), c.properties.isWhitespace { i += 1 } }
            func decimal() throws(Failure) -> UInt32? {
                spaces()
                var digits = ""
                while let c = peek(), c.value >= 0x30 && c.value <= 0x39 {
                    digits.unicodeScalars.append(c)
                    i += 1
                }
                spaces()
                if digits.isEmpty { return nil }
                guard let v = UInt32(digits) else { throw .syntax("decimal literal invalid") }
                return v
            }
            guard let lo = try decimal() else {
                if atEnd { throw .syntax("unclosed counted repetition") }
                throw .syntax("repetition quantifier expects a valid decimal")
            }
            var hi: UInt32? = lo
            if peek() == "," {
                i += 1
                hi = try decimal()
            }
            guard !atEnd else { throw .syntax("unclosed counted repetition") }
            guard peek() == "}" else { throw .syntax("repetition quantifier expects a valid decimal") }
            i += 1
            if let h = hi, h < lo { throw .syntax("invalid repetition count range, the start must be <= the end") }
            if lo > 1000 || (hi ?? 0) > 1000 { throw .unsupported("repetition counts above 1000 (RE2's limit)") }
            if let h = hi {
                out = h == lo ? "{\(lo)}" : "{\(lo),\(h)}"
            } else {
                out = "{\(lo),}"
            }
        } else {
            out = String(op)
        }
        if peek() == "?" {
            i += 1
            out += "?"
        }
        return out
    }

    /// One atom and whether a repetition operator may follow it.
    private mutating func atom() throws(Failure) -> (String, Bool) {
        let c = try next()
        switch c {
        case "(": return try group()
        case "[": return (try classExpression(), true)
        case ".", "^", "$": return (String(c), true)
        case "\\": return (try escape(), true)
        case "*", "+", "?", "{": throw .syntax("repetition operator missing expression")
        default: return (RegexTranslator.literal(c), true)
        }
    }

    // MARK: Groups and flags

    private mutating func group() throws(Failure) -> (String, Bool) {
        try enter()
        defer { nesting -= 1 }
        let saved = flags
        var prefix = "(?:"
        if peek() == "?" {
            i += 1
            if peek() == "=" || peek() == "!" || (peek() == "<" && (peek(1) == "=" || peek(1) == "!")) {
                throw .syntax("look-around, including look-ahead and look-behind, is not supported")
            }
            if peek() == "<" || (peek() == "P" && peek(1) == "<") {
                i += peek() == "P" ? 2 : 1
                try captureName()
            } else {
                let (re2Flags, setsRest) = try flagGroup()
                if setsRest {
                    // `(?flags)`: applies to the rest of the enclosing group; not repeatable.
                    return (re2Flags.isEmpty ? "" : "(?" + re2Flags + ")", false)
                }
                prefix = re2Flags.isEmpty ? "(?:" : "(?" + re2Flags + ":"
            }
        }
        let body = try alternation()
        guard peek() == ")" else { throw .syntax("unclosed group") }
        i += 1
        flags = saved
        return (prefix + body + ")", true)
    }

    private mutating func captureName() throws(Failure) {
        var name = ""
        while true {
            guard let c = peek() else { throw .syntax("unclosed capture group name") }
            i += 1
            if c == ">" { break }
            let v = c.value
            let letter = (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || c == "_"
            let later = (v >= 0x30 && v <= 0x39) || c == "." || c == "[" || c == "]"
            guard letter || (!name.isEmpty && later) else { throw .syntax("invalid capture group character") }
            name.unicodeScalars.append(c)
        }
        if name.isEmpty { throw .syntax("empty capture group name") }
        if names.contains(name) { throw .syntax("duplicate capture group name") }
        names.insert(name)
    }

    /// Parses `flags)` or `flags:` after `(?`; returns the flags to pass to RE2 and whether
    /// the group ended (`(?flags)`).
    private mutating func flagGroup() throws(Failure) -> (String, Bool) {
        var seen: Set<Unicode.Scalar> = []
        var negated = false
        var lastWasDash = false
        var on = ""
        var off = ""
        while true {
            guard let c = peek() else { throw .syntax("unclosed group") }
            i += 1
            if c == ")" || c == ":" {
                if lastWasDash { throw .syntax("dangling flag negation operator") }
                if c == ")" && seen.isEmpty && !negated { throw .syntax("repetition operator missing expression") }
                let re2 = on + (off.isEmpty ? "" : "-" + off)
                return (re2, c == ")")
            }
            if c == "-" {
                if negated { throw .syntax("flag negation operator repeated") }
                negated = true
                lastWasDash = true
                continue
            }
            lastWasDash = false
            guard "imsUuxR".unicodeScalars.contains(c) else { throw .syntax("unrecognized flag") }
            if seen.contains(c) { throw .syntax("duplicate flag") }
            seen.insert(c)
            switch c {
            case "i":
                flags.caseInsensitive = !negated
                if negated { off += "i" } else { on += "i" }
            case "x": flags.verbose = !negated
            case "u": if negated { throw .unsupported("the u flag cannot be turned off (byte-oriented matching)") }
            case "R": if !negated { throw .unsupported("the R flag (CRLF line terminators)") }
            default: if negated { off.unicodeScalars.append(c) } else { on.unicodeScalars.append(c) }
            }
        }
    }

    // MARK: Escapes

    private mutating func escape() throws(Failure) -> String {
        guard let c = peek() else { throw .syntax("incomplete escape sequence, reached end of pattern prematurely") }
        i += 1
        switch c {
        case "d", "D", "s", "S", "w", "W":
            let (set, negated) = RegexTranslator.perl(c)
            return negated ? "[^" + set.re2Items + "]" : set.re2Class
        case "p", "P":
            let (set, negated) = try property(negated: c == "P")
            return negated ? (set.isEmpty ? "[\\x{0}-\\x{10ffff}]" : "[^" + set.re2Items + "]") : set.re2Class
        case "b":
            if peek() == "{", try specialWordBoundary() { throw .unsupported("special word boundary assertions") }
            wordBoundary = true
            return "\\b"
        case "B":
            wordBoundary = true
            return "\\B"
        case "<", ">": throw .unsupported("start/end-of-word assertions \\< and \\>")
        case "A": return "\\A"
        case "z": return "\\z"
        default:
            return RegexTranslator.literal(try escapedScalar(c))
        }
    }

    /// After `\b`, decides whether `{…}` is a special word boundary (true) or a repetition.
    private mutating func specialWordBoundary() throws(Failure) -> Bool {
        guard let d = peek(1) else { throw .syntax("special word boundary assertion is unclosed") }
        let v = d.value
        if (v >= 0x30 && v <= 0x39) || d.properties.isWhitespace { return false }
        var j = i + 1
        var name = ""
        while j < s.count, s[j] != "}" {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count else { throw .syntax("special word boundary assertion is either unclosed or invalid") }
        guard ["start", "end", "start-half", "end-half"].contains(name) else {
            throw .syntax("unrecognized special word boundary assertion")
        }
        i = j + 1
        return true
    }

    /// A literal scalar after `\` (outside or inside a class): control escapes, hex escapes
    /// and escaped ASCII punctuation or whitespace.
    mutating func escapedScalar(_ c: Unicode.Scalar) throws(Failure) -> Unicode.Scalar {
        switch c {
        case "a": return "\u{7}"
        case "f": return "\u{C}"
        case "t": return "\t"
        case "n": return "\n"
        case "r": return "\r"
        case "v": return "\u{B}"
        case "x": return try hex(digits: 2)
        case "u": return try hex(digits: 4)
        case "U": return try hex(digits: 8)
        default:
            let v = c.value
            if v >= 0x30 && v <= 0x39 { throw .syntax("backreferences are not supported") }
            if v >= 0x80 || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || c == "<" || c == ">" {
                throw .syntax("unrecognized escape sequence")
            }
            return c
        }
    }

    private mutating func hex(digits: Int) throws(Failure) -> Unicode.Scalar {
        var text = ""
        if peek() == "{" {
            i += 1
            while true {
                guard let c = peek() else { throw .syntax("incomplete escape sequence") }
                i += 1
                if c == "}" { break }
                text.unicodeScalars.append(c)
            }
            if text.isEmpty { throw .syntax("hexadecimal literal empty") }
        } else {
            for _ in 0..<digits {
                guard let c = peek() else { throw .syntax("incomplete escape sequence") }
                i += 1
                text.unicodeScalars.append(c)
            }
        }
        guard text.unicodeScalars.count <= 8, let v = UInt32(text, radix: 16),
            !text.unicodeScalars.contains(where: { $0 == "+" || $0 == "-" })
        else { throw .syntax("hexadecimal literal invalid") }
        guard let u = Unicode.Scalar(v) else { throw .syntax("hexadecimal literal is not a Unicode scalar value") }
        return u
    }

    static func perl(_ c: Unicode.Scalar) -> (ScalarSet, Bool) {
        switch c {
        case "d", "D": return (RegexUnicode.digit, c == "D")
        case "s", "S": return (RegexUnicode.space, c == "S")
        default: return (RegexUnicode.word, c == "W")
        }
    }

    /// After `\p` or `\P`: `{name}` or one letter. Returns the set and whether it is negated.
    mutating func property(negated: Bool) throws(Failure) -> (ScalarSet, Bool) {
        var name = ""
        guard let c = peek() else { throw .syntax("incomplete escape sequence, reached end of pattern prematurely") }
        i += 1
        if c == "{" {
            while true {
                guard let d = peek() else { throw .syntax("incomplete escape sequence") }
                i += 1
                if d == "}" { break }
                name.unicodeScalars.append(d)
            }
        } else {
            name.unicodeScalars.append(c)
        }
        switch RegexUnicode.property(name) {
        case .found(let set): return (set, negated)
        case .unsupported:
            throw .unsupported("Unicode property \(name) (only general categories and a few binary properties)")
        case .notFound: throw .syntax("Unicode property not found")
        }
    }
}
