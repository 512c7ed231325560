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
        w.raw(Domain.warrant)
        w.raw(Domain.pop)
        w.arrayHeader(4)
        w.hexText(prefix: form == .bareHex ? [] : idPrefix, id.bytes)
        w.text(tool)
        w.arrayHeader(args.count)
        if args.count == 1, let (k, v) = args.first {  // one argument: nothing to sort
            w.arrayHeader(2)
            w.text(k)
            v.write(to: &w)
            return
        }
        for k in Value.sortedKeys(args) {
            w.arrayHeader(2)
            w.text(k)
            args[k, default: .null].write(to: &w)
        }
    }

    private static let idPrefix: [UInt8] = Array(WarrantID.prefix.utf8)

    /// The full challenge CBOR (without domain prefixes), e.g. for test vectors.
    public static func challenge(id: WarrantID, form: IDForm = .bareHex, tool: String, args: [String: Value], window: Int64) -> [UInt8] {
        let skip = Domain.warrant.count + Domain.pop.count
        var m = Array(messagePrefix(id: id, form: form, tool: tool, args: args).dropFirst(skip))
        appendWindow(&m, window)
        return m
    }

    static func appendWindow(_ m: inout [UInt8], _ window: Int64) {
        var w = CBORWriter(capacity: 9)
        w.int(window)
        m.append(contentsOf: w.bytes)
    }

    /// Signs a tool call for `warrant` at time `now` with the holder's key.
    /// - Throws: `.invalidArgument` when `now` lies in the first window below `Int64.min`'s
    ///   (a window start that no Int64 can hold).
    public static func sign(
        warrant: Warrant, key: SigningKey, tool: String, args: [String: Value], now: Int64, form: IDForm = .bareHex
    ) throws(TenuoError) -> [UInt8] {
        guard let win = window(now) else {
            throw TenuoError(.invalidArgument, "time \(now) has no PoP window representable as a 64-bit integer")
        }
        var w = CBORWriter(capacity: 192)
        writePrefix(&w, id: warrant.id, form: form, tool: tool, args: args)
        w.int(win)
        return key.sign(w.bytes)
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
