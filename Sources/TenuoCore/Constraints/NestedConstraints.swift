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

    /// Whether two constraints have the same encoding (an identical child is always a
    /// valid attenuation, whatever its type).
    static func identical(_ a: Constraint, _ b: Constraint) -> Bool { a.wireBytes == b.wireBytes }

    /// `[A, B]` for summaries.
    static func summary(_ cs: [Constraint]) -> String { "[" + cs.map(\.summary).joined(separator: ", ") + "]" }
}
