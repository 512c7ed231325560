/// The Unicode classes of the Rust `regex` crate's syntax, computed from the Swift standard
/// library's own Unicode tables (no table is copied from anywhere): Perl classes `\d \s \w`,
/// general categories and a few binary properties for `\p{…}`, and the ASCII POSIX classes.
///
/// Everything is computed once, on first use, in one pass over all scalars. Scalars assigned
/// after the reference's Unicode version (16.0, that of its `regex-syntax` crate) count as
/// unassigned, so the classes match the reference's exactly (checked scalar by scalar against
/// the reference's `\d \s \w` in ConstraintNetworkTests).
enum RegexUnicode {
    /// The Unicode version of the reference's regex tables.
    static let referenceVersion = (major: 16, minor: 0)

    private struct Tables: Sendable {
        var categories: [Unicode.GeneralCategory: ScalarSet] = [:]
        var alphabetic = ScalarSet()
        var uppercase = ScalarSet()
        var lowercase = ScalarSet()
        var whitespace = ScalarSet()
    }

    private static let tables: Tables = {
        var t = Tables()
        var v: UInt32 = 0
        while v <= ScalarSet.maxScalar {
            if let s = Unicode.Scalar(v), let age = s.properties.age,
                age.major < referenceVersion.major
                    || (age.major == referenceVersion.major && age.minor <= referenceVersion.minor)
            {
                let p = s.properties
                t.categories[p.generalCategory, default: ScalarSet()].append(v...v)
                if p.isAlphabetic { t.alphabetic.append(v...v) }
                if p.isUppercase { t.uppercase.append(v...v) }
                if p.isLowercase { t.lowercase.append(v...v) }
                if p.isWhitespace { t.whitespace.append(v...v) }
            } else if !ScalarSet.surrogates.contains(v) {
                t.categories[.unassigned, default: ScalarSet()].append(v...v)
            }
            v += 1
        }
        return t
    }()

    static func category(_ c: Unicode.GeneralCategory) -> ScalarSet { tables.categories[c] ?? ScalarSet() }

    static func categories(_ cs: [Unicode.GeneralCategory]) -> ScalarSet {
        var out = ScalarSet()
        for c in cs { out = out.union(category(c)) }
        return out
    }

    /// `\d`: General_Category = Decimal_Number.
    static let digit: ScalarSet = category(.decimalNumber)

    /// `\s`: the White_Space property.
    static var space: ScalarSet { tables.whitespace }

    /// `\w`: Alphabetic, marks, decimal numbers, connector punctuation and Join_Control (UTS #18).
    static let word: ScalarSet = {
        tables.alphabetic.union(categories([.nonspacingMark, .spacingMark, .enclosingMark]))
            .union(category(.decimalNumber)).union(category(.connectorPunctuation))
            .union(ScalarSet([0x200C...0x200D]))
    }()

    /// The ASCII POSIX class `[:name:]`, or nil for an unknown name.
    static func posix(_ name: String) -> ScalarSet? {
        let r: [ClosedRange<UInt32>]
        switch name {
        case "alnum": r = [0x30...0x39, 0x41...0x5A, 0x61...0x7A]
        case "alpha": r = [0x41...0x5A, 0x61...0x7A]
        case "ascii": r = [0x00...0x7F]
        case "blank": r = [0x09...0x09, 0x20...0x20]
        case "cntrl": r = [0x00...0x1F, 0x7F...0x7F]
        case "digit": r = [0x30...0x39]
        case "graph": r = [0x21...0x7E]
        case "lower": r = [0x61...0x7A]
        case "print": r = [0x20...0x7E]
        case "punct": r = [0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E]
        case "space": r = [0x09...0x0D, 0x20...0x20]
        case "upper": r = [0x41...0x5A]
        case "word": r = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
        case "xdigit": r = [0x30...0x39, 0x41...0x46, 0x61...0x66]
        default: return nil
        }
        return ScalarSet(r)
    }

    enum PropertyLookup {
        case found(ScalarSet)
        /// A name Rust knows but this build does not compute (scripts, other properties).
        case unsupported
        case notFound
    }

