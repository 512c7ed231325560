// ASCII bytes used by the parser.
private let quoteByte = UInt8(ascii: "\"")
private let zero = UInt8(ascii: "0")
private let nine = UInt8(ascii: "9")
/// 10^0 … 10^22, every one exactly representable as a Double.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20,
    1e21, 1e22,
]

/// Recursive-descent parser over a borrowed byte buffer. Every read is bounds-checked against
/// `end` before it happens; nesting is bounded by `JSONLimits.maxDepth` (≤ `depthCeiling`).
struct JSONParser {
    let buf: UnsafeRawBufferPointer
    let end: Int
    let limits: JSONLimits
    private let maxDepth: Int
    var pos = 0
    private var depth = 0
    /// Reused for strings that contain escapes, so a parse allocates one buffer, not one per string.
    var scratch: [UInt8] = []
    /// Member values of the objects still open, innermost last.
    private var pending: [Value] = []
    /// Keys of the objects still open, with the byte offset of each for error messages.
    private var pendingKeys: [(key: String, at: Int)] = []

    init(_ buf: UnsafeRawBufferPointer, limits: JSONLimits) throws(TenuoError) {
        self.buf = buf
        self.end = buf.count
        self.limits = limits
        self.maxDepth = min(max(limits.maxDepth, 0), JSONLimits.depthCeiling)
        if buf.count > limits.maxBytes {
            throw TenuoError(.valueTooLarge, "input longer than \(limits.maxBytes) bytes at byte \(limits.maxBytes)")
        }
    }

    // MARK: errors

    /// Two lowercase hex digits, for messages.
    static func hex2(_ b: UInt8) -> String {
        let digits: StaticString = "0123456789abcdef"
        return digits.withUTF8Buffer { d in
            String(decoding: [d[Int(b >> 4)], d[Int(b & 0x0f)]], as: UTF8.self)
        }
    }

    func fail(_ what: String, at offset: Int? = nil) -> TenuoError {
        TenuoError(.invalidJSON, "\(what) at byte \(offset ?? pos)")
    }

    func tooLarge(_ what: String, at offset: Int) -> TenuoError {
        TenuoError(.valueTooLarge, "\(what) at byte \(offset)")
    }

    /// The error for the byte at `pos` not being what the grammar allows there.
    private func unexpected(_ expected: String) -> TenuoError {
        guard pos < end else { return fail("unexpected end of input, expected \(expected)") }
        let b = buf[pos]
        if b >= 0x20 && b < 0x7f {
            return fail("unexpected '\(Character(Unicode.Scalar(b)))', expected \(expected)")
        }
        return fail("unexpected byte 0x\(Self.hex2(b)), expected \(expected)")
    }

    // MARK: documents

    mutating func parseDocument() throws(TenuoError) -> Value {
        let v = try parseValue()
        try finish()
        return v
    }

    mutating func parseObjectDocument() throws(TenuoError) -> [String: Value] {
        skipWhitespace()
        guard pos < end, buf[pos] == UInt8(ascii: "{") else { throw unexpected("a JSON object") }
        let m = try parseObject()
        try finish()
        return m
    }

    private mutating func finish() throws(TenuoError) {
        skipWhitespace()
        if pos < end { throw fail("trailing data after the JSON value") }
    }

    @inline(__always)
    private mutating func skipWhitespace() {
        while pos < end {
            switch buf[pos] {
            case 0x20, 0x0a, 0x0d, 0x09: pos += 1
            default: return
            }
        }
    }

    // MARK: values

