/// Punycode (RFC 3492), the encoding of non-ASCII IDN labels after `xn--`.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128
    /// Bounds every intermediate value, far below Int's range.
    private static let limit = Int(Int32.max)

    private static func adapt(_ delta: Int, _ count: Int, _ first: Bool) -> Int {
        var d = first ? delta / damp : delta / 2
        d += d / count
        var k = 0
        while d > ((base - tMin) * tMax) / 2 {
            d /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * d / (d + skew)
    }

    private static func digitChar(_ d: Int) -> Unicode.Scalar {
        Unicode.Scalar(UInt8(d < 26 ? 0x61 + d : 0x30 + d - 26))
    }

    private static func digitValue(_ c: Unicode.Scalar) -> Int? {
        switch c.value {
        case 0x30...0x39: return Int(c.value) - 0x30 + 26
        case 0x41...0x5A: return Int(c.value) - 0x41
        case 0x61...0x7A: return Int(c.value) - 0x61
        default: return nil
        }
    }

    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    /// Encodes a label's scalars (without the `xn--` prefix), or nil on overflow.
    static func encode(_ input: [Unicode.Scalar]) -> String? {
        var out = String.UnicodeScalarView()
        for c in input where c.isASCII { out.append(c) }
        let basicCount = out.count
        var handled = basicCount
        if basicCount > 0 { out.append("-") }
        var n = initialN
        var delta = 0
        var bias = initialBias
        let values = input.map { Int($0.value) }
        while handled < values.count {
            guard let m = values.filter({ $0 >= n }).min() else { return nil }
            guard (m - n) <= (limit - delta) / (handled + 1) else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in values {
                if c < n {
                    delta += 1
                    if delta > limit { return nil }
                }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        out.append(digitChar(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    out.append(digitChar(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return String(out)
    }

    /// Decodes the part after `xn--`, or nil when it is not valid Punycode.
    static func decode(_ input: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var output: [Unicode.Scalar] = []
        var rest = input[...]
        if let dash = input.lastIndex(of: "-") {
            for c in input[..<dash] {
                guard c.isASCII else { return nil }
                output.append(c)
            }
            rest = input[(dash + 1)...]
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        var it = rest.makeIterator()
        var pending = it.next()
        while pending != nil {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard let c = pending, let digit = digitValue(c) else { return nil }
                pending = it.next()
                guard digit <= (limit - i) / w else { return nil }
                i += digit * w
                let t = threshold(k, bias)
                if digit < t { break }
                guard w <= limit / (base - t) else { return nil }
                w *= base - t
                k += base
            }
            let count = output.count + 1
            bias = adapt(i - oldI, count, oldI == 0)
            guard i / count <= limit - n else { return nil }
            n += i / count
            i %= count
            guard let scalar = Unicode.Scalar(UInt32(clamping: n)), n <= 0x10FFFF else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }
}
