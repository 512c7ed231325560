/// A parsed absolute URL: the parts the Url constraints look at.
struct ParsedURL: Sendable, Equatable {
    /// Lowercase scheme.
    let scheme: String
    /// nil when the URL has no host (`mailto:x`, `file:///x`, `foo:/x`).
    let host: URLHost?
    /// The explicit port, nil when absent or equal to the scheme's default.
    let port: UInt16?
    /// The serialised path (`/a/b`, percent-encoded, dot segments resolved), or the opaque path.
    let path: String
    let notes: URLHost.Notes

    /// `url::Url::host_str`.
    var hostString: String? { host?.serialized }
    /// `url::Url::port_or_known_default`.
    var portOrKnownDefault: UInt16? { port ?? URLParser.defaultPort(scheme) }
}

/// The URL standard's basic URL parser without a base URL, as the reference's Rust `url`
/// crate (2.5) implements it, reduced to what the constraints need (scheme, host, port,
/// path; userinfo, query and fragment are skipped but delimited the same way).
///
/// Input is trimmed of leading/trailing C0 controls and spaces and stripped of tabs and
/// newlines. Special schemes (http, https, ws, wss, ftp, file) accept `\` as `/`, any number
/// of slashes before the host, and need a host; their hosts go through `URLHost.parseSpecial`
/// (IDNA, IPv4 in all its forms, IPv6). Other schemes keep an opaque host. `file:` URLs whose
/// path starts with a Windows drive letter (`C:`, `C|`) are refused: the crate's handling
/// of them is not reproduced.
enum URLParser {
    enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        case relativeWithoutBase
        case invalidPort
        case host(URLHost.Failure)
        case unsupported(String)

