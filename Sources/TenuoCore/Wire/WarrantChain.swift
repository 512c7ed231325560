/// A delegation chain, root first and leaf last (wire-format §11 `WarrantStack`).
/// Every element's signature was verified when it was decoded or signed; chain rules are
/// checked by `Authorizer.verifyChain`.
public struct WarrantChain: Sendable {
    public let warrants: [Warrant]

    public init(_ warrants: [Warrant]) throws(TenuoError) {
        try Self.checkLength(UInt(warrants.count))
        self.warrants = warrants
    }

    /// The length rule of a chain: 1 to `Limits.maxDelegationDepth + 1` warrants. Public so a
    /// caller reading warrants from a foreign array can check the count before reading any.
    /// - Throws: `.chainBroken` for an empty chain, `.chainTooLong` past the limit.
    public static func checkLength(_ count: UInt) throws(TenuoError) {
        guard count > 0 else { throw TenuoError(.chainBroken, "a warrant chain cannot be empty") }
        guard count <= UInt(Limits.maxDelegationDepth + 1) else {
            throw TenuoError(.chainTooLong, "chain of \(count) warrants exceeds the limit of \(Limits.maxDelegationDepth + 1)")
        }
    }

    public var leaf: Warrant { warrants[warrants.count - 1] }
    public var root: Warrant { warrants[0] }

    /// The CBOR stack: an array of envelopes.
    public var stackBytes: [UInt8] {
        var w = CBORWriter(capacity: warrants.reduce(8) { $0 + $1.bytes.count })
        w.arrayHeader(warrants.count)
        for x in warrants { w.raw(x.bytes) }
        return w.bytes
    }

    /// URL-safe, unpadded base64 of the stack (wire-format §12.1).
    public var base64: String { Base64.encodeURL(stackBytes) }

    /// One `TENUO WARRANT CHAIN` PEM block (wire-format §12.2, explicit stack).
    public var pem: String { PEM.armor(label: "TENUO WARRANT CHAIN", base64Body: base64) }

    /// Decodes CBOR that is either one envelope or a stack, telling them apart by the major type
    /// of the first element (integer → envelope, array → stack; anything else is rejected).
    public init(decoding bytes: [UInt8]) throws(TenuoError) {
        guard bytes.count <= Limits.maxStackBytes else {
            throw TenuoError(.chainTooLarge, "chain of \(bytes.count) bytes exceeds the 256 KiB limit")
        }
        var r = CBORReader(bytes)
        let head = try r.readHead()
        guard head.major == 4 else {
            throw TenuoError(.invalidEnvelopeStructure, "expected a CBOR array (warrant or warrant stack)")
        }
        guard !r.isAtEnd else { throw TenuoError(.invalidEnvelopeStructure, "empty warrant stack") }
        let firstMajor = bytes[r.offset] >> 5
        switch firstMajor {
        case 0, 1:
            try self.init([try Warrant(decoding: bytes)])
        case 4:
            guard head.arg <= UInt64(Limits.maxDelegationDepth + 1) else {
                throw TenuoError(.chainTooLong, "stack of \(head.arg) warrants exceeds the limit of \(Limits.maxDelegationDepth + 1)")
            }
            var out: [Warrant] = []
            for _ in 0..<Int(head.arg) {
                let range = try r.rawItem()
                out.append(try Warrant(decoding: Array(bytes[range])))
            }
            guard r.isAtEnd else { throw TenuoError(.malformedCBOR, "trailing bytes after warrant stack") }
            try self.init(out)
        default:
            throw TenuoError(.invalidEnvelopeStructure, "first element of the array is neither an integer nor an array")
        }
    }

    /// Parses text: base64 (URL-safe unpadded, or standard padded as the reference emits for stacks),
    /// a `TENUO WARRANT CHAIN` PEM block, or one or more concatenated `TENUO WARRANT` PEM blocks.
    public init(parsing text: String) throws(TenuoError) {
        guard text.utf8.count <= Limits.maxStackBytes * 2 else {
            throw TenuoError(.chainTooLarge, "warrant text exceeds the size limit")
        }
        // Base64url text has '-' in it too, so look for the PEM marker itself, over the UTF-8
        // bytes (String.contains runs a Unicode-aware search, a large share of parsing a warrant).
        if WarrantChain.containsPEMMarker(text) {
            let blocks = try PEM.blocks(in: text)
            guard !blocks.isEmpty else { throw TenuoError(.invalidEncoding, "no PEM block found") }
            var out: [Warrant] = []
            for b in blocks {
                switch b.label {
                case "TENUO WARRANT CHAIN":
                    out.append(contentsOf: try WarrantChain(decoding: try WarrantChain.decodeBase64(b.body)).warrants)
                case "TENUO WARRANT":
                    out.append(contentsOf: try WarrantChain(decoding: try WarrantChain.decodeBase64(b.body)).warrants)
                default:
                    throw TenuoError(.invalidEncoding, "unexpected PEM block '\(b.label)' (expected TENUO WARRANT or TENUO WARRANT CHAIN)")
                }
            }
            try self.init(out)
            return
        }
        try self.init(decoding: try WarrantChain.decodeBase64(text))
    }

