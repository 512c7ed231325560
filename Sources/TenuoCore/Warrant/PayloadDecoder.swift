/// The fast path of payload decoding: reads the payload bytes straight into a `WarrantPayload`
/// without building a `CBOR` tree of the whole payload.
///
/// It is a shortcut, never a second set of rules. It accepts only a subset of what the tree
/// decoder (`CBORReader.decode` then `WarrantPayload(cbor:)`) accepts — canonical heads, keys
/// in ascending order, ASCII names, no nulls — and on that subset it yields exactly what the
/// tree decoder yields. Anything else, including every input the tree decoder refuses, makes
/// it give up (`nil`, no error), and `Warrant` decodes the bytes again through the tree path,
/// which produces the precise error in the usual order. So errors, their codes and their order
/// are the tree path's by construction.
///
/// Two phases, so that nothing costly runs on unauthenticated bytes: `scan` walks the whole
/// payload and checks every byte of it (constraint values included: strict CBOR, as the tree
/// reader) but builds no constraint; it yields the issuer key for the signature check. Only
/// after the signature verified does `build` turn the recorded constraint sets into
/// `ConstraintSet`s (glob, regex and CEL compilation).
struct PayloadScan {
    /// Every payload field but `tools` and `constraintBounds` (empty until `decodeSets`), as
    /// the tree path reads them. Held as the payload itself: no second set of fields to copy
    /// into one.
    var payload: WarrantPayload
    /// Where each tool's name (ascending) and constraint set lie in the bytes.
    let toolSets: [ToolSetRange]
    /// The byte range of `constraint_bounds` (key 14), if present.
    let boundsRange: Range<Int>?

    /// The key the signature is checked with (payload key 5).
    var issuer: PublicKey { payload.issuer }

    /// CBOR nesting depth of a tool's constraint set in the payload (payload map 0, tools map 1).
    static let toolSetDepth = 2
    /// CBOR nesting depth of `constraint_bounds` (payload map 0).
    static let boundsSetDepth = 1

    /// Walks `bytes`; nil when they are outside the fast path's subset.
    static func scan(_ bytes: [UInt8]) -> PayloadScan? { scan(bytes, 0..<bytes.count) }

    /// Walks the payload at `range` of `bytes` (an envelope, read in place); the scan's byte
    /// ranges are then positions in `bytes`.
    static func scan(_ bytes: [UInt8], _ range: Range<Int>) -> PayloadScan? {
        var r = FastCBORReader(bytes, at: range.lowerBound, end: range.upperBound)
        return r.payload()
    }

    /// Decodes the constraint sets from the scanned ranges into `payload`, in place. False
    /// when a set does not decode on the fast path (the caller then takes the tree path).
    mutating func decodeSets(_ bytes: [UInt8]) -> Bool {
        // Not `init(minimumCapacity:)`, which runs unspecialized in the standard library (~800
        // instructions): one tool (the common case) as a literal, which stores its one entry
        // without a lookup; more into a reserved empty dictionary.
        var tools: [String: ConstraintSet]
        if toolSets.count == 1, let t = toolSets.first {
            guard let set = FastCBORReader.constraintSet(bytes, t.set, cborDepth: Self.toolSetDepth) else {
                return false
            }
            tools = [FastCBORReader.string(bytes, t.name): set]
        } else {
            tools = [:]
            tools.reserveCapacity(toolSets.count)
            for t in toolSets {
                guard let set = FastCBORReader.constraintSet(bytes, t.set, cborDepth: Self.toolSetDepth) else {
                    return false
                }
                tools[FastCBORReader.string(bytes, t.name)] = set
            }
        }
        if let r = boundsRange {
            guard let set = FastCBORReader.constraintSet(bytes, r, cborDepth: Self.boundsSetDepth) else { return false }
            payload.constraintBounds = set
        }
        payload.tools = tools
        return true
    }

