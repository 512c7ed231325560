/// Decoding, encoding and nesting checks shared by the recursive kinds All, Any and Not.
///
/// Nesting is counted as in the reference: a constraint may be enclosed by at most
/// `ConstraintLimits.maxNestingDepth` others, and `Constraint(wire:depth:)` /
/// `Constraint(json:depth:)` enforce that when they are handed `depth + 1`. The reference
/// also counts an empty All or Any as one level of its own (its nesting height is 1), so an
/// empty list at `depth` must pass the same check at `depth + 1`.
enum NestedConstraints {
    /// Reads `key` as an array of constraints one level deeper than `depth`.
    static func list(_ f: WireFields, _ key: String, depth: Int) throws(TenuoError) -> [Constraint] {
        let v = try f.required(key)
        guard case .array(let items) = v else { throw f.wrongType(key, "array", v) }
        if items.isEmpty { try Constraint.checkDepth(depth + 1) }
        var out: [Constraint] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do {
                out.append(try Constraint(wire: item, depth: depth + 1))
            } catch {
                throw error.withContext("\(f.typeName).\(key)[\(i)]")
            }
        }
        return out
    }

    /// Reads `key` as one constraint one level deeper than `depth`.
    static func one(_ f: WireFields, _ key: String, depth: Int) throws(TenuoError) -> Constraint {
        do {
            return try Constraint(wire: try f.required(key), depth: depth + 1)
        } catch {
            throw error.withContext("\(f.typeName).\(key)")
        }
    }

    /// Reads the JSON list `key` of constraint objects one level deeper than `depth`.
    static func list(_ f: JSONFields, _ key: String, depth: Int) throws(TenuoError) -> [Constraint] {
        let items = try f.list(key)
        if items.isEmpty { try Constraint.checkDepth(depth + 1) }
        var out: [Constraint] = []
        out.reserveCapacity(items.count)
        for (i, item) in items.enumerated() {
            do {
                out.append(try Constraint(json: item, depth: depth + 1))
            } catch {
                throw error.withContext("\(f.typeName).\(key)[\(i)]")
            }
        }
        return out
    }

    /// Reads the JSON constraint object `key` one level deeper than `depth`.
    static func one(_ f: JSONFields, _ key: String, depth: Int) throws(TenuoError) -> Constraint {
        do {
            return try Constraint(json: try f.required(key), depth: depth + 1)
        } catch {
            throw error.withContext("\(f.typeName).\(key)")
        }
    }

    /// Writes `{key: [c, …]}`.
    static func write(_ cs: [Constraint], key: String, to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text(key)
        w.arrayHeader(cs.count)
        for c in cs { c.write(to: &w) }
    }

    /// The reference's nesting height: 0 for a leaf, 1 + the tallest child for All, Any and
    /// Not (an empty list counts as height 1).
    static func height(_ c: Constraint) -> Int {
        if let a = c.kind as? AllConstraint { return 1 + (a.constraints.map(height).max() ?? 0) }
        if let a = c.kind as? AnyConstraint { return 1 + (a.constraints.map(height).max() ?? 0) }
        if let n = c.kind as? NotConstraint { return 1 + height(n.constraint) }
        return 0
    }

    /// Refuses a constraint built in code whose children would nest past the limit.
    /// - Throws: `.tooManyConstraints`, as decoding would.
    static func checkHeight(of children: [Constraint]) throws(TenuoError) {
        let h = 1 + (children.map(height).max() ?? 0)
        if h > ConstraintLimits.maxNestingDepth {
            throw TenuoError(
                .tooManyConstraints,
                "constraint nesting \(h) exceeds the maximum of \(ConstraintLimits.maxNestingDepth)")
        }
    }

    /// Whether `c` is known never to raise during evaluation, whatever the argument: it then
    /// returns true or false for every value. Conservative: only kinds whose evaluation has no
    /// error path (and a Pattern whose glob compiles, an All that is not empty, composites of
    /// such) qualify; Regex, Cidr, UrlPattern, UrlSafe, CEL and Unknown may raise.
    ///
    /// Any → Any and Not → Not attenuation rely on it: a raising parent branch ahead of the
    /// one a child branch narrows, or a raising inner constraint under Not, would let the
    /// child allow a value the parent denies.
    static func neverRaises(_ c: Constraint) -> Bool {
        switch c.kind {
        case is ExactConstraint, is RangeConstraint, is OneOfConstraint, is NotOneOfConstraint, is WildcardConstraint,
            is ContainsConstraint, is SubsetConstraint, is SubpathConstraint, is ShlexConstraint:
            return true
        case let p as PatternConstraint:
            return (try? p.compiledGlob()) != nil
        case let a as AllConstraint:
            return !a.constraints.isEmpty && a.constraints.allSatisfy(neverRaises)
        case let a as AnyConstraint:
            return a.constraints.allSatisfy(neverRaises)
        case let n as NotConstraint:
            return neverRaises(n.constraint)
        default:
            return false
        }
    }

    /// Whether `a` can raise only on values that `b` does not allow (raises on, or rejects): then
    /// `a` raising never makes a caller deny something `b` would have let through. True when `a`
    /// never raises; when both are Cidr, or both UrlPattern (they raise exactly on strings that
    /// are not an address, or not a URL, whatever their network or pattern, and such a string
    /// makes `b` raise too); and when `b` is an Exact value on which `a` does not raise.
    static func raisesOnlyOutside(_ a: Constraint, of b: Constraint) -> Bool {
        if neverRaises(a) { return true }
        switch (a.kind, b.kind) {
        case (is CidrConstraint, is CidrConstraint), (is UrlPatternConstraint, is UrlPatternConstraint):
            return true
        case (_, let e as ExactConstraint):
            return (try? a.matches(e.value)) != nil
        default:
            return false
        }
    }

    /// Whether two constraints have the same encoding (an identical child is always a
    /// valid attenuation, whatever its type).
    static func identical(_ a: Constraint, _ b: Constraint) -> Bool { a.wireBytes == b.wireBytes }

    /// `[A, B]` for summaries.
    static func summary(_ cs: [Constraint]) -> String { "[" + cs.map(\.summary).joined(separator: ", ") + "]" }
}
