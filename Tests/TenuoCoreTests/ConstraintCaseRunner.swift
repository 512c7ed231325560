import Testing
@testable import TenuoCore

/// The checks shared by every differential constraint-case file (constraints-*.json): one
/// function per case family, so the struct and net suites cannot drift apart.
enum ConstraintCaseRunner {
    /// JSON-form cases: the constructor encodes exactly as the reference, and evaluation and
    /// attenuation decide as the case says.
    static func run(_ c: StructCase) throws {
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
    static func runExtra(_ c: StructCase) throws {
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
}
