import Testing

@testable import TenuoCore

/// A denial's texts are made when read; they must read exactly as the eagerly built ones did.
@Suite struct DenialTextTests {
    static let issuer = try! SigningKey(seed: [UInt8](repeating: 7, count: 32))
    static let agent = try! SigningKey(seed: [UInt8](repeating: 8, count: 32))
    static let now: UInt64 = 1_767_225_600

    static func payload(tools: [String]) throws -> WarrantPayload {
        var b = MintBuilder()
        try b.setToolConstraint("read", arg: "path", try Constraint.pattern("/d/*"), fresh: true)
        for t in tools { try b.addTool(t) }
        b.holder = agent.publicKey
        return try b.mint(key: issuer, now: now).payload
    }

    static func joined(_ parts: ((String) -> Void) -> Void) -> String {
        var s = ""
        parts { s += $0 }
        return s
    }

    @Test func toolNotFoundListsTheGrantedToolsInUTF8Order() throws {
        // UTF-8 byte order: uppercase before lowercase, a prefix first, non-ASCII last.
        let p = try Self.payload(tools: ["zeta", "éclair", "Beta", "ab", "a"])
        let d = try #require(p.whyDenied(tool: "nope", args: [:], now: Self.now))
        #expect(d.reason == "warrant does not authorize tool 'nope'")
        #expect(d.suggestion == "Tool 'nope' is not granted by this warrant (granted: Beta, a, ab, read, zeta, éclair).")
        #expect(Self.joined(d.reasonParts) == d.reason)
        #expect(Self.joined(d.suggestionParts) == d.suggestion)
        #expect(d.error.message == d.reason)
    }

    @Test func expiredAndConstraintTexts() throws {
        let p = try Self.payload(tools: [])
        let e = try #require(p.whyDenied(tool: "read", args: [:], now: p.expiresAt))
        #expect(e.reason == "warrant \(p.id) expired at \(p.expiresAt)")
        #expect(e.suggestion == "Request a fresh warrant: this one expired at Unix time \(p.expiresAt).")
        #expect(Self.joined(e.reasonParts) == e.reason && Self.joined(e.suggestionParts) == e.suggestion)
        let c = try #require(p.whyDenied(tool: "read", args: ["path": .string("/etc")], now: Self.now))
        #expect(c.reason == ConstraintFailure.mismatchReason)
        #expect(c.suggestion == "Argument 'path' was refused: value does not match constraint. It must satisfy \(try Constraint.pattern("/d/*").summary).")
        let extra = try #require(p.whyDenied(tool: "read", args: ["path": .string("/d/x"), "mode": .string("w")], now: Self.now))
        #expect(extra.suggestion == "Argument 'mode' was refused: \(ConstraintFailure.unknownFieldReason).")
        #expect(Self.joined(extra.suggestionParts) == extra.suggestion)
    }

    @Test func equalityComparesTheTextsNotHowTheyAreMade() throws {
        let p = try Self.payload(tools: ["b"])
        let lazy = try #require(p.whyDenied(tool: "x", args: [:], now: Self.now))
        let given = Denial(code: lazy.code, denyCode: lazy.denyCode, tool: "x", field: nil,
                           reason: lazy.reason, suggestion: lazy.suggestion)
        #expect(lazy == given)
        let other = Denial(code: lazy.code, denyCode: lazy.denyCode, tool: "x", field: nil,
                           reason: lazy.reason, suggestion: "something else")
        #expect(lazy != other)
    }

    @Test func grantedToolsAreListedInUTF8OrderAtEverySize() throws {
        // Up to 16 names are sorted by insertion in stack memory, more by sorted(by:): both
        // must give the bytewise UTF-8 order, whatever order the dictionary yields the names in.
        let pool = ["zeta", "éclair", "Beta", "ab", "a", "a\u{0}b", "ü", "Z", "_x", "read_file",
                    "search", "fetch", "é", "\u{10FFFF}", "\u{FFFF}", "9", "aé", "b", "B", "zz", "yy"]
        for n in 0...pool.count {
            var tools: [String: ConstraintSet] = [:]
            for name in pool.prefix(n) { tools[name] = ConstraintSet() }
            var listed: [String] = []
            Denial.inUTF8Order(tools.keys) { i, name in
                #expect(i == listed.count)
                listed.append(name)
            }
            #expect(listed == tools.keys.sorted(by: Value.utf8Less), "\(n) names")
        }
        // Through a warrant with 20 tools (the suggestion's list goes through sorted(by:)).
        let granted = pool.filter { !$0.contains("\u{0}") }.prefix(19)
        let p = try Self.payload(tools: Array(granted))
        let d = try #require(p.whyDenied(tool: "nope", args: [:], now: Self.now))
        let names = (Array(granted) + ["read"]).sorted(by: Value.utf8Less)
        #expect(d.suggestion == "Tool 'nope' is not granted by this warrant (granted: \(names.joined(separator: ", "))).")
        #expect(Self.joined(d.suggestionParts) == d.suggestion)
    }

    @Test func decimalIsStringOfTheNumber() {
        var values: [UInt64] = [0, 1, 9, 10, 99, 100, 1_767_225_600, 9_999_999_999, 10_000_000_000, UInt64.max, UInt64.max - 1]
        var x: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<200 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            values.append(x >> (x & 63))
        }
        for v in values { #expect(Denial.decimal(v) == String(v)) }
    }

    @Test func utf8LessIsBytewiseUTF8Order() {
        let words = ["", "a", "ab", "b", "B", "é", "e\u{301}", "ü", "z", "\u{10FFFF}", "\u{FFFF}", "aé", "a\u{0}"]
        for x in words {
            for y in words {
                #expect(Value.utf8Less(x, y) == Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)), "\(x) vs \(y)")
            }
        }
    }
}
