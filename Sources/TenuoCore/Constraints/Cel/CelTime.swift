#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// CEL timestamps and durations with the reference's semantics (cel-interpreter 0.10 on chrono
/// 0.4): a timestamp is an instant plus the UTC offset it was written with (accessors and
/// `string()` use that offset; comparison and equality use the instant only); a duration is a
/// signed count of nanoseconds within chrono's range (±(2^63 − 1) milliseconds).
///
/// Leap seconds: RFC 3339 text may name second 60; as in chrono such an instant keeps
/// second 59 with a fraction of one second or more, and adding to it or subtracting from it
/// follows chrono's rules (a step that stays within the leap second keeps it; one that
/// leaves it counts the leap second as the second before the next).
struct CelTimestamp: Equatable, Sendable {
    /// Seconds since the Unix epoch (UTC).
    let seconds: Int64
    /// Nanoseconds into the second, 0 ..< 2_000_000_000 (1e9 and up only in a leap second).
    let nanos: UInt32
    /// The offset from UTC in seconds that the text carried.
    let offset: Int32

    static func == (a: CelTimestamp, b: CelTimestamp) -> Bool { a.seconds == b.seconds && a.nanos == b.nanos }

    static func compare(_ a: CelTimestamp, _ b: CelTimestamp) -> Int {
        if a.seconds != b.seconds { return a.seconds < b.seconds ? -1 : 1 }
        return a.nanos == b.nanos ? 0 : a.nanos < b.nanos ? -1 : 1
    }

    var isLeap: Bool { nanos >= 1_000_000_000 }

    /// The reference's truthiness: nanoseconds since the epoch fit in 64 bits and are positive.
    var truthy: Bool {
        let t = Int128(seconds) * 1_000_000_000 + Int128(nanos)
        return t > 0 && t <= Int128(Int64.max)
    }

    /// chrono's range: years -262144 through 262143, for the UTC and the local date-time.
    static let minSeconds: Int64 = CivilCalendar.daysFromCivil(-262_144, 1, 1) * 86_400
    static let maxSeconds: Int64 = CivilCalendar.daysFromCivil(262_143, 12, 31) * 86_400 + 86_399

    init(seconds: Int64, nanos: UInt32, offset: Int32) {
        self.seconds = seconds
        self.nanos = nanos
        self.offset = offset
    }

    /// chrono's `checked_add_signed` (leap seconds included), or nil outside its range.
    func adding(_ delta: Int128) -> CelTimestamp? {
        var secs = Int128(seconds)
        var frac = Int128(nanos)
        let addS = delta / 1_000_000_000  // toward zero, as TimeDelta's num_seconds
        let addN = delta % 1_000_000_000  // with the sign of delta, as its subsec_nanos
        if frac >= 1_000_000_000 {
            if addS > 0 || (addN > 0 && frac >= 2_000_000_000 - addN) {
                frac -= 1_000_000_000
            } else if addS < 0 {
                frac -= 1_000_000_000
                secs += 1
            } else {
                return CelTimestamp(seconds: seconds, nanos: UInt32(frac + addN), offset: offset)
            }
        }
        return CelTimestamp(totalNanos: (secs + addS) * 1_000_000_000 + frac + addN, offset: offset)
    }

    /// chrono's `signed_duration_since`: a leap second counts only when the difference
    /// crosses it (compared by time of day, in UTC).
    func since(_ b: CelTimestamp) -> Int128 {
        let sa = CivilCalendar.floorMod(seconds, 86_400)
        let sb = CivilCalendar.floorMod(b.seconds, 86_400)
        var adjust: Int128 = 0
        if sa > sb {
            adjust = b.nanos >= 1_000_000_000 ? 1 : 0
        } else if sa < sb {
            adjust = nanos >= 1_000_000_000 ? -1 : 0
        }
        return (Int128(seconds) - Int128(b.seconds) + adjust) * 1_000_000_000 + Int128(nanos) - Int128(b.nanos)
    }

    /// From nanoseconds since the epoch, or nil outside chrono's range.
    init?(totalNanos t: Int128, offset: Int32) {
        var s = t / 1_000_000_000
        var n = t % 1_000_000_000
        if n < 0 {
            n += 1_000_000_000
            s -= 1
        }
        guard s >= Int128(CelTimestamp.minSeconds), s <= Int128(CelTimestamp.maxSeconds) else { return nil }
        let local = s + Int128(offset)
        guard local >= Int128(CelTimestamp.minSeconds), local <= Int128(CelTimestamp.maxSeconds) else { return nil }
        self.init(seconds: Int64(s), nanos: UInt32(n), offset: offset)
    }

