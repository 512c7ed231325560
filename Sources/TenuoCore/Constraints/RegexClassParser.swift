/// Character classes in the Rust `regex` syntax (`[…]`), computed as explicit scalar sets.
///
/// Grammar, as the Rust parser reads it: an optional `^`; a `]` in first position is a
/// literal; items are literals, escapes, ranges `a-z`, Perl classes, `\p{…}`, ASCII classes
/// `[:alpha:]` / `[:^alpha:]` and nested classes; `&&` (intersection), `--` (difference) and
/// `~~` (symmetric difference) combine the unions on either side, left to right, and either
/// side may be empty.
///
/// Case-insensitive classes are left to RE2's folding, which happens before negation as in
/// Rust. That is exact only for unions of members that fold like their Rust counterparts, so
/// under `(?i)` a class with a set operation, a negated nested class or a negated property or
/// ASCII class member is refused as unsupported. (`\D \S \W` are closed under case folding,
/// so their explicit complements are safe.)
extension RegexTranslator {
    private enum Primitive {
        case literal(Unicode.Scalar)
        case set(ScalarSet, foldSafe: Bool)
    }

    private enum SetOp {
        case intersection, difference, symmetricDifference
    }

    /// Parses a class whose `[` was just consumed and returns its RE2 form.
    mutating func classExpression() throws(Failure) -> String {
        let (set, negated, foldSafe) = try parseClass()
        if flags.caseInsensitive {
            guard foldSafe else {
                throw .unsupported("set operations or negated members inside a class under the i flag")
            }
            if set.isEmpty { return negated ? "[\\x{0}-\\x{10ffff}]" : "[^\\x{0}-\\x{10ffff}]" }
            return (negated ? "[^" : "[") + set.re2Items + "]"
        }
        return (negated ? set.inverted() : set).re2Class
    }

    private mutating func parseClass() throws(Failure) -> (ScalarSet, Bool, Bool) {
        try enter()
        defer { nesting -= 1 }
        var negated = false
        skipVerbose()
        if peek() == "^" {
            i += 1
            negated = true
        }
        var first = true
        var left: ScalarSet?
        var pending: SetOp?
        var union = ScalarSet()
        var foldSafe = true
        while true {
            skipVerbose()
            guard let c = peek() else { throw .syntax("unclosed character class") }
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            if c == "[" {
                if let (posix, posixNegated) = posixClass() {
                    union = union.union(posixNegated ? posix.inverted() : posix)
                    if posixNegated { foldSafe = false }
                    continue
                }
                i += 1
                let (inner, innerNegated, innerSafe) = try parseClass()
                union = union.union(innerNegated ? inner.inverted() : inner)
                if innerNegated || !innerSafe { foldSafe = false }
                continue
            }
            if let op = setOperator() {
                i += 2
                left = RegexTranslator.apply(pending, left, union)
                pending = op
                union = ScalarSet()
                foldSafe = false
                continue
            }
            try rangeItem(into: &union, foldSafe: &foldSafe)
        }
        return (RegexTranslator.apply(pending, left, union), negated, foldSafe)
    }

    private static func apply(_ op: SetOp?, _ left: ScalarSet?, _ right: ScalarSet) -> ScalarSet {
        guard let op, let l = left else { return right }
        switch op {
        case .intersection: return l.intersection(right)
        case .difference: return l.subtracting(right)
        case .symmetricDifference: return l.symmetricDifference(right)
        }
    }

    private func setOperator() -> SetOp? {
        guard let a = peek(), let b = peek(1), a == b else { return nil }
        switch a {
        case "&": return .intersection
        case "-": return .difference
        case "~": return .symmetricDifference
        default: return nil
        }
    }

    /// `[:name:]` or `[:^name:]` at the current `[`, if it names an ASCII class; otherwise
    /// nothing is consumed (the `[` opens a nested class).
    private mutating func posixClass() -> (ScalarSet, Bool)? {
        guard peek(1) == ":" else { return nil }
        var j = i + 2
        var negated = false
        if j < s.count && s[j] == "^" {
            negated = true
            j += 1
        }
        var name = ""
        while j < s.count, s[j] != ":" {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        guard j + 1 < s.count, s[j + 1] == "]", let set = RegexUnicode.posix(name) else { return nil }
        i = j + 2
        return (set, negated)
    }

    private mutating func rangeItem(into union: inout ScalarSet, foldSafe: inout Bool) throws(Failure) {
        let start = try primitive()
        let isRange = peek() == "-" && peek(1) != nil && peek(1) != "]" && peek(1) != "-"
        switch start {
        case .literal(let a):
            guard isRange else {
                union.insert(a.value...a.value)
                return
            }
            i += 1
            guard case .literal(let b) = try primitive() else {
                throw .syntax("invalid range boundary, must be a literal")
            }
            guard a.value <= b.value else {
                throw .syntax("invalid character class range, the start must be <= the end")
            }
            union.insert(a.value...b.value)
        case .set(let set, let safe):
            if isRange { throw .syntax("invalid range boundary, must be a literal") }
            union = union.union(set)
            if !safe { foldSafe = false }
        }
    }

    private mutating func primitive() throws(Failure) -> Primitive {
        let c = try next()
        guard c == "\\" else { return .literal(c) }
        guard let e = peek() else { throw .syntax("incomplete escape sequence, reached end of pattern prematurely") }
        i += 1
        switch e {
        case "d", "D", "s", "S", "w", "W":
            let (set, negated) = RegexTranslator.perl(e)
            return .set(negated ? set.inverted() : set, foldSafe: true)
        case "p", "P":
            let (set, negated) = try property(negated: e == "P")
            return .set(negated ? set.inverted() : set, foldSafe: !negated)
        case "b", "B", "A", "z":
            throw .syntax("unrecognized escape sequence")
        default:
            return .literal(try escapedScalar(e))
        }
    }
}
