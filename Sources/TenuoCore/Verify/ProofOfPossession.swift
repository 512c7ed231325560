/// Proof-of-possession (wire-format §15, with the reference's actual bytes per SPEC-NOTES §3–4):
///
///     challenge = CBOR [warrant_id_text, tool, [[key, value], ...sorted by key bytes], window]
///     message   = "tenuo-warrant-v1" || "tenuo-pop-v1" || challenge
///     window    = floor(t / 30) * 30
///
/// The id text is bare lowercase hex for the reference runtime; the spec's vectors A.6/A.20.1 sign
/// `tnu_wrt_<hex>` instead, so the form is a parameter.
public enum ProofOfPossession {
    /// How the warrant id is written in the challenge.
    public enum IDForm: Sendable {
        /// 32 lowercase hex digits: what the reference runtime signs and verifies.
        case bareHex
        /// `tnu_wrt_<hex>`: what the spec's test vectors sign.
        case prefixed
    }

    /// The window start for a time: floor division, so negative times round down too. nil for
    /// the few times near `Int64.min` whose window start is below `Int64.min` (no overflow trap:
    /// `now` comes from the caller, possibly from a client).
    public static func window(_ t: Int64) -> Int64? {
        let w = Limits.popWindowSeconds
        let q = t / w
        let (r, o) = (t % w < 0 ? q - 1 : q).multipliedReportingOverflow(by: w)
        return o ? nil : r
    }

    /// Window offsets tried by a verifier: 0, −1, +1, −2, +2, … (`count` entries).
    public static func offsets(_ count: Int) -> [Int64] {
        (0..<triedWindows(count)).map(offset)
    }

    /// How many windows a verifier asked for `count` tries: 1 to `Limits.popMaxWindows`.
    static func triedWindows(_ count: Int) -> Int { min(max(count, 1), Limits.popMaxWindows) }

    /// The `k`th window offset a verifier tries: 0, −1, +1, −2, +2, …
    static func offset(_ k: Int) -> Int64 {
        k % 2 == 1 ? -Int64(k / 2 + 1) : Int64(k / 2)
    }

    /// Everything of the signed message except the trailing window integer. Encoding the
    /// arguments once lets a verifier try every window for the price of a few appended bytes.
    public static func messagePrefix(id: WarrantID, form: IDForm = .bareHex, tool: String, args: [String: Value]) -> [UInt8] {
        var w = CBORWriter(capacity: 160)
        writePrefix(&w, id: id, form: form, tool: tool, args: args)
        return w.bytes
    }

    static func writePrefix(_ w: inout CBORWriter, id: WarrantID, form: IDForm, tool: String, args: [String: Value]) {
        writeHead(&w, id: id, form: form, tool: tool, argCount: args.count)
        if args.count == 1, let (k, v) = args.first {  // one argument: nothing to sort
            writeArgument(&w, k, v)
            return
        }
        for k in Value.sortedKeys(args) {
            writeArgument(&w, k, args[k, default: .null])
        }
    }

    /// `writePrefix` for arguments already in canonical order.
    static func writePrefix(_ w: inout CBORWriter, id: WarrantID, form: IDForm, tool: String, args: SortedMembers) {
        writeHead(&w, id: id, form: form, tool: tool, argCount: args.count)
        for m in args.members { writeArgument(&w, m.key, m.value) }
    }

    /// The domain prefixes, the challenge's array header, the id text, the tool and the
    /// arguments' array header.
    @inline(__always)
    private static func writeHead(_ w: inout CBORWriter, id: WarrantID, form: IDForm, tool: String, argCount: Int) {
        w.raw(domainsAndHeader)
        w.hexText(prefix: form == .bareHex ? [] : idPrefix, id.bytes)
        w.text(tool)
        w.arrayHeader(argCount)
    }

    @inline(__always)
    private static func writeArgument(_ w: inout CBORWriter, _ key: String, _ value: Value) {
        w.arrayHeader(2)
        w.text(key)
        value.write(to: &w)
    }

    /// `Domain.warrant`, `Domain.pop` and the header of the four-item challenge array.
    private static let domainsAndHeader: [UInt8] = Domain.warrant + Domain.pop + [0x84]

    private static let idPrefix: [UInt8] = Array(WarrantID.prefix.utf8)