    /// The local (offset) calendar fields.
    var local: (year: Int64, month: Int64, day: Int64, days: Int64, secondOfDay: Int64) {
        let l = seconds + Int64(offset)
        let days = CivilCalendar.floorDiv(l, 86_400)
        let (y, m, d) = CivilCalendar.civil(fromDays: days)
        return (y, m, d, days, l - days * 86_400)
    }

    /// chrono's `to_rfc3339`: local date and time, the fraction in 3, 6 or 9 digits when not
    /// zero, a second of 60 in a leap second, the offset as `±HH:MM`.
    var rfc3339: String {
        let f = local
        var out = ""
        if f.year >= 0 && f.year <= 9999 {
            out += CelTime.pad(f.year, 4)
        } else {
            out += (f.year < 0 ? "-" : "+") + CelTime.pad(f.year.magnitude, 4)
        }
        out += "-" + CelTime.pad(f.month, 2) + "-" + CelTime.pad(f.day, 2)
        let sec = f.secondOfDay % 60 + (isLeap ? 1 : 0)
        out += "T" + CelTime.pad(f.secondOfDay / 3600, 2) + ":" + CelTime.pad(f.secondOfDay / 60 % 60, 2) + ":"
            + CelTime.pad(sec, 2)
        let frac = nanos % 1_000_000_000
        if frac != 0 {
            if frac % 1_000_000 == 0 {
                out += "." + CelTime.pad(UInt64(frac / 1_000_000), 3)
            } else if frac % 1000 == 0 {
                out += "." + CelTime.pad(UInt64(frac / 1000), 6)
            } else {
                out += "." + CelTime.pad(UInt64(frac), 9)
            }
        }
        let o = Int64(offset)
        out += (o < 0 ? "-" : "+") + CelTime.pad(o.magnitude / 3600, 2) + ":" + CelTime.pad(o.magnitude / 60 % 60, 2)
        return out
    }

    /// The accessor `name` (getFullYear, getMonth, …) in the timestamp's own offset.
    func field(_ name: String) -> Int64 {
        let f = local
        switch name {
        case "getFullYear": return f.year
        case "getMonth": return f.month - 1
        case "getDayOfYear": return f.days - CivilCalendar.daysFromCivil(f.year, 1, 1)
        case "getDayOfMonth": return f.day - 1
        case "getDate": return f.day
        case "getDayOfWeek": return CivilCalendar.floorMod(f.days + 4, 7)
        case "getHours": return f.secondOfDay / 3600
        case "getMinutes": return f.secondOfDay / 60 % 60
        case "getSeconds": return f.secondOfDay % 60
        default: return Int64(nanos / 1_000_000)  // getMilliseconds (1000 and up in a leap second)
        }
    }

    static let accessors: Set<String> = [
        "getFullYear", "getMonth", "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours",
        "getMinutes", "getSeconds", "getMilliseconds",
    ]

