import Testing

@testable import TenuoCore

/// `JSON.parseSortedMembers` (the PoP's argument parse, no dictionary) against `JSON.parseObject`:
/// the same members in canonical order, or the same error (code, message, field).
@Suite struct JSONMembersTests {
    enum Outcome: Equatable {
        case members([String], [Value])
        case failure(TenuoError)
    }

    static func viaMembers(_ text: String) -> Outcome {
        do {
            let m = try JSON.parseSortedMembers(text)
            return .members(m.members.map(\.key), m.members.map(\.value))
        } catch { return .failure(error) }
    }

    static func viaMap(_ text: String) -> Outcome {
        do {
            let map = try JSON.parseObject(text)
            let keys = Value.sortedKeys(map)
            return .members(keys, keys.map { map[$0, default: .null] })
        } catch { return .failure(error) }
    }

    static func agree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let a = viaMembers(text)
        let b = viaMap(text)
        // NaN is not equal to itself: compare values with `same` (bit patterns, NaN == NaN).
        if case .members(let ka, let va) = a, case .members(let kb, let vb) = b {
            #expect(ka == kb && va.count == vb.count && zip(va, vb).allSatisfy { same($0, $1) },
                    "\(text)", sourceLocation: sourceLocation)
        } else {
            #expect(a == b, "\(text)", sourceLocation: sourceLocation)
        }
    }

    @Test func orderAndValues() throws {
        let m = try JSON.parseSortedMembers(#" {"b":1,"a":"x","B":[1,{"z":null,"y":2.5}],"ab":true,"":false} "#)
        #expect(m.members.map(\.key) == ["", "B", "a", "ab", "b"])
        #expect(m.dictionary == (try JSON.parseObject(#"{"b":1,"a":"x","B":[1,{"z":null,"y":2.5}],"ab":true,"":false}"#)))
        #expect(try JSON.parseSortedMembers("{}").count == 0)
        // Bytewise, not Swift's String order: "é" (C3 A9) sorts after "z".
        #expect(try JSON.parseSortedMembers("{\"\u{e9}\":1,\"z\":2}").members.map(\.key) == ["z", "\u{e9}"])
    }

    @Test func duplicatesAsTheMapRefusesThem() {
        for text in [
            #"{"a":1,"a":2}"#, #"{"b":1,"a":1,"b":2,"a":2}"#, #"{"a":1,"b":2,"c":3,"b":4,"a":5}"#,
            #"{"a":1,"\u0061":2}"#, #"{"\u0061":1,"a":2}"#,
            "{\"caf\u{e9}\":1,\"cafe\u{301}\":2}",  // NFC and NFD: one String
            "{\"K\":1,\"\u{212A}\":2}",  // Kelvin sign: canonically "K"
            "{\"\u{212A}\":1,\"x\":0,\"K\":2}", #"{"K":1,"\u212A":2}"#,
            #"{"a":{"x":1,"x":2},"a":3}"#,  // the inner duplicate is found first
            #"{"a":1,"a":2} x"#,  // the duplicate before the trailing data
            #"{"a":1,"a":2,}"#,  // a syntax error before the object closes
        ] { Self.agree(text) }
        if case .failure(let e) = Self.viaMembers(#"{"b":1,"a":1,"b":2,"a":2}"#) {
            #expect(e.code == .invalidJSON && e.message == #"duplicate key "b" at byte 13"# && e.field == "b")
        } else {
            Issue.record("duplicate accepted")
        }
    }

    @Test func errorsAndLimitsAsTheMap() {
        for text in ["", " ", "[]", "1", "\"a\"", "{", "{\"a\"", "{\"a\":", "{\"a\":1", "{\"a\":1,", "{,}", "{\"a\" 1}",
                     "{1:2}", "{\"a\":01}", "{\"a\":\"\u{1}\"}", "{\"a\\q\":1}", "{\"a\":[1,]}", "{} {}", "{\"\\ud800\":1}"] {
            Self.agree(text)
        }
        let deep = "{\"a\":" + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
        Self.agree(deep)
        let limits = JSONLimits(maxDepth: 1, maxBytes: 64, maxStringBytes: 4)
        for text in [#"{"a":[1]}"#, #"{"abcde":1}"#, #"{"a":"abcde"}"#, "{\"a\":\"" + String(repeating: "x", count: 80) + "\"}"] {
            let a = Result { () throws(TenuoError) in try JSON.parseSortedMembers(text, limits: limits).count }
            let b = Result { () throws(TenuoError) in try JSON.parseObject(text, limits: limits).count }
            #expect(a == b, "\(text)")
        }
        // Invalid UTF-8 in a key, straight from bytes.
        let bytes: [UInt8] = Array(#"{"a":1,""#.utf8) + [0xff] + Array(#"":2}"#.utf8)
        let a = bytes.withUnsafeBytes { b in Result { () throws(TenuoError) in try JSON.parseSortedMembers(b).count } }
        let b = Result { () throws(TenuoError) in try JSON.parseObject(bytes).count }
        #expect(a == b && (try? a.get()) == nil)
    }

    /// Random objects over a small alphabet of keys (ASCII, escaped, NFC/NFD, Kelvin sign),
    /// so that duplicates of every spelling occur, with nested values and the odd defect.
    @Test func randomObjectsAgree() {
        var rng = SplitMix64(seed: 0x5eed_0009)
        let keys = ["a", "b", "A", "ab", "", "K", "\\u212A", "\u{212A}", "caf\u{e9}", "cafe\u{301}", "\\u0061", "z\\n",
                    "\u{e9}", "\\u00e9", "e\u{301}", "x y", "\u{1F600}", "\\ud83d\\ude00", "k\\\"q"]
        let values = ["1", "-0", "2.5", "1e400", "18446744073709551616", "\"s\"", "\"\\u00e9\"", "true", "null", "NaN",
                      "[1,\"x\",{}]", "{\"k\":1,\"j\":[]}", "{\"d\":1,\"d\":2}", "-Infinity", "\"caf\u{e9}\""]
        for _ in 0..<3000 {
            let n = Int(rng.next() % 6)
            var parts: [String] = []
            for _ in 0..<n {
                let k = keys[Int(rng.next() % UInt64(keys.count))]
                let v = values[Int(rng.next() % UInt64(values.count))]
                parts.append("\"\(k)\":\(v)")
            }
            var text = "{" + parts.joined(separator: ",") + "}"
            switch rng.next() % 16 {
            case 0: text += " x"
            case 1: text = String(text.dropLast())
            case 2: text = " \t" + text + "\n"
            default: break
            }
            Self.agree(text)
        }
    }

    /// The PoP message, challenge and signature made from sorted members are byte for byte
    /// those made from the argument map.
    @Test func popBytesAsFromTheMap() throws {
        let w = try BindingRulesTests.warrant()
        let key = BindingRulesTests.agent
        let now = Int64(BindingRulesTests.now)
        for text in ["{}", #"{"query":"weather NYC"}"#, #"{"b":1,"a":"x","B":[1,{"z":null,"y":2.5}],"ab":true,"n":-7}"#,
                     "{\"\u{e9}\":1,\"z\":\"caf\u{e9}\",\"f\\u0301\":NaN,\"m\":{\"b\":1,\"a\":1e300}}",
                     #"{"i":9223372036854775807,"j":-9223372036854775808,"k":70000,"l":-300,"m":4294967296,"t":true,"f":false,"z":null,"o":23,"p":24,"q":-24,"r":-25}"#,
                     "{\"long\":\"" + String(repeating: "x", count: 300) + "\",\"longer\":\"" + String(repeating: "y", count: 70000) + "\"}"] {
            let members = try JSON.parseSortedMembers(text)
            let map = try JSON.parseObject(text)
            for form in [ProofOfPossession.IDForm.bareHex, .prefixed] {
                #expect(try w.signCall(key: key, tool: "search", args: members, now: now, form: form)
                        == (try w.signCall(key: key, tool: "search", args: map, now: now, form: form)))
                #expect(try w.popChallenge(tool: "search", args: members, at: now, form: form)
                        == (try w.popChallenge(tool: "search", args: map, at: now, form: form)))
            }
            for t in [Int64(-45), 0, Int64.max] {
                #expect(try w.signCall(key: key, tool: "search", args: members, now: t)
                        == (try w.signCall(key: key, tool: "search", args: map, now: t)))
            }
            var a = CBORWriter()
            ProofOfPossession.writePrefix(&a, id: w.id, form: .bareHex, tool: "search", args: SortedMembers(map))
            #expect(a.bytes == ProofOfPossession.messagePrefix(id: w.id, tool: "search", args: map))
        }
        #expect(throws: TenuoError.self) {
            try w.signCall(key: BindingRulesTests.issuer, tool: "search", args: SortedMembers(), now: now)
        }
    }
}
