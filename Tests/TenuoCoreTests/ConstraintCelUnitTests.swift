import Testing

@testable import TenuoCore

/// CEL: parser and evaluator limits, wire form, and the attenuation checks libtenuo adds to the
/// reference's syntactic rule. Reference behaviour itself is covered by constraints-cel.json.
@Suite struct ConstraintCelUnitTests {
    static func allows(_ e: String, _ v: Value) -> Bool { (try? Constraint.cel(e).matches(v)) ?? false }

    static func error(_ e: String, _ v: Value) -> TenuoError? {
        do {
            _ = try Constraint.cel(e).matches(v)
            return nil
        } catch {
            return error
        }
    }

    @Test func basics() {
        #expect(Self.allows("value < 100", .int(5)))
        #expect(!Self.allows("value < 100", .int(500)))
        #expect(Self.allows("amount < 10000 && currency == 'USD'", .map(["amount": .int(5), "currency": .string("USD")])))
        #expect(Self.error("value + 1", .int(1))?.message.hasPrefix("CelError: CEL expression error: expression must return bool") == true)
        #expect(Self.error("1 / 0 == 1", .int(1))?.code == .constraintViolation)
        #expect(Self.error("this is not valid", .int(1))?.message.contains("compilation failed") == true)
        #expect(Self.allows("'\\u00e9' == 'é' && b'\\xff'.size() == 1 && '\\101' == 'A'", .null))
        #expect(Self.allows("size('é') == 2 && 'é'[0] == null && 'abc'[1] == 'b'", .null))
    }

    @Test func limitsRefusedAtConstruction() {
        func code(_ e: String) -> ErrorCode? {
            do {
                _ = try Constraint.cel(e)
                return nil
            } catch {
                return error.code
            }
        }
        // Nesting: 32 levels at most (parentheses, brackets, calls, unary runs).
        #expect(code(String(repeating: "(", count: 31) + "true" + String(repeating: ")", count: 31)) == nil)
        #expect(code(String(repeating: "(", count: 40) + "true" + String(repeating: ")", count: 40)) == .valueTooLarge)
        #expect(code(String(repeating: "[", count: 40) + String(repeating: "]", count: 40) + " == []") == .valueTooLarge)
        // Tree depth: a chain of 200 terms is 200 deep.
        #expect(code(Array(repeating: "value == 1", count: 200).joined(separator: "||")) == .valueTooLarge)
        #expect(code(Array(repeating: "value == 1", count: 100).joined(separator: "||")) == nil)
        // Length: the 4 KiB expression limit (a huge literal).
        #expect(code("value == '" + String(repeating: "x", count: 5000) + "'") == .valueTooLarge)
        // Node count.
        #expect(code("[" + Array(repeating: "1", count: 2000).joined(separator: ",") + "] == []") == nil)
        // Wire decode refuses the same.
        var w = CBORWriter()
        w.arrayHeader(2)
        w.unsigned(15)
        w.mapHeader(1)
        w.text("expression")
        w.text(String(repeating: "(", count: 40) + "true" + String(repeating: ")", count: 40))
        #expect(throws: TenuoError.self) { _ = try Constraint(wire: try CBORReader.decode(w.bytes)) }
    }

    @Test func stepBudgetAndLinearTime() {
        // Quadratic work over a big argument exceeds the step budget: denied, not run for seconds.
        let big = Value.list((0..<5_000).map { .int(Int64($0)) })
        let e = Self.error("value.all(x, value.exists(y, y == x))", big)
        #expect(e?.message.contains("steps") == true)
        // Linear work over a large argument runs (1M elements, a 4 MiB string).
        let huge = Value.list((0..<1_000_000).map { .int(Int64($0 & 7)) })
        #expect(Self.allows("value.all(x, x < 8) && size(value) == 1000000", huge))
        let text = Value.string(String(repeating: "ab", count: 2 << 20))
        #expect(Self.allows("value.startsWith('ab') && value.contains('ba') && !value.contains('aa')", text))
        #expect(Self.allows("value.matches('^(ab)+$')", text))
        // Building a quadratic value is charged too.
        let list = Value.list((0..<3_000).map { .int(Int64($0)) })
        #expect(Self.error("value.map(x, value + value).size() > 0", list)?.message.contains("steps") == true)
    }