    /// The full payload (`decodeSets`, then the payload); nil when a set does not decode on
    /// the fast path.
    consuming func build(_ bytes: [UInt8]) -> WarrantPayload? {
        guard decodeSets(bytes) else { return nil }
        return payload
    }
}

/// A tool of a scanned payload: the byte ranges of its name (ASCII) and of its constraint set.
/// Plain ranges, so the scan's array of them holds nothing to retain or release, and the
/// name becomes a `String` only after the signature verified.
struct ToolSetRange {
    let name: Range<Int>
    let set: Range<Int>
}

extension WarrantPayload {
    /// A scanned payload's fields, `tools` and `constraintBounds` left empty for `build`.
    fileprivate init(
        scannedID id: WarrantID, type: WarrantType, holder: PublicKey, issuer: PublicKey, issuedAt: UInt64,
        expiresAt: UInt64, maxDepth: UInt8, depth: UInt32, parentHash: [UInt8]?, extensions: [String: [UInt8]],
        issuableTools: [String]?, maxIssueDepth: UInt32?, requiredApprovers: [PublicKey]?, minApprovals: UInt32?,
        clearance: UInt8?
    ) {
        version = 1
        self.id = id
        self.type = type
        tools = [:]
        self.holder = holder
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.maxDepth = maxDepth
        self.parentHash = parentHash
        self.extensions = extensions
        self.issuableTools = issuableTools
        self.maxIssueDepth = maxIssueDepth
        constraintBounds = nil
        self.requiredApprovers = requiredApprovers
        self.minApprovals = minApprovals
        self.clearance = clearance
        self.depth = depth
    }
}

/// A forward-only reader over payload bytes for `PayloadScan`. Every method returns nil (and
/// the reader is then abandoned) on anything outside the fast path's subset; it never traps:
/// each index is checked against the end before it is read.
struct FastCBORReader {
    let b: [UInt8]
    var i = 0
    /// Where the bytes read end (at most `b.count`): the payload's end in an envelope.
    let end: Int

    init(_ bytes: [UInt8], at offset: Int = 0, end: Int? = nil) {
        b = bytes
        self.end = min(end ?? bytes.count, bytes.count)
        i = min(max(offset, 0), self.end)  // so that `end - i` is never negative
    }

    /// The tree reader's nesting limit, which the validating skip applies the same way.
    static let maxDepth = CBORLimits.standard.maxDepth

    // MARK: Heads

    /// Reads the head of an item of major type `major` and returns its argument, enforcing the
    /// shortest form (as the tree reader does); nil for another major type, an indefinite or
    /// reserved length, or a head running past the end.
    @inline(__always)
    mutating func head(_ major: UInt8) -> UInt64? {
        guard i < end else { return nil }
        let ib = b[i]
        guard ib >> 5 == major else { return nil }
        return argument(ib & 0x1f)
    }

    /// The argument of the head at `i` whose additional information is `info` (the initial
    /// byte already checked); advances past the head.
    mutating func argument(_ info: UInt8) -> UInt64? {
        let n = end
        switch info {
        case 0..<24:
            i &+= 1
            return UInt64(info)
        case 24:
            guard n &- i > 1 else { return nil }
            let v = UInt64(b[i &+ 1])
            guard v >= 24 else { return nil }
            i &+= 2
            return v
        case 25:
            guard n &- i > 2 else { return nil }
            let v = UInt64(b[i &+ 1]) << 8 | UInt64(b[i &+ 2])
            guard v > 0xff else { return nil }
            i &+= 3
            return v
        case 26:
            guard n &- i > 4 else { return nil }
            var v: UInt64 = 0
            for k in 1...4 { v = v << 8 | UInt64(b[i &+ k]) }
            guard v > 0xffff else { return nil }
            i &+= 5
            return v
        case 27:
            guard n &- i > 8 else { return nil }
            var v: UInt64 = 0
            for k in 1...8 { v = v << 8 | UInt64(b[i &+ k]) }
            guard v > 0xffff_ffff else { return nil }
            i &+= 9
            return v
        default:
            return nil
        }
    }