    /// The full challenge CBOR (without domain prefixes), e.g. for test vectors.
    public static func challenge(id: WarrantID, form: IDForm = .bareHex, tool: String, args: [String: Value], window: Int64) -> [UInt8] {
        challenge(id: id, form: form, tool: tool, args: SortedMembers(args), window: window)
    }

    /// Signs a tool call for `warrant` at time `now` with the holder's key, the arguments
    /// already in canonical order (the same signature as for their map).
    /// - Throws: as `sign(warrant:key:tool:args:now:form:)`.
    public static func sign(
        warrant: Warrant, key: SigningKey, tool: String, args: SortedMembers, now: Int64, form: IDForm = .bareHex
    ) throws(TenuoError) -> [UInt8] {
        let win = try requireWindow(now)
        if let m = flatMessage(id: warrant.id, form: form, tool: tool, args: args, window: win) { return key.sign(m) }
        var w = CBORWriter(capacity: 192)
        writePrefix(&w, id: warrant.id, form: form, tool: tool, args: args)
        w.int(win)
        return key.sign(w.bytes)
    }

    /// The signed message (`writePrefix` and the window) written in place into one array of
    /// its exact size, when every argument is a string, an integer, a bool or null (what tool
    /// calls pass); nil otherwise (then `writePrefix` writes it).
    static func flatMessage(id: WarrantID, form: IDForm, tool: String, args: SortedMembers, window: Int64) -> [UInt8]? {
        let idBytes = id.bytes
        guard idBytes.count == 16 else { return nil }
        let idLength = form == .bareHex ? 32 : idPrefix.count + 32
        let toolLength = tool.utf8.count
        var size = domainsAndHeader.count + headSize(idLength) + idLength + headSize(toolLength) + toolLength
            + headSize(args.count) + intSize(window)
        for m in args.members {
            let k = m.key.utf8.count
            size += 1 + headSize(k) + k
            switch m.value {
            case .string(let s):
                let n = s.utf8.count
                size += headSize(n) + n
            case .int(let i): size += intSize(i)
            case .bool, .null: size += 1
            default: return nil
            }
        }
        // Written on the stack, then copied into an array made by `reserveCapacity` (whose
        // allocation is specialised; `Array(unsafeUninitializedCapacity:)` and
        // `Array(repeating:count:)` look the array type's metadata up at run time, ~600
        // instructions). Larger messages are written into a zeroed array in place.
        if size <= 512 {
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buf -> [UInt8]? in
                guard writeFlat(buf, id: idBytes, idLength: idLength, form: form, tool: tool, args: args, window: window) == size
                else { return nil }
                var m: [UInt8] = []
                m.reserveCapacity(size)
                m.append(contentsOf: UnsafeBufferPointer(buf))
                return m
            }
        }
        var m = [UInt8](repeating: 0, count: size)
        let written = m.withUnsafeMutableBufferPointer { buf in
            writeFlat(buf, id: idBytes, idLength: idLength, form: form, tool: tool, args: args, window: window)
        }
        return written == size ? m : nil
    }

    /// `flatMessage`'s bytes, into `buf` (exactly their size); returns how many were written.
    private static func writeFlat(_ buf: UnsafeMutableBufferPointer<UInt8>, id idBytes: [UInt8], idLength: Int, form: IDForm,
                                  tool: String, args: SortedMembers, window: Int64) -> Int {
        guard let base = buf.baseAddress, idBytes.count == 16 else { return 0 }
        var p = base
        domainsAndHeader.withUnsafeBufferPointer { d in
            if let s = d.baseAddress { p.update(from: s, count: d.count) }
            p += d.count
        }
        head(&p, 3, UInt64(idLength))
        if form != .bareHex {
            idPrefix.withUnsafeBufferPointer { d in
                if let s = d.baseAddress { p.update(from: s, count: d.count) }
                p += d.count
            }
        }
        idBytes.withUnsafeBufferPointer { CBORWriter.writeHex($0, to: p) }
        p += 32
        text(&p, tool)
        head(&p, 4, UInt64(args.count))
        for m in args.members {
            p.pointee = 0x82  // [key, value]
            p += 1
            text(&p, m.key)
            switch m.value {
            case .string(let s): text(&p, s)
            case .int(let i): i >= 0 ? head(&p, 0, UInt64(i)) : head(&p, 1, UInt64(-(i + 1)))
            case .bool(let b): p.pointee = b ? 0xf5 : 0xf4; p += 1
            default: p.pointee = 0xf6; p += 1  // null (the size pass let nothing else through)
            }
        }
        window >= 0 ? head(&p, 0, UInt64(window)) : head(&p, 1, UInt64(-(window + 1)))
        return p - base
    }

    /// The bytes of a CBOR head with argument `n`.
    @inline(__always)
    private static func headSize(_ n: Int) -> Int { n < 24 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : n <= 0xffff_ffff ? 5 : 9 }

    @inline(__always)
    private static func intSize(_ i: Int64) -> Int { headSize(Int(i >= 0 ? i : -(i + 1))) }

    /// Writes a CBOR head as `CBORWriter.head` does, advancing `p`.
    @inline(__always)
    private static func head(_ p: inout UnsafeMutablePointer<UInt8>, _ major: UInt8, _ arg: UInt64) {
        let m = major << 5
        if arg < 24 {
            p.pointee = m | UInt8(truncatingIfNeeded: arg)
            p += 1
            return
        }
        let n = arg <= 0xff ? 1 : arg <= 0xffff ? 2 : arg <= 0xffff_ffff ? 4 : 8
        p.pointee = m | (n == 1 ? 24 : n == 2 ? 25 : n == 4 ? 26 : 27)
        for k in 0..<n { p[1 &+ k] = UInt8(truncatingIfNeeded: arg >> UInt64(8 &* (n &- 1 &- k))) }
        p += 1 &+ n
    }

    /// Writes a CBOR text string (head and UTF-8), advancing `p`.
    @inline(__always)
    private static func text(_ p: inout UnsafeMutablePointer<UInt8>, _ s: String) {
        let u = s.utf8
        head(&p, 3, UInt64(u.count))
        let q = p
        let copied: Void? = u.withContiguousStorageIfAvailable { (b) -> Void in
            if let s = b.baseAddress { q.update(from: s, count: b.count) }
        }
        if copied == nil {
            var i = 0
            for byte in u {
                q[i] = byte
                i &+= 1
            }
        }
        p += u.count
    }

    /// The full challenge CBOR (without domain prefixes) for arguments in canonical order.
    public static func challenge(id: WarrantID, form: IDForm = .bareHex, tool: String, args: SortedMembers, window: Int64) -> [UInt8] {
        var w = CBORWriter(capacity: 192)
        writePrefix(&w, id: id, form: form, tool: tool, args: args)
        w.int(window)
        return Array(w.bytes.dropFirst(Domain.warrant.count + Domain.pop.count))
    }

    /// Signs a tool call for `warrant` at time `now` with the holder's key.
    /// - Throws: `.invalidArgument` when `now` lies in the first window below `Int64.min`'s
    ///   (a window start that no Int64 can hold).
    public static func sign(
        warrant: Warrant, key: SigningKey, tool: String, args: [String: Value], now: Int64, form: IDForm = .bareHex
    ) throws(TenuoError) -> [UInt8] {
        try sign(warrant: warrant, key: key, tool: tool, args: SortedMembers(args), now: now, form: form)
    }

    /// The window of a signature made at `now`.
    /// - Throws: `.invalidArgument` for the few times near `Int64.min` that have no window.
    static func requireWindow(_ now: Int64) throws(TenuoError) -> Int64 {
        guard let win = window(now) else {
            throw TenuoError(.invalidArgument, "time \(now) has no PoP window representable as a 64-bit integer")
        }
        return win
    }

    /// True when `signature` is the holder's PoP for this call in one of `maxWindows` windows around `now`.
    public static func verify(
        holder: PublicKey, id: WarrantID, tool: String, args: [String: Value], signature: [UInt8],
        now: Int64, maxWindows: Int = Limits.popDefaultMaxWindows, form: IDForm = .bareHex
    ) -> Bool {
        guard signature.count == 64, let base = window(now) else { return false }
        // One buffer: the prefix once, then each window's integer written over the last one.
        var w = CBORWriter(capacity: 192)
        writePrefix(&w, id: id, form: form, tool: tool, args: args)
        let prefixCount = w.count
        for k in 0..<triedWindows(maxWindows) {  // the windows of `offsets`
            let (delta, o1) = offset(k).multipliedReportingOverflow(by: Limits.popWindowSeconds)
            let (win, o2) = base.addingReportingOverflow(delta)
            if o1 || o2 { continue }
            w.truncate(to: prefixCount)
            w.int(win)
            if holder.verify(w.bytes, signature: signature) { return true }
        }
        return false
    }
}
