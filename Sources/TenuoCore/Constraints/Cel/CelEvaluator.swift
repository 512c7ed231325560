/// Evaluation of a parsed CEL program with the reference's semantics (cel-interpreter 0.10 plus
/// the functions tenuo registers), under a step budget.
///
/// Semantics kept from the reference, however unusual: `!`, `&&`, `?:` and the macros use
/// truthiness (non-zero, non-empty), `&&` yields a bool, `||` yields its deciding operand as is;
/// errors are never absorbed (`(1/0 == 1) || true` raises, `true || 1/0 == 1` does not);
/// integer arithmetic raises on overflow and on division or remainder by zero, except unary
/// minus, which wraps; `size` of a string counts UTF-8 bytes; a missing map key or an
/// out-of-range list index yields null. Functions take their receiver from the call target or
/// else the first argument, and ignore surplus arguments without evaluating them.
///
/// A call with one or two arguments evaluates its first argument before anything else, even
/// where the function then ignores it (`'abc'.size(1 / 0)` raises), as the interpreter does.
///
/// Timestamps and durations follow `CelTime`; the clock functions read `CelClock` on every
/// call, as the reference reads `Utc::now()`. A registered function named as a field
/// (`value.size` without a call) is a value that compares for equality only. Not evaluated
/// here (each raises, so the call is denied): message construction and optional syntax,
/// which the reference refuses or panics on.
struct CelEvaluator {
    struct Failure: Error, Sendable {
        let message: String
        /// The reference aborts (panics) here rather than returning an error.
        var panics = false
    }

    /// The functions the reference registers (the interpreter's and tenuo's own).
    static let functions: Set<String> = [
        "contains", "size", "max", "min", "startsWith", "endsWith", "string", "bytes", "double", "int", "uint",
        "matches", "net_in_cidr", "net_is_private", "duration", "timestamp", "getFullYear", "getMonth",
        "getDayOfYear", "getDayOfMonth", "getDate", "getDayOfWeek", "getHours", "getMinutes", "getSeconds",
        "getMilliseconds", "time_now", "time_is_expired", "time_since",
    ]

    let globals: [String: CelValue]
    var locals: [(String, CelValue)] = []
    var steps = 0

    init(globals: [String: CelValue]) { self.globals = globals }

    /// Evaluates a program on a constraint argument: a map's entries become variables, any
    /// other value is `value`; the result must be a bool.
    static func run(_ program: CelExpr, on argument: Value) -> Result<Bool, Failure> {
        var globals: [String: CelValue] = [:]
        if case .map(let m) = argument {
            for (k, v) in m { globals[k] = CelValue(v) }
        } else {
            globals["value"] = CelValue(argument)
        }
        var ev = CelEvaluator(globals: globals)
        do throws(Failure) {
            let r = try ev.eval(program)
            guard case .bool(let b) = r else {
                throw Failure(message: "expression must return bool, got \(r.typeName)")
            }
            return .success(b)
        } catch {
            return .failure(error)
        }
    }

    func fail(_ m: String) -> Failure { Failure(message: "execution failed: \(m)") }

    mutating func charge(_ n: Int) throws(Failure) {
        steps = MatchCost.saturatingAdd(steps, n)
        if steps > CelLimits.maxSteps {
            throw Failure(message: "execution failed: evaluation exceeds \(CelLimits.maxSteps) steps")
        }
    }

    /// Charges for work proportional to `n` items or bytes.
    mutating func chargeSize(_ n: Int) throws(Failure) { try charge(n >> 4) }

    func lookup(_ name: String) -> CelValue? {
        for (k, v) in locals.reversed() where k == name { return v }
        return globals[name]
    }