    /// A length head of `major` whose count of bytes (or of items, each at least one byte) fits
    /// in what is left.
    mutating func length(_ major: UInt8) -> Int? {
        guard let n = head(major), n <= UInt64(end &- i) else { return nil }
        return Int(n)
    }

    mutating func uint(max: UInt64) -> UInt64? {
        guard let v = head(0), v <= max else { return nil }
        return v
    }

    mutating func byteString() -> [UInt8]? {
        guard let n = length(2) else { return nil }
        let out = Array(b[i..<(i &+ n)])
        i &+= n
        return out
    }

    /// A text string that is valid UTF-8.
    mutating func text() -> String? {
        guard let n = length(3) else { return nil }
        guard let s = UTF8Text.decode(b[i..<(i &+ n)]) else { return nil }
        i &+= n
        return s
    }

    /// The byte range of a text string that is all ASCII (so byte equality is string
    /// equality, and the tree reader's duplicate check and Swift's dictionary agree with a
    /// byte comparison).
    mutating func asciiText() -> Range<Int>? {
        guard let n = length(3) else { return nil }
        let r = i..<(i &+ n)
        for k in r where b[k] >= 0x80 { return nil }
        i &+= n
        return r
    }

    /// Whether the text at `r` equals `lit` byte for byte.
    func equals(_ r: Range<Int>, _ lit: StaticString) -> Bool {
        guard r.count == lit.utf8CodeUnitCount else { return false }
        let p = lit.utf8Start
        for k in 0..<r.count where b[r.lowerBound &+ k] != p[k] { return false }
        return true
    }

    /// Whether the bytes at `a` sort strictly before those at `c` (UTF-8 byte order).
    func less(_ a: Range<Int>, _ c: Range<Int>) -> Bool {
        let m = min(a.count, c.count)
        for k in 0..<m {
            let x = b[a.lowerBound &+ k], y = b[c.lowerBound &+ k]
            if x != y { return x < y }
        }
        return a.count < c.count
    }

    func string(_ r: Range<Int>) -> String { Self.string(b, r) }

    /// The text at `r` of `bytes` (ASCII, as every name the reader keeps a range of).
    static func string(_ bytes: [UInt8], _ r: Range<Int>) -> String { String(decoding: bytes[r], as: UTF8.self) }

    /// `true` / `false`.
    mutating func bool() -> Bool? {
        guard i < end else { return nil }
        switch b[i] {
        case 0xf4: i &+= 1; return false
        case 0xf5: i &+= 1; return true
        default: return nil
        }
    }

    /// A byte string written as a CBOR byte string or as serde's array of unsigned integers
    /// (each 0–255, shortest form), as `WarrantPayload.byteArray` accepts.
    mutating func byteArray(maxCount: Int) -> [UInt8]? {
        guard i < end else { return nil }
        if b[i] >> 5 == 2 {
            guard let v = byteString(), v.count <= maxCount else { return nil }
            return v
        }
        guard let n = length(4), n <= maxCount else { return nil }
        var out = [UInt8](repeating: 0, count: n)
        for k in 0..<n {
            guard i < end else { return nil }
            let x = b[i]
            if x < 0x18 {
                out[k] = x
                i &+= 1
            } else if x == 0x18, end &- i > 1, b[i &+ 1] >= 0x18 {
                out[k] = b[i &+ 1]
                i &+= 2
            } else {
                return nil
            }
        }
        return out
    }

    /// `[1, key]` with the key as 32 bytes in either form, and not a weak key.
    mutating func publicKey() -> PublicKey? {
        guard end &- i > 2, b[i] == 0x82, b[i &+ 1] == 0x01 else { return nil }
        i &+= 2
        guard let raw = byteArray(maxCount: PublicKey.byteCount), raw.count == PublicKey.byteCount else { return nil }
        return try? PublicKey(bytes: raw)
    }

    // MARK: Validating skip

