import Foundation
import Testing
@testable import TenuoCore

/// Runs every case of Tests/Vectors/vectors.json (the file the C runner and pytest also run).
/// The file is read with the core's own JSON parser, so ints and floats keep their kinds.
struct VectorCase: CustomTestStringConvertible, Sendable {
    let raw: [String: Value]
    var id: String { raw["id"]?.string ?? "?" }
    var kind: String { raw["kind"]?.string ?? "?" }
    var testDescription: String { id }
    subscript(_ k: String) -> Any? { raw[k].map(VectorFile.plain) }
    var expect: [String: Any] { (raw["expect"].map(VectorFile.plain) as? [String: Any]) ?? [:] }
    var expectedCode: Int32 { Int32(expect["code"] as? Int ?? 0) }
    func value(_ k: String) -> Value { raw[k] ?? .null }
}

enum VectorFile {
    static let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Vectors/vectors.json")

    static let cases: [VectorCase] = {
        guard let data = try? Data(contentsOf: url), case .map(let top)? = try? JSON.parse([UInt8](data)),
            case .list(let list)? = top["cases"]
        else { return [] }
        return list.compactMap { if case .map(let m) = $0 { return VectorCase(raw: m) } else { return nil } }
    }()

    /// Plain Swift view of a value (Int, Double, String, Bool, arrays, dictionaries; nil for null).
    static func plain(_ v: Value) -> Any? {
        switch v {
        case .null: return nil
        case .bool(let b): return b
        case .int(let i): return Int(i)
        case .float(let d): return d
        case .string(let s): return s
        case .list(let a): return a.map { plain($0) as Any }
        case .map(let m): return m.compactMapValues { plain($0) }
        }
    }

    static func bytes(_ v: Any?) throws -> [UInt8] { try Hex.decode(v as? String ?? "") }
    static func constraint(_ v: Value) throws -> Constraint { try Constraint(json: v) }
    static func constraintSet(_ v: Value) throws -> ConstraintSet { try ConstraintSet(flatJSON: v) }
    static func args(_ v: Any?) throws -> [String: Value] {
        guard case .map(let m) = try JSON.parse(v as? String ?? "{}") else { return [:] }
        return m
    }
    static func code(_ body: () throws -> Void) -> Int32 {
        do { try body(); return 0 } catch let e as TenuoError { return e.code.rawValue } catch let d as Denial {
            return d.code.rawValue
        } catch { return -1 }
    }
}

@Suite struct VectorTests {
    /// Cases marked "pending" (features of a later issue) are not run by any suite.
    static let runnable = VectorFile.cases.filter { $0.raw["pending"] == nil }

    @Test func fileLoads() {
        #expect(VectorFile.cases.count > 100)
        let pending = VectorFile.cases.count - Self.runnable.count
        print("vectors: \(Self.runnable.count) cases run, \(pending) pending (skipped) of \(VectorFile.cases.count)")
    }

