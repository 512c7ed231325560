/// A set of Unicode scalar values as sorted, disjoint, non-adjacent closed ranges. Used to
/// compute regular-expression character classes (Rust `regex` semantics) before they are
/// written out for RE2. Surrogates never occur in strings and are never members.
struct ScalarSet: Sendable, Equatable {
    private(set) var ranges: [ClosedRange<UInt32>]

    static let maxScalar: UInt32 = 0x10FFFF
    static let surrogates: ClosedRange<UInt32> = 0xD800...0xDFFF

    init() { ranges = [] }

    /// The set of the given ranges (any order, overlaps allowed).
    init(_ input: [ClosedRange<UInt32>]) {
        ranges = []
        for r in input { insert(r) }
    }

    static let all = ScalarSet([0...maxScalar])

    var isEmpty: Bool { ranges.isEmpty }

    func contains(_ v: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if ranges[mid].upperBound < v {
                lo = mid + 1
            } else if ranges[mid].lowerBound > v {
                hi = mid - 1
            } else {
                return true
            }
        }
        return false
    }

    /// Adds a range, merging with neighbours. Surrogates are dropped.
    mutating func insert(_ r: ClosedRange<UInt32>) {
        let lo = r.lowerBound
        let hi = min(r.upperBound, ScalarSet.maxScalar)
        guard lo <= hi else { return }
        if lo < ScalarSet.surrogates.lowerBound && hi > ScalarSet.surrogates.upperBound {
            rawInsert(lo...(ScalarSet.surrogates.lowerBound - 1))
            rawInsert((ScalarSet.surrogates.upperBound + 1)...hi)
            return
        }
        var a = lo
        var b = hi
        if ScalarSet.surrogates.contains(a) { a = ScalarSet.surrogates.upperBound + 1 }
        if ScalarSet.surrogates.contains(b) { b = ScalarSet.surrogates.lowerBound - 1 }
        if a <= b { rawInsert(a...b) }
    }

    private mutating func rawInsert(_ r: ClosedRange<UInt32>) {
        var lo = r.lowerBound
        var hi = r.upperBound
        var out: [ClosedRange<UInt32>] = []
        out.reserveCapacity(ranges.count + 1)
        var placed = false
        for x in ranges {
            if x.upperBound &+ 1 < lo {
                out.append(x)
            } else if hi &+ 1 < x.lowerBound {
                if !placed {
                    out.append(lo...hi)
                    placed = true
                }
                out.append(x)
            } else {
                lo = min(lo, x.lowerBound)
                hi = max(hi, x.upperBound)
            }
        }
        if !placed { out.append(lo...hi) }
        ranges = out
    }

    /// Appends a range that starts after every range already present (fast path for tables).
    mutating func append(_ r: ClosedRange<UInt32>) {
        if let last = ranges.last, last.upperBound &+ 1 >= r.lowerBound {
            ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
        } else {
            ranges.append(r)
        }
    }

    func union(_ other: ScalarSet) -> ScalarSet {
        var out = self
        for r in other.ranges { out.insert(r) }
        return out
    }

    func inverted() -> ScalarSet {
        var out = ScalarSet()
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.insert(next...(r.lowerBound - 1)) }
            next = r.upperBound &+ 1
        }
        if next <= ScalarSet.maxScalar { out.insert(next...ScalarSet.maxScalar) }
        return out
    }

    func intersection(_ other: ScalarSet) -> ScalarSet {
        var out = ScalarSet()
        var i = 0
        var j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i]
            let b = other.ranges[j]
            let lo = max(a.lowerBound, b.lowerBound)
            let hi = min(a.upperBound, b.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return out
    }

    func subtracting(_ other: ScalarSet) -> ScalarSet { intersection(other.inverted()) }

    func symmetricDifference(_ other: ScalarSet) -> ScalarSet {
        union(other).subtracting(intersection(other))
    }

    /// RE2 class items (`\x{41}-\x{5A}…`), without brackets.
    var re2Items: String {
        var out = ""
        for r in ranges {
            out += "\\x{" + String(r.lowerBound, radix: 16) + "}"
            if r.upperBound != r.lowerBound { out += "-\\x{" + String(r.upperBound, radix: 16) + "}" }
        }
        return out
    }

    /// A standalone RE2 class matching exactly this set (an empty set matches nothing).
    var re2Class: String {
        if ranges.isEmpty { return "[^\\x{0}-\\x{10ffff}]" }
        return "[" + re2Items + "]"
    }
}