    mutating func eval(_ e: CelExpr) throws(Failure) -> CelValue {
        try charge(1)
        switch e {
        case .literal(let v): return v
        case .ident(let name):
            guard let v = lookup(name) else { throw fail("Undeclared reference to '\(name)'") }
            return v
        case .select(let operand, let field, let test):
            let v = try eval(operand)
            if test {
                if case .map(let m) = v { return .bool(m.entries[.string(field)] != nil) }
                return .bool(false)
            }
            if case .map(let m) = v, let child = m.entries[.string(field)] { return child }
            if CelEvaluator.functions.contains(field) { return .function(field, v) }
            throw fail("No such key: \(field)")
        case .unary(let op, let a):
            let v = try eval(a)
            switch op {
            case .not: return .bool(!v.truthy)
            case .negate:
                switch v {
                case .int(let i): return .int(0 &- i)
                case .double(let d): return .double(-d)
                default: throw fail("Unsupported unary operator 'minus': \(v.typeName)")
                }
            }
        case .binary(let op, let a, let b):
            return try binary(op, a, b)
        case .conditional(let c, let a, let b):
            return try eval(c).truthy ? try eval(a) : try eval(b)
        case .index(let a, let b):
            return try index(try eval(a), try eval(b))
        case .list(let xs):
            var out: [CelValue] = []
            out.reserveCapacity(xs.count)
            for x in xs { out.append(try eval(x)) }
            return .list(out)
        case .map(let entries):
            var m: [CelKey: CelValue] = [:]
            for en in entries {
                let kv = try eval(en.key)
                guard let k = CelKey(kv) else { throw fail("Unsupported key type: \(kv.typeName)") }
                m[k] = try eval(en.value)
            }
            return .map(CelMap(m))
        case .call(let name, let target, let args):
            return try call(name, target: target, args: args)
        case .comprehension(let kind, let range, let variable, let step, let filter):
            return try comprehension(kind, range: range, variable: variable, step: step, filter: filter)
        case .unsupported(let what):
            throw Failure(message: "execution failed: \(what) is not supported", panics: true)
        }
    }

    // MARK: Operators

    mutating func binary(_ op: CelBinary, _ a: CelExpr, _ b: CelExpr) throws(Failure) -> CelValue {
        let l = try eval(a)
        switch op {
        case .or: return l.truthy ? l : try eval(b)
        case .and: return l.truthy ? .bool(try eval(b).truthy) : .bool(false)
        default: break
        }
        let r = try eval(b)
        switch op {
        case .eq, .ne:
            var cost = 0
            let eq = CelEvaluator.equal(l, r, cost: &cost)
            try chargeSize(cost)
            return .bool(op == .eq ? eq : !eq)
        case .lt, .le, .gt, .ge:
            guard let c = CelValue.compare(l, r) else {
                throw fail("Values not comparable: \(l.typeName), \(r.typeName)")
            }
            switch op {
            case .lt: return .bool(c < 0)
            case .le: return .bool(c <= 0)
            case .gt: return .bool(c > 0)
            default: return .bool(c >= 0)
            }
        case .in:
            switch (l, r) {
            case (.string(let x), .string(let y)):
                try chargeSize(y.utf8.count)
                return .bool(CelEvaluator.contains(y, x))
            case (_, .list(let items)):
                var cost = items.count
                var found = false
                for it in items where CelEvaluator.equal(l, it, cost: &cost) {
                    found = true
                    break
                }
                try chargeSize(cost)
                return .bool(found)
            case (_, .map(let m)):
                guard let k = CelKey(l) else { return .bool(false) }
                return .bool(m.entries[k] != nil)
            default:
                throw fail("Values not comparable: \(l.typeName), \(r.typeName)")
            }
        default:
            return try arithmetic(op, l, r)
        }
    }

