/// `Cidr` (wire id 8): the argument must be an IP address inside a network.
///
/// Wire value: the network as bare text (`"10.0.0.0/8"`), kept exactly as signed. Parsing
/// follows the reference (`IPNetwork`): a bare address is a /32 or /128, host bits are
/// allowed and masked, IPv4 netmasks are accepted, leading zeros are not. An unparseable
/// network fails to decode. Arguments are parsed with Rust's strict `IpAddr` syntax: a
/// string that is not an address raises (the call is denied with an evaluation error,
/// ValidationError 1204), other value kinds simply do not match, and an IPv4-mapped IPv6
/// address does not match an IPv4 network.
public struct CidrConstraint: ConstraintKind, Equatable {
    public static let typeId: UInt64 = 8
    public static let typeName = "Cidr"

    /// The network text as signed.
    public let text: String
    /// The parsed network.
    public let network: IPNetwork

    /// - Throws: `.invalidArgument` when `text` is not a network.
    public init(_ text: String) throws(TenuoError) {
        guard let n = IPNetwork(text) else {
            throw TenuoError(
                .invalidArgument, "ValidationError: Invalid CIDR \(ValueText.quote(text)): invalid address",
                kind: ErrorKind.validation)
        }
        self.text = text
        self.network = n
    }

    public static func == (a: CidrConstraint, b: CidrConstraint) -> Bool { Bytewise.equal(a.text, b.text) }

    public init(wire: CBOR, depth: Int) throws(TenuoError) {
        guard case .text(let s) = wire else {
            throw TenuoError(.invalidPayloadStructure, "Cidr: value must be text, found \(wire.kindName)")
        }
        guard let n = IPNetwork(s) else {
            throw TenuoError(.invalidPayloadStructure, "Cidr: invalid CIDR \(ValueText.quote(s))")
        }
        self.text = s
        self.network = n
    }

    public func writeWire(to w: inout CBORWriter) { w.text(text) }

    /// Whether an address string lies in the network.
    /// - Throws: ValidationError (1204) when `ip` is not an address.
    public func contains(ip: String) throws(TenuoError) -> Bool {
        guard let a = IPAddress.parse(ip) else {
            throw TenuoError(
                .missingRequiredField,
                "ValidationError: Invalid IP address \(ValueText.quoteClipped(ip)): invalid IP address syntax",
                kind: ErrorKind.validation)
        }
        return network.contains(a)
    }

    public func matches(_ value: Value) throws(TenuoError) -> Bool {
        guard case .string(let s) = value else { return false }
        return try contains(ip: s)
    }

    /// Cidr → Cidr: the child network lies inside the parent's (both ends); Cidr → Exact: the
    /// value is an address inside the network.
    public func checkAttenuation(to child: Constraint) throws(TenuoError) {
        if let c = child.kind as? CidrConstraint {
            guard network.covers(c.network) else {
                throw AttenuationFault.monotonicity.error(
                    "CIDR \(ValueText.quote(c.text)) is not a subnet of \(ValueText.quote(text))")
            }
        } else if let e = child.kind as? ExactConstraint {
            guard case .string(let ip) = e.value else {
                throw AttenuationFault.incompatibleTypes.error("cannot attenuate Cidr to Exact (non-string)")
            }
            guard let a = IPAddress.parse(ip) else {
                throw AttenuationFault.validation.error(
                    "Invalid IP address \(ValueText.quote(ip)): invalid IP address syntax")
            }
            guard network.contains(a) else {
                throw AttenuationFault.constraintViolation.error(
                    "IP \(ValueText.quote(ip)) not in CIDR \(ValueText.quote(text))")
            }
        } else {
            throw incompatible(with: child)
        }
    }

    public func json() -> Value { .map(["type": .string(Self.typeName), "network": .string(text)]) }

    /// `{"type": "Cidr", "network": "10.0.0.0/8"}`.
    public init(json: [String: Value], depth: Int) throws(TenuoError) {
        let f = try JSONFields(json, typeName: Self.typeName, allowed: ["network"])
        try self.init(try f.text("network"))
    }

    public var summary: String { "Cidr(\(ValueText.quote(text)))" }
}

extension Constraint {
    /// `Cidr(network)`, e.g. `"10.0.0.0/8"`.
    /// - Throws: `.invalidArgument` when the text is not a network.
    public static func cidr(_ network: String) throws(TenuoError) -> Constraint {
        Constraint(try CidrConstraint(network))
    }
}