        var description: String {
            switch self {
            case .relativeWithoutBase: return "relative URL without a base"
            case .invalidPort: return "invalid port number"
            case .host(let h): return h.description
            case .unsupported(let m): return "not supported by this build: \(m)"
            }
        }
    }

    static let specialSchemes: Set<String> = ["http", "https", "ws", "wss", "ftp", "file"]

    static func defaultPort(_ scheme: String) -> UInt16? {
        switch scheme {
        case "http", "ws": return 80
        case "https", "wss": return 443
        case "ftp": return 21
        default: return nil
        }
    }

    static func parse(_ input: String) -> Result<ParsedURL, Failure> {
        do {
            return .success(try parseThrowing(input))
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(.relativeWithoutBase)
        }
    }

    private static func parseThrowing(_ input: String) throws(Failure) -> ParsedURL {
        let all = Array(input.unicodeScalars)
        var lo = 0
        var hi = all.count
        while lo < hi, all[lo].value <= 0x20 { lo += 1 }
        while hi > lo, all[hi - 1].value <= 0x20 { hi -= 1 }
        var s = Array(all[lo..<hi])
        s.removeAll { $0 == "\t" || $0 == "\n" || $0 == "\r" }

        // Scheme.
        guard let first = s.first, isAlpha(first) else { throw .relativeWithoutBase }
        var i = 0
        var scheme = ""
        while i < s.count, isAlpha(s[i]) || isDigit(s[i]) || s[i] == "+" || s[i] == "-" || s[i] == "." {
            scheme.unicodeScalars.append(lower(s[i]))
            i += 1
        }
        guard i < s.count, s[i] == ":" else { throw .relativeWithoutBase }
        i += 1
        let special = specialSchemes.contains(scheme)
        var notes = URLHost.Notes()

        if scheme == "file" {
            return try parseFile(s, from: i, notes: &notes)
        }
        if !special {
            if i + 1 < s.count && s[i] == "/" && s[i + 1] == "/" {
                i += 2
            } else if i < s.count && s[i] == "/" {
                let path = pathPart(s, from: i, special: false, file: false)
                return ParsedURL(scheme: scheme, host: nil, port: nil, path: path, notes: notes)
            } else {
                var opaque = String.UnicodeScalarView()
                while i < s.count, s[i] != "?", s[i] != "#" {
                    opaque.append(s[i])
                    i += 1
                }
                let path = URLHost.percentEncode(String(opaque)) { $0 < 0x20 || $0 >= 0x7F }
                return ParsedURL(scheme: scheme, host: nil, port: nil, path: path, notes: notes)
            }
        } else {
            while i < s.count, s[i] == "/" || s[i] == "\\" { i += 1 }
        }

        // Authority: userinfo up to the last `@`, then host and port.
        func isAuthorityEnd(_ c: Unicode.Scalar) -> Bool { c == "/" || c == "?" || c == "#" || (special && c == "\\") }
        var end = i
        var lastAt: Int?
        while end < s.count, !isAuthorityEnd(s[end]) {
            if s[end] == "@" { lastAt = end }
            end += 1
        }
        var hasCredentials = false
        if let at = lastAt {
            if at == i && at + 1 < s.count && isAuthorityEnd(s[at + 1]) { throw .host(.emptyHost) }
            let userinfo = s[i..<at]
            hasCredentials = !userinfo.isEmpty && !(userinfo.count == 1 && userinfo.first == ":")
            i = at + 1
        }
        var hostText = String.UnicodeScalarView()
        var inBrackets = false
        while i < s.count, !isAuthorityEnd(s[i]) {
            if s[i] == ":" && !inBrackets { break }
            if s[i] == "[" { inBrackets = true }
            if s[i] == "]" { inBrackets = false }
            hostText.append(s[i])
            i += 1
        }
        let hostString = String(hostText)
        if special && hostString.isEmpty { throw .host(.emptyHost) }
        let parsedHost: URLHost
        switch special ? URLHost.parseSpecial(hostString, notes: &notes) : URLHost.parseOpaque(hostString) {
        case .success(let h): parsedHost = h
        case .failure(let f): throw .host(f)
        }
        var host: URLHost? = parsedHost
        if case .domain(let d) = parsedHost, d.isEmpty {
            if i < s.count && s[i] == ":" { throw .host(.emptyHost) }
            if hasCredentials { throw .host(.emptyHost) }
            host = nil
        }
        var port: UInt16?
        if i < s.count && s[i] == ":" {
            i += 1
            var value: UInt32 = 0
            var any = false
            // The crate ends a port at `\` for every scheme (a non-special path may start there).
            while i < s.count, !isAuthorityEnd(s[i]), s[i] != "\\" {
                guard isDigit(s[i]) else { throw .invalidPort }
                value = value * 10 + (s[i].value - 0x30)
                guard value <= 0xFFFF else { throw .invalidPort }
                any = true
                i += 1
            }
            if any && UInt16(value) != defaultPort(scheme) { port = UInt16(value) }
        }

        // Path.
        var path: String
        if special {
            var start = i
            if start < s.count && (s[start] == "/" || s[start] == "\\") { start += 1 }
            path = "/" + pathSegments(s, from: start, special: true, file: false)
        } else if i < s.count && s[i] != "?" && s[i] != "#" {
            // A path after a host always starts with `/` (inserted when the text has none).
            path = "/" + pathSegments(s, from: s[i] == "/" ? i + 1 : i, special: false, file: false)
        } else {
            path = ""
        }
        if path.isEmpty && special { path = "/" }
        return ParsedURL(scheme: scheme, host: host, port: port, path: path, notes: notes)
    }

    private static func parseFile(_ s: [Unicode.Scalar], from start: Int, notes: inout URLHost.Notes) throws(Failure)
        -> ParsedURL
    {
        var i = start
        var host: URLHost?
        func isSlash(_ c: Unicode.Scalar) -> Bool { c == "/" || c == "\\" }
        if i + 1 < s.count && isSlash(s[i]) && isSlash(s[i + 1]) {
            i += 2
            var text = String.UnicodeScalarView()
            while i < s.count, !isSlash(s[i]), s[i] != "?", s[i] != "#" {
                text.append(s[i])
                i += 1
            }
            let t = Array(text)
            if t.count == 2 && isAlpha(t[0]) && (t[1] == ":" || t[1] == "|") {
                throw .unsupported("file URLs with a Windows drive letter")
            }
            if !t.isEmpty {
                switch URLHost.parseSpecial(String(text), notes: &notes) {
                case .success(.domain(let d)) where d == "localhost": host = nil
                case .success(let h): host = h
                case .failure(let f): throw .host(f)
                }
            }
        }
        var from = i
        if from < s.count && isSlash(s[from]) { from += 1 }
        let segments = pathSegments(s, from: from, special: true, file: true)
        if hasDriveLetterSegment(segments) {
            throw .unsupported("file URLs with a Windows drive letter")
        }
        // Leading slashes collapse to one (removed in one step: one at a time is quadratic).
        let extra = segments.unicodeScalars.prefix(while: { $0 == "/" }).count
        let path = "/" + String(segments.unicodeScalars.dropFirst(extra))
        return ParsedURL(scheme: "file", host: host, port: nil, path: path, notes: notes)
    }

    /// Whether a `/`-separated path has a segment of exactly a letter and `:` or `|`. One pass,
    /// no per-segment allocation (a path may be a million empty segments).
    private static func hasDriveLetterSegment(_ path: String) -> Bool {
        var length = 0
        var first: Unicode.Scalar = " "
        var second: Unicode.Scalar = " "
        for c in path.unicodeScalars {
            if c == "/" {
                if length == 2 && isAlpha(first) && (second == ":" || second == "|") { return true }
                length = 0
                continue
            }
            if length == 0 { first = c } else if length == 1 { second = c }
            length += 1
        }
        return length == 2 && isAlpha(first) && (second == ":" || second == "|")
    }

    /// A non-special path starting at `/` (kept) through `?`, `#` or the end.
    private static func pathPart(_ s: [Unicode.Scalar], from: Int, special: Bool, file: Bool) -> String {
        var start = from
        var prefix = ""
        if start < s.count && s[start] == "/" {
            start += 1
            prefix = "/"
        }
        return prefix + pathSegments(s, from: start, special: special, file: file)
    }

    /// The segments after the path's first `/`, joined by `/`: `.` and `..` (also written
    /// `%2e`) resolved, `\` a separator in special URLs, the path percent-encode set encoded.
    private static func pathSegments(_ s: [Unicode.Scalar], from: Int, special: Bool, file: Bool) -> String {
        // The segments joined by `/`, built in place; `starts` holds where each segment begins,
        // so `..` truncates. No per-segment array of strings: a path may have a million segments.
        var out: [Unicode.Scalar] = []
        var starts: [Int] = []
        func appendSegment(_ segment: String) {
            if !starts.isEmpty { out.append("/") }
            starts.append(out.count)
            out.append(contentsOf: segment.unicodeScalars)
        }
        func removeLastSegment() {
            guard let start = starts.popLast() else { return }
            out.removeSubrange(max(start - 1, 0)...)
            if starts.isEmpty { out.removeAll(keepingCapacity: true) }
        }
        var buffer = String.UnicodeScalarView()
        var i = from
        while true {
            let c: Unicode.Scalar? = i < s.count ? s[i] : nil
            let isSeparator = c == "/" || (special && c == "\\")
            if c == nil || isSeparator || c == "?" || c == "#" {
                if buffer.isEmpty {
                    // An empty segment (e.g. one of many slashes): nothing to encode or resolve.
                    appendSegment("")
                    if !isSeparator { break }
                    i += 1
                    continue
                }
                let segment = URLHost.percentEncode(String(buffer)) { b in
                    b < 0x20 || b >= 0x7F || b == 0x20 || b == 0x22 || b == 0x23 || b == 0x3C || b == 0x3E
                        || b == 0x3F || b == 0x60 || b == 0x7B || b == 0x7D
                }
                // Only the dot forms (at most 6 bytes) matter; skip lowercasing anything longer.
                let lowered = segment.utf8.count <= 6 ? segment.lowercased() : ""
                if lowered == ".." || lowered == ".%2e" || lowered == "%2e." || lowered == "%2e%2e" {
                    removeLastSegment()
                    if !isSeparator { appendSegment("") }
                } else if lowered == "." || lowered == "%2e" {
                    if !isSeparator { appendSegment("") }
                } else {
                    appendSegment(segment)
                }
                buffer = String.UnicodeScalarView()
                if !isSeparator { break }
            } else {
                buffer.append(s[i])
            }
            i += 1
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: out)
        return String(view)
    }

    private static func isAlpha(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x41 && c.value <= 0x5A) || (c.value >= 0x61 && c.value <= 0x7A)
    }

    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 0x30 && c.value <= 0x39 }

    private static func lower(_ c: Unicode.Scalar) -> Unicode.Scalar {
        c.value >= 0x41 && c.value <= 0x5A ? Unicode.Scalar(UInt8(c.value + 0x20)) : c
    }
}
