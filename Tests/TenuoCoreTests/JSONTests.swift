import Testing

@testable import TenuoCore

/// SplitMix64: a tiny seeded generator, so the random-input tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Structural equality where floats compare by bit pattern (so -0.0 ≠ 0.0) and NaN equals NaN.
func same(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.float(let x), .float(let y)): return (x.isNaN && y.isNaN) || x.bitPattern == y.bitPattern
    case (.list(let x), .list(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
    case (.map(let x), .map(let y)):
        guard x.count == y.count else { return false }
        for (k, v) in x {
            guard let w = y[k], same(v, w) else { return false }
        }
        return true
    default: return a == b
    }
}

func parseError(_ text: String, limits: JSONLimits = .init()) -> TenuoError? {
    do {
        _ = try JSON.parse(text, limits: limits)
        return nil
    } catch {
        return error
    }
}

func parseError(_ bytes: [UInt8], limits: JSONLimits = .init()) -> TenuoError? {
    do {
        _ = try JSON.parse(bytes, limits: limits)
        return nil
    } catch {
        return error
    }
}

@Suite struct JSONTests {
    // MARK: numbers

    @Test func intFloatDistinction() throws {
        #expect(try JSON.parse("50") == .int(50))
        #expect(try JSON.parse("50.0") == .float(50))
        #expect(try JSON.parse("5e1") == .float(50))
        #expect(try JSON.parse("5E+1") == .float(50))
        #expect(try JSON.parse("500e-1") == .float(50))
        #expect(try JSON.parse("9223372036854775807") == .int(.max))
        #expect(try JSON.parse("9223372036854775808") == .float(9_223_372_036_854_775_808.0))
        #expect(try JSON.parse("-9223372036854775808") == .int(.min))
        #expect(try JSON.parse("-9223372036854775809") == .float(-9_223_372_036_854_775_809.0))
        #expect(try JSON.parse("18446744073709551616") == .float(18_446_744_073_709_551_616.0))
        #expect(try JSON.parse("0") == .int(0))
        #expect(try JSON.parse("-7") == .int(-7))
        #expect(same(try JSON.parse("-0"), .int(0)))
        #expect(same(try JSON.parse("-0.0"), .float(-0.0)))
        #expect(same(try JSON.parse("-0e0"), .float(-0.0)))
        #expect(same(try JSON.parse("0.0"), .float(0.0)))
    }

    @Test func correctlyRoundedFloats() throws {
        // Expected values are what Python's float(s) gives.
        let cases: [(String, Double)] = [
            ("0.1", 0.1),
            ("1.00000000000000011102230246251565404236316680908203125", 1.0),  // tie → even
            ("1.00000000000000011102230246251565404236316680908203126", 1.0000000000000002),
            ("9007199254740993.0", 9_007_199_254_740_992.0),
            // Short significands with small exponents (the exact multiply/divide path).
            ("0.75", 0.75), ("-2.5", -2.5), ("1.5e10", 1.5e10), ("123.456e-7", 1.23456e-05), ("3.14159", 3.14159),
            ("9007199254740992e22", 9.007199254740992e37), ("1e22", 1e22), ("1e23", 1e23), ("1e-22", 1e-22),
            ("0.30000000000000004", 0.30000000000000004), ("4.35", 4.35), ("0.000001", 1e-06),
            ("2.2250738585072011e-308", 2.225073858507201e-308),
            ("4.9406564584124654e-324", 5e-324),
            ("2.4703282292062328e-324", 5e-324),
            ("2.4703282292062327e-324", 0.0),
            ("1.7976931348623157e308", 1.7976931348623157e308),
            ("1e-400", 0.0),
            ("123456789012345678901234567890", 1.2345678901234568e29),
        ]
        for (text, expected) in cases {
            #expect(try JSON.parse(text) == .float(expected), "\(text)")
        }
        #expect(try JSON.parse("1e400") == .float(.infinity))
        #expect(try JSON.parse("-1e400") == .float(-.infinity))
    }

    @Test func nonStandardTokens() throws {
        guard case .float(let nan) = try JSON.parse("NaN") else {
            Issue.record("NaN is not a float")
            return
        }
        #expect(nan.isNaN)
        #expect(try JSON.parse("Infinity") == .float(.infinity))
        #expect(try JSON.parse("-Infinity") == .float(-.infinity))
        #expect(try JSON.parse("[NaN,-Infinity]").kindName == "list")
        for bad in ["nan", "-NaN", "inf", "infinity", "Infinit", "+Infinity", "NaNa", "-Inf"] {
            #expect(parseError(bad)?.code == .invalidJSON, "\(bad)")
        }
    }

