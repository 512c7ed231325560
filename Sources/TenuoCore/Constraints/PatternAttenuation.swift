/// Pattern → Pattern attenuation, following the reference's shape rules (wire-format §6,
/// "Pattern Attenuation Rules"), plus two soundness guards of our own.
///
/// Shapes are decided on the raw text by counting `*` characters (brackets included):
/// none → exact-shaped, one at the end → prefix, one at the start → suffix, anything else
/// → complex. Identical text is always accepted. Otherwise: prefix → prefix/exact-shaped
/// child when the child text starts with the parent's prefix; suffix → suffix/exact-shaped
/// child when the child text ends with the parent's suffix; every other pair needs
/// identical text. So `*` → `a*` and `*` → `abc` pass, `*` → `*b` and `file?.txt` →
/// `file1.txt` do not. Comparisons are on UTF-8 bytes.
///
/// Guards (stricter than the reference, in the safe direction):
/// 1. A parent that does not compile denies every call, so it cannot be narrowed into
///    something that allows calls (the reference accepts `[*` → `[a]*`).
/// 2. For a suffix parent `*S`, a compiling child must end with the *tokens* of `S`, not
///    just its characters: the reference accepts `*a]` → `*[a]`, yet the child allows
///    `xa`, which the parent denies. (Prefix parents need no such check: a valid parent's
///    prefix always tokenizes the same at the start of the child.)
enum PatternAttenuation {
    enum Shape: Equatable {
        case exact
        case prefix(String)
        case suffix(String)
        case complex
    }

    static func shape(_ pattern: String) -> Shape {
        let scalars = Array(pattern.unicodeScalars)
        let stars = scalars.reduce(0) { $0 + ($1 == "*" ? 1 : 0) }
        switch stars {
        case 0: return .exact
        case 1:
            if scalars.last == "*" {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars.dropLast())
                return .prefix(String(s))
            }
            if scalars.first == "*" {
                var s = String.UnicodeScalarView()
                s.append(contentsOf: scalars.dropFirst())
                return .suffix(String(s))
            }
            return .complex
        default: return .complex
        }
    }

    static func check(parent: PatternConstraint, child: PatternConstraint) throws(TenuoError) {
        if Bytewise.equal(parent.pattern, child.pattern) { return }
        let expanded = AttenuationFault.patternExpanded.error(
            "child pattern \(ValueText.quote(child.pattern)) is not provably narrower than parent pattern "
                + "\(ValueText.quote(parent.pattern)) (only prefix `x*`, suffix `*x` and exact shapes can narrow; "
                + "other shapes require identical text)")
        let parentShape = shape(parent.pattern)
        let childShape = shape(child.pattern)
        var accepted = false
        switch (parentShape, childShape) {
        case (.prefix(let p), .prefix(let c)): accepted = Bytewise.hasPrefix(c, p)
        case (.prefix(let p), .exact): accepted = Bytewise.hasPrefix(child.pattern, p)
        case (.suffix(let p), .suffix(let c)): accepted = Bytewise.hasSuffix(c, p)
        case (.suffix(let p), .exact): accepted = Bytewise.hasSuffix(child.pattern, p)
        default: accepted = false
        }
        guard accepted else { throw expanded }

        guard case .success(let parentGlob) = parent.compiled else {
            throw AttenuationFault.patternExpanded.error(
                "parent pattern \(ValueText.quote(parent.pattern)) does not compile, so it allows nothing "
                    + "and cannot be narrowed to \(ValueText.quote(child.pattern))")
        }
        if case .suffix = parentShape, case .success(let childGlob) = child.compiled {
            let need = parentGlob.tokens.dropFirst()  // the tokens of S after the leading `*`
            let have = childGlob.tokens
            guard have.count >= need.count, have.suffix(need.count).elementsEqual(need) else {
                throw AttenuationFault.patternExpanded.error(
                    "child pattern \(ValueText.quote(child.pattern)) ends with the text of parent suffix "
                        + "\(ValueText.quote(parent.pattern)) but not with the same glob tokens")
            }
        }
    }
}
