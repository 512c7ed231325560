import Foundation
import Testing

@testable import TenuoCore

/// One case of Tests/Vectors/constraints-struct.json (generated against the reference runtime by
/// scripts/gen_constraint_cases_struct.py; "expect" is libtenuo's decision, with "reference" and
/// "divergence" beside it where the two deliberately differ).
struct StructCase: CustomTestStringConvertible, Sendable {
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

enum StructFile {
    static let top: [String: Value] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/constraints-struct.json")
        guard let data = try? Data(contentsOf: url), case .map(let m)? = try? JSON.parse([UInt8](data)) else {
            return [:]
        }
        return m
    }()

    static func list(_ key: String) -> [StructCase] {
        guard case .list(let l)? = top[key] else { return [] }
        return l.compactMap { if case .map(let m) = $0 { return StructCase(raw: m) } else { return nil } }
    }

    static let cases = list("cases")
    static let extra = list("extra_cases")

    static func wire(_ hex: String) throws(TenuoError) -> Constraint { try CT.constraint(hex) }

    /// The spec code of what `body` throws (0 when it returns).
    static func code(_ body: () throws -> Void) -> Int32 {
        do {
            try body()
            return 0
        } catch let e as TenuoError {
            return e.code.rawValue
        } catch {
            return -1
        }
    }

    static func allows(_ c: Constraint, _ v: Value) -> Bool { (try? c.matches(v)) ?? false }
}

@Suite struct ConstraintStructTests {
    @Test func fileLoads() {
        #expect(StructFile.cases.count > 3_000)
        #expect(StructFile.extra.count > 200)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: StructFile.cases)
    func run(_ c: StructCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: StructFile.extra)
    func runExtra(_ c: StructCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }

    /// Every scalar lowercases as Rust's `to_lowercase` (the reference's table, from the file).
    @Test func lowercaseTableMatchesReference() throws {
        guard case .map(let u)? = StructFile.top["unicode"], case .list(let rows)? = u["lowercase"] else {
            Issue.record("no unicode table")
            return
        }
        var table: [UInt32: [UInt32]] = [:]
        for case .list(let row) in rows {
            guard row.count == 2, case .int(let cp) = row[0], case .list(let mapped) = row[1] else { continue }
            table[UInt32(cp)] = mapped.compactMap { if case .int(let m) = $0 { return UInt32(m) } else { return nil } }
        }
        #expect(table.count > 1_400)
        var mismatches: [UInt32] = []
        for v in UInt32(1)...0x10FFFF {
            guard let s = Unicode.Scalar(v), s != "/", s != "\\", s != "." else { continue }
            let got = UnicodeCase.lowercase(String(Character(s))).unicodeScalars.map(\.value)
            if got != (table[v] ?? [v]) { mismatches.append(v) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(10))")
    }

    /// Shlex splits on exactly the scalars the reference does.
    @Test func shlexSeparatorsMatchReference() throws {
        guard case .map(let u)? = StructFile.top["unicode"], case .list(let list)? = u["shlex_separators"] else {
            Issue.record("no separator table")
            return
        }
        let expected = Set(list.compactMap { if case .int(let i) = $0 { return UInt32(i) } else { return nil } })
        #expect(expected.count == 21)
        let ls = try Constraint.shlex(allow: ["ls"])
        var got: Set<UInt32> = []
        for v in UInt32(1)...0x10FFFF {
            guard let s = Unicode.Scalar(v), s != "/", s != "\\", s != "." else { continue }
            // Only White_Space scalars can split; checking every scalar keeps the test honest.
            if s.properties.isWhitespace || v < 0x80 || expected.contains(v) {
                if StructFile.allows(ls, .string("ls" + String(Character(s)) + "x")) { got.insert(v) }
            }
        }
        #expect(got == expected)
    }
}