    /// Whether `text` contains `-----BEGIN`, compared byte by byte over its UTF-8 (the marker is
    /// ASCII, so a byte match is a text match).
    static func containsPEMMarker(_ text: String) -> Bool {
        var t = text
        return t.withUTF8 { containsPEMMarker(utf8: $0) }
    }

    /// The scan behind `containsPEMMarker`: one pass, no copy. A run of five '-' through
    /// position i + 4 would include that byte, so when it is not '-' no run starts at i … i + 4
    /// and the scan moves on by five; otherwise bytes other than '-' are skipped one compare
    /// each, and at a run of '-' the run is measured and, when it is five or more long,
    /// "BEGIN" must follow ("------BEGIN" holds the marker too).
    static func containsPEMMarker(utf8 b: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = b.count
        var i = 0
        while i < n {
            if i &+ 4 < n && b[i &+ 4] != 0x2d {
                i &+= 5
                continue
            }
            if b[i] != 0x2d {
                i &+= 1
                continue
            }
            var j = i &+ 1
            while j < n && b[j] == 0x2d { j &+= 1 }
            if j &- i >= 5 && n &- j >= 5 && b[j] == 0x42 && b[j &+ 1] == 0x45 && b[j &+ 2] == 0x47
                && b[j &+ 3] == 0x49 && b[j &+ 4] == 0x4e
            {
                return true
            }
            i = j
        }
        return false
    }

    /// Base64 of a warrant or stack: URL-safe without padding first, standard alphabet as fallback.
    static func decodeBase64(_ text: String) throws(TenuoError) -> [UInt8] {
        if let b = try? Base64.decodeURL(text) { return b }
        do {
            return try Base64.decodeStandard(text)
        } catch {
            throw TenuoError(.invalidEncoding, "warrant text is neither base64url nor PEM")
        }
    }
}

extension Warrant {
    /// `init(parsing:)` for text given as its UTF-8 bytes, on the common shape only: base64url
    /// of one envelope, no PEM marker, every byte ASCII. Returns nil for any other text without
    /// deciding anything (the caller then makes a `String` of it, checking the UTF-8, and calls
    /// `init(parsing:)`, which handles every shape and produces every error); for text of that
    /// shape it decodes exactly as `init(parsing:)` would, errors included.
    public static func parsing(base64URLText text: [UInt8]) throws(TenuoError) -> Warrant? {
        try text.withUnsafeBufferPointer { (t) throws(TenuoError) -> Warrant? in try parsing(base64URLText: t) }
    }

    /// `parsing(base64URLText:)` of text read in place from a caller's buffer (the C ABI's
    /// argument: no copy of the text is made). The buffer is only read during the call.
    public static func parsing(base64URLText text: UnsafeBufferPointer<UInt8>) throws(TenuoError) -> Warrant? {
        guard text.count <= Limits.maxStackBytes * 2, !WarrantChain.containsPEMMarker(utf8: text),
            let bytes = Base64.decodeURL(asciiBytes: text), bytes.count >= 2, bytes.count <= Limits.maxWarrantBytes,
            (0x80...0x97).contains(bytes[0]), bytes[1] >> 5 <= 1
        else { return nil }
        return try Warrant(decoding: bytes)
    }

    /// Parses one warrant from base64url or PEM text. A text that holds a chain is rejected here
    /// (use `WarrantChain(parsing:)`).
    public init(parsing text: String) throws(TenuoError) {
        // The common case, one envelope in base64 (`83 01 ...`: an array whose first element is
        // an integer), goes straight to the decoder; everything else through the chain parser,
        // which tells envelopes, stacks and PEM apart and refuses what is neither.
        if text.utf8.count <= Limits.maxStackBytes * 2, !WarrantChain.containsPEMMarker(text),
            let bytes = try? WarrantChain.decodeBase64(text), bytes.count >= 2, bytes.count <= Limits.maxWarrantBytes,
            (0x80...0x97).contains(bytes[0]), bytes[1] >> 5 <= 1  // one-byte array head, then an integer
        {
            self = try Warrant(decoding: bytes)
            return
        }
        let chain = try WarrantChain(parsing: text)
        guard chain.warrants.count == 1 else {
            throw TenuoError(.invalidArgument, "text holds a chain of \(chain.warrants.count) warrants, not one")
        }
        self = chain.leaf
    }
}
