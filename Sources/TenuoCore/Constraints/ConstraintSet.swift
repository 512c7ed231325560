/// The constraints of one tool: `{"constraints": {arg: Constraint}}` on the wire, plus
/// `"allow_unknown": true` when unknown arguments are allowed.
///
/// Zero-trust: an empty set allows any arguments; once any constraint exists, arguments
/// it does not name are refused unless `allowUnknown`, and every named argument must be
/// present (even under `Wildcard`).
public struct ConstraintSet: Sendable, Equatable {
    /// Argument name → constraint. Names compare byte for byte on the wire; a Swift
    /// dictionary merges canonically equivalent names, so decoding refuses sets that hold two.
    public var constraints: [String: Constraint]
    /// Whether arguments not named in `constraints` are allowed. On the wire: the key
    /// `"allow_unknown": true` after `"constraints"`, omitted when false (as the reference's
    /// `_allow_unknown=True` encodes); an explicit `false` is accepted when decoding.
    public var allowUnknown: Bool

    public init(_ constraints: [String: Constraint] = [:], allowUnknown: Bool = false) {
        self.constraints = constraints
        self.allowUnknown = allowUnknown
    }

    /// Whether the set names no argument (open-world).
    public var isEmpty: Bool { constraints.isEmpty }

    /// The argument names in encoding order (UTF-8 byte order).
    public var sortedNames: [String] { constraints.keys.sorted(by: Value.utf8Less) }

    /// Decodes the `{"constraints": …}` wrapper.
    /// - Throws: `.invalidPayloadStructure` for a malformed map, unknown keys or duplicate
    ///   names; `.tooManyConstraints` past 64 arguments; any error of `Constraint(wire:)`.
    public init(wire: CBOR, depth: Int = 0) throws(TenuoError) {
        let f = try WireFields(wire, typeName: "ConstraintSet", allowed: ["constraints", "allow_unknown"])
        let inner = try f.required("constraints")
        guard case .map(let pairs) = inner else { throw f.wrongType("constraints", "map", inner) }
        try ConstraintSet.checkCount(pairs.count)
        var out: [String: Constraint] = [:]
        for p in pairs {
            guard case .text(let name) = p.key else {
                throw TenuoError(
                    .invalidPayloadStructure, "ConstraintSet: argument names must be text, found \(p.key.kindName)")
            }
            guard out[name] == nil else {
                throw TenuoError(
                    .invalidPayloadStructure, "ConstraintSet: argument names \(ValueText.quote(name)) collide",
                    field: name)
            }
            do {
                out[name] = try Constraint(wire: p.value, depth: depth)
            } catch {
                throw error.withContext("argument \(ValueText.quote(name))").with(field: name)
            }
        }
        constraints = out
        if let au = f.optional("allow_unknown") {
            guard case .bool(let b) = au else { throw f.wrongType("allow_unknown", "bool", au) }
            allowUnknown = b
        } else {
            allowUnknown = false
        }
    }

    static func checkCount(_ n: Int) throws(TenuoError) {
        if n > ConstraintLimits.maxConstraintsPerTool {
            throw TenuoError(
                .tooManyConstraints,
                "\(n) constraints exceed the limit of \(ConstraintLimits.maxConstraintsPerTool) per tool")
        }
    }

    /// Writes `{"constraints": {…}}` (names in UTF-8 byte order), then `"allow_unknown": true` if set.
    public func write(to w: inout CBORWriter) {
        w.mapHeader(allowUnknown ? 2 : 1)
        w.text("constraints")
        w.mapHeader(constraints.count)
        if constraints.count == 1, let (name, c) = constraints.first {
            // One argument (the usual set): nothing to sort.
            w.text(name)
            c.write(to: &w)
        } else {
            // Sorted as (name, constraint) pairs: no lookup per name afterwards.
            for (name, c) in constraints.sorted(by: { Value.utf8Less($0.key, $1.key) }) {
                w.text(name)
                c.write(to: &w)
            }
        }
        if allowUnknown {
            w.text("allow_unknown")
            w.bool(true)
        }
    }

    /// Checks the §13 limits: at most 64 constraints, each value at most 4 KiB. Decoding and
    /// the JSON constructor already do; call this before minting a set built in code.
    public func validateLimits() throws(TenuoError) {
        try ConstraintSet.checkCount(constraints.count)
        for name in sortedNames {
            do { try constraints[name]?.checkValueSize() } catch {
                throw error.with(field: name)
            }
        }
    }

    /// Builds a set from `{"constraints": {arg: constraintJSON, …}, "allow_unknown": bool?}`.
    /// - Throws: `.invalidArgument` for a malformed object; `.tooManyConstraints`; any error
    ///   of `Constraint(json:)`, with `field` set to the argument name.
    public init(json: Value) throws(TenuoError) {
        guard case .map(let m) = json else {
            throw TenuoError(.invalidArgument, "constraint set must be a JSON object, found \(json.kindName)")
        }
        let f = try JSONFields(m, typeName: "ConstraintSet", allowed: ["constraints", "allow_unknown"])
        guard case .map(let inner) = try f.required("constraints") else {
            throw TenuoError(.invalidArgument, "ConstraintSet.constraints: expected an object")
        }
        try ConstraintSet.checkCount(inner.count)
        var out: [String: Constraint] = [:]
        for name in Value.sortedKeys(inner) {
            do {
                out[name] = try Constraint(json: inner[name, default: .null])
            } catch {
                throw error.withContext("argument \(ValueText.quote(name))").with(field: name)
            }
        }
        constraints = out
        allowUnknown = try f.bool("allow_unknown", default: false)
    }

