/// Domain to ASCII (UTS #46, non-transitional, no hyphen or DNS-length checks, the URL
/// standard's forbidden domain code points refused), as the reference's URL parser (Rust
/// `url` 2.5 with `idna` 1.1) turns a host into its ASCII form: `Café.COM` → `xn--caf-dma.com`,
/// `ｌｏｃａｌｈｏｓｔ` → `localhost`, `ⓛocalhost` → `localhost`.
///
/// Steps: map each scalar through the reference's own mapping table (`IDNAMappingTable`,
/// generated from the reference: ASCII letters lowercased, other scalars kept, mapped,
/// ignored or refused), normalise to NFC, split at `.`, then per label: an `xn--` label must
/// decode to valid, NFC, non-ASCII text and stays as written; another non-ASCII label must
/// not start with a combining mark and is Punycode-encoded. Hosts with right-to-left text
/// or joiners (whose validity depends on context: the bidi and CONTEXTJ rules) are refused.
enum IDNA {
    enum Mapping: Equatable {
        case valid
        case refused
        case ignored
        case mapped([Unicode.Scalar])
    }

    private enum Kind {
        case valid, refused, ignored, alternating
        case delta(Int32)
        case string([Unicode.Scalar])
    }

    private struct Run {
        let start: UInt32
        let end: UInt32
        let kind: Kind
    }

    private static let runs: [Run] = {
        var out: [Run] = []
        var cp: UInt32 = 0x80
        for token in encodedTable.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            let scalars = Array(token.unicodeScalars)
            guard let kindIndex = scalars.firstIndex(where: { "VEIDAM".unicodeScalars.contains($0) }) else { continue }
            var lenText = String.UnicodeScalarView()
            lenText.append(contentsOf: scalars[..<kindIndex])
            var argText = String.UnicodeScalarView()
            argText.append(contentsOf: scalars[(kindIndex + 1)...])
            guard let len = UInt32(String(lenText), radix: 16), len > 0 else { continue }
            let kind: Kind
            switch scalars[kindIndex] {
            case "V": kind = .valid
            case "E": kind = .refused
            case "I": kind = .ignored
            case "A": kind = .alternating
            case "D": kind = .delta(Int32(String(argText)) ?? 0)
            default:
                kind = .string(
                    String(argText).split(separator: ".").compactMap {
                        UInt32($0, radix: 16).flatMap(Unicode.Scalar.init)
                    })
            }
            out.append(Run(start: cp, end: cp + len - 1, kind: kind))
            cp += len
        }
        return out
    }()

    /// How one scalar is mapped (ASCII: letters lowercased, everything else kept).
    static func mapping(_ u: Unicode.Scalar) -> Mapping {
        let v = u.value
        if v < 0x80 {
            if v >= 0x41 && v <= 0x5A, let l = Unicode.Scalar(v + 0x20) { return .mapped([l]) }
            return .valid
        }
        var lo = 0
        var hi = runs.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            let r = runs[mid]
            if r.end < v {
                lo = mid + 1
            } else if r.start > v {
                hi = mid - 1
            } else {
                switch r.kind {
                case .valid: return .valid
                case .refused: return .refused
                case .ignored: return .ignored
                case .alternating:
                    if (v - r.start) % 2 == 1 { return .valid }
                    return Unicode.Scalar(v + 1).map { .mapped([$0]) } ?? .refused
                case .delta(let d):
                    return Unicode.Scalar(UInt32(clamping: Int64(v) + Int64(d))).map { .mapped([$0]) } ?? .refused
                case .string(let s): return .mapped(s)
                }
            }
        }
        return .refused
    }

    /// Whether `u` may appear in a label as is (after mapping).
    static func isValid(_ u: Unicode.Scalar) -> Bool {
        if u.isASCII { return !(u.value >= 0x41 && u.value <= 0x5A) }
        return mapping(u) == .valid
    }

    /// The URL standard's forbidden domain code points.
    static func isForbidden(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v <= 0x20 || v == 0x7F { return true }
        return "#%/:<>?@[\\]^|".unicodeScalars.contains(u)
    }

    private static func isMark(_ u: Unicode.Scalar) -> Bool {
        switch u.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func nfc(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: s)
        let bytes = String(view)._nfcCodeUnits
        return Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
    }

    /// The ASCII form of a domain, or nil when the reference refuses it.
    static func toASCII(_ domain: String) -> String? {
        var mapped: [Unicode.Scalar] = []
        for u in domain.unicodeScalars {
            switch mapping(u) {
            case .valid: mapped.append(u)
            case .ignored: continue
            case .mapped(let m): mapped.append(contentsOf: m)
            case .refused: return nil
            }
        }
        let normalized = mapped.allSatisfy(\.isASCII) ? mapped : nfc(mapped)
        var labels: [String] = []
        for label in normalized.split(separator: ".", omittingEmptySubsequences: false) {
            let scalars = Array(label)
            guard let ascii = labelToASCII(scalars) else { return nil }
            labels.append(ascii)
        }
        let result = labels.joined(separator: ".")
        if result.isEmpty || result.unicodeScalars.contains(where: isForbidden) { return nil }
        // DNS limits (RFC 1034 §3.1, RFC 1035 §2.3.4): 253 bytes without a trailing dot.
        let hostBytes = result.utf8.count - (result.utf8.last == UInt8(ascii: ".") ? 1 : 0)
        guard hostBytes <= maxHostBytes else { return nil }
        return result
    }

    /// Longest label in its ASCII form, in bytes (DNS). The reference's `url` crate skips the
    /// DNS length checks; this build applies them because Punycode is quadratic in a label's
    /// length and a URL argument is attacker-controlled: a longer label or host is refused,
    /// so the URL constraints deny it (a listed divergence).
    static let maxLabelBytes = 63
    /// Longest host in its ASCII form, in bytes, without a trailing dot (DNS).
    static let maxHostBytes = 253

    private static func labelToASCII(_ label: [Unicode.Scalar]) -> String? {
        // An ASCII form of at most 63 bytes never comes from more than 63 scalars (Punycode
        // writes at least one byte per scalar), so the check before encoding bounds its cost.
        guard label.count <= maxLabelBytes else { return nil }
        let isACE = label.count >= 4 && label[0] == "x" && label[1] == "n" && label[2] == "-" && label[3] == "-"
        if isACE {
            guard label.allSatisfy(\.isASCII), let decoded = Punycode.decode(Array(label[4...])), !decoded.isEmpty,
                !decoded.allSatisfy(\.isASCII), decoded.allSatisfy(isValid), nfc(decoded) == decoded,
                let first = decoded.first, !isMark(first)
            else { return nil }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: label)
            return String(view)
        }
        if label.allSatisfy(\.isASCII) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: label)
            return String(view)
        }
        guard let first = label.first, !isMark(first), label.allSatisfy(isValid), let encoded = Punycode.encode(label),
            encoded.utf8.count + 4 <= maxLabelBytes
        else { return nil }
        return "xn--" + encoded
    }
}
