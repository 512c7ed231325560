import Testing

@testable import TenuoCore

/// The payload encoder writes every map of a minted warrant (tools, each tool's argument names,
/// extension keys) in UTF-8 byte order, whatever order the dictionaries hold them in: on the
/// one-entry paths (no sort) and on the sorted paths alike.
@Suite struct MintEncodingOrderTests {
    /// Names whose byte order differs from insertion order and from case-insensitive order.
    static let names = ["b", "a", "B", "ab", "é", "z", "_x", "aa", "a0"]
    static let byteOrder = names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }

    static func textKeys(_ c: CBOR?) -> [String] {
        guard case .map(let entries)? = c else { return [] }
        return entries.compactMap { e in
            if case .text(let s) = e.key { return s }
            return nil
        }
    }

    static func field(_ map: CBOR?, _ key: UInt64) -> CBOR? {
        guard case .map(let entries)? = map else { return nil }
        return entries.first { $0.key == .unsigned(key) }?.value
    }

    static func textField(_ map: CBOR?, _ key: String) -> CBOR? {
        guard case .map(let entries)? = map else { return nil }
        return entries.first { $0.key == .text(key) }?.value
    }

    static func key() throws -> SigningKey { try SigningKey(seed: [UInt8](repeating: 7, count: 32)) }

    @Test func manyEntriesAreWrittenInByteOrder() throws {
        #expect(Self.byteOrder == ["B", "_x", "a", "a0", "aa", "ab", "b", "z", "é"])
        var set = ConstraintSet()
        for n in Self.names { set.constraints[n] = try Constraint.pattern("\(n)*") }
        var b = MintBuilder()
        for n in Self.names { try b.addTool(n, constraints: set) }
        try b.setExtension("com.z", [1])
        try b.setExtension("com.a", [2])
        try b.setExtension("com.é", [3])
        b.sessionID = "s"
        b.id = try WarrantID(bytes: Array(0..<16))
        let w = try b.mint(key: try Self.key(), now: 1_700_000_000)

        let tree = try CBORReader.decode(w.payloadBytes)
        let tools = Self.field(tree, 3)
        #expect(Self.textKeys(tools) == Self.byteOrder)
        for n in Self.names {
            let constraints = Self.textField(Self.textField(tools, n), "constraints")
            #expect(Self.textKeys(constraints) == Self.byteOrder, "tool \(n)")
        }
        #expect(Self.textKeys(Self.field(tree, 10)) == ["com.a", "com.z", "com.é", "tenuo.session_id"])
        // The bytes decode back to the payload that was signed.
        #expect(try Warrant(decoding: w.bytes, verifiedCache: nil).payload == w.payload)
    }

    @Test func oneEntryMapsTakeTheUnsortedPath() throws {
        var b = MintBuilder()
        try b.setToolConstraint("search", arg: "query", try Constraint.pattern("weather *"), fresh: true)
        try b.setExtension("com.example.trace", [9, 9])
        b.id = try WarrantID(bytes: Array(0..<16))
        let w = try b.mint(key: try Self.key(), now: 1_700_000_000)

        let tree = try CBORReader.decode(w.payloadBytes)
        let tools = Self.field(tree, 3)
        #expect(Self.textKeys(tools) == ["search"])
        #expect(Self.textKeys(Self.textField(Self.textField(tools, "search"), "constraints")) == ["query"])
        #expect(Self.textKeys(Self.field(tree, 10)) == ["com.example.trace"])
        #expect(try Warrant(decoding: w.bytes, verifiedCache: nil).payload == w.payload)
        // A second fresh capability on the same tool replaces its set; another tool is added.
        try b.setToolConstraint("search", arg: "q2", try Constraint.pattern("x"), fresh: true)
        try b.setToolConstraint("fetch", arg: "url", try Constraint.pattern("https://*"), fresh: true)
        #expect(b.tools.keys.sorted() == ["fetch", "search"])
        #expect(b.tools["search"]?.constraints.keys.sorted() == ["q2"])
    }
}