    @Test func hugeIntegerLiteralIsTooLarge() {
        // Python's float(int) raises OverflowError instead of returning infinity.
        let digits = String(repeating: "9", count: 400)
        #expect(parseError(digits)?.code == .valueTooLarge)
        #expect(parseError("-" + digits)?.code == .valueTooLarge)
        #expect(parseError("[1," + digits + "]")?.message == "integer too large for a float at byte 3")
    }

    @Test func rejectsMalformedNumbers() {
        let bad = [
            "01", "-01", "00", "+1", ".5", "1.", "1.e5", "0x10", "1e", "1e+", "1E-", "-", "--1", "1.5.5",
            "1e5e5", "- 1", "1_000", "0b1", "١",
        ]
        for text in bad {
            let e = parseError(text)
            #expect(e?.code == .invalidJSON, "\(text) gave \(String(describing: e))")
        }
        #expect(parseError("01")?.message == "leading zero in number at byte 1")
        #expect(parseError("1.")?.message == "unexpected end of input, expected a digit after '.' at byte 2")
    }

    // MARK: strings

    @Test func stringEscapes() throws {
        #expect(try JSON.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"))
        #expect(try JSON.parse(#""\u00e9\u20AC\u0041""#) == .string("é€A"))
        #expect(try JSON.parse(#""\uD83D\uDE00""#) == .string("😀"))
        #expect(try JSON.parse(#""x\ud83d\ude00y""#) == .string("x😀y"))
        #expect(try JSON.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try JSON.parse(#""\uFFFF""#) == .string("\u{FFFF}"))
        #expect(try JSON.parse("\"é😀 raw\"") == .string("é😀 raw"))
        #expect(try JSON.parse("\"é\\n😀\"") == .string("é\n😀"))
        #expect(try JSON.parse(#""""#) == .string(""))
        #expect(try JSON.parse("\"\u{7f}\"") == .string("\u{7f}"))
    }