    /// Skips one item at CBOR nesting depth `depth`, checking it exactly as strictly as the
    /// tree reader would (shortest heads, no indefinite lengths, no tags, only false/true/null
    /// and floats among simple values, valid UTF-8, the nesting limit). Map keys must be
    /// provably distinct without the tree reader's semantic comparison: at most 16 keys, each
    /// an ASCII text, compared byte for byte; any other map is left to the tree path.
    mutating func skip(depth: Int) -> Bool {
        guard i < end else { return false }
        let ib = b[i]
        let major = ib >> 5
        let info = ib & 0x1f
        switch major {
        case 0, 1:
            return argument(info) != nil
        case 2:
            guard let n = length(2) else { return false }
            i &+= n
            return true
        case 3:
            guard let n = length(3), UTF8Text.isValid(b[i..<(i &+ n)]) else { return false }
            i &+= n
            return true
        case 4:
            guard depth < Self.maxDepth, let n = length(4) else { return false }
            for _ in 0..<n where !skip(depth: depth &+ 1) { return false }
            return true
        case 5:
            guard depth < Self.maxDepth, let n = length(5), n <= 16 else { return false }
            if n == 1 {  // the common case (Pattern, Exact, …): no key to compare
                guard asciiText() != nil else { return false }
                return skip(depth: depth &+ 1)
            }
            var keys: [Range<Int>] = []
            keys.reserveCapacity(n)
            for _ in 0..<n {
                guard let k = asciiText() else { return false }
                for e in keys where e.count == k.count && !less(e, k) && !less(k, e) { return false }
                keys.append(k)
                guard skip(depth: depth &+ 1) else { return false }
            }
            return true
        case 7:
            switch info {
            case 20, 21, 22:
                i &+= 1
                return true
            case 25, 26, 27:
                let width = 1 << Int(info &- 24)  // 2, 4, 8
                guard end &- i > width else { return false }
                i &+= 1 &+ width
                return true
            default:
                return false
            }
        default:  // 6: tags
            return false
        }
    }

    // MARK: Payload

