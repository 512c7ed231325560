/// `UrlSafe` (wire id 18): SSRF protection for a URL argument (see `UrlSafePolicy` for the
/// checks and their order).
///
/// Wire value: a map of nine keys in this order, absent options written as null:
/// `schemes` (default `["http", "https"]`), `allow_domains`, `deny_domains`, `allow_ports`,
/// `block_private`, `block_loopback`, `block_metadata`, `block_reserved` (default true) and
/// `block_internal_tlds` (default false). Decoding accepts any order and fills missing keys
/// with their defaults, as the reference does; domain patterns are checked at evaluation, so
/// an invalid one decodes and then denies every string with a ValidationError. The JSON
/// constructor refuses invalid patterns up front, as the reference's `UrlSafe(...)` does.
/// Non-string arguments never match.
public struct UrlSafeConstraint: ConstraintKind, Equatable {
    public static let typeId: UInt64 = 18
    public static let typeName = "UrlSafe"
    static let keys = [
        "schemes", "allow_domains", "deny_domains", "allow_ports", "block_private", "block_loopback",
        "block_metadata", "block_reserved", "block_internal_tlds",
    ]

    let policy: UrlSafePolicy

    public var schemes: [String] { policy.schemes }
    public var allowDomains: [String]? { policy.allowDomains }
    public var denyDomains: [String]? { policy.denyDomains }
    public var allowPorts: [UInt16]? { policy.allowPorts }
    public var blockPrivate: Bool { policy.blockPrivate }
    public var blockLoopback: Bool { policy.blockLoopback }
    public var blockMetadata: Bool { policy.blockMetadata }
    public var blockReserved: Bool { policy.blockReserved }
    public var blockInternalTLDs: Bool { policy.blockInternalTLDs }

    /// - Throws: `.invalidArgument` ("ValidationError: …", as the reference's constructor) for
    ///   an invalid allow or deny domain pattern.
    public init(
        schemes: [String] = ["http", "https"], allowDomains: [String]? = nil, denyDomains: [String]? = nil,
        allowPorts: [UInt16]? = nil, blockPrivate: Bool = true, blockLoopback: Bool = true, blockMetadata: Bool = true,
        blockReserved: Bool = true, blockInternalTLDs: Bool = false
    ) throws(TenuoError) {
        self.init(
            unchecked: UrlSafePolicy(
                schemes: schemes, allowDomains: allowDomains, denyDomains: denyDomains, allowPorts: allowPorts,
                blockPrivate: blockPrivate, blockLoopback: blockLoopback, blockMetadata: blockMetadata,
                blockReserved: blockReserved, blockInternalTLDs: blockInternalTLDs))
        if case .failure(let e) = policy.patterns() { throw e.recoded(.invalidArgument) }
    }

    init(unchecked policy: UrlSafePolicy) { self.policy = policy }