    /// The JSON form, mirroring the wire (`allow_unknown` present only when true).
    public func json() -> Value {
        var m: [String: Value] = ["constraints": .map(constraints.mapValues { $0.json() })]
        if allowUnknown { m["allow_unknown"] = .bool(true) }
        return .map(m)
    }

    /// Zero-trust evaluation, exactly as the reference's `check_constraints_detailed`.
    ///
    /// Order: when the set is non-empty and `allowUnknown` is false, the first argument the
    /// set does not name (in UTF-8 order; the reference uses hash order) is refused; then each
    /// named argument in UTF-8 order is refused if absent, if its value does not match, or if
    /// evaluation raises.
    /// - Returns: nil when allowed, else the first failure.
    public func check(_ args: [String: Value]) -> ConstraintFailure? {
        // The named arguments in encoding order, each with its constraint and its value (nil
        // when absent): one lookup per name for all the passes below, and no sort for a
        // single constraint.
        var ordered: [(name: String, constraint: Constraint, value: Value?)] = []
        ordered.reserveCapacity(constraints.count)
        var found = 0
        for (name, constraint) in constraints {
            let value = Bytewise.lookup(args, name)
            if value != nil { found += 1 }
            ordered.append((name, constraint, value))
        }
        if ordered.count > 1 { ordered.sort { Value.utf8Less($0.name, $1.name) } }
        // Every argument is named when each name found its own argument and there are no
        // others (distinct names find distinct arguments); otherwise the first unnamed one
        // in UTF-8 order is reported.
        if !constraints.isEmpty && !allowUnknown && found != args.count {
            for name in Value.sortedKeys(args) where !Bytewise.contains(constraints, name) {
                return ConstraintFailure(
                    field: name, reason: ConstraintFailure.unknownFieldReason, code: .constraintViolation,
                    isEvaluationError: false, argument: name)
            }
        }
        // The cost bound (`MatchCost`) for the whole call, before anything is evaluated.
        var work = 0
        var heaviest = ""
        var heaviestWork = -1
        for (name, constraint, v) in ordered {
            guard let value = v else { continue }
            let w = MatchCost.work(constraint, value)
            work = MatchCost.saturatingAdd(work, w)
            if w > heaviestWork { heaviestWork = w; heaviest = name }
        }
        if work > MatchCost.maxWork {
            let e = MatchCost.overBudget(work)
            return ConstraintFailure(
                field: heaviest, reason: e.message, code: e.code, isEvaluationError: true, argument: heaviest,
                kind: e.kind)
        }
        for (name, constraint, v) in ordered {
            guard let value = v else {
                return ConstraintFailure(
                    field: name, reason: ConstraintFailure.missingReason, code: .constraintViolation,
                    isEvaluationError: false, argument: name)
            }
            do {
                if try !constraint.matches(value) {
                    return ConstraintFailure(
                        field: name, reason: ConstraintFailure.mismatchReason, code: .constraintViolation,
                        isEvaluationError: false, argument: name)
                }
            } catch {
                return ConstraintFailure(
                    field: error.field ?? ConstraintFailure.errorField, reason: error.message, code: error.code,
                    isEvaluationError: true, argument: name, kind: error.kind)
            }
        }
        return nil
    }

    /// Checks that `child` is a valid attenuation of this (parent) set, as the reference does
    /// at grant and chain verification:
    /// 1. the child may not turn `allowUnknown` on when the parent has it off (even for an
    ///    empty parent);
    /// 2. every parent argument, in UTF-8 order, must be constrained in the child by a valid
    ///    attenuation of the parent's constraint;
    /// 3. a non-empty parent forbids the child from naming new arguments; an empty parent
    ///    (open-world) lets the child add any.
    /// - Throws: `.invalidAttenuation` (kind `MonotonicityError`) for rules 1–3, or the
    ///   constraint's own attenuation error (its kind kept), with `field` set to the argument.
    public func checkAttenuation(to child: ConstraintSet) throws(TenuoError) {
        if !allowUnknown && child.allowUnknown {
            throw AttenuationFault.monotonicity.error(
                "child cannot enable allow_unknown when the parent has it disabled")
        }
        for name in sortedNames {
            guard let parentConstraint = constraints[name] else { continue }
            guard let childConstraint = Bytewise.lookup(child.constraints, name) else {
                throw AttenuationFault.monotonicity.error(
                    "child has no constraint for argument \(ValueText.quote(name)), which the parent constrains",
                    field: name)
            }
            do {
                try parentConstraint.checkAttenuation(to: childConstraint)
            } catch {
                throw error.with(field: name)
            }
        }
        if !constraints.isEmpty {
            for name in child.sortedNames where !Bytewise.contains(constraints, name) {
                throw AttenuationFault.monotonicity.error(
                    "child adds argument \(ValueText.quote(name)), which the parent's non-empty set does not name",
                    field: name)
            }
        }
    }
}