    /// The payload map: unsigned keys in ascending order, each a field `WarrantPayload(cbor:)`
    /// knows (0–18 but 12), the required ones (0–8) present, nothing after the map.
    mutating func payload() -> PayloadScan? {
        guard i < end, b[i] >> 5 == 5, let n = argument(b[i] & 0x1f), n <= 18 else { return nil }
        var last: Int = -1
        var version: UInt64?, id: WarrantID?, type: WarrantType?, holder: PublicKey?, issuer: PublicKey?
        var issuedAt: UInt64?, expiresAt: UInt64?, maxDepth: UInt64?
        var toolSets: [ToolSetRange] = []
        var boundsRange: Range<Int>?
        var parentHash: [UInt8]?, extensions: [String: [UInt8]] = [:], issuableTools: [String]?
        var maxIssueDepth: UInt64?, requiredApprovers: [PublicKey]?, minApprovals: UInt64?, clearance: UInt64?
        var depth: UInt64 = 0
        for _ in 0..<n {
            // Ascending keys: no duplicates. Nulls (absent optional fields) are left to the tree path.
            guard i < end, b[i] < 0x18, Int(b[i]) > last, b[i] != 12 else { return nil }
            let key = Int(b[i])
            last = key
            i &+= 1
            guard i < end, b[i] != 0xf6 else { return nil }
            switch key {
            case 0:
                guard let v = uint(max: 255) else { return nil }
                version = v
            case 1:
                guard let v = byteString(), let w = try? WarrantID(bytes: v) else { return nil }
                id = w
            case 2:
                guard let v = uint(max: 255), let t = WarrantType(rawValue: UInt8(v)) else { return nil }
                type = t
            case 3:
                guard let sets = toolMap() else { return nil }
                toolSets = sets
            case 4:
                guard let k = publicKey() else { return nil }
                holder = k
            case 5:
                guard let k = publicKey() else { return nil }
                issuer = k
            case 6:
                guard let v = uint(max: UInt64(Int64.max)) else { return nil }
                issuedAt = v
            case 7:
                guard let v = uint(max: UInt64(Int64.max)) else { return nil }
                expiresAt = v
            case 8:
                guard let v = uint(max: 255) else { return nil }
                maxDepth = v
            case 9:
                guard let h = byteArray(maxCount: 32), h.count == 32 else { return nil }
                parentHash = h
            case 10:
                guard let x = extensionMap() else { return nil }
                extensions = x
            case 11:
                guard let n = length(4), n <= Limits.maxToolsPerWarrant else { return nil }
                var out: [String] = []
                out.reserveCapacity(n)
                for _ in 0..<n {
                    guard let s = text() else { return nil }
                    out.append(s)
                }
                issuableTools = out
            case 13:
                guard let v = uint(max: UInt64(UInt32.max)) else { return nil }
                maxIssueDepth = v
            case 14:
                guard let r = constraintSetRange(cborDepth: PayloadScan.boundsSetDepth) else { return nil }
                boundsRange = r
            case 15:
                guard let n = length(4), n <= 256 else { return nil }
                var keys: [PublicKey] = []
                keys.reserveCapacity(n)
                for _ in 0..<n {
                    guard let k = publicKey() else { return nil }
                    keys.append(k)
                }
                requiredApprovers = keys
            case 16:
                guard let v = uint(max: UInt64(UInt32.max)) else { return nil }
                minApprovals = v
            case 17:
                guard let v = uint(max: 255) else { return nil }
                clearance = v
            case 18:
                guard let v = uint(max: UInt64(UInt32.max)) else { return nil }
                depth = v
            default:
                return nil
            }
        }
        guard i == end, version == 1, let id, let type, let holder, let issuer, let issuedAt, let expiresAt,
            let maxDepth
        else { return nil }
        return PayloadScan(
            payload: WarrantPayload(
                scannedID: id, type: type, holder: holder, issuer: issuer, issuedAt: issuedAt, expiresAt: expiresAt,
                maxDepth: UInt8(truncatingIfNeeded: maxDepth), depth: UInt32(truncatingIfNeeded: depth),
                parentHash: parentHash, extensions: extensions, issuableTools: issuableTools,
                maxIssueDepth: maxIssueDepth.map { UInt32(truncatingIfNeeded: $0) },
                requiredApprovers: requiredApprovers, minApprovals: minApprovals.map { UInt32(truncatingIfNeeded: $0) },
                clearance: clearance.map { UInt8(truncatingIfNeeded: $0) }),
            toolSets: toolSets, boundsRange: boundsRange)
    }

    /// Key 3: ASCII tool names in strictly ascending byte order (so distinct), each at most
    /// the name limit, each with a constraint set that scans.
    mutating func toolMap() -> [ToolSetRange]? {
        guard let n = length(5), n <= Limits.maxToolsPerWarrant else { return nil }
        var out: [ToolSetRange] = []
        out.reserveCapacity(n)
        var prev: Range<Int>?
        for _ in 0..<n {
            guard let k = asciiText(), k.count <= Limits.maxToolNameBytes else { return nil }
            if let p = prev, !less(p, k) { return nil }
            prev = k
            guard let r = constraintSetRange(cborDepth: PayloadScan.toolSetDepth) else { return nil }
            out.append(ToolSetRange(name: k, set: r))
        }
        return out
    }

    /// Key 10: ASCII keys in strictly ascending order, values as `byteArray` within the size limit.
    mutating func extensionMap() -> [String: [UInt8]]? {
        guard let n = length(5), n <= Limits.maxExtensionKeys else { return nil }
        var out: [String: [UInt8]] = [:]
        var prev: Range<Int>?
        for _ in 0..<n {
            guard let k = asciiText() else { return nil }
            if let p = prev, !less(p, k) { return nil }
            prev = k
            guard let v = byteArray(maxCount: Limits.maxExtensionValueBytes) else { return nil }
            out[string(k)] = v
        }
        return out
    }