    /// Equal when the encodings are equal (strings compare byte for byte, not canonically).
    public static func == (a: UrlSafeConstraint, b: UrlSafeConstraint) -> Bool {
        var x = CBORWriter()
        var y = CBORWriter()
        a.writeWire(to: &x)
        b.writeWire(to: &y)
        return x.bytes == y.bytes
    }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        let f = try WireFields(wire, typeName: Self.typeName, allowed: Self.keys)
        func texts(_ key: String, _ v: CBOR) throws(TenuoError) -> [String] {
            guard case .array(let items) = v else { throw f.wrongType(key, "array of text", v) }
            var out: [String] = []
            for x in items {
                guard case .text(let s) = x else { throw f.wrongType(key, "text", x) }
                out.append(s)
            }
            return out
        }
        func optionalTexts(_ key: String) throws(TenuoError) -> [String]? {
            switch f.optional(key) {
            case nil, .null?: return nil
            case let v?: return try texts(key, v)
            }
        }
        func flag(_ key: String, _ defaultValue: Bool) throws(TenuoError) -> Bool {
            guard f.optional(key) != nil else { return defaultValue }
            return try f.bool(key)
        }
        var ports: [UInt16]?
        switch f.optional("allow_ports") {
        case nil, .null?: ports = nil
        case .array(let items)?:
            var out: [UInt16] = []
            for x in items {
                guard case .unsigned(let n) = x, n <= 0xFFFF else { throw f.wrongType("allow_ports", "u16", x) }
                out.append(UInt16(n))
            }
            ports = out
        case let v?: throw f.wrongType("allow_ports", "array of u16 or null", v)
        }
        self.init(
            unchecked: UrlSafePolicy(
                schemes: try f.optional("schemes").map { v throws(TenuoError) in try texts("schemes", v) }
                    ?? ["http", "https"],
                allowDomains: try optionalTexts("allow_domains"), denyDomains: try optionalTexts("deny_domains"),
                allowPorts: ports, blockPrivate: try flag("block_private", true),
                blockLoopback: try flag("block_loopback", true), blockMetadata: try flag("block_metadata", true),
                blockReserved: try flag("block_reserved", true),
                blockInternalTLDs: try flag("block_internal_tlds", false)))
    }

    public func writeWire(to w: inout CBORWriter) {
        func list(_ l: [String]?) {
            guard let l else { return w.null() }
            w.arrayHeader(l.count)
            for s in l { w.text(s) }
        }
        w.mapHeader(9)
        w.text("schemes")
        list(schemes)
        w.text("allow_domains")
        list(allowDomains)
        w.text("deny_domains")
        list(denyDomains)
        w.text("allow_ports")
        if let ports = allowPorts {
            w.arrayHeader(ports.count)
            for p in ports { w.unsigned(UInt64(p)) }
        } else {
            w.null()
        }
        for (k, b) in [
            ("block_private", blockPrivate), ("block_loopback", blockLoopback), ("block_metadata", blockMetadata),
            ("block_reserved", blockReserved), ("block_internal_tlds", blockInternalTLDs),
        ] {
            w.text(k)
            w.bool(b)
        }
    }

    /// Whether a URL passes every check.
    /// - Throws: ValidationError (1204) when a domain pattern is invalid.
    public func isSafe(_ url: String) throws(TenuoError) -> Bool { try policy.isSafe(url) }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .string(let s) = value else { return false }
        return try policy.isSafe(s)
    }

    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? UrlSafeConstraint {
            try UrlSafeAttenuation.check(parent: self, child: c)
        } else if let e = child.kind as? ExactConstraint {
            guard case .string(let url) = e.value else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate UrlSafe to Exact (non-string)")
            }
            guard try policy.isSafe(url) else {
                throw AttenuationFault.constraintViolation.error(
                    "URL \(ValueText.quote(url)) blocked: URL blocked by UrlSafe constraint")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value {
        func list(_ l: [String]?) -> Value { l.map { .list($0.map { .string($0) }) } ?? .null }
        return .map([
            "type": .string(Self.typeName), "schemes": list(schemes), "allow_domains": list(allowDomains),
            "deny_domains": list(denyDomains),
            "allow_ports": allowPorts.map { .list($0.map { .int(Int64($0)) }) } ?? .null,
            "block_private": .bool(blockPrivate), "block_loopback": .bool(blockLoopback),
            "block_metadata": .bool(blockMetadata), "block_reserved": .bool(blockReserved),
            "block_internal_tlds": .bool(blockInternalTLDs),
        ])
    }

    /// Every field optional (defaults as on the wire); lists of strings or null, ports
    /// integers 0–65535.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: Self.keys)
        func strings(_ key: String) throws(TenuoError) -> [String]? {
            switch f.optional(key) {
            case nil, .null?: return nil
            case .list(let items)?:
                var out: [String] = []
                for x in items {
                    guard case .string(let s) = x else { throw f.wrongType(key, "list of strings", x) }
                    out.append(s)
                }
                return out
            case let v?: throw f.wrongType(key, "list of strings or null", v)
            }
        }
        var ports: [UInt16]?
        switch f.optional("allow_ports") {
        case nil, .null?: ports = nil
        case .list(let items)?:
            ports = []
            for x in items {
                guard case .int(let n) = x, n >= 0, n <= 0xFFFF else {
                    throw f.wrongType("allow_ports", "integers 0-65535", x)
                }
                ports?.append(UInt16(n))
            }
        case let v?: throw f.wrongType("allow_ports", "list of integers or null", v)
        }
        try self.init(
            schemes: try strings("schemes") ?? ["http", "https"], allowDomains: try strings("allow_domains"),
            denyDomains: try strings("deny_domains"), allowPorts: ports,
            blockPrivate: try f.bool("block_private", default: true),
            blockLoopback: try f.bool("block_loopback", default: true),
            blockMetadata: try f.bool("block_metadata", default: true),
            blockReserved: try f.bool("block_reserved", default: true),
            blockInternalTLDs: try f.bool("block_internal_tlds", default: false))
    }

    /// As the reference displays it: only the options that differ from the defaults.
    public var summary: String {
        var opts: [String] = []
        let quoted = { (l: [String]) in "[" + l.map(ValueText.quote).joined(separator: ", ") + "]" }
        if schemes != ["http", "https"] { opts.append("schemes=" + quoted(schemes)) }
        if let a = allowDomains { opts.append("allow_domains=" + quoted(a)) }
        if let d = denyDomains { opts.append("deny_domains=" + quoted(d)) }
        if let p = allowPorts { opts.append("allow_ports=[" + p.map(String.init).joined(separator: ", ") + "]") }
        if !blockPrivate { opts.append("block_private=false") }
        if !blockLoopback { opts.append("block_loopback=false") }
        if !blockMetadata { opts.append("block_metadata=false") }
        if !blockReserved { opts.append("block_reserved=false") }
        if blockInternalTLDs { opts.append("block_internal_tlds=true") }
        return "UrlSafe(" + opts.joined(separator: ", ") + ")"
    }
}

extension Constraint {
    /// `UrlSafe(...)` with the reference's defaults (http/https, every block but internal TLDs).
    /// - Throws: `.invalidArgument` for an invalid domain pattern; `.valueTooLarge`.
    public static func urlSafe(
        schemes: [String] = ["http", "https"], allowDomains: [String]? = nil, denyDomains: [String]? = nil,
        allowPorts: [UInt16]? = nil, blockPrivate: Bool = true, blockLoopback: Bool = true, blockMetadata: Bool = true,
        blockReserved: Bool = true, blockInternalTLDs: Bool = false
    ) throws(TenuoError) -> Constraint {
        let c = Constraint(
            try UrlSafeConstraint(
                schemes: schemes, allowDomains: allowDomains, denyDomains: denyDomains, allowPorts: allowPorts,
                blockPrivate: blockPrivate, blockLoopback: blockLoopback, blockMetadata: blockMetadata,
                blockReserved: blockReserved, blockInternalTLDs: blockInternalTLDs))
        try c.checkValueSize()
        return c
    }
}
