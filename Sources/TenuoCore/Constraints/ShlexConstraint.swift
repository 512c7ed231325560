/// `Shlex` (wire id 128, an extension type): a shell command limited to allowed binaries,
/// checked the reference's conservative way (its Rust core, not the Python SDK's POSIX
/// `shlex` class, which cannot be put in a warrant).
///
/// Wire value `{"allow": [text, …]}`. A value matches when it is a non-empty string with
/// none of `\0 \n \r \v \f \a \b DEL $ \` | & ; < > ( )` anywhere (quotes do not protect
/// them), whose first whitespace-separated token (Unicode White_Space) contains no `..` and
/// equals an allowed entry either as a whole or by its basename (the text after the last
/// `/`). Entries are literal strings, compared byte for byte.
public struct ShlexConstraint: ConstraintKind {
    public static let typeId: UInt64 = 128
    public static let typeName = "Shlex"

    /// The allowed binaries (names or full paths), as signed.
    public let allow: [String]

    static let dangerous: Set<UInt32> = [
        0x00, 0x0A, 0x0D, 0x0B, 0x0C, 0x07, 0x08, 0x7F,  // control
        0x24, 0x60,  // $ `
        0x7C, 0x26, 0x3B, 0x3C, 0x3E, 0x28, 0x29,  // | & ; < > ( )
    ]

    /// - Throws: `.invalidArgument` for an empty list, as the reference's constructor.
    public init(allow: [String]) throws(TenuoError) {
        if allow.isEmpty { throw TenuoError(.invalidArgument, "Shlex requires at least one allowed binary") }
        self.allow = allow
    }

    /// Decoding accepts an empty list (it matches nothing), as the reference does.
    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: ["allow"])
        let v = try f.required("allow")
        guard case .array(let items) = v else { throw f.wrongType("allow", "array", v) }
        var out: [String] = []
        for item in items {
            guard case .text(let s) = item else { throw f.wrongType("allow", "array of text", item) }
            out.append(s)
        }
        allow = out
    }

    public func writeWire(to w: inout CBORWriter) {
        w.mapHeader(1)
        w.text("allow")
        w.arrayHeader(allow.count)
        for s in allow { w.text(s) }
    }

    /// The binary a command would run, or nil when the command is refused outright.
    static func binary(of command: String) -> String? {
        if command.isEmpty || command.unicodeScalars.contains(where: { dangerous.contains($0.value) }) { return nil }
        var token = String.UnicodeScalarView()
        var started = false
        for u in command.unicodeScalars {
            if u.properties.isWhitespace {
                if started { break }
            } else {
                started = true
                token.append(u)
            }
        }
        guard started else { return nil }
        let s = String(token)
        return s.utf8.contains(subsequence: [PathNormalizer.dot, PathNormalizer.dot]) ? nil : s
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .string(let command) = value, let bin = Self.binary(of: command) else { return false }
        let bytes = Array(bin.utf8)
        let base = bytes.lastIndex(of: PathNormalizer.slash).map { Array(bytes[($0 + 1)...]) } ?? bytes
        return allow.contains { a in a.utf8.elementsEqual(bytes) || a.utf8.elementsEqual(base) }
    }

    /// Shlex → Shlex: every child entry must be a parent entry. Shlex → Exact: the parent
    /// must accept the command.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? ShlexConstraint {
            for b in c.allow where !allow.contains(where: { Bytewise.equal($0, b) }) {
                throw AttenuationFault.monotonicity.error(
                    "child allows binary \(ValueText.quote(b)) not in parent allowlist")
            }
        } else if let e = child.kind as? ExactConstraint {
            guard case .string(let s) = e.value else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate Shlex to Exact (non-string)")
            }
            guard try matches(e.value) else {
                throw AttenuationFault.constraintViolation.error(
                    "command \(ValueText.quote(s)) rejected by Shlex constraint")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value {
        .map(["type": .string(Self.typeName), "allow": .list(allow.map { .string($0) })])
    }

    /// `{"type": "Shlex", "allow": [text, …]}`, at least one entry.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["allow"])
        var out: [String] = []
        for v in try f.list("allow") {
            guard case .string(let s) = v else { throw f.wrongType("allow", "list of strings", v) }
            out.append(s)
        }
        try self.init(allow: out)
    }

    public var summary: String { "Shlex(allow=[" + allow.map(ValueText.quote).joined(separator: ", ") + "])" }
}

extension Constraint {
    /// `Shlex(allow=[…])`.
    /// - Throws: `.invalidArgument` for an empty list; `.valueTooLarge`.
    public static func shlex(allow: [String]) throws(TenuoError) -> Constraint {
        let c = Constraint(try ShlexConstraint(allow: allow))
        try c.checkValueSize()
        return c
    }
}

extension Sequence where Element == UInt8 {
    /// Whether `needle` occurs as a contiguous run.
    fileprivate func contains(subsequence needle: [UInt8]) -> Bool {
        let hay = Array(self)
        guard !needle.isEmpty, hay.count >= needle.count else { return needle.isEmpty }
        for i in 0...(hay.count - needle.count) where hay[i..<(i + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