    /// A constraint set `{"constraints": {name: constraint, …}}`, optionally followed by
    /// `"allow_unknown": bool`, at CBOR depth `cborDepth`: argument names ASCII and strictly
    /// ascending, at most the per-tool limit, every constraint skipped strictly. Returns the
    /// set's byte range.
    mutating func constraintSetRange(cborDepth: Int) -> Range<Int>? {
        let start = i
        guard i < end else { return nil }
        let entries: Int
        switch b[i] {
        case 0xa1: entries = 1
        case 0xa2: entries = 2
        default: return nil
        }
        i &+= 1
        guard let k = asciiText(), equals(k, "constraints"), let n = length(5),
            n <= ConstraintLimits.maxConstraintsPerTool
        else { return nil }
        var prev: Range<Int>?
        for _ in 0..<n {
            guard let name = asciiText() else { return nil }
            if let p = prev, !less(p, name) { return nil }
            prev = name
            guard skip(depth: cborDepth &+ 2) else { return nil }
        }
        if entries == 2 {
            guard let k2 = asciiText(), equals(k2, "allow_unknown"), bool() != nil else { return nil }
        }
        return start..<i
    }

    // MARK: Constraint sets (after the signature verified)

    /// Decodes a constraint set that `constraintSetRange` accepted at `cborDepth`.
    static func constraintSet(_ bytes: [UInt8], _ range: Range<Int>, cborDepth: Int) -> ConstraintSet? {
        var r = FastCBORReader(bytes, at: range.lowerBound, end: range.upperBound)
        guard r.i < r.end else { return nil }
        let entries = bytes[r.i] == 0xa2 ? 2 : 1
        r.i &+= 1
        guard r.asciiText() != nil, let n = r.length(5) else { return nil }
        var out: [String: Constraint]  // built as in `decodeSets`
        if n == 1 {
            guard let name = r.asciiText(), let c = r.constraint(cborDepth: cborDepth &+ 2) else { return nil }
            out = [r.string(name): c]
        } else {
            out = [:]
            out.reserveCapacity(n)
            for _ in 0..<n {
                guard let name = r.asciiText(), let c = r.constraint(cborDepth: cborDepth &+ 2) else { return nil }
                out[r.string(name)] = c
            }
        }
        var allowUnknown = false
        if entries == 2 {
            guard r.asciiText() != nil, let au = r.bool() else { return nil }
            allowUnknown = au
        }
        guard r.i == range.upperBound else { return nil }
        return ConstraintSet(out, allowUnknown: allowUnknown)
    }

    /// One top-level constraint (enclosed by no other) at CBOR depth `cborDepth`. `Pattern`,
    /// the common kind, is read in place: its encoding is unique (one key, shortest heads), so
    /// the input bytes are its `wireBytes`. Every other kind goes through `Constraint(wire:)`
    /// on a tree of just this item, read with the nesting limit left at this depth.
    mutating func constraint(cborDepth: Int) -> Constraint? {
        let start = i
        // 82 02 A1 67 "pattern" <text>
        if end &- i > 11, b[i] == 0x82, b[i &+ 1] == 0x02, b[i &+ 2] == 0xa1 {
            i &+= 3
            if let k = asciiText(), equals(k, "pattern"), let s = text() {
                let valueBytes = i &- start &- 2
                guard valueBytes <= ConstraintLimits.maxValueBytes else { return nil }
                return Constraint(
                    decoded: PatternConstraint(unchecked: s), typeId: PatternConstraint.typeId,
                    wireBytes: Array(b[start..<i]), valueByteCount: valueBytes)
            }
            i = start
        }
        var tree = CBORReader(b, offset: start, limits: CBORLimits(maxDepth: Self.maxDepth &- cborDepth))
        guard let item = try? tree.readItem(), tree.offset <= end, let c = try? Constraint(wire: item, depth: 0)
        else { return nil }
        i = tree.offset
        return c
    }
}