    mutating func arithmetic(_ op: CelBinary, _ l: CelValue, _ r: CelValue) throws(Failure) -> CelValue {
        let name: String
        switch op {
        case .add: name = "add"
        case .sub: name = "sub"
        case .mul: name = "mul"
        case .div: name = "div"
        default: name = "rem"
        }
        func overflow() -> Failure { fail("Overflow from binary operator '\(name)': \(l.typeName), \(r.typeName)") }
        switch (l, r) {
        case (.int(let x), .int(let y)):
            let (v, o): (Int64, Bool)
            switch op {
            case .add: (v, o) = x.addingReportingOverflow(y)
            case .sub: (v, o) = x.subtractingReportingOverflow(y)
            case .mul: (v, o) = x.multipliedReportingOverflow(by: y)
            case .div:
                if y == 0 { throw fail("Division by zero of Int(\(x))") }
                (v, o) = x.dividedReportingOverflow(by: y)
            default:
                if y == 0 { throw fail("Remainder by zero of Int(\(x))") }
                (v, o) = x.remainderReportingOverflow(dividingBy: y)
            }
            if o { throw overflow() }
            return .int(v)
        case (.uint(let x), .uint(let y)):
            let (v, o): (UInt64, Bool)
            switch op {
            case .add: (v, o) = x.addingReportingOverflow(y)
            case .sub: (v, o) = x.subtractingReportingOverflow(y)
            case .mul: (v, o) = x.multipliedReportingOverflow(by: y)
            case .div:
                if y == 0 { throw fail("Division by zero of UInt(\(x))") }
                (v, o) = x.dividedReportingOverflow(by: y)
            default:
                if y == 0 { throw fail("Remainder by zero of UInt(\(x))") }
                (v, o) = x.remainderReportingOverflow(dividingBy: y)
            }
            if o { throw overflow() }
            return .uint(v)
        case (.double(let x), .double(let y)):
            switch op {
            case .add: return .double(x + y)
            case .sub: return .double(x - y)
            case .mul: return .double(x * y)
            case .div: return .double(x / y)
            default: break
            }
        case (.list(let x), .list(let y)) where op == .add:
            // Building values is charged in full (4 steps an element, 1 per 4 bytes), which also
            // bounds the memory an expression can allocate.
            try charge(MatchCost.saturatingMultiply(x.count + y.count, 4))
            return .list(x + y)
        case (.string(let x), .string(let y)) where op == .add:
            try charge((x.utf8.count + y.utf8.count) >> 2)
            return .string(x + y)
        case (.duration(let x), .duration(let y)) where op == .add || op == .sub:
            guard let d = CelDuration(nanos: op == .add ? x.nanos + y.nanos : x.nanos - y.nanos) else {
                throw Failure(message: "execution failed: duration overflow in '\(name)'", panics: true)
            }
            return .duration(d)
        case (.timestamp(let t), .duration(let d)) where op == .add || op == .sub:
            return .timestamp(try CelEvaluator.shift(t, op == .add ? d.nanos : -d.nanos))
        case (.duration(let d), .timestamp(let t)) where op == .add:
            return .timestamp(try CelEvaluator.shift(t, d.nanos))
        case (.timestamp(let a), .timestamp(let b)) where op == .sub:
            guard let d = CelDuration(nanos: a.since(b)) else {
                throw Failure(message: "execution failed: duration overflow in 'sub'", panics: true)
            }
            return .duration(d)
        default: break
        }
        throw fail("Unsupported binary operator '\(name)': \(l.typeName), \(r.typeName)")
    }

    /// A timestamp moved by a number of nanoseconds, keeping its offset.
    static func shift(_ t: CelTimestamp, _ by: Int128) throws(Failure) -> CelTimestamp {
        guard let r = t.adding(by) else {
            throw Failure(message: "execution failed: timestamp out of range", panics: true)
        }
        return r
    }

    func index(_ v: CelValue, _ i: CelValue) throws(Failure) -> CelValue {
        switch (v, i) {
        case (.list(let items), .int(let n)):
            return n >= 0 && n < items.count ? items[Int(n)] : .null
        case (.string(let s), .int(let n)):
            let u = s.utf8
            guard n >= 0 && n < u.count else { return .null }
            let b = u[u.index(u.startIndex, offsetBy: Int(n))]
            return b < 0x80 ? .string(String(decoding: [b], as: UTF8.self)) : .null
        case (.map(let m), .string), (.map(let m), .bool), (.map(let m), .int), (.map(let m), .uint):
            guard let k = CelKey(i) else { return .null }
            return m.get(k) ?? .null
        case (.map, _): throw fail("Unsupported map index: \(i.typeName)")
        case (.list, _): throw fail("Unsupported list index: \(i.typeName)")
        default: throw fail("Unsupported index: \(v.typeName)[\(i.typeName)]")
        }
    }

    // MARK: Macros

