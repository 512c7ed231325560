/// The cost bound of constraint evaluation.
///
/// Almost every constraint costs time linear in its argument. Two do not: a `Pattern` glob
/// (and a `UrlPattern` path glob) costs up to tokens × argument length (the set-of-positions
/// simulation in `Glob`), and a `Regex` costs up to RE2 program size × argument length when
/// RE2's DFA runs out of its memory budget and RE2 falls back to its NFA. A 4 KiB pattern
/// against a 1 MiB argument is then billions of steps, seconds of CPU per call.
///
/// So before evaluating, the work is bounded: each constraint has a weight (1, plus the glob
/// tokens and regex program sizes it holds, summed over nested constraints), each argument a
/// size (its string bytes, summed over nested values, plus one per value), and the sum of
/// weight × size over the arguments of one call may not exceed `MatchCost.maxWork`. A call
/// over the bound is denied (an evaluation error) before any matching runs. The reference has
/// no such bound; ordinary constraints on ordinary arguments stay far below it (a 30-token
/// glob or a 30-instruction regex on a 1 MiB argument is 31 Mi units).
public enum MatchCost {
    /// Units of work allowed per evaluation (one unit ≈ one glob-token or NFA-instruction
    /// step over one byte, about a nanosecond): 64 Mi units, some tens of milliseconds.
    public static let maxWork = 64 << 20

    /// The size of a value: one per value plus the UTF-8 bytes of every string in it.
    public static func size(_ v: Value) -> Int {
        switch v {
        case .string(let s): return 1 &+ s.utf8.count
        case .list(let a):
            var n = 1
            for e in a { n = saturatingAdd(n, size(e)) }
            return n
        case .map(let m):
            var n = 1
            for (k, e) in m { n = saturatingAdd(n, saturatingAdd(k.utf8.count, size(e))) }
            return n
        default: return 1
        }
    }

    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.addingReportingOverflow(b)
        return o ? Int.max : r
    }

    static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        return o ? Int.max : r
    }

    /// The work of evaluating `constraint` on `value`.
    public static func work(_ constraint: Constraint, _ value: Value) -> Int {
        saturatingMultiply(constraint.matchWeight, size(value))
    }

    /// The refusal for work over the bound.
    static func overBudget(_ work: Int) -> TenuoError {
        TenuoError(
            .constraintViolation,
            "evaluation would cost \(work == Int.max ? "more than \(Int.max)" : "\(work)") units, over the limit of \(maxWork) "
                + "(pattern size × argument size; see the README's cost model)")
    }
}

extension ConstraintKind {
    /// Default weight: constraints whose evaluation is linear in the argument.
    public var matchWeight: Int { 1 }
}

extension Constraint {
    /// The constraint's weight for `MatchCost` (1 plus its glob tokens and regex program sizes).
    public var matchWeight: Int { kind.matchWeight }

    /// Evaluates one value after checking the cost bound (the entry point for evaluating a
    /// single constraint; `ConstraintSet.check` bounds a whole call).
    /// - Throws: `.constraintViolation` when the work would exceed `MatchCost.maxWork`, or
    ///   what `matches` throws.
    public func evaluate(_ value: Value) throws(TenuoError) -> Bool {
        let w = MatchCost.work(self, value)
        guard w <= MatchCost.maxWork else { throw MatchCost.overBudget(w) }
        return try matches(value)
    }
}