    @Test(arguments: VectorTests.runnable)
    func run(_ c: VectorCase) throws {
        switch c.kind {
        case "decode":
            var warrant: Warrant?
            let code = VectorFile.code { warrant = try Warrant(decoding: try VectorFile.bytes(c["envelope_hex"])) }
            #expect(code == c.expectedCode, "\(c.id)")
            if let w = warrant, c.expectedCode == 0 {
                #expect(Hex.encode(w.payloadBytes) == c.expect["payload_hex"] as? String)
                if let id = c.expect["id"] as? String { #expect(w.id.description == id) }
                if let d = c.expect["depth"] as? Int { #expect(Int(w.payload.depth) == d) }
                if let d = c.expect["max_depth"] as? Int { #expect(Int(w.payload.maxDepth) == d) }
                if let e = c.expect["expires_at"] as? Int { #expect(Int(w.payload.expiresAt) == e) }
                if let t = c.expect["type"] as? String { #expect(w.payload.type.name == t) }
                #expect(Hex.encode(w.bytes) == c["envelope_hex"] as? String, "re-encoding is byte-identical")
            }
        case "mint", "grant":
            let key = try SigningKey(seed: try VectorFile.bytes(c["issuer_seed"]))
            var out: Warrant?
            let code = VectorFile.code {
                var sets: [String: ConstraintSet] = [:]
                if case .map(let tools) = c.value("tools") {
                    for (t, v) in tools { sets[t] = try VectorFile.constraintSet(v) }
                }
                let holder = try PublicKey(bytes: try VectorFile.bytes(c["holder"]))
                let id = try WarrantID(bytes: try VectorFile.bytes(c["warrant_id"]))
                let issued = UInt64(c["issued_at"] as? Int ?? 0)
                if c.kind == "mint" {
                    var b = MintBuilder()
                    b.tools = sets
                    b.holder = holder
                    b.id = id
                    b.issuedAt = issued
                    b.expiresAt = UInt64(c["expires_at"] as? Int ?? 0)
                    b.maxDepth = UInt8(c["max_depth"] as? Int ?? 0)
                    if let cl = c["clearance"] as? Int { b.clearance = UInt8(cl) }
                    out = try b.mint(key: key, now: issued)
                } else {
                    let parent = try Warrant(decoding: try VectorFile.bytes(c["parent_envelope_hex"]))
                    var g = GrantBuilder(parent: parent)
                    g.tools = sets
                    g.holder = holder
                    g.id = id
                    g.issuedAt = issued
                    g.expiresAt = UInt64(c["expires_at"] as? Int ?? 0)
                    g.maxDepth = UInt8(c["max_depth"] as? Int ?? 0)
                    if let cl = c["clearance"] as? Int { g.clearance = UInt8(cl) }
                    out = try g.grant(key: key, now: issued)
                }
            }
            #expect(code == c.expectedCode, "\(c.id)")
            if c.expectedCode == 0 {
                #expect(out.map { Hex.encode($0.bytes) } == c.expect["envelope_hex"] as? String, "\(c.id) bytes")
            }
        case "chain", "authorize":
            let roots = try (c["trusted_roots"] as? [String] ?? []).map { try PublicKey(bytes: try Hex.decode($0)) }
            let auth = try Authorizer(trustedRoots: roots)
            let now = UInt64(c["now"] as? Int ?? 0)
            var chain: WarrantChain?
            let decodeCode = VectorFile.code {
                chain = try WarrantChain(try (c["envelopes_hex"] as? [String] ?? []).map { try Warrant(decoding: try Hex.decode($0)) })
            }
            guard decodeCode == 0, let ch = chain else {
                #expect(decodeCode == c.expectedCode, "\(c.id) (at decode)")
                return
            }
            if c.kind == "chain" {
                #expect(VectorFile.code { try auth.verifyChain(ch, now: now) } == c.expectedCode, "\(c.id)")
            } else {
                let args = try VectorFile.args(c["args_json"])
                let tool = c["tool"] as? String ?? ""
                var sig: [UInt8]?
                if let pop = c["pop"] as? [String: Any], let seed = pop["holder_seed"] as? String {
                    sig = try ProofOfPossession.sign(warrant: ch.leaf, key: try SigningKey(seed: try Hex.decode(seed)), tool: tool,
                                                 args: args, now: Int64(now))
                }
                var denial: Denial?
                do { try auth.authorize(ch, tool: tool, args: args, signature: sig, now: now) } catch { denial = error }
                #expect((denial?.code.rawValue ?? 0) == c.expectedCode, "\(c.id)")
                if let f = c.expect["field"] as? String { #expect(denial?.field == f) }
            }
        case "stack":
            let chain = try WarrantChain(decoding: try VectorFile.bytes(c["stack_hex"]))
            #expect(chain.warrants.count == c.expect["count"] as? Int)
            #expect(chain.warrants.map { Hex.encode($0.bytes) } == c.expect["envelopes_hex"] as? [String])
            #expect(Hex.encode(chain.stackBytes) == c["stack_hex"] as? String)
            let fromText = try WarrantChain(parsing: c["base64url"] as? String ?? "")
            #expect(fromText.warrants.count == chain.warrants.count)
        case "pop", "pop_verify":
            let w = try Warrant(decoding: try VectorFile.bytes(c["envelope_hex"]))
            let args = try VectorFile.args(c["args_json"])
            let tool = c["tool"] as? String ?? ""
            let form: ProofOfPossession.IDForm = (c["id_form"] as? String) == "prefixed" ? .prefixed : .bareHex
            if c.kind == "pop" {
                let window = Int64(c["window"] as? Int ?? 0)
                #expect(Hex.encode(ProofOfPossession.challenge(id: w.id, form: form, tool: tool, args: args, window: window))
                        == c.expect["challenge_hex"] as? String)
                let key = try SigningKey(seed: try VectorFile.bytes(c["holder_seed"]))
                let sig = try ProofOfPossession.sign(warrant: w, key: key, tool: tool, args: args, now: window, form: form)
                #expect(Hex.encode(sig) == c.expect["signature_hex"] as? String)
            }
            let sig = try VectorFile.bytes(c.kind == "pop" ? c.expect["signature_hex"] : c["signature_hex"])
            let ok = ProofOfPossession.verify(holder: w.payload.holder, id: w.id, tool: tool, args: args, signature: sig,
                                              now: Int64(c["now"] as? Int ?? 0), form: form)
            #expect(ok == (c.expect["valid"] as? Bool ?? false), "\(c.id)")
            // The reference runtime signs bare hex: a prefixed-form PoP must not pass the default verifier.
            #expect(!ProofOfPossession.verify(holder: w.payload.holder, id: w.id, tool: tool, args: args, signature: sig,
                                               now: Int64(c["now"] as? Int ?? 0)))
        case "constraint":
            let cons = try VectorFile.constraint(c.value("constraint"))
            let value = try JSON.parse(c["value_json"] as? String ?? "null")
            let matched = (try? cons.matches(value)) ?? false
            #expect(matched == (c.expect["match"] as? Bool ?? false), "\(c.id)")
        case "attenuation":
            let parent = try VectorFile.constraint(c.value("parent"))
            let child = try VectorFile.constraint(c.value("child"))
            #expect(VectorFile.code { try parent.checkAttenuation(to: child) } == c.expectedCode, "\(c.id)")
        default:
            Issue.record("unknown case kind \(c.kind) in \(c.id)")
        }
    }
}
