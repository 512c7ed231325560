/// One armored block: `-----BEGIN <label>-----`, base64 lines, `-----END <label>-----`.
public struct PEMBlock: Sendable, Equatable {
    /// The text between `BEGIN ` and the closing dashes, e.g. `PUBLIC KEY`, `TENUO WARRANT`.
    public var label: String
    /// The base64 body with all whitespace removed (not yet decoded).
    public var body: String
    /// False when the text ended before this block's END line. Only the last block of a text
    /// can be unterminated. Warrants tolerate that (as the reference does); keys do not.
    public var terminated: Bool

    public init(label: String, body: String, terminated: Bool = true) {
        self.label = label
        self.body = body
        self.terminated = terminated
    }
}

/// PEM armor (RFC 7468 textual encoding), parsed line by line over UTF-8.
public enum PEM {
    private static let dashes: [UInt8] = Array("-----".utf8)
    private static let beginTag: [UInt8] = Array("-----BEGIN ".utf8)
    private static let endTag: [UInt8] = Array("-----END ".utf8)

    /// Finds every block in `text`, in order.
    ///
    /// Lines may end in LF or CRLF and may carry surrounding whitespace. Lines outside blocks
    /// (explanatory text) are skipped. Inside a block every non-boundary line is body text.
    /// The last block may lack its END line (`terminated == false`).
    /// - Returns: the blocks found; empty when the text has no BEGIN line.
    /// - Throws: `.invalidEncoding` for a malformed boundary line, an END label that differs
    ///   from its BEGIN label, an END line outside a block, or a BEGIN line inside a block.
    public static func blocks(in text: String) throws(TenuoError) -> [PEMBlock] {
        var copy = text
        let result = copy.withUTF8 { buffer in
            Result { () throws(TenuoError) -> [PEMBlock] in try scan(buffer) }
        }
        return try result.get()
    }

    private static func scan(_ text: UnsafeBufferPointer<UInt8>) throws(TenuoError) -> [PEMBlock] {
        var blocks: [PEMBlock] = []
        var label: [UInt8]? = nil
        // Sized once so it never reallocates (and never leaves secret copies behind);
        // `bodyCount` bytes of it are in use.
        var body = [UInt8](repeating: 0, count: text.count)
        var bodyCount = 0
        defer { Sodium.memzero(&body) }  // a private key's body is secret
        var lineNumber = 0
        var next = 0
        while next <= text.count {
            // One line: [lineStart, lineEnd), then skip the LF.
            var lineEnd = next
            while lineEnd < text.count && text[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            var lo = next
            var hi = lineEnd
            next = lineEnd + 1
            lineNumber += 1
            while lo < hi && Base64.isASCIIWhitespace(text[lo]) { lo += 1 }
            while hi > lo && Base64.isASCIIWhitespace(text[hi - 1]) { hi -= 1 }
            let line = UnsafeBufferPointer(rebasing: text[lo..<hi])

            if startsWith(line, beginTag) {
                guard label == nil else {
                    throw TenuoError(.invalidEncoding, "PEM BEGIN inside an open block (line \(lineNumber))")
                }
                label = try boundaryLabel(line, tag: beginTag, lineNumber: lineNumber)
                bodyCount = 0
            } else if startsWith(line, endTag) {
                guard let open = label else {
                    throw TenuoError(.invalidEncoding, "PEM END without BEGIN (line \(lineNumber))")
                }
                let closing = try boundaryLabel(line, tag: endTag, lineNumber: lineNumber)
                guard closing == open else {
                    throw TenuoError(
                        .invalidEncoding,
                        "PEM END label '\(string(closing))' does not match BEGIN label '\(string(open))'")
                }
                blocks.append(PEMBlock(label: string(open), body: string(body[0..<bodyCount])))
                label = nil
            } else if label != nil {
                if startsWith(line, dashes) {
                    throw TenuoError(.invalidEncoding, "malformed PEM boundary (line \(lineNumber))")
                }
                body.withUnsafeMutableBufferPointer { dst in
                    // The body never outgrows the text it is copied from.
                    for c in line where !Base64.isASCIIWhitespace(c) && bodyCount < dst.count {
                        dst[bodyCount] = c
                        bodyCount &+= 1
                    }
                }
            }
            // Lines outside a block are ignored.
        }
        if let open = label {
            blocks.append(PEMBlock(label: string(open), body: string(body[0..<bodyCount]), terminated: false))
        }
        return blocks
    }

    /// Wraps base64 text in BEGIN/END lines, `lineWidth` characters per body line (64 when
    /// `lineWidth` is not positive), every line ending in LF — the layout the reference writes.
    public static func armor(label: String, base64Body: String, lineWidth: Int = 64) -> String {
        let width = lineWidth > 0 ? lineWidth : 64
        var out: [UInt8] = []
        var body = Array(base64Body.utf8)
        out.reserveCapacity(body.count + body.count / width + 2 * label.utf8.count + 40)
        out.append(contentsOf: beginTag)
        out.append(contentsOf: label.utf8)
        out.append(contentsOf: dashes)
        out.append(UInt8(ascii: "\n"))
        var i = 0
        while i < body.count {
            let end = body.count - i > width ? i + width : body.count
            out.append(contentsOf: body[i..<end])
            out.append(UInt8(ascii: "\n"))
            i = end
        }
        out.append(contentsOf: endTag)
        out.append(contentsOf: label.utf8)
        out.append(contentsOf: dashes)
        out.append(UInt8(ascii: "\n"))
        let text = String(decoding: out, as: UTF8.self)
        // The body may be a private key: wipe the scratch copies.
        Sodium.memzero(&out)
        Sodium.memzero(&body)
        return text
    }

    // MARK: - Helpers

    private static func startsWith(_ line: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        line.count >= prefix.count && line.prefix(prefix.count).elementsEqual(prefix)
    }

    /// The label of a `-----BEGIN X-----` / `-----END X-----` line.
    private static func boundaryLabel(
        _ line: UnsafeBufferPointer<UInt8>, tag: [UInt8], lineNumber: Int
    ) throws(TenuoError) -> [UInt8] {
        guard line.count >= tag.count + dashes.count, line.suffix(dashes.count).elementsEqual(dashes) else {
            throw TenuoError(.invalidEncoding, "malformed PEM boundary (line \(lineNumber))")
        }
        let label = Array(line.dropFirst(tag.count).dropLast(dashes.count))
        guard let first = label.first, let last = label.last,
            first != UInt8(ascii: "-"), last != UInt8(ascii: "-")
        else {
            throw TenuoError(.invalidEncoding, "malformed PEM label (line \(lineNumber))")
        }
        return label
    }

    private static func string(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
}
