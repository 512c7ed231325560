import Foundation
import Testing

@testable import TenuoCore

/// Tests/Vectors/constraints-cel.json: CEL cases generated against the reference runtime by
/// scripts/gen_constraint_cases_cel.py ("expect" is libtenuo's decision, with "reference" and
/// "divergence" beside it where they differ). The case shape is the other constraint case files' (`ConstraintCase`).
enum CelFile {
    static let top: [String: Value] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/constraints-cel.json")
        guard let data = try? Data(contentsOf: url),
            case .map(let m)? = try? JSON.parse([UInt8](data), limits: JSONLimits(maxBytes: 16 << 20))
        else {
            return [:]
        }
        return m
    }()

    static func list(_ key: String) -> [ConstraintCase] {
        guard case .list(let l)? = top[key] else { return [] }
        return l.compactMap { if case .map(let m) = $0 { return ConstraintCase(raw: m) } else { return nil } }
    }

    static let cases = list("cases")
    static let extra = list("extra_cases")
}

@Suite struct ConstraintCelTests {
    @Test func fileLoads() {
        #expect(CelFile.cases.count > 3_000)
        #expect(CelFile.extra.count >= 3)
    }

    @Test(arguments: CelFile.cases)
    func run(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    @Test(arguments: CelFile.extra)
    func runExtra(_ c: ConstraintCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }
}