    /// Timestamps, durations and the clock functions: exact values with the clock pinned (to an
    /// instant between 2020 and 2900, so the case file's clock-independent outcomes hold while
    /// this runs alongside), and inputs of any size parsed in linear time within the budget.
    @Test func timeAndClock() {
        CelClock.pin(seconds: 1_767_225_600, nanos: 250_000_000)  // 2026-01-01T00:00:00.25Z
        defer { CelClock.unpin() }
        #expect(Self.allows("time_now(0) == '2026-01-01T00:00:00.250+00:00'", .null))
        #expect(Self.allows("time_since(value) == 3600", .string("2025-12-31T23:00:00Z")))
        #expect(Self.allows("time_since(value) == -1", .string("2026-01-01T00:00:01.5Z")))  // toward zero
        #expect(Self.allows("time_since(value) == 0 && !time_is_expired(value)", .string("2026-01-01T00:00:00.25Z")))
        #expect(Self.allows("time_is_expired(value)", .string("2026-01-01T00:00:00.249999999Z")))
        #expect(Self.allows("time_since(value) == 0 && !time_is_expired(value)", .int(5)))
        #expect(Self.error("time_since() == 0", .null) != nil)
        // Values and printing.
        #expect(Self.allows("string(timestamp(value) - duration('1.5s')) == '2023-05-28T10:20:28.623-07:00'",
                            .string("2023-05-28T10:20:30.123-07:00")))
        #expect(Self.allows("string(duration('-1s')) == '-5124095h34m32.709551616s'", .null))
        #expect(Self.allows("value.size == value.size && value.size != value.contains", .int(1)))
        #expect(Self.error("'abc'.size(1 / 0) == 3", .null) != nil)
        // Range: sums past chrono's ±(2^63 - 1) ms fail (the reference panics), as do timestamps
        // past its years.
        // ("infs" saturates to 2^63 - 1 ns a term; a million terms pass 2^63 - 1 ms.)
        let many = Value.string(String(repeating: "infs", count: 1_000_001))
        #expect(Self.error("duration(value) > duration('0s')", many)?.message.contains("duration") == true)
        #expect(Self.error("timestamp(value) + duration('2562047h') + duration('2562047h') > timestamp(value)",
                           .string("9999-01-01T00:00:00Z")) == nil)
        // A 1 MiB argument: parsed once, linearly, within the step budget.
        let mib = 1 << 20
        #expect(Self.allows("duration(value) == duration('524288h')", .string(String(repeating: "1h", count: mib / 2))))
        #expect(Self.allows("string(duration(value)) == '2562047h47m16.854775807s'",
                            .string(String(repeating: "7", count: mib) + "s")))
        #expect(Self.allows("duration(value) == duration('0s')", .string("0." + String(repeating: "0", count: mib) + "1s")))
        #expect(Self.error("timestamp(value) > timestamp('2000-01-01T00:00:00Z')",
                           .string("2023-05-28T10:20:30." + String(repeating: "1", count: mib) + "Z")) == nil)
        #expect(Self.error("timestamp(value) > timestamp('2000-01-01T00:00:00Z')",
                           .string("2023-05-28T10:20:30Z" + String(repeating: " ", count: mib))) != nil)
        #expect(Self.allows("time_since(value) == 0", .string(String(repeating: "2", count: mib))))
    }

    /// Macros over a map: the reference's iteration order is random per evaluation, so where
    /// the order could decide, libtenuo denies; order-free outcomes stand.
    @Test func mapIterationOrderNeverDecides() {
        func m(_ entries: [String: Value]) -> Value { .map(["m": .map(entries)]) }
        let abc = m(["a": .int(1), "b": .int(2), "c": .int(0)])
        #expect(Self.error("!m.all(k, 10 / m[k] > 6)", abc) != nil)  // false or an error, by order
        #expect(Self.error("m.exists(k, 10 / m[k] == 5)", abc) != nil)  // true or an error, by order
        #expect(Self.allows("m.exists(k, m[k] == 2) && !m.all(k, m[k] > 0) && m.exists_one(k, k == 'c')", abc))
        #expect(Self.error("m.exists(k, m[k]) == 1", abc) != nil)  // the first truthy value: 1 or 2
        #expect(Self.allows("m.exists(k, m[k]) == 1", m(["a": .int(1), "b": .int(1)])))
        #expect(Self.error("m.map(k, k)[0] == 'a'", abc) != nil)
        #expect(Self.error("size(m.filter(k, true)) == 3", abc) != nil)  // order-free use, still refused
        #expect(Self.allows("m.map(k, 1) == [1, 1, 1] && m.filter(k, k == 'a') == ['a']", abc))
        #expect(Self.allows("m.map(k, k) == ['a']", m(["a": .int(1)])))
    }

    @Test func wireForm() throws {
        let c = try Constraint.cel("value < 1")
        #expect(CT.hex(c.wireBytes) == "820fa16a65787072657373696f6e6976616c7565203c2031")
        let child = Constraint(try CelConstraint("(value < 1) && (value > 0)", parentExpression: "value < 1"))
        let back = try Constraint(wire: try CBORReader.decode(child.wireBytes))
        #expect(back == child)
        #expect((back.kind as? CelConstraint)?.parentExpression == "value < 1")
        #expect(try Constraint(json: child.json()) == child)
    }

    @Test func attenuation() throws {
        func code(_ p: String, _ c: String) -> ErrorCode? {
            do {
                try Constraint.cel(p).checkAttenuation(to: try Constraint.cel(c))
                return nil
            } catch {
                return error.code
            }
        }
        #expect(code("value < 100", "value < 100") == nil)
        #expect(code("value < 100", " value<100 ") == nil)
        #expect(code("value < 100", "(value < 100) && (value > 0)") == nil)
        #expect(code("value < 100", "(value<100)&&(value>0)") == nil)
        #expect(code("value < 100", "(value < 100) && value > 0") == .invalidAttenuation)
        #expect(code("value < 100", "(value < 100) && (value > 0) || (true)") == .invalidAttenuation)
        #expect(code("value < 100", "value < 50") == .invalidAttenuation)
        #expect(code("value < 100", "(value < 100) && (value >)") == .constraintViolation)  // CelError
        // Soundness checks the reference lacks.
        #expect(code("value == 'a b'", "value == 'ab'") == .invalidAttenuation)
        #expect(code("value", "(value) && (true)") == .invalidAttenuation)
        #expect(Self.allows("(value) && (true)", .string("x")) && !Self.allows("value", .string("x")))
        #expect(code("false) || (true", "(false) || (true) && (true)") == .invalidAttenuation)
        #expect(code("value.exists(x, x > 1)", "(value.exists(x, x > 1)) && (true)") == nil)
        // CEL and other types do not mix; a Wildcard parent accepts, a Wildcard child widens.
        #expect(throws: TenuoError.self) { try Constraint.cel("value == 'a'").checkAttenuation(to: .exact(.string("a"))) }
        #expect(throws: TenuoError.self) { try Constraint.exact(.string("a")).checkAttenuation(to: try .cel("value == 'a'")) }
        #expect(throws: Never.self) { try Constraint.wildcard.checkAttenuation(to: try .cel("value == 'a'")) }
        #expect(throws: TenuoError.self) { try Constraint.cel("value == 'a'").checkAttenuation(to: .wildcard) }
    }

    /// Soundness: whenever a CEL child is accepted, every sampled value it allows is allowed by
    /// the parent (parents include non-bool, non-parsing and whitespace-sensitive ones).
    @Test func attenuationNeverWidens() throws {
        let parents = [
            "value < 100", "value", "value || false", "value == 'a b'", "false) || (true", "size(value) > 1",
            "value.exists(x, x)", "value.exists(x, x > 1)", "has(value.a) || value == 1", "this is not valid",
            "value in ['x']", "value.startsWith('a') ? true : false", "!value", "value == 1 ? value : false",
            "time_is_expired(value)", "time_since(value)", "timestamp(value) > timestamp('2000-01-01T00:00:00Z')",
            "value.size",
        ]
        let predicates = ["true", "value > 0", "false || true", "1", "value", "(true) || (true)", "x"]
        let values: [Value] = [
            .int(0), .int(1), .int(5), .int(500), .string(""), .string("x"), .string("a b"), .string("ab"),
            .string("abc"), .bool(true), .null, .list([.int(2)]), .list([.int(0)]), .map(["a": .int(1)]),
            .list([.string("x")]), .string("2001-01-01T00:00:00Z"), .string("2999-01-01T00:00:00Z"),
        ]
        var accepted = 0
        for p in parents {
            var children = [p, p.replacingOccurrences(of: " ", with: ""), "value < 50"]
            for q in predicates {
                children += ["(\(p)) && (\(q))", "(\(p))&&(\(q))", "( \(p) ) && ( \(q) )", "(\(p)) && \(q)"]
            }
            let parent = try Constraint.cel(p)
            for c in children {
                let child = try Constraint.cel(c)
                guard (try? parent.checkAttenuation(to: child)) != nil else { continue }
                accepted += 1
                for v in values where Self.allowsC(child, v) {
                    #expect(Self.allowsC(parent, v), "\(p) -> \(c) widens on \(v)")
                }
            }
        }
        #expect(accepted >= 40)
    }

    static func allowsC(_ c: Constraint, _ v: Value) -> Bool { (try? c.matches(v)) ?? false }
}