    /// Resolves the text inside `\p{…}` (or a one-letter `\pX`) with Rust's loose matching:
    /// ASCII case, spaces, `_` and `-` are ignored, an `is` prefix is optional, and
    /// `gc=`/`general_category:` forms name a general category.
    static func property(_ raw: String) -> PropertyLookup {
        if let sep = raw.firstIndex(where: { $0 == "=" || $0 == ":" }) {
            let key = normalize(String(raw[raw.startIndex..<sep]))
            let value = normalize(String(raw[raw.index(after: sep)...]))
            switch key {
            case "gc", "generalcategory":
                if let cats = generalCategory(value) { return .found(categories(cats)) }
                return .notFound
            default:
                return .unsupported
            }
        }
        let name = normalize(raw)
        if let found = lookup(name) { return .found(found) }
        if name.hasPrefix("is"), let found = lookup(String(name.dropFirst(2))) { return .found(found) }
        return .unsupported
    }

    private static func lookup(_ name: String) -> ScalarSet? {
        if let cats = generalCategory(name) { return categories(cats) }
        switch name {
        case "any": return ScalarSet.all
        case "ascii": return ScalarSet([0...0x7F])
        case "assigned": return category(.unassigned).inverted()
        case "alphabetic", "alpha": return tables.alphabetic
        case "whitespace", "wspace", "space": return tables.whitespace
        case "uppercase", "upper": return tables.uppercase
        case "lowercase", "lower": return tables.lowercase
        default: return nil
        }
    }

    private static func normalize(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars where u != " " && u != "_" && u != "-" && u != "\t" && u != "\n" {
            if u.value >= 0x41 && u.value <= 0x5A, let l = Unicode.Scalar(u.value + 0x20) {
                out.unicodeScalars.append(l)
            } else {
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// General category names and aliases (PropertyValueAliases.txt), normalised.
    private static func generalCategory(_ n: String) -> [Unicode.GeneralCategory]? {
        switch n {
        case "l", "letter":
            return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        case "lc", "casedletter": return [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter]
        case "lu", "uppercaseletter": return [.uppercaseLetter]
        case "ll", "lowercaseletter": return [.lowercaseLetter]
        case "lt", "titlecaseletter": return [.titlecaseLetter]
        case "lm", "modifierletter": return [.modifierLetter]
        case "lo", "otherletter": return [.otherLetter]
        case "m", "mark", "combiningmark": return [.nonspacingMark, .spacingMark, .enclosingMark]
        case "mn", "nonspacingmark": return [.nonspacingMark]
        case "mc", "spacingmark": return [.spacingMark]
        case "me", "enclosingmark": return [.enclosingMark]
        case "n", "number": return [.decimalNumber, .letterNumber, .otherNumber]
        case "nd", "decimalnumber", "digit": return [.decimalNumber]
        case "nl", "letternumber": return [.letterNumber]
        case "no", "othernumber": return [.otherNumber]
        case "p", "punctuation", "punct":
            return [
                .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
                .initialPunctuation, .finalPunctuation, .otherPunctuation,
            ]
        case "pc", "connectorpunctuation": return [.connectorPunctuation]
        case "pd", "dashpunctuation": return [.dashPunctuation]
        case "ps", "openpunctuation": return [.openPunctuation]
        case "pe", "closepunctuation": return [.closePunctuation]
        case "pi", "initialpunctuation": return [.initialPunctuation]
        case "pf", "finalpunctuation": return [.finalPunctuation]
        case "po", "otherpunctuation": return [.otherPunctuation]
        case "s", "symbol": return [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "sm", "mathsymbol": return [.mathSymbol]
        case "sc", "currencysymbol": return [.currencySymbol]
        case "sk", "modifiersymbol": return [.modifierSymbol]
        case "so", "othersymbol": return [.otherSymbol]
        case "z", "separator": return [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "zs", "spaceseparator": return [.spaceSeparator]
        case "zl", "lineseparator": return [.lineSeparator]
        case "zp", "paragraphseparator": return [.paragraphSeparator]
        case "c", "other": return [.control, .format, .unassigned, .privateUse, .surrogate]
        case "cc", "control", "cntrl": return [.control]
        case "cf", "format": return [.format]
        case "cn", "unassigned": return [.unassigned]
        case "co", "privateuse": return [.privateUse]
        default: return nil
        }
    }
}
