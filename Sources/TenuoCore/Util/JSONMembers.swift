/// A JSON object's members, keys distinct, sorted by the UTF-8 bytes of the keys
/// (`Value.utf8Less`): the order in which a PoP message lists a call's arguments. Made from
/// JSON text without building a dictionary (`JSON.parseSortedMembers`), or from an argument map.
public struct SortedMembers: Sendable {
    public struct Member: Sendable {
        public let key: String
        public let value: Value
        /// The byte offset of the key in the JSON text (0 when made from a map): document
        /// order, and where a duplicate is reported.
        let at: Int
    }

    /// The members in canonical order.
    public let members: [Member]

    /// No members (a call without arguments).
    public init() { members = [] }

    /// The entries of an argument map in canonical order.
    public init(_ map: [String: Value]) {
        members = Value.sortedKeys(map).map { Member(key: $0, value: map[$0, default: .null], at: 0) }
    }

    init(canonical members: [Member]) { self.members = members }

    public var count: Int { members.count }

    /// The members as an argument map.
    public var dictionary: [String: Value] {
        var m = [String: Value](minimumCapacity: members.count)
        for x in members { m[x.key] = x.value }
        return m
    }

    /// Puts members given in document order into canonical order, refusing duplicate keys as
    /// a dictionary of them would (`JSONParser.parseObject`): keys compared as Swift `String`s
    /// (canonical equivalence), the error naming the first key, in document order, equal to
    /// an earlier one. `plainASCII`: every key's JSON text was ASCII without escapes, so equal
    /// keys are equal bytes (an ASCII key may still equal a non-ASCII one: "K" and U+212A).
    static func canonical(_ m: inout [Member], plainASCII: Bool) throws(TenuoError) {
        guard m.count > 1 else { return }
        if plainASCII {
            m.sort { Value.utf8Less($0.key, $1.key) }
            var i = 1
            while i < m.count {
                if !Value.utf8Less(m[i - 1].key, m[i].key) { break }  // sorted, so: equal
                i += 1
            }
            if i == m.count { return }
            m.sort { $0.at < $1.at }  // back to document order, to name the same duplicate
        }
        var seen = Set<String>(minimumCapacity: m.count)
        for x in m where !seen.insert(x.key).inserted {
            // Fail closed: two values for one argument name would be ambiguous.
            throw JSONParser.duplicateKey(x.key, at: x.at)
        }
        m.sort { Value.utf8Less($0.key, $1.key) }
    }
}

extension JSON {
    /// Parses a JSON object into its members in canonical order, for a PoP message: the same
    /// grammar, limits, duplicate refusal and errors as `parseObject`, without a dictionary.
    /// - Throws: `invalidJSON` when the top-level value is not an object or has a duplicate
    ///   key, or any `parse` error.
    public static func parseSortedMembers(_ bytes: UnsafeRawBufferPointer, limits: JSONLimits = .init())
        throws(TenuoError) -> SortedMembers
    {
        var p = try JSONParser(bytes, limits: limits)
        return SortedMembers(canonical: try p.parseSortedMembersDocument())
    }

    /// Parses a JSON object into its members in canonical order. See `parseSortedMembers(_:limits:)`.
    public static func parseSortedMembers(_ text: String, limits: JSONLimits = .init()) throws(TenuoError)
        -> SortedMembers
    {
        try withBuffer(text) { (buf) throws(TenuoError) in try parseSortedMembers(buf, limits: limits) }
    }
}
