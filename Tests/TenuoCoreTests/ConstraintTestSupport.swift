import Foundation
import Testing

@testable import TenuoCore

/// What the constraint suites share (one suite per family: ConstraintValueTests,
/// ConstraintPatternTests, ConstraintValueSetTests, ConstraintCompositeTests, ConstraintPathTests,
/// ConstraintNetworkTests, ConstraintCel*, plus ConstraintWireTests and ConstraintSetTests):
/// hex and decoding helpers, decisions as plain values, the differential case files and their
/// runner, a seeded generator and the attenuation-soundness loop.
enum CT {
    static func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var it = hex.utf8.makeIterator()
        func nib(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10 }
        while let a = it.next(), let b = it.next() { out.append(nib(a) << 4 | nib(b)) }
        return out
    }

    static func hex(_ b: [UInt8]) -> String { Hex.encode(b) }

    /// Decodes a constraint from wire hex.
    static func constraint(_ hex: String) throws(TenuoError) -> Constraint {
        try Constraint(wire: try CBORReader.decode(bytes(hex)))
    }

    /// Builds a constraint from its JSON form, given as text.
    static func parse(_ json: String) throws -> Constraint { try Constraint(json: try JSON.parse(json)) }

    static func encode(_ c: Constraint) -> String {
        var w = CBORWriter()
        c.write(to: &w)
        return hex(w.bytes)
    }

    /// The code of the error `body` throws, or nil when it does not throw.
    static func code(_ body: () throws -> Void) -> ErrorCode? {
        do {
            try body()
            return nil
        } catch let e as TenuoError {
            return e.code
        } catch {
            return .internalError
        }
    }

    /// The spec code of what `body` throws as the case files write it: 0 when it returns, -1 for
    /// an error that is not a TenuoError.
    static func status(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let e as TenuoError {
            return e.code.rawValue
        } catch {
            return -1
        }
    }

    /// Whether `c` allows `v`; an evaluation error counts as a deny, as in an authorization.
    static func allows(_ c: Constraint, _ v: Value) -> Bool { (try? c.matches(v)) ?? false }

    /// `allows` for a string argument.
    static func allowsText(_ c: Constraint, _ s: String) -> Bool { allows(c, .string(s)) }

    /// `allows` for an argument given as JSON text.
    static func allowsJSON(_ c: Constraint, _ json: String) throws -> Bool { allows(c, try JSON.parse(json)) }

    /// The refusal of `parent → child` as (code, message), or (nil, "") when accepted.
    static func attenuation(_ parent: Constraint, _ child: Constraint) -> (ErrorCode?, String) {
        do {
            try parent.checkAttenuation(to: child)
            return (nil, "")
        } catch {
            return (error.code, error.message)
        }
    }

    /// A docs example: the JSON form builds, allows `yes` and denies `no` (both JSON text).
    static func checkExamples(_ examples: [(json: String, yes: String, no: String)]) throws {
        for (json, yes, no) in examples {
            let c = try parse(json)
            #expect(try allowsJSON(c, yes) && !allowsJSON(c, no), "\(json)")
        }
    }

    /// JSON forms the constructor refuses, with the code.
    static func checkRefusals(_ cases: [(String, ErrorCode)]) {
        for (text, want) in cases {
            #expect(code { _ = try parse(text) } == want, "\(text)")
        }
    }
}

/// One case of a differential case file (Tests/Vectors/constraints-*.json, approvals.json):
/// "expect" is libtenuo's decision, with "reference" and "divergence" beside it where the two
/// deliberately differ.
struct ConstraintCase: CustomTestStringConvertible, Sendable {
    let raw: [String: Value]
    var id: String { raw["id"]?.string ?? "?" }
    var kind: String { raw["kind"]?.string ?? "?" }
    var testDescription: String { id }
    func text(_ k: String) -> String { raw[k]?.string ?? "" }
    func expect(_ k: String) -> Value? {
        guard case .map(let m)? = raw["expect"] else { return nil }
        return m[k]
    }
    var expectedBool: Bool? {
        for k in ["match", "decodes", "ok"] { if case .bool(let b)? = expect(k) { return b } }
        return nil
    }
    /// False when the case's bytes are not the reference's own encoding (re-encoding differs).
    var canonical: Bool { raw["canonical"] != .bool(false) }
    var expectedCode: Int32 {
        if case .int(let c)? = expect("code") { return Int32(c) }
        return -1
    }
}

