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
        switch c.kind {
        case "constraint":
            let cons = try Constraint(json: c.raw["constraint"] ?? .null)
            if c.raw["wire_hex"] != nil {
                #expect(CT.hex(cons.wireBytes) == c.text("wire_hex"), "\(c.id) encoding")
                #expect(try CT.constraint(c.text("wire_hex")) == cons, "\(c.id) decodes to the same constraint")
            }
            let value = try JSON.parse(c.text("value_json"))
            #expect(StructFile.allows(cons, value) == c.expectedBool, "\(c.id)")
            #expect(try Constraint(json: cons.json()) == cons, "\(c.id) JSON round trip")
        case "attenuation":
            let parent = try Constraint(json: c.raw["parent"] ?? .null)
            let child = try Constraint(json: c.raw["child"] ?? .null)
            #expect(StructFile.code { try parent.checkAttenuation(to: child) } == c.expectedCode, "\(c.id)")
        default:
            Issue.record("unknown case kind \(c.kind) in \(c.id)")
        }
    }

    /// Wire-level and constructor cases.
    @Test(arguments: NetFile.extra)
    func runExtra(_ c: StructCase) throws {
        switch c.kind {
        case "wire_constraint":
            let cons = try StructFile.wire(c.text("wire_hex"))
            if c.canonical { #expect(CT.hex(cons.wireBytes) == c.text("wire_hex"), "\(c.id) re-encoding") }
            #expect(StructFile.allows(cons, try JSON.parse(c.text("value_json"))) == c.expectedBool, "\(c.id)")
        case "wire_attenuation":
            let parent = try StructFile.wire(c.text("parent_hex"))
            let child = try StructFile.wire(c.text("child_hex"))
            #expect(StructFile.code { try parent.checkAttenuation(to: child) } == c.expectedCode, "\(c.id)")
        case "wire_decode":
            var decoded: Constraint?
            let code = StructFile.code { decoded = try StructFile.wire(c.text("wire_hex")) }
            #expect((code == 0) == c.expectedBool, "\(c.id): \(c.text("note")) gave \(code)")
            if let d = decoded, c.canonical {
                #expect(CT.hex(d.wireBytes) == c.text("wire_hex"), "\(c.id) re-encoding")
            }
        case "construct":
            let code = StructFile.code { _ = try Constraint(json: c.raw["constraint"] ?? .null) }
            #expect((code == 0) == c.expectedBool, "\(c.id) gave \(code)")
        default:
            Issue.record("unknown case kind \(c.kind) in \(c.id)")
        }
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