    /// chrono's `DateTime::parse_from_rfc3339`: `YYYY-MM-DD`, `T`, `t` or a space, `HH:MM:SS`,
    /// an optional fraction of one or more digits (past nine ignored), then `Z`, `z` or
    /// `±HH:MM` (hours below 24); second 60 is a leap second. One pass, linear in the text.
    static func parse(_ s: String) -> Result<CelTimestamp, CelTime.ParseError> {
        let u = Array(s.utf8)
        var i = 0
        func digits(_ n: Int) -> Int64? {
            guard i + n <= u.count else { return nil }
            var v: Int64 = 0
            for k in i..<(i + n) {
                guard CelLexer.isDigit(u[k]) else { return nil }
                v = v * 10 + Int64(u[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < u.count, u[i] == c else { return false }
            i += 1
            return true
        }
        func fault() -> CelTime.ParseError { i >= u.count ? .premature : .invalid }
        guard let year = digits(4), expect(0x2D), let month = digits(2), expect(0x2D), let day = digits(2) else {
            return .failure(fault())
        }
        guard i < u.count else { return .failure(.premature) }
        guard u[i] == 0x54 || u[i] == 0x74 || u[i] == 0x20 else { return .failure(.invalid) }
        i += 1
        guard let hour = digits(2), expect(0x3A), let minute = digits(2), expect(0x3A), let second = digits(2) else {
            return .failure(fault())
        }
        var nanos: Int64 = 0
        if i < u.count, u[i] == 0x2E {
            i += 1
            var count = 0
            while i < u.count, CelLexer.isDigit(u[i]) {
                if count < 9 { nanos = nanos * 10 + Int64(u[i] - 0x30) }
                count += 1
                i += 1
            }
            guard count > 0 else { return .failure(fault()) }
            for _ in count..<max(count, 9) { nanos *= 10 }
        }
        guard i < u.count else { return .failure(.premature) }
        var offset: Int64 = 0
        switch u[i] {
        case 0x5A, 0x7A: i += 1
        case 0x2B, 0x2D:
            let negative = u[i] == 0x2D
            i += 1
            guard let oh = digits(2), expect(0x3A), let om = digits(2) else { return .failure(fault()) }
            guard oh < 24, om < 60 else { return .failure(.outOfRange) }
            offset = (oh * 3600 + om * 60) * (negative ? -1 : 1)
        default: return .failure(.invalid)
        }
        guard i == u.count else { return .failure(.trailing) }
        guard month >= 1, month <= 12, day >= 1, day <= CivilCalendar.daysInMonth(year, month), hour < 24, minute < 60,
            second <= 60
        else { return .failure(.outOfRange) }
        let days = CivilCalendar.daysFromCivil(year, month, day)
        let local = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59)
        let leap: Int64 = second == 60 ? 1_000_000_000 : 0
        return .success(CelTimestamp(seconds: local - offset, nanos: UInt32(nanos + leap), offset: Int32(offset)))
    }
}

/// A CEL duration: nanoseconds, within chrono's ±(2^63 − 1) milliseconds.
struct CelDuration: Equatable, Sendable {
    let nanos: Int128

    static let limit = Int128(Int64.max) * 1_000_000

    /// nil outside chrono's range (where the reference's arithmetic panics).
    init?(nanos: Int128) {
        guard nanos >= -CelDuration.limit, nanos <= CelDuration.limit else { return nil }
        self.nanos = nanos
    }

    private init(inRange nanos: Int128) { self.nanos = nanos }

    /// The reference's truthiness: the nanoseconds fit in 64 bits and are not zero.
    var truthy: Bool { nanos != 0 && nanos >= Int128(Int64.min) && nanos <= Int128(Int64.max) }

    /// The interpreter's `format_duration` (a port of Go's `Duration.String`), including its
    /// handling of negative values, which prints the 64-bit two's complement of the
    /// nanoseconds (`-1s` prints as `-5124095h34m32.709551616s`).
    var text: String {
        var negative = false
        var u: UInt64
        if nanos >= Int128(Int64.min) && nanos <= Int128(Int64.max) {
            let n = Int64(nanos)
            negative = n < 0
            u = UInt64(bitPattern: n)
        } else {
            let s = Int64(nanos / 1_000_000_000)  // toward zero, as chrono's num_seconds
            negative = s < 0
            u = UInt64(bitPattern: s) &* 1_000_000_000
        }
        var out: [UInt8] = []  // built backwards
        func fraction(_ prec: Int) {
            var printed = false
            for _ in 0..<prec {
                let digit = u % 10
                printed = printed || digit != 0
                if printed { out.append(UInt8(digit) + 0x30) }
                u /= 10
            }
            if printed { out.append(0x2E) }
        }
        func integer(_ v: UInt64) {
            var v = v
            if v == 0 { out.append(0x30) }
            while v > 0 {
                out.append(UInt8(v % 10) + 0x30)
                v /= 10
            }
        }
        if u < 1_000_000_000 {
            if u == 0 { return "0s" }
            out.append(0x73)  // s
            if u < 1000 {
                out.append(0x6E)  // n
                fraction(0)
            } else if u < 1_000_000 {
                out.append(0xB5)
                out.append(0xC2)  // µ, backwards
                fraction(3)
            } else {
                out.append(0x6D)  // m
                fraction(6)
            }
            integer(u)
        } else {
            out.append(0x73)
            fraction(9)
            integer(u % 60)
            u /= 60
            if u > 0 {
                out.append(0x6D)
                integer(u % 60)
                u /= 60
                if u > 0 {
                    out.append(0x68)
                    integer(u)
                }
            }
        }
        if negative { out.append(0x2D) }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// The interpreter's duration grammar: an optional `-`, then `0` alone, or one or more
    /// `<number><unit>` terms (a number as Rust's float grammar with optional sign and
    /// exponent, or `nan`/`inf`/`infinity`; units `h m s ms us ns`), the rest of the text
    /// ignored. Each term is truncated to whole nanoseconds and saturated to 64 bits; the
    /// terms add up, and the sum past chrono's range fails (the reference panics). One pass.
    static func parse(_ s: String) -> Result<CelDuration, CelTime.ParseError> {
        let u = Array(s.utf8)
        var i = 0
        var negative = false
        if i < u.count, u[i] == 0x2D {
            negative = true
            i += 1
        }
        if u.count - i == 1, u[i] == 0x30 { return .success(zero) }
        var total: Int128 = 0
        var terms = 0
        while true {
            let start = i
            guard let number = CelTime.scanFloat(u, &i) else {
                if i < 0 { return .failure(.invalid) }  // an exponent without digits: nom's cut
                i = start
                break
            }
            let unit: Double
            if i + 1 < u.count, u[i + 1] == 0x73, u[i] == 0x6D || u[i] == 0x75 || u[i] == 0x6E {
                unit = u[i] == 0x6D ? 1e6 : u[i] == 0x75 ? 1e3 : 1
                i += 2
            } else if i < u.count, u[i] == 0x68 || u[i] == 0x6D || u[i] == 0x73 {
                unit = u[i] == 0x68 ? 3.6e12 : u[i] == 0x6D ? 6e10 : 1e9
                i += 1
            } else {
                i = start
                break
            }
            total += Int128(CelTime.saturatingInt64((number * unit).rounded(.towardZero)))
            terms += 1
            guard total >= -CelDuration.limit, total <= CelDuration.limit else { return .failure(.overflow) }
        }
        guard terms > 0 else { return .failure(.invalid) }
        return .success(CelDuration(inRange: negative ? -total : total))
    }

    static let zero = CelDuration(inRange: 0)
}

enum CelTime {
    enum ParseError: Error, Sendable {
        case premature, invalid, outOfRange, trailing, overflow

        var message: String {
            switch self {
            case .premature: return "premature end of input"
            case .invalid: return "input contains invalid characters"
            case .outOfRange: return "input is out of range"
            case .trailing: return "trailing input"
            case .overflow: return "duration out of range"
            }
        }
    }

    static func pad<T: BinaryInteger>(_ v: T, _ width: Int) -> String {
        let s = String(v)
        return s.utf8.count >= width ? s : String(repeating: "0", count: width - s.utf8.count) + s
    }

    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22,
    ]

    /// Rust's `f64 as i64`: truncated, saturated, NaN to 0.
    static func saturatingInt64(_ d: Double) -> Int64 {
        if d.isNaN { return 0 }
        if d >= 9_223_372_036_854_775_807.0 { return Int64.max }
        if d <= -9_223_372_036_854_775_808.0 { return Int64.min }
        return Int64(d)
    }

    /// nom's `double` at `i`: `[+-]?(digits(.digits?)?|.digits)([eE][+-]?digits)?`, or
    /// `nan`, `infinity`, `inf` (any case). Advances `i` past it and returns the value; nil
    /// when there is no number (`i` unchanged), or nil with `i` set to -1 when an exponent
    /// marker has no digits (nom's `cut`: the whole parse fails).
    static func scanFloat(_ u: [UInt8], _ i: inout Int) -> Double? {
        var k = i
        var negative = false
        if k < u.count, u[k] == 0x2B || u[k] == 0x2D {
            negative = u[k] == 0x2D
            k += 1
        }
        let intStart = k
        while k < u.count, CelLexer.isDigit(u[k]) { k += 1 }
        let intDigits = u[intStart..<k]
        var fracDigits = u[k..<k]
        if !intDigits.isEmpty {
            if k < u.count, u[k] == 0x2E {
                k += 1
                let f = k
                while k < u.count, CelLexer.isDigit(u[k]) { k += 1 }
                fracDigits = u[f..<k]
            }
        } else if k + 1 < u.count, u[k] == 0x2E, CelLexer.isDigit(u[k + 1]) {
            k += 1
            let f = k
            while k < u.count, CelLexer.isDigit(u[k]) { k += 1 }
            fracDigits = u[f..<k]
        } else {
            // No digits: the special words (checked without the sign, as nom's alternatives).
            func word(_ w: String) -> Bool {
                let b = Array(w.utf8)
                guard i + b.count <= u.count else { return false }
                for (n, c) in b.enumerated() where u[i + n] | 0x20 != c { return false }
                return true
            }
            // "inf" is tried before "infinity", so the latter is never taken whole (as in nom).
            if word("nan") {
                i += 3
                return .nan
            }
            if word("inf") {
                i += 3
                return .infinity
            }
            return nil
        }
        var exponent: Int64 = 0
        if k < u.count, u[k] == 0x65 || u[k] == 0x45 {
            k += 1
            var expNegative = false
            if k < u.count, u[k] == 0x2B || u[k] == 0x2D {
                expNegative = u[k] == 0x2D
                k += 1
            }
            let e = k
            while k < u.count, CelLexer.isDigit(u[k]) {
                if exponent < 1_000_000_000 { exponent = exponent * 10 + Int64(u[k] - 0x30) }
                k += 1
            }
            if k == e {
                i = -1
                return nil
            }
            if expNegative { exponent = -exponent }
        }
        i = k
        let v = decimal(intDigits, fracDigits, exponent)
        return negative ? -v : v
    }

    /// A correctly rounded double from decimal digits and an exponent, in time linear in the
    /// digits: at most 800 significant digits are kept, a dropped non-zero tail becomes a
    /// sticky 1 (enough for correct rounding of a double), and exponents past any double's
    /// range are clamped.
    static func decimal(_ intDigits: ArraySlice<UInt8>, _ fracDigits: ArraySlice<UInt8>, _ exponent: Int64) -> Double {
        var digits: [UInt8] = []
        var pointShift: Int64 = 0  // digits kept after the point
        var sticky = false
        var leading = true
        for d in intDigits {
            if leading && d == 0x30 { continue }
            leading = false
            if digits.count < 800 {
                digits.append(d)
            } else {
                pointShift -= 1
                if d != 0x30 { sticky = true }
            }
        }
        for d in fracDigits {
            if leading && d == 0x30 {
                pointShift += 1
                continue
            }
            leading = false
            if digits.count < 800 {
                digits.append(d)
                pointShift += 1
            } else if d != 0x30 {
                sticky = true
            }
        }
        if digits.isEmpty { return 0 }
        if sticky {
            digits.append(0x31)
            pointShift += 1
        }
        let e = exponent - pointShift
        // Clinger's fast path: at most 15 digits and a power of ten below 10^23 are both exact
        // doubles, so one multiplication or division rounds correctly.
        if digits.count <= 15 && e >= -22 && e <= 22 {
            var m: Int64 = 0
            for d in digits { m = m * 10 + Int64(d - 0x30) }
            let p = CelTime.powersOfTen[Int(e.magnitude)]
            return e >= 0 ? Double(m) * p : Double(m) / p
        }
        if e > 400 { return .infinity }
        if e < -(400 + Int64(digits.count)) { return 0 }
        return Double(String(decoding: digits, as: UTF8.self) + "e" + String(e)) ?? 0
    }
}


/// The wall clock the reference's `time_now`, `time_is_expired` and `time_since` read
/// (`Utc::now()` on every call). Tests may pin it.
public enum CelClock {
    static let pinned = Mutex<(seconds: Int64, nanos: UInt32)?>(nil)

    /// Pins the clock to a Unix time (clamped to chrono's range); `unpin` restores the system
    /// clock. For tests.
    public static func pin(seconds: Int64, nanos: UInt32 = 0) {
        let s = min(max(seconds, CelTimestamp.minSeconds), CelTimestamp.maxSeconds)
        pinned.withLock { $0 = (s, min(nanos, 999_999_999)) }
    }
    public static func unpin() { pinned.withLock { $0 = nil } }

    static func now() -> CelTimestamp {
        if let p = pinned.withLock({ $0 }) { return CelTimestamp(seconds: p.seconds, nanos: p.nanos, offset: 0) }
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        let nanos = ts.tv_nsec >= 0 && ts.tv_nsec < 1_000_000_000 ? UInt32(ts.tv_nsec) : 0
        return CelTimestamp(seconds: Int64(ts.tv_sec), nanos: nanos, offset: 0)
    }
}