/// One differential case file of Tests/Vectors, generated against the reference by a seeded
/// script under scripts/ (named in the file's "generated_by").
struct CaseFile: Sendable {
    static let valueSets = CaseFile("constraints-value-sets.json")
    static let composites = CaseFile("constraints-composites.json")
    static let paths = CaseFile("constraints-paths.json")
    static let network = CaseFile("constraints-network.json")

    let top: [String: Value]
    let cases: [ConstraintCase]
    let extra: [ConstraintCase]

    init(_ name: String) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/\(name)")
        let m: [String: Value]
        if let data = try? Data(contentsOf: url),
            case .map(let t)? = try? JSON.parse([UInt8](data), limits: JSONLimits(maxBytes: 16 << 20))
        {
            m = t
        } else {
            m = [:]
        }
        func list(_ key: String) -> [ConstraintCase] {
            guard case .list(let l)? = m[key] else { return [] }
            return l.compactMap { if case .map(let c) = $0 { return ConstraintCase(raw: c) } else { return nil } }
        }
        top = m
        cases = list("cases")
        extra = list("extra_cases")
    }
}

/// The checks shared by every differential constraint-case file: one function per case list, so
/// the family suites cannot drift apart.
enum ConstraintCaseRunner {
    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    static func run(_ c: ConstraintCase) throws {
        switch c.kind {
        case "constraint":
            let cons = try Constraint(json: c.raw["constraint"] ?? .null)
            if c.raw["wire_hex"] != nil {
                #expect(CT.hex(cons.wireBytes) == c.text("wire_hex"), "\(c.id) encoding")
                #expect(try CT.constraint(c.text("wire_hex")) == cons, "\(c.id) decodes to the same constraint")
            }
            let value = try JSON.parse(c.text("value_json"))
            #expect(CT.allows(cons, value) == c.expectedBool, "\(c.id)")
            #expect(try Constraint(json: cons.json()) == cons, "\(c.id) JSON round trip")
        case "attenuation":
            let parent = try Constraint(json: c.raw["parent"] ?? .null)
            let child = try Constraint(json: c.raw["child"] ?? .null)
            #expect(CT.status { try parent.checkAttenuation(to: child) } == c.expectedCode, "\(c.id)")
        default:
            Issue.record("unknown case kind \(c.kind) in \(c.id)")
        }
    }

    /// Wire-level and constructor cases.
    static func runExtra(_ c: ConstraintCase) throws {
        switch c.kind {
        case "wire_constraint":
            let cons = try CT.constraint(c.text("wire_hex"))
            if c.canonical { #expect(CT.hex(cons.wireBytes) == c.text("wire_hex"), "\(c.id) re-encoding") }
            #expect(CT.allows(cons, try JSON.parse(c.text("value_json"))) == c.expectedBool, "\(c.id)")
        case "wire_attenuation":
            let parent = try CT.constraint(c.text("parent_hex"))
            let child = try CT.constraint(c.text("child_hex"))
            #expect(CT.status { try parent.checkAttenuation(to: child) } == c.expectedCode, "\(c.id)")
        case "wire_decode":
            var decoded: Constraint?
            let code = CT.status { decoded = try CT.constraint(c.text("wire_hex")) }
            #expect((code == 0) == c.expectedBool, "\(c.id): \(c.text("note")) gave \(code)")
            if let d = decoded, c.canonical {
                #expect(CT.hex(d.wireBytes) == c.text("wire_hex"), "\(c.id) re-encoding")
            }
        case "construct":
            let code = CT.status { _ = try Constraint(json: c.raw["constraint"] ?? .null) }
            #expect((code == 0) == c.expectedBool, "\(c.id) gave \(code)")
        default:
            Issue.record("unknown case kind \(c.kind) in \(c.id)")
        }
    }
}

/// The reference's attenuation tables (ConstraintValueTests, ConstraintPatternTests): a square of
/// constraints, each row the reference's outcome for `row → column` as a token.
enum AttenuationTable {
    static let kinds: [String: (String, ErrorCode)] = [
        "IC": ("IncompatibleConstraintTypes", .invalidAttenuation), "EV": ("ExactValueMismatch", .invalidAttenuation),
        "MO": ("MonotonicityError", .invalidAttenuation), "WE": ("WildcardExpansion", .capabilityExpansion),
        "PE": ("PatternExpanded", .capabilityExpansion), "RE": ("RangeExpanded", .capabilityExpansion),
        "RI": ("RangeInclusivityExpanded", .capabilityExpansion), "VP": ("ValueNotInParentSet", .capabilityExpansion),
        "ER": ("ExclusionRemoved", .capabilityExpansion), "VR": ("ValueNotInRange", .constraintViolation),
        "IP": ("InvalidPattern", .constraintViolation),
    ]

