import Foundation
import Testing

@testable import TenuoCore

/// Tests/Vectors/constraints-net.json: Regex, Cidr, UrlPattern and UrlSafe cases generated
/// against the reference runtime by scripts/gen_constraint_cases_net.py ("expect" is
/// libtenuo's decision, with "reference" and "divergence" beside it where they differ).
/// The case shape is the struct file's (`StructCase`).
enum NetFile {
    static let top: [String: Value] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Vectors/constraints-net.json")
        guard let data = try? Data(contentsOf: url),
            case .map(let m)? = try? JSON.parse([UInt8](data), limits: JSONLimits(maxBytes: 16 << 20))
        else {
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

    /// The reference's ranges for one Unicode class, as a set (surrogates dropped).
    static func referenceClass(_ name: String) -> ScalarSet? {
        guard case .map(let u)? = top["unicode"], case .list(let rows)? = u[name] else { return nil }
        var out = ScalarSet()
        for case .list(let r) in rows {
            guard r.count == 2, case .int(let lo) = r[0], case .int(let hi) = r[1] else { return nil }
            out.insert(UInt32(lo)...UInt32(hi))
        }
        return out
    }
}

@Suite struct ConstraintNetTests {
    @Test func fileLoads() {
        #expect(NetFile.cases.count > 5_000)
        #expect(NetFile.extra.count > 400)
    }

    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    @Test(arguments: NetFile.cases)
    func run(_ c: StructCase) throws {
        try ConstraintCaseRunner.run(c)
    }

    /// Wire-level and constructor cases.
    @Test(arguments: NetFile.extra)
    func runExtra(_ c: StructCase) throws {
        try ConstraintCaseRunner.runExtra(c)
    }

    /// `\d`, `\s` and `\w` cover exactly the scalars the reference's do.
    @Test(arguments: ["digit", "space", "word"])
    func unicodeClassMatchesReference(_ name: String) throws {
        let expected = try #require(NetFile.referenceClass(name))
        let ours: ScalarSet
        switch name {
        case "digit": ours = RegexUnicode.digit
        case "space": ours = RegexUnicode.space
        default: ours = RegexUnicode.word
        }
        let onlyOurs = ours.subtracting(expected)
        let onlyReference = expected.subtracting(ours)
        #expect(onlyOurs.isEmpty, "\(name): only ours \(onlyOurs.ranges.prefix(8))")
        #expect(onlyReference.isEmpty, "\(name): only the reference's \(onlyReference.ranges.prefix(8))")
    }
}
