/// Unicode lowercasing exactly as Rust's `str::to_lowercase`, which the reference applies to
/// `Subpath` roots and values when `case_sensitive` is false.
///
/// Each scalar maps through its full `Lowercase_Mapping` (so `İ` becomes `i` + U+0307 and
/// the Kelvin sign becomes `k`), except capital sigma, which becomes final `ς` when it ends
/// a word (a cased letter before it and none after it, skipping case-ignorable scalars on
/// both sides) and `σ` otherwise. Swift's `String.lowercased()` has no final-sigma rule, so
/// it is not used. The mapping table was checked against the reference for every scalar.
enum UnicodeCase {
    static func lowercase(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (i, u) in scalars.enumerated() {
            if u.isASCII {
                let v = u.value
                out.append(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : u)
            } else if u == "\u{3A3}" {
                let final = casedNeighbour(scalars, from: i, step: -1) && !casedNeighbour(scalars, from: i, step: 1)
                out.append(final ? "\u{3C2}" : "\u{3C3}")
            } else {
                out.append(contentsOf: u.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Whether the first scalar past `from` in direction `step` that is not case-ignorable
    /// exists and is cased.
    private static func casedNeighbour(_ scalars: [Unicode.Scalar], from: Int, step: Int) -> Bool {
        var j = from + step
        while j >= 0 && j < scalars.count {
            let p = scalars[j].properties
            if !p.isCaseIgnorable { return p.isCased }
            j += step
        }
        return false
    }
}