    private mutating func parseValue() throws(TenuoError) -> Value {
        skipWhitespace()
        guard pos < end else { throw unexpected("a value") }
        switch buf[pos] {
        case UInt8(ascii: "{"): return .map(try parseObject())
        case UInt8(ascii: "["): return try parseArray()
        case quoteByte: return .string(try parseString())
        case UInt8(ascii: "t"):
            try word("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try word("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try word("null")
            return .null
        case UInt8(ascii: "N"):
            try word("NaN")
            return .float(.nan)
        case UInt8(ascii: "I"):
            try word("Infinity")
            return .float(.infinity)
        case UInt8(ascii: "-"), zero...nine:
            return try parseNumber()
        default:
            throw unexpected("a value")
        }
    }

    /// Consumes the ASCII word `w` at `pos`, or fails at the first byte that differs.
    private mutating func word(_ w: StaticString) throws(TenuoError) {
        let start = pos
        let matched = w.withUTF8Buffer { wb in
            var i = 0
            while i < wb.count {
                guard start + i < end, buf[start + i] == wb[i] else { return i }
                i += 1
            }
            return i
        }
        pos = start + matched
        if matched < w.utf8CodeUnitCount { throw unexpected("'\(w)'") }
    }

    private mutating func enter() throws(TenuoError) {
        depth += 1
        if depth > maxDepth { throw tooLarge("nesting deeper than \(maxDepth)", at: pos) }
    }

    private mutating func parseArray() throws(TenuoError) -> Value {
        try enter()
        pos += 1  // '['
        var items: [Value] = []
        skipWhitespace()
        if pos < end, buf[pos] == UInt8(ascii: "]") {
            pos += 1
            depth -= 1
            return .list(items)
        }
        while true {
            items.append(try parseValue())
            if try closesAfterItem(UInt8(ascii: "]")) { return .list(items) }
        }
    }

    /// Before an object member: skips whitespace and returns the offset of the key's opening
    /// quote (the key is read next, with `parseString`), or throws.
    @inline(__always)
    private mutating func memberKeyStart() throws(TenuoError) -> Int {
        skipWhitespace()
        guard pos < end, buf[pos] == quoteByte else { throw unexpected("a string key") }
        return pos
    }

    /// Between an object member's key and its value: optional whitespace, then the `:`, or
    /// throws.
    @inline(__always)
    private mutating func memberColon() throws(TenuoError) {
        skipWhitespace()
        guard pos < end, buf[pos] == UInt8(ascii: ":") else { throw unexpected("':'") }
        pos += 1
    }

    /// After an array item or an object member: consumes a `,` (false: another item follows)
    /// or the container's `close` byte (true: the container is done and left), else throws.
    @inline(__always)
    private mutating func closesAfterItem(_ close: UInt8) throws(TenuoError) -> Bool {
        skipWhitespace()
        let expected = close == UInt8(ascii: "]") ? "',' or ']'" : "',' or '}'"
        guard pos < end else { throw unexpected(expected) }
        switch buf[pos] {
        case UInt8(ascii: ","):
            pos += 1
            return false
        case close:
            pos += 1
            depth -= 1
            return true
        default: throw unexpected(expected)
        }
    }

    /// Members collect on the shared `pending`/`pendingKeys` stacks and move into a dictionary
    /// sized once when the object closes, instead of one that rehashes as it grows.
    private mutating func parseObject() throws(TenuoError) -> [String: Value] {
        try enter()
        pos += 1  // '{'
        let base = pending.count
        let keyBase = pendingKeys.count
        skipWhitespace()
        if pos < end, buf[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
            return [:]
        }
        // The first member is held here: an object of one member (the usual tool call) becomes
        // its dictionary without passing through the pending stacks.
        let first = try member()
        if try closesAfterItem(UInt8(ascii: "}")) {
            var map = [String: Value](minimumCapacity: 1)
            map[first.key] = first.value
            return map
        }
        pendingKeys.append((first.key, first.at))
        pending.append(first.value)
        while true {
            let m = try member()
            pendingKeys.append((m.key, m.at))
            pending.append(m.value)
            if try closesAfterItem(UInt8(ascii: "}")) { return try closeObject(base: base, keyBase: keyBase) }
        }
    }

    /// One object member: its key, the offset of the key's opening quote, and its value.
    @inline(__always)
    private mutating func member() throws(TenuoError) -> (key: String, at: Int, value: Value) {
        let at = try memberKeyStart()
        let key = try parseString()
        try memberColon()
        return (key, at, try parseValue())
    }

    private mutating func closeObject(base: Int, keyBase: Int) throws(TenuoError) -> [String: Value] {
        let count = pendingKeys.count - keyBase
        var map = [String: Value](minimumCapacity: count)
        for i in 0..<count {
            let (key, keyAt) = pendingKeys[keyBase + i]
            if map.updateValue(pending[base + i], forKey: key) != nil {
                // Fail closed: two values for one argument name would be ambiguous.
                throw Self.duplicateKey(key, at: keyAt)
            }
        }
        pending.removeSubrange(base...)
        pendingKeys.removeSubrange(keyBase...)
        return map
    }

    static func duplicateKey(_ key: String, at keyAt: Int) -> TenuoError {
        TenuoError(.invalidJSON, "duplicate key \(JSON.quote(clip(key))) at byte \(keyAt)", field: key)
    }

    /// The top-level object's members in canonical order, without building a dictionary:
    /// `parseObjectDocument`'s grammar, limits and errors (offsets included), and the same
    /// duplicate refusal (`SortedMembers.canonical`), raised at the same point (the object's
    /// closing brace, before anything after it is looked at).
    mutating func parseSortedMembersDocument() throws(TenuoError) -> [SortedMembers.Member] {
        skipWhitespace()
        guard pos < end, buf[pos] == UInt8(ascii: "{") else { throw unexpected("a JSON object") }
        try enter()
        pos += 1  // '{'
        var members: [SortedMembers.Member] = []
        // False once a key's text had a byte past ASCII or an escape (which may stand for one).
        var plainASCII = true
        skipWhitespace()
        if pos < end, buf[pos] == UInt8(ascii: "}") {
            pos += 1
            depth -= 1
        } else {
            members.reserveCapacity(4)
            scan: while true {
                let keyAt = try memberKeyStart()
                let key = try parseString()
                if plainASCII {
                    var i = keyAt + 1
                    while i < pos - 1 {
                        let b = buf[i]
                        if b >= 0x80 || b == UInt8(ascii: "\\") {
                            plainASCII = false
                            break
                        }
                        i += 1
                    }
                }
                try memberColon()
                members.append(SortedMembers.Member(key: key, value: try parseValue(), at: keyAt))
                if try closesAfterItem(UInt8(ascii: "}")) { break scan }
            }
            try SortedMembers.canonical(&members, plainASCII: plainASCII)
        }
        try finish()
        return members
    }

    // MARK: numbers

    private mutating func parseNumber() throws(TenuoError) -> Value {
        let start = pos
        var negative = false
        if buf[pos] == UInt8(ascii: "-") {
            negative = true
            pos += 1
            if pos < end, buf[pos] == UInt8(ascii: "I") {
                try word("Infinity")
                return .float(-.infinity)
            }
        }
        // All significant digits (integer and fraction part) accumulate in `significand` while
        // it can hold them exactly; past that, `exact` is false and only the grammar is checked.
        var significand: UInt64 = 0
        var exact = true
        var fractionDigits = 0
        guard pos < end, isDigit(buf[pos]) else { throw unexpected("a digit") }
        if buf[pos] == zero {
            pos += 1
            if pos < end, isDigit(buf[pos]) { throw fail("leading zero in number") }
        } else {
            while pos < end, isDigit(buf[pos]) {
                accumulate(buf[pos], into: &significand, exact: &exact)
                pos += 1
            }
        }
        var integral = true
        if pos < end, buf[pos] == UInt8(ascii: ".") {
            integral = false
            pos += 1
            guard pos < end, isDigit(buf[pos]) else { throw unexpected("a digit after '.'") }
            while pos < end, isDigit(buf[pos]) {
                accumulate(buf[pos], into: &significand, exact: &exact)
                fractionDigits += 1
                pos += 1
            }
        }
        var exponent = 0
        if pos < end, buf[pos] | 0x20 == UInt8(ascii: "e") {
            integral = false
            pos += 1
            var exponentNegative = false
            if pos < end, buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-") {
                exponentNegative = buf[pos] == UInt8(ascii: "-")
                pos += 1
            }
            guard pos < end, isDigit(buf[pos]) else { throw unexpected("a digit in the exponent") }
            while pos < end, isDigit(buf[pos]) {
                // Clamped: only the fast path (|scale| ≤ 22) reads the value.
                if exponent < 100_000 { exponent = exponent * 10 + Int(buf[pos] &- zero) }
                pos += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        if integral && exact {
            if negative && significand <= UInt64(1) << 63 { return .int(Int64(bitPattern: 0 &- significand)) }
            if !negative && significand <= UInt64(Int64.max) { return .int(Int64(significand)) }
        }
        // Clinger's fast path: the significand and 10^k (k ≤ 22) are exact doubles, so one
        // IEEE multiplication or division rounds the decimal value correctly.
        let scale = exponent - fractionDigits
        if !integral && exact && significand <= UInt64(1) << 53 && scale >= -22 && scale <= 22 {
            let m = Double(significand)
            let d = scale >= 0 ? m * exactPowersOfTen[scale] : m / exactPowersOfTen[-scale]
            return .float(negative ? -d : d)
        }
        // Otherwise the grammar-checked literal goes to the stdlib's correctly rounded conversion.
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self)
        guard let d = Double(text) else { throw fail("invalid number", at: start) }
        if integral && !d.isFinite {
            // Python's float(int) raises OverflowError here rather than giving infinity.
            throw tooLarge("integer too large for a float", at: start)
        }
        return .float(d)
    }

    @inline(__always)
    private func accumulate(_ digit: UInt8, into significand: inout UInt64, exact: inout Bool) {
        // 1_844_674_407_370_955_160 * 10 + 9 < UInt64.max, so the step below cannot overflow.
        if significand <= 1_844_674_407_370_955_160 {
            significand = significand * 10 + UInt64(digit &- zero)
        } else {
            exact = false
        }
    }
}

@inline(__always)
private func isDigit(_ b: UInt8) -> Bool { b >= zero && b <= nine }

/// A key short enough to quote in an error message.
private func clip(_ s: String) -> String {
    s.utf8.count <= 64 ? s : String(s.prefix(32)) + "…"
}