    @Test func badEscapes() {
        let cases: [(String, String)] = [
            (#""\uD83D""#, "lone high surrogate escape at byte 1"),
            (#""\uD83Dx""#, "lone high surrogate escape at byte 1"),
            (#""\uD83D\u0041""#, "lone high surrogate escape at byte 1"),
            (#""\uD83D\uD83D""#, "lone high surrogate escape at byte 1"),
            (#""ab\uDE00""#, "lone low surrogate escape at byte 3"),
            (#""\x""#, "invalid escape at byte 1"),
            (#""\U0041""#, "invalid escape at byte 1"),
            (#""\u12G4""#, #"invalid hex digit in \u escape at byte 5"#),
            (#""\u12"#, #"truncated \u escape at byte 1"#),
            (#""\"#, "unterminated string at byte 1"),
            (#""abc"#, "unterminated string at byte 0"),
            (#""a\nb"#, "unterminated string at byte 0"),
            ("\"a\u{1}\"", "unescaped control character 0x01 in string at byte 2"),
            ("\"a\nb\"", "unescaped control character 0x0a in string at byte 2"),
            ("\"\\n\tb\"", "unescaped control character 0x09 in string at byte 3"),
        ]
        for (text, message) in cases {
            let e = parseError(text)
            #expect(e?.code == .invalidJSON, "\(text)")
            #expect(e?.message == message, "\(text) gave \(String(describing: e))")
        }
    }

    @Test func invalidUTF8() {
        let cases: [[UInt8]] = [
            [0xc0, 0x80],  // overlong NUL
            [0xc1, 0xbf],  // overlong
            [0xe0, 0x80, 0x80],  // overlong 3-byte
            [0xf0, 0x80, 0x80, 0x80],  // overlong 4-byte
            [0xed, 0xa0, 0x80],  // surrogate U+D800
            [0xed, 0xbf, 0xbf],  // surrogate U+DFFF
            [0xf4, 0x90, 0x80, 0x80],  // U+110000
            [0xf5, 0x80, 0x80, 0x80],
            [0xff],
            [0x80],  // lone continuation
            [0xe2, 0x82],  // truncated €
            [0xe2, 0x28, 0xa1],  // bad continuation
            [0xf0, 0x9f, 0x98],  // truncated emoji
        ]
        for seq in cases {
            // Inside a plain string, and inside one that also takes the escape path.
            for prefix in [[UInt8(ascii: "\"")], Array(#""\n"#.utf8)] {
                let e = parseError(prefix + [UInt8(ascii: "a")] + seq + [UInt8(ascii: "\"")])
                #expect(e?.code == .invalidUTF8, "\(seq)")
                #expect(e?.message.hasSuffix("at byte \(prefix.count + 1)") == true, "\(String(describing: e))")
            }
        }
        // Valid boundaries are accepted.
        let good: [[UInt8]] = [
            [0xc2, 0x80], [0xdf, 0xbf], [0xe0, 0xa0, 0x80], [0xed, 0x9f, 0xbf], [0xee, 0x80, 0x80],
            [0xf0, 0x90, 0x80, 0x80], [0xf4, 0x8f, 0xbf, 0xbf], [0xef, 0xbf, 0xbf],
        ]
        for seq in good {
            #expect(parseError([UInt8(ascii: "\"")] + seq + [UInt8(ascii: "\"")]) == nil, "\(seq)")
        }
        // Non-ASCII outside a string is a syntax error, not a UTF-8 one.
        #expect(parseError([0xc3, 0xa9])?.code == .invalidJSON)
    }

    /// Long strings take the eight-bytes-at-a-time scan; put every kind of special byte at
    /// every alignment and check the scan stops exactly there.
    @Test func longStringScanAlignment() throws {
        let filler = "The quick brown fox jumps over the lazy dog 0123456789 ~!@#$%^&*()_+{}[]|:;'<>,.?/"
        for p in 0..<40 {
            let head = String(filler.prefix(p))
            let tail = String(filler.suffix(30))
            #expect(try JSON.parse("\"" + head + tail + "\"") == .string(head + tail))
            #expect(try JSON.parse("\"" + head + "\\n" + tail + "\"") == .string(head + "\n" + tail))
            #expect(try JSON.parse("\"" + head + "\\\"" + tail + "\"") == .string(head + "\"" + tail))
            let mixed = head + "é€😀\u{7f}" + tail
            #expect(try JSON.parse("\"" + mixed + "\"") == .string(mixed))
            #expect(try JSON.parse("[\"" + head + "\",\"" + tail + "\"]") == .list([.string(head), .string(tail)]))
            #expect(
                parseError("\"" + head + "\u{1}" + tail + "\"")?.message
                    == "unescaped control character 0x01 in string at byte \(p + 1)")
            #expect(
                parseError("\"" + head + "\u{1f}" + tail + "\"")?.message
                    == "unescaped control character 0x1f in string at byte \(p + 1)")
            #expect(
                parseError("\"\\t" + head + "\u{0}" + tail + "\"")?.message
                    == "unescaped control character 0x00 in string at byte \(p + 3)")
            #expect(
                parseError(Array(("\"" + head).utf8) + [0xc0, 0xaf] + Array((tail + "\"").utf8))?.message
                    == "invalid UTF-8 lead byte 0xc0 at byte \(p + 1)")
            #expect(parseError("\"" + head + tail)?.message == "unterminated string at byte 0")
        }
        let big = String(repeating: "abcdefghij/ ", count: 10_000)
        #expect(try JSON.parse("\"" + big + "\"") == .string(big))
        #expect(try JSON.parse("\"\\u0041" + big + "\"") == .string("A" + big))
    }

    // MARK: structure and offsets

    @Test func errorOffsets() {
        let cases: [(String, String)] = [
            ("", "unexpected end of input, expected a value at byte 0"),
            ("   ", "unexpected end of input, expected a value at byte 3"),
            (#"{"a":1,}"#, "unexpected '}', expected a string key at byte 7"),
            ("[1,2 x]", "unexpected 'x', expected ',' or ']' at byte 5"),
            ("[1,]", "unexpected ']', expected a value at byte 3"),
            (#"{"a" 1}"#, "unexpected '1', expected ':' at byte 5"),
            ("{a:1}", "unexpected 'a', expected a string key at byte 1"),
            ("  tru", "unexpected end of input, expected 'true' at byte 5"),
            ("[trux]", "unexpected 'x', expected 'true' at byte 4"),
            ("[1] 2", "trailing data after the JSON value at byte 4"),
            ("{} {}", "trailing data after the JSON value at byte 3"),
            ("[1", "unexpected end of input, expected ',' or ']' at byte 2"),
            (#"{"a":1"#, "unexpected end of input, expected ',' or '}' at byte 6"),
            ("\u{feff}{}", "unexpected byte 0xef, expected a value at byte 0"),
            ("\u{c}1", "unexpected byte 0x0c, expected a value at byte 0"),
            ("'a'", "unexpected ''', expected a value at byte 0"),
            ("-x", "unexpected 'x', expected a digit at byte 1"),
        ]
        for (text, message) in cases {
            let e = parseError(text)
            #expect(e?.code == .invalidJSON, "\(text)")
            #expect(e?.message == message, "\(text) gave \(String(describing: e))")
        }
    }

    @Test func structures() throws {
        let v = try JSON.parse(
            " \t\r\n{ \"a\" : [ 1 , 2.5 , \"x\" , true , false , null , { } , [ ] ] , \"b\" : { \"c\" : -1 } } \n")
        let expected = Value.map([
            "a": .list([.int(1), .float(2.5), .string("x"), .bool(true), .bool(false), .null, .map([:]), .list([])]),
            "b": .map(["c": .int(-1)]),
        ])
        #expect(v == expected)
        #expect(try JSON.parse("[]") == .list([]))
        #expect(try JSON.parse("true") == .bool(true))
        #expect(try JSON.parse("null") == .null)
    }

    @Test func duplicateKeys() {
        let e = parseError(#"{"a":1,"a":2}"#)
        #expect(e?.code == .invalidJSON)
        #expect(e?.message == #"duplicate key "a" at byte 7"#)
        #expect(e?.field == "a")
        // Same key spelled with an escape, and a duplicate nested inside a list.
        #expect(parseError(#"{"a":1,"\u0061":2}"#)?.message == #"duplicate key "a" at byte 7"#)
        #expect(parseError(#"[{"k":{"x":1,"y":2,"x":3}}]"#)?.message == #"duplicate key "x" at byte 19"#)
        // Swift String equality is canonical equivalence, so NFC and NFD spellings of one key
        // are one dictionary key: rejected as a duplicate rather than silently merged.
        #expect(parseError("{\"caf\u{e9}\":1,\"cafe\u{301}\":2}")?.code == .invalidJSON)
        // Distinct keys and the same key in sibling objects are fine.
        #expect(parseError(#"{"a":1,"A":2,"b":{"a":3}}"#) == nil)
    }

    @Test func depthLimit() {
        func nested(_ n: Int) -> String { String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        func nestedObjects(_ n: Int) -> String {
            String(repeating: #"{"k":"#, count: n) + "0" + String(repeating: "}", count: n)
        }
        #expect(parseError(nested(64)) == nil)
        #expect(parseError(nestedObjects(64)) == nil)
        let e = parseError(nested(65))
        #expect(e?.code == .valueTooLarge)
        #expect(e?.message == "nesting deeper than 64 at byte 64")
        #expect(parseError(nestedObjects(65))?.code == .valueTooLarge)
        #expect(parseError(nested(3), limits: JSONLimits(maxDepth: 2))?.code == .valueTooLarge)
        #expect(parseError("[[1]]", limits: JSONLimits(maxDepth: 2)) == nil)
        #expect(parseError("1", limits: JSONLimits(maxDepth: 0)) == nil)
        #expect(parseError("[]", limits: JSONLimits(maxDepth: 0))?.code == .valueTooLarge)
        // A configured depth above the ceiling is clamped, so the stack stays bounded.
        let huge = JSONLimits(maxDepth: .max, maxBytes: .max)
        #expect(parseError(nested(JSONLimits.depthCeiling), limits: huge) == nil)
        #expect(parseError(nested(100_000), limits: huge)?.code == .valueTooLarge)
    }

    @Test func sizeLimits() {
        let e = parseError("[1,2,3,4,5]", limits: JSONLimits(maxBytes: 10))
        #expect(e?.code == .valueTooLarge)
        #expect(e?.message == "input longer than 10 bytes at byte 10")
        #expect(parseError("[1,2,3,45]", limits: JSONLimits(maxBytes: 10)) == nil)
        let small = JSONLimits(maxStringBytes: 4)
        #expect(parseError(#""abcd""#, limits: small) == nil)
        #expect(parseError(#"["abcde"]"#, limits: small)?.message == "string longer than 4 bytes at byte 1")
        #expect(parseError(#""ab\ncd""#, limits: small)?.code == .valueTooLarge)
        #expect(parseError(#""abc\n""#, limits: small) == nil)
        #expect(parseError(#""\u00e9\u00e9\u00e9""#, limits: small)?.code == .valueTooLarge)  // 6 bytes decoded
        #expect(parseError(#"{"abcde":1}"#, limits: small)?.code == .valueTooLarge)
        // The default input limit is 1 MiB.
        let big = [UInt8](repeating: 0x20, count: (1 << 20) + 1)
        #expect(parseError(big)?.code == .valueTooLarge)
    }

    @Test func parseObject() throws {
        let args = try JSON.parseObject(#"{"path":"/tmp/x","n":3}"#)
        #expect(args == ["path": .string("/tmp/x"), "n": .int(3)])
        #expect(try JSON.parseObject("{}") == [:])
        #expect(try JSON.parseObject(Array(" {} ".utf8)) == [:])
        for (text, offset) in [("[1]", 0), ("  1", 2), ("\"x\"", 0), ("null", 0), ("", 0)] {
            let e: TenuoError?
            do {
                _ = try JSON.parseObject(text)
                e = nil
            } catch {
                e = error
            }
            #expect(e?.code == .invalidJSON, "\(text)")
            #expect(
                e?.message.hasSuffix("expected a JSON object at byte \(offset)") == true, "\(String(describing: e))")
        }
        let trailing: TenuoError?
        do {
            _ = try JSON.parseObject("{} x")
            trailing = nil
        } catch {
            trailing = error
        }
        #expect(trailing?.message == "trailing data after the JSON value at byte 3")
    }

    @Test func inputFormsAgree() throws {
        let text = #"{"k":["é",1,2.0,{"z":null}]}"#
        let bytes = Array(text.utf8)
        let a = try JSON.parse(text)
        let b = try JSON.parse(bytes)
        let c = try bytes.withUnsafeBytes { buf throws(TenuoError) in try JSON.parse(buf) }
        #expect(a == b && b == c)
        let empty: TenuoError?
        do {
            _ = try JSON.parse(UnsafeRawBufferPointer(start: nil, count: 0))
            empty = nil
        } catch {
            empty = error
        }
        #expect(empty?.message == "unexpected end of input, expected a value at byte 0")
    }

    /// A typical 10-argument call: every value kind, escapes and non-ASCII included. Strings
    /// without escapes are sliced straight from the input; escaped ones share one scratch buffer.
    @Test func tenKeyArguments() throws {
        let text = """
            {"path":"/data/reports/q3.csv","mode":"read","limit":100,"ratio":0.75,"recursive":false,\
            "tags":["finance","q3"],"owner":{"name":"Zoë","id":42},"note":"line1\\nline2 \\u2603",\
            "url":"https:\\/\\/api.example.com\\/v1?q=a&b=c","extra":null}
            """
        let args = try JSON.parseObject(text)
        #expect(args.count == 10)
        #expect(args["path"] == .string("/data/reports/q3.csv"))
        #expect(args["mode"] == .string("read"))
        #expect(args["limit"] == .int(100))
        #expect(args["ratio"] == .float(0.75))
        #expect(args["recursive"] == .bool(false))
        #expect(args["tags"] == .list([.string("finance"), .string("q3")]))
        #expect(args["owner"] == .map(["name": .string("Zoë"), "id": .int(42)]))
        #expect(args["note"] == .string("line1\nline2 ☃"))
        #expect(args["url"] == .string("https://api.example.com/v1?q=a&b=c"))
        #expect(args["extra"] == .null)
        // And it serialises back, keys sorted, re-parsing to the same map.
        let out = JSON.serialize(.map(args))
        #expect(out.hasPrefix(#"{"extra":null,"limit":100,"mode":"read","note":"line1\nline2 ☃","#))
        #expect(try JSON.parseObject(out) == args)
    }

    // MARK: writer

    @Test func writerScalars() {
        #expect(JSON.serialize(.null) == "null")
        #expect(JSON.serialize(.bool(true)) == "true")
        #expect(JSON.serialize(.bool(false)) == "false")
        #expect(JSON.serialize(.int(0)) == "0")
        #expect(JSON.serialize(.int(-42)) == "-42")
        #expect(JSON.serialize(.int(.max)) == "9223372036854775807")
        #expect(JSON.serialize(.int(.min)) == "-9223372036854775808")
        #expect(JSON.serialize(.int(1_000_000_000_000_000_000)) == "1000000000000000000")
        // Floats as Python's json.dumps writes them (checked against CPython 3.11).
        let floats: [(Double, String)] = [
            (50, "50.0"), (0, "0.0"), (-0.0, "-0.0"), (0.1, "0.1"), (1.5, "1.5"), (1e15, "1000000000000000.0"),
            (1e16, "1e+16"), (1e20, "1e+20"), (1e-5, "1e-05"), (0.0001, "0.0001"), (5e-324, "5e-324"),
            (1.7976931348623157e308, "1.7976931348623157e+308"), (1.0 / 3.0, "0.3333333333333333"),
            (9_223_372_036_854_775_808.0, "9.223372036854776e+18"), (-2.5e-7, "-2.5e-07"),
            // Between 2^53 and 1e16 Swift's description uses an exponent, Python does not.
            (9_007_199_254_740_994.0, "9007199254740994.0"), (9.5e15, "9500000000000000.0"),
            (-9_999_999_999_999_998.0, "-9999999999999998.0"), (9.999999999999999e-05, "9.999999999999999e-05"),
            (0.00015, "0.00015"), (123.0, "123.0"), (1e22, "1e+22"), (-1.5e300, "-1.5e+300"), (1e100, "1e+100"),
            (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
        ]
        for (d, text) in floats {
            #expect(JSON.serialize(.float(d)) == text)
        }
    }

    @Test func writerStrings() {
        #expect(JSON.quote("") == #""""#)
        #expect(JSON.quote("plain") == #""plain""#)
        #expect(JSON.quote("a\"b\\c") == #""a\"b\\c""#)
        #expect(JSON.quote("\n\r\t\u{8}\u{c}") == #""\n\r\t\b\f""#)
        #expect(JSON.quote("\u{0}\u{1}\u{1f}") == #""\u0000\u0001\u001f""#)
        #expect(JSON.quote("/ \u{7f} é 😀 \u{2028}") == "\"/ \u{7f} é 😀 \u{2028}\"")
        #expect(JSON.serialize(.string("x\ny")) == #""x\ny""#)
        for s in ["", "a\"\\\u{0}\u{1f}é😀", "\u{10FFFF}\u{FFFD}", String(repeating: "\\\"", count: 100)] {
            #expect((try? JSON.parse(JSON.quote(s))) == .string(s))
        }
    }

    @Test func writerStructures() {
        let v = Value.map([
            "b": .int(1), "a": .list([.null, .float(2), .map([:]), .list([])]), "é": .bool(true), "Z": .string("z"),
            "aa": .map(["y": .int(2), "x": .int(1)]),
        ])
        // Keys in UTF-8 byte order: "Z" < "a" < "aa" < "b" < "é".
        #expect(JSON.serialize(v) == #"{"Z":"z","a":[null,2.0,{},[]],"aa":{"x":1,"y":2},"b":1,"é":true}"#)
        #expect(JSON.serializeUTF8(v) == Array(JSON.serialize(v).utf8))
        #expect(JSON.serialize(.list([])) == "[]")
        #expect(JSON.serialize(.map([:])) == "{}")
    }

    // MARK: random inputs

    /// Random values: every kind, extreme numbers, NaN/±inf/-0.0, control characters, escapes
    /// and multi-byte text.
    static func randomValue(_ g: inout SplitMix64, depth: Int = 0) -> Value {
        let kind = Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &g)
        switch kind {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &g))
        case 2:
            let specials: [Int64] = [0, -1, 1, .max, .min, .max - 1, .min + 1]
            return .int(
                Bool.random(using: &g)
                    ? specials.randomElement(using: &g) ?? 0
                    : Int64(bitPattern: g.next()) >> Int64.random(in: 0..<64, using: &g))
        case 3:
            let specials: [Double] = [
                0, -0.0, .nan, .infinity, -.infinity, 5e-324, .greatestFiniteMagnitude, 1e16, 50, 0.1,
            ]
            if Bool.random(using: &g) { return .float(specials.randomElement(using: &g) ?? 0) }
            let d = Double(bitPattern: g.next())
            return .float(d.isNaN ? 1.5 : d)
        case 4, 5: return .string(randomString(&g))
        case 6: return .list((0..<Int.random(in: 0..<5, using: &g)).map { _ in randomValue(&g, depth: depth + 1) })
        default:
            var m: [String: Value] = [:]
            for _ in 0..<Int.random(in: 0..<5, using: &g) { m[randomString(&g)] = randomValue(&g, depth: depth + 1) }
            return .map(m)
        }
    }

    static func randomString(_ g: inout SplitMix64) -> String {
        let pool: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u{0}", "\u{1}", "\u{1f}", "\u{7f}", "é",
            "€", "\u{FFFF}", "\u{2028}", "😀", "\u{10FFFF}", "\u{301}",
        ]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0..<12, using: &g) { s.append(pool.randomElement(using: &g) ?? "a") }
        return String(s)
    }

    @Test func roundTripProperty() throws {
        var g = SplitMix64(seed: 0x7e_4e0)
        for i in 0..<2000 {
            let v = Self.randomValue(&g)
            let text = JSON.serialize(v)
            let back = try JSON.parse(text)
            #expect(same(back, v), "case \(i): \(text)")
            #expect(JSON.serialize(back) == text, "case \(i)")
        }
    }

    /// Random doubles from bit patterns survive text and back bit-for-bit.
    @Test func floatRoundTrip() throws {
        var g = SplitMix64(seed: 42)
        for _ in 0..<5000 {
            let d = Double(bitPattern: g.next())
            guard d.isFinite else { continue }
            guard case .float(let back) = try JSON.parse(JSON.serialize(.float(d))) else {
                Issue.record("\(d) did not come back as a float")
                continue
            }
            #expect(back.bitPattern == d.bitPattern, "\(d)")
        }
    }

    /// Random bytes drawn mostly from JSON's alphabet never trap; every outcome is a value or an error.
    @Test func randomGarbageNeverTraps() {
        var g = SplitMix64(seed: 0xdead_beef)
        let alphabet =
            Array(#"{}[]:,"\-+.0123456789eEtrufalsnNIiy u/bfnrt"#.utf8) + [
                0x00, 0x1f, 0x80, 0xc3, 0xa9, 0xed, 0xf4, 0xff,
            ]
        var parsed = 0
        var failed = 0
        for _ in 0..<5000 {
            let n = Int.random(in: 0..<48, using: &g)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                bytes.append(
                    Int.random(in: 0..<8, using: &g) == 0
                        ? UInt8.random(in: 0...255, using: &g) : alphabet.randomElement(using: &g) ?? 0)
            }
            if parseError(bytes, limits: JSONLimits(maxDepth: 8)) == nil { parsed += 1 } else { failed += 1 }
        }
        #expect(parsed + failed == 5000)
        #expect(failed > 0)
    }

    /// Every truncation and many single-byte mutations of valid documents either parse or fail cleanly;
    /// a strict prefix of an object or array document never parses.
    @Test func truncationsAndMutations() {
        var g = SplitMix64(seed: 7)
        var docs = [
            #"{"a":[1,-2.5e+3,true,false,null,"x\u00e9\uD83D\uDE00\n"],"b":{"c":NaN,"d":-Infinity}}"#,
            "[\"é😀\",{\"k\":[[[]]]},-0,0.0,9223372036854775808,\"\\\"\\\\\"]",
        ]
        for _ in 0..<30 { docs.append(JSON.serialize(.list([Self.randomValue(&g), Self.randomValue(&g)]))) }
        var outcomes = 0
        for doc in docs {
            let bytes = Array(doc.utf8)
            #expect(parseError(bytes) == nil, "\(doc)")
            for cut in 0..<bytes.count {
                #expect(parseError(Array(bytes[0..<cut])) != nil, "prefix \(cut) of \(doc)")
            }
            for _ in 0..<200 {
                var m = bytes
                let at = Int.random(in: 0..<m.count, using: &g)
                m[at] = UInt8.random(in: 0...255, using: &g)
                _ = parseError(m)
                outcomes += 1
            }
        }
        #expect(outcomes == docs.count * 200)
    }
}