    mutating func comprehension(
        _ kind: CelMacro, range: CelExpr, variable: String, step: CelExpr, filter: CelExpr?
    ) throws(Failure) -> CelValue {
        let r = try eval(range)
        let items: [CelValue]
        switch r {
        case .list(let l): items = l
        case .map(let m): items = m.sortedKeys.map(\.value)
        default: throw Failure(message: "execution failed: cannot iterate over \(r.typeName)", panics: true)
        }
        locals.append((variable, .null))
        defer { locals.removeLast() }
        let slot = locals.count - 1
        let overMap: Bool
        if case .map = r { overMap = items.count > 1 } else { overMap = false }
        if overMap && (kind == .all || kind == .exists) {
            return try unorderedQuantifier(kind, items, slot: slot, step: step)
        }
        switch kind {
        case .all:
            for it in items {
                locals[slot].1 = it
                if !(try eval(step).truthy) { return .bool(false) }
            }
            return .bool(true)
        case .exists:
            var accu: CelValue = .bool(false)
            for it in items {
                if accu.truthy { break }
                locals[slot].1 = it
                accu = try eval(step)
            }
            return accu
        case .existsOne:
            var n: Int64 = 0
            for it in items {
                locals[slot].1 = it
                if try eval(step).truthy { n += 1 }
            }
            return .bool(n == 1)
        case .map:
            var out: [CelValue] = []
            for it in items {
                locals[slot].1 = it
                if let f = filter, !(try eval(f).truthy) { continue }
                out.append(try eval(step))
            }
            if overMap { try requireOrderFree(out) }
            return .list(out)
        case .filter:
            var out: [CelValue] = []
            for it in items {
                locals[slot].1 = it
                if try eval(step).truthy { out.append(it) }
            }
            if overMap { try requireOrderFree(out) }
            return .list(out)
        }
    }

    /// `all` and `exists` over a map of two or more keys. The reference iterates a map in a
    /// random order on every evaluation, and stops at the first deciding element, so its
    /// outcome can depend on that order: an error met before or after the deciding key, or
    /// `exists` yielding the first truthy step value of several. Here every key is evaluated
    /// and the outcome is the one no order can make more permissive: an error if any key
    /// raises, else the order-independent result, else (`exists` steps yielding distinct
    /// values) an error.
    /// `map` and `filter` over a map list their results in the reference's random iteration
    /// order; a list of two or more distinct values would let the decision depend on it (an
    /// index, an equality, the first match of `exists`), so it raises.
    mutating func requireOrderFree(_ out: [CelValue]) throws(Failure) {
        try chargeSize(out.count)
        for v in out.dropFirst() where v != out[0] {
            throw fail("a list built over a map's keys, whose order is random in the reference, has distinct elements")
        }
    }

    mutating func unorderedQuantifier(
        _ kind: CelMacro, _ items: [CelValue], slot: Int, step: CelExpr
    ) throws(Failure) -> CelValue {
        var truthy: [CelValue] = []
        var falsy: [CelValue] = []
        for it in items {
            locals[slot].1 = it
            let v = try eval(step)
            if v.truthy { truthy.append(v) } else { falsy.append(v) }
        }
        if kind == .all { return .bool(falsy.isEmpty) }
        let candidates = truthy.isEmpty ? falsy : truthy
        var cost = 0
        for v in candidates.dropFirst() where !CelEvaluator.equal(v, candidates[0], cost: &cost) || v.typeName != candidates[0].typeName {
            throw fail("exists over a map yields a value that depends on the map's iteration order")
        }
        try chargeSize(cost)
        return candidates[0]
    }

    // MARK: Functions

    /// Argument `k`, reusing the first argument's value when it was evaluated up front.
    mutating func argument(_ args: [CelExpr], _ k: Int, _ first: CelValue?) throws(Failure) -> CelValue {
        if k == 0, let f = first { return f }
        return try eval(args[k])
    }

