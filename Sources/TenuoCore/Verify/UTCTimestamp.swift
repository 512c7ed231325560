/// An instant in UTC with nanosecond precision, in the one RFC 3339 text form the reference
/// writes into revocation lists and revocation requests (its `chrono` serializer):
/// `YYYY-MM-DDTHH:MM:SS[.fff|.ffffff|.fffffffff]Z`, with the fraction omitted when it is zero
/// and otherwise printed with the fewest of 3, 6 or 9 digits that hold it exactly.
///
/// Because the reference verifies signatures over its own re-serialization, this form is the
/// only one a reference signature can cover; `init(text:)` therefore accepts exactly the
/// strings `text` produces and nothing else. Years are limited to 1970–9999.
public struct UTCTimestamp: Sendable, Equatable, Comparable {
    /// Whole seconds since the Unix epoch.
    public let seconds: UInt64
    /// Nanoseconds within the second (0–999 999 999).
    public let nanos: UInt32

    /// 9999-12-31T23:59:59Z.
    public static let maxSeconds: UInt64 = 253_402_300_799

    public init(seconds: UInt64, nanos: UInt32 = 0) throws(TenuoError) {
        guard seconds <= Self.maxSeconds else {
            throw TenuoError(.invalidArgument, "time \(seconds) is after the year 9999")
        }
        guard nanos < 1_000_000_000 else {
            throw TenuoError(.invalidArgument, "nanoseconds must be below 1000000000, got \(nanos)")
        }
        self.seconds = seconds
        self.nanos = nanos
    }

    public static func < (a: UTCTimestamp, b: UTCTimestamp) -> Bool {
        (a.seconds, a.nanos) < (b.seconds, b.nanos)
    }

    /// The wire text (`Z` suffix).
    public var text: String { render(zulu: true) }

    /// The text with a `+00:00` offset, as the reference's Python getters return it.
    public var offsetText: String { render(zulu: false) }

    private func render(zulu: Bool) -> String {
        let days = Int64(seconds / 86_400)
        let rem = seconds % 86_400
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        var out = ""
        out.reserveCapacity(36)
        Self.pad(&out, UInt64(y), 4)
        out += "-"
        Self.pad(&out, UInt64(m), 2)
        out += "-"
        Self.pad(&out, UInt64(d), 2)
        out += "T"
        Self.pad(&out, rem / 3600, 2)
        out += ":"
        Self.pad(&out, rem / 60 % 60, 2)
        out += ":"
        Self.pad(&out, rem % 60, 2)
        if nanos != 0 {
            out += "."
            if nanos % 1_000_000 == 0 {
                Self.pad(&out, UInt64(nanos / 1_000_000), 3)
            } else if nanos % 1000 == 0 {
                Self.pad(&out, UInt64(nanos / 1000), 6)
            } else {
                Self.pad(&out, UInt64(nanos), 9)
            }
        }
        out += zulu ? "Z" : "+00:00"
        return out
    }

    /// Parses the canonical wire text (see the type's comment).
    /// - Throws: `.malformedCBOR` for any other text (the class the reference reports).
    public init(text: String) throws(TenuoError) {
        let b = Array(text.utf8)
        func bad() -> TenuoError { TenuoError(.malformedCBOR, "timestamp '\(text.prefix(40))' is not canonical RFC 3339 UTC") }
        guard b.count >= 20, b.count <= 30, b.last == UInt8(ascii: "Z") else { throw bad() }
        func digits(_ from: Int, _ n: Int) -> UInt64? {
            var v: UInt64 = 0
            for i in from..<(from + n) {
                guard i < b.count, b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + UInt64(b[i] - 0x30)
            }
            return v
        }
        let seps: [(Int, UInt8)] = [(4, 0x2d), (7, 0x2d), (10, 0x54), (13, 0x3a), (16, 0x3a)]
        for (i, c) in seps where b[i] != c { throw bad() }
        guard let y = digits(0, 4), let mo = digits(5, 2), let d = digits(8, 2), let h = digits(11, 2),
              let mi = digits(14, 2), let s = digits(17, 2),
              y >= 1970, (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 60
        else { throw bad() }
        var nanos: UInt64 = 0
        let fracLen = b.count - 20 - (b.count > 20 ? 1 : 0)
        if b.count > 20 {
            guard b[19] == UInt8(ascii: "."), [3, 6, 9].contains(fracLen), let f = digits(20, fracLen) else { throw bad() }
            nanos = f
            for _ in fracLen..<9 { nanos *= 10 }
        }
        let days = CivilCalendar.daysFromCivil(Int64(y), Int64(mo), Int64(d))
        guard days >= 0 else { throw bad() }
        let secs = UInt64(days) * 86_400 + h * 3600 + mi * 60 + s
        do {
            try self.init(seconds: secs, nanos: UInt32(nanos))
        } catch {
            throw bad()
        }
        // Round trip: rejects impossible dates (Feb 30) and non-shortest fractions (.500000).
        guard self.text == text else { throw bad() }
    }

    private static func pad(_ out: inout String, _ v: UInt64, _ width: Int) {
        let s = String(v)
        if s.count < width { out += String(repeating: "0", count: width - s.count) }
        out += s
    }
}