    /// Our outcome as a table token.
    static func outcome(_ parent: Constraint, _ child: Constraint) -> String {
        do {
            try parent.checkAttenuation(to: child)
            return "ok"
        } catch {
            // The kind is data on the error (`TenuoError.kind`), never read from the message.
            for (abbr, (name, code)) in kinds where error.kind == name {
                return code == error.code ? abbr : "\(abbr)/wrong-code-\(error.code.rawValue)"
            }
            return "?? \(error)"
        }
    }

    /// Pairs where we deliberately refuse what the reference accepts (PatternAttenuation's
    /// guards): the child allows values the parent denies.
    static let saferThanReference: Set<String> = [
        "Pattern '*a]' -> Pattern '*[a]'",  // child allows "xa", parent only "…a]"
        "Pattern '*a]' -> Pattern '[a]'",  // child allows "a"
        "Pattern '[*' -> Pattern '[a]*'",  // the parent does not compile: it denies everything
        "Pattern '[*' -> Pattern '[ab]*'",
        "Pattern '[*' -> Pattern '[a]'",
    ]

    static func runTable(_ cs: [(label: String, hex: String)], _ expected: [String]) throws {
        let constraints = try cs.map { try CT.constraint($0.hex) }
        #expect(expected.count == cs.count)
        for (i, parent) in constraints.enumerated() {
            let row = expected[i].split(separator: " ").map(String.init)
            #expect(row.count == cs.count)
            for (j, child) in constraints.enumerated() {
                let name = "\(cs[i].label) -> \(cs[j].label)"
                let got = outcome(parent, child)
                if saferThanReference.contains(name) {
                    #expect(row[j] == "ok" && got == "PE", "\(name): reference \(row[j]), ours \(got)")
                } else {
                    #expect(got == row[j], "\(name): reference \(row[j]), ours \(got)")
                }
            }
        }
    }
}

/// SplitMix64: a tiny deterministic generator so the property runs are reproducible.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) < p * 1_000_000 }

    /// A `RandomNumberGenerator` view for the standard library's shuffles and picks.
    var generator: SeededGenerator {
        get { SeededGenerator(inner: self) }
        set { self = newValue.inner }
    }
}

struct SeededGenerator: RandomNumberGenerator {
    var inner: SeededRandom
    mutating func next() -> UInt64 { inner.next() }
}

/// Attenuation soundness: whenever `parent.checkAttenuation(to: child)` accepts, every sampled
/// value the child allows must be allowed by the parent (an evaluation error counts as a deny).
enum Soundness {
    /// Runs `pairs` seeded (parent, child) draws and checks every accepted one on its probes.
    static func check(
        _ name: String, seed: UInt64, pairs: Int, minAccepted: Int,
        draw: (inout SeededRandom) throws -> (Constraint, Constraint),
        probes: (Constraint, inout SeededRandom) -> [Value]
    ) rethrows {
        var r = SeededRandom(seed: seed)
        var accepted = 0
        for _ in 0..<pairs {
            let (parent, child) = try draw(&r)
            guard (try? parent.checkAttenuation(to: child)) != nil else { continue }
            accepted += 1
            for v in probes(child, &r) where CT.allows(child, v) {
                #expect(CT.allows(parent, v), "\(name): \(parent) -> \(child) widens on \(v)")
            }
        }
        #expect(accepted >= minAccepted, "\(name): only \(accepted) accepted pairs")
    }
}