    mutating func call(_ name: String, target: CelExpr?, args: [CelExpr]) throws(Failure) -> CelValue {
        // The interpreter evaluates the first argument of any one- or two-argument call before
        // looking at the function, whether or not the function uses it.
        let first: CelValue? = args.count == 1 || args.count == 2 ? try eval(args[0]) : nil
        guard CelEvaluator.functions.contains(name) else { throw fail("Undeclared reference to '\(name)'") }
        let this = try target.map { (t: CelExpr) throws(Failure) -> CelValue in try eval(t) }
        var next = 0
        func argError() -> Failure { fail("Invalid argument count: expected \(next + 1), got \(args.count)") }
        func function(_ m: String) -> Failure { fail("Error executing function '\(name)': \(m)") }

        switch name {
        case "max", "min":
            var all: [CelValue] = []
            for k in args.indices { all.append(try argument(args, k, first)) }
            var items = all
            if all.count == 1 {
                guard case .list(let l) = all[0] else { return all[0] }
                items = l
            }
            guard var best = items.first else { return .null }
            try chargeSize(items.count)
            for x in items.dropFirst() {
                guard let c = CelValue.compare(best, x) else {
                    throw fail("Values not comparable: \(best.typeName), \(x.typeName)")
                }
                if name == "max" ? c <= 0 : c >= 0 { best = x }
            }
            return best
        case "bytes":
            guard next < args.count else { throw argError() }
            guard case .string(let s) = try argument(args, next, first) else { throw function("expected a string") }
            return .bytes(Array(s.utf8))
        case "net_in_cidr", "net_is_private":
            var vals: [CelValue] = []
            for k in 0..<(name == "net_in_cidr" ? 2 : 1) {
                next = k
                guard k < args.count else { throw argError() }
                vals.append(try argument(args, k, first))
            }
            return .bool(CelEvaluator.network(name, vals))
        case "timestamp", "duration":
            // A plain string argument: the call target does not count.
            guard !args.isEmpty else { throw argError() }
            let v = try argument(args, 0, first)
            guard case .string(let s) = v else { throw fail("Unexpected type: got \(v.typeName), want String") }
            try chargeSize(s.utf8.count)
            if name == "timestamp" {
                switch CelTimestamp.parse(s) {
                case .success(let t): return .timestamp(t)
                case .failure(let f): throw function(f.message)
                }
            }
            switch CelDuration.parse(s) {
            case .success(let d): return .duration(d)
            case .failure(let f): throw function("Parsing Error: \(f.message)")
            }
        case "time_now", "time_is_expired", "time_since":
            // tenuo's clock functions: one argument of any type (`time_now`'s is unused); a
            // non-string or unparsable timestamp is not expired and 0 seconds old.
            guard !args.isEmpty else { throw argError() }
            let v = try argument(args, 0, first)
            let now = CelClock.now()
            if name == "time_now" { return .string(now.rfc3339) }
            var stamp: CelTimestamp?
            if case .string(let s) = v {
                try chargeSize(s.utf8.count)
                if case .success(let t) = CelTimestamp.parse(s) { stamp = t }
            }
            guard let t = stamp else { return name == "time_is_expired" ? .bool(false) : .int(0) }
            if name == "time_is_expired" { return .bool(CelTimestamp.compare(t, now) < 0) }
            return .int(Int64(clamping: now.since(t) / 1_000_000_000))
        default: break
        }
        // Functions with a receiver: the target, or else the first argument.
        let recv: CelValue
        if let t = this {
            recv = t
        } else {
            guard next < args.count else { throw fail("missing argument or target") }
            recv = try argument(args, next, first)
            next += 1
        }
        func arg() throws(Failure) -> CelValue {
            guard next < args.count else { throw argError() }
            let v = try argument(args, next, first)
            next += 1
            return v
        }
        if CelTimestamp.accessors.contains(name) {
            guard case .timestamp(let t) = recv else { throw fail("Unexpected type: got \(recv.typeName), want Timestamp") }
            return .int(t.field(name))
        }
        switch name {
        case "size":
            switch recv {
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.entries.count))
            case .string(let s): return .int(Int64(s.utf8.count))
            case .bytes(let b): return .int(Int64(b.count))
            default: throw function("cannot determine the size of \(recv.typeName)")
            }
        case "contains":
            let a = try arg()
            switch recv {
            case .list(let l):
                var cost = l.count
                var found = false
                for it in l where CelEvaluator.equal(it, a, cost: &cost) {
                    found = true
                    break
                }
                try chargeSize(cost)
                return .bool(found)
            case .map(let m):
                guard let k = CelKey(a) else { throw fail("Unsupported key type: \(a.typeName)") }
                return .bool(m.entries[k] != nil)
            case .string(let s):
                guard case .string(let needle) = a else { return .bool(false) }
                try chargeSize(s.utf8.count)
                return .bool(CelEvaluator.contains(s, needle))
            case .bytes(let b):
                guard case .bytes(let needle) = a else { return .bool(false) }
                if needle.isEmpty { throw Failure(message: "execution failed: empty bytes needle", panics: true) }
                try chargeSize(b.count)
                return .bool(CelEvaluator.find(needle, in: b))
            default: return .bool(false)
            }
        case "startsWith", "endsWith", "matches":
            guard case .string(let s) = recv else { throw fail("Unexpected type: got \(recv.typeName), want String") }
            guard case .string(let p) = try arg() else { throw fail("Unexpected type: want String") }
            try chargeSize(s.utf8.count)
            if name == "startsWith" { return .bool(s.utf8.starts(with: p.utf8)) }
            if name == "endsWith" { return .bool(s.utf8.reversed().starts(with: p.utf8.reversed())) }
            switch CompiledRegex.compile(p) {
            case .success(let re):
                try chargeSize(MatchCost.saturatingMultiply(s.utf8.count, 4))
                do {
                    return .bool(try re.search(s))
                } catch {
                    throw function("'\(p)': \(error)")
                }
            case .failure(let f): throw function("'\(p)' not a valid regex: \(f)")
            }
        case "string":
            switch recv {
            case .string: return recv
            case .int(let i): return .string(String(i))
            case .uint(let u): return .string(String(u))
            case .double(let d): return .string(CelEvaluator.rustDisplay(d))
            case .bytes(let b): return .string(String(decoding: b, as: UTF8.self))
            case .timestamp(let t): return .string(t.rfc3339)
            case .duration(let d): return .string(d.text)
            default: throw function("cannot convert \(recv.typeName) to string")
            }
        case "double":
            switch recv {
            case .string(let s):
                guard let d = CelEvaluator.parseDouble(s) else { throw function("string parse error") }
                return .double(d)
            case .double: return recv
            case .int(let i): return .double(Double(i))
            case .uint(let u): return .double(Double(u))
            default: throw function("cannot convert \(recv.typeName) to double")
            }
        case "int":
            switch recv {
            case .string(let s):
                guard let p = CelEvaluator.parseInteger(s, signed: true), let i = p.signed else {
                    throw function("string parse error")
                }
                return .int(i)
            case .double(let d):
                if d > 9_223_372_036_854_775_808.0 || d < -9_223_372_036_854_775_808.0 { throw function("integer overflow") }
                if d.isNaN { return .int(0) }
                return .int(d >= 9_223_372_036_854_775_807.0 ? Int64.max : Int64(d))
            case .int: return recv
            case .uint(let u):
                guard u <= UInt64(Int64.max) else { throw function("integer overflow") }
                return .int(Int64(u))
            default: throw function("cannot convert \(recv.typeName) to int")
            }
        case "uint":
            switch recv {
            case .string(let s):
                guard let p = CelEvaluator.parseInteger(s, signed: false), !p.negative else {
                    throw function("string parse error")
                }
                return .uint(p.magnitude)
            case .double(let d):
                if d > 18_446_744_073_709_551_616.0 || d < 0 { throw function("unsigned integer overflow") }
                if d.isNaN { return .uint(0) }
                return .uint(d >= 18_446_744_073_709_551_615.0 ? UInt64.max : UInt64(d))
            case .int(let i):
                guard i >= 0 else { throw function("unsigned integer overflow") }
                return .uint(UInt64(i))
            case .uint: return recv
            default: throw function("cannot convert \(recv.typeName) to uint")
            }
        default:
            throw fail("Undeclared reference to '\(name)'")
        }
    }

    // MARK: Helpers

    /// CEL equality, counting compared elements into `cost`.
    static func equal(_ a: CelValue, _ b: CelValue, cost: inout Int) -> Bool {
        cost &+= 1
        switch (a, b) {
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            for (p, q) in zip(x, y) where !equal(p, q, cost: &cost) { return false }
            return true
        case (.map(let x), .map(let y)):
            guard x.entries.count == y.entries.count else { return false }
            for (k, v) in x.entries {
                guard let w = y.entries[k], equal(v, w, cost: &cost) else { return false }
            }
            return true
        case (.string(let x), .string(let y)):
            cost &+= min(x.utf8.count, y.utf8.count)
            return Bytewise.equal(x, y)
        default:
            return CelValue.equal(a, b)
        }
    }

    /// Substring test on UTF-8 bytes, linear time.
    static func contains(_ hay: String, _ needle: String) -> Bool {
        find(Array(needle.utf8), in: Array(hay.utf8))
    }

    /// Knuth–Morris–Pratt search (an empty needle is found).
    static func find(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        if needle.count > hay.count { return false }
        var fail = [Int](repeating: 0, count: needle.count)
        var k = 0
        for i in 1..<max(needle.count, 1) where needle.count > 1 {
            while k > 0 && needle[i] != needle[k] { k = fail[k - 1] }
            if needle[i] == needle[k] { k += 1 }
            fail[i] = k
        }
        k = 0
        for b in hay {
            while k > 0 && b != needle[k] { k = fail[k - 1] }
            if b == needle[k] { k += 1 }
            if k == needle.count { return true }
        }
        return false
    }

    /// tenuo's `net_in_cidr(ip, cidr)` / `net_is_private(ip)`: false for anything that is
    /// not an address (or network) string.
    static func network(_ name: String, _ vals: [CelValue]) -> Bool {
        guard case .string(let ip)? = vals.first, let addr = IPAddress.parse(ip) else { return false }
        if name == "net_is_private" {
            switch addr {
            case .v4(let a): return a >> 24 == 10 || a >> 20 == 0xAC1 || a >> 16 == 0xC0A8
            case .v6(let a): return (a >> 112) & 0xFE00 == 0xFC00
            }
        }
        guard vals.count == 2, case .string(let cidr) = vals[1], let net = IPNetwork(cidr) else { return false }
        return net.contains(addr)
    }

    /// Rust's `Display` for f64: shortest round-trip digits, never an exponent.
    static func rustDisplay(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        let text = "\(d)"
        var sign = ""
        var body = Substring(text)
        if body.hasPrefix("-") {
            sign = "-"
            body = body.dropFirst()
        }
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(body[body.index(after: e)...]) ?? 0
            body = body[..<e]
        }
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var point = intPart.count + exponent  // position of the decimal point in `digits`
        // Trim leading zeros (keeping the point's position) and trailing zeros.
        while digits.count > 1 && digits.hasPrefix("0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1 && digits.hasSuffix("0") && digits.count > max(point, 1) { digits.removeLast() }
        if digits == "0" { return sign + "0" }
        if point <= 0 { return sign + "0." + String(repeating: "0", count: -point) + digits }
        if point >= digits.count { return sign + digits + String(repeating: "0", count: point - digits.count) }
        let cut = digits.index(digits.startIndex, offsetBy: point)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// Rust's `str::parse::<f64>` grammar (sign, `inf`/`infinity`/`nan`, decimal with optional
    /// fraction and exponent), converted with correct rounding.
    static func parseDouble(_ s: String) -> Double? {
        var u = Array(s.utf8)
        var negative = false
        if let f = u.first, f == 0x2B || f == 0x2D {
            negative = f == 0x2D
            u.removeFirst()
        }
        let lower = String(decoding: u, as: UTF8.self).lowercased()
        if lower == "inf" || lower == "infinity" { return negative ? -.infinity : .infinity }
        if lower == "nan" { return .nan }
        var i = 0
        var mantissaDigits = 0
        while i < u.count, CelLexer.isDigit(u[i]) { i += 1; mantissaDigits += 1 }
        if i < u.count, u[i] == 0x2E {
            i += 1
            while i < u.count, CelLexer.isDigit(u[i]) { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return nil }
        if i < u.count, u[i] == 0x65 || u[i] == 0x45 {
            i += 1
            if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
            var expDigits = 0
            while i < u.count, CelLexer.isDigit(u[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        var text = String(decoding: u, as: UTF8.self)
        if text.hasPrefix(".") { text = "0" + text }
        guard let v = Double(text) else { return nil }
        return negative ? -v : v
    }

    struct ParsedInteger {
        let negative: Bool
        let magnitude: UInt64
        /// The value as an Int64, if it fits.
        var signed: Int64? {
            if !negative { return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil }
            if magnitude == UInt64(Int64.max) + 1 { return Int64.min }
            return magnitude <= UInt64(Int64.max) ? -Int64(magnitude) : nil
        }
    }

    /// Rust's integer `parse`: an optional `+` (or `-` when signed), then ASCII digits.
    static func parseInteger(_ s: String, signed: Bool) -> ParsedInteger? {
        var u = Substring(s).utf8[...]
        var negative = false
        if let f = u.first, f == 0x2B || (f == 0x2D && signed) {
            negative = f == 0x2D
            u = u.dropFirst()
        }
        guard !u.isEmpty else { return nil }
        var m: UInt64 = 0
        for b in u {
            guard CelLexer.isDigit(b) else { return nil }
            let (x, o1) = m.multipliedReportingOverflow(by: 10)
            let (y, o2) = x.addingReportingOverflow(UInt64(b - 0x30))
            if o1 || o2 { return nil }
            m = y
        }
        return ParsedInteger(negative: negative, magnitude: m)
    }
}
