/// Warrant kinds (payload key 2).
public enum WarrantType: UInt8, Sendable {
    case execution = 0
    case issuer = 1

    public var name: String { self == .execution ? "execution" : "issuer" }
}

/// The signed content of a warrant (payload map keys 0–18 of wire-format §10).
public struct WarrantPayload: Sendable, Equatable {
    public static let sessionIDKey = "tenuo.session_id"
    public static let agentIDKey = "tenuo.agent_id"

    public var version: UInt8 = 1
    public var id: WarrantID
    public var type: WarrantType
    public var tools: [String: ConstraintSet]
    public var holder: PublicKey
    public var issuer: PublicKey
    public var issuedAt: UInt64
    public var expiresAt: UInt64
    public var maxDepth: UInt8
    public var parentHash: [UInt8]?
    /// Raw extension values (bytes), keyed by name. `tenuo.session_id`/`tenuo.agent_id` live here too.
    public var extensions: [String: [UInt8]]
    public var issuableTools: [String]?
    public var maxIssueDepth: UInt32?
    public var constraintBounds: ConstraintSet?
    public var requiredApprovers: [PublicKey]?
    public var minApprovals: UInt32?
    public var clearance: UInt8?
    public var depth: UInt32

    public init(
        id: WarrantID, type: WarrantType, tools: [String: ConstraintSet], holder: PublicKey, issuer: PublicKey,
        issuedAt: UInt64, expiresAt: UInt64, maxDepth: UInt8, depth: UInt32 = 0, parentHash: [UInt8]? = nil,
        extensions: [String: [UInt8]] = [:]
    ) {
        self.id = id
        self.type = type
        self.tools = tools
        self.holder = holder
        self.issuer = issuer
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.maxDepth = maxDepth
        self.depth = depth
        self.parentHash = parentHash
        self.extensions = extensions
    }

    /// Session id carried in the `tenuo.session_id` extension (raw UTF-8, as the reference writes it).
    public var sessionID: String? { extensions[Self.sessionIDKey].flatMap { UTF8Text.decode($0) } }
    public var agentID: String? { extensions[Self.agentIDKey].flatMap { UTF8Text.decode($0) } }
    /// A warrant is terminal when it can no longer delegate: depth ≥ max_depth.
    public var isTerminal: Bool { depth >= UInt32(maxDepth) }

    // MARK: Encoding

    /// The exact payload bytes the reference produces for these fields.
    public func encoded() -> [UInt8] {
        var w = CBORWriter(capacity: 512)
        var count = 10  // keys 0–8 and 18
        if parentHash != nil { count += 1 }
        if !extensions.isEmpty { count += 1 }
        if issuableTools != nil { count += 1 }
        if maxIssueDepth != nil { count += 1 }
        if constraintBounds != nil { count += 1 }
        if requiredApprovers != nil { count += 1 }
        if minApprovals != nil { count += 1 }
        if clearance != nil { count += 1 }
        w.mapHeader(count)
        w.unsigned(0); w.unsigned(UInt64(version))
        w.unsigned(1); w.byteString(id.bytes)
        w.unsigned(2); w.unsigned(UInt64(type.rawValue))
        w.unsigned(3)
        w.mapHeader(tools.count)
        if tools.count == 1, let (name, set) = tools.first {
            // One tool (the usual warrant): nothing to sort.
            w.text(name)
            set.write(to: &w)
        } else {
            // Sorted as (name, set) pairs: no lookup per name afterwards.
            for (name, set) in tools.sorted(by: { Value.utf8Less($0.key, $1.key) }) {
                w.text(name)
                set.write(to: &w)
            }
        }
        w.unsigned(4); holder.writeWire(to: &w)
        w.unsigned(5); issuer.writeWire(to: &w)
        w.unsigned(6); w.unsigned(issuedAt)
        w.unsigned(7); w.unsigned(expiresAt)
        w.unsigned(8); w.unsigned(UInt64(maxDepth))
        if let h = parentHash { w.unsigned(9); w.byteArrayAsUInts(h) }
        if !extensions.isEmpty {
            w.unsigned(10)
            w.mapHeader(extensions.count)
            if extensions.count == 1, let (k, v) = extensions.first {
                w.text(k)
                w.byteArrayAsUInts(v)
            } else {
                for (k, v) in extensions.sorted(by: { Value.utf8Less($0.key, $1.key) }) {
                    w.text(k)
                    w.byteArrayAsUInts(v)
                }
            }
        }
        if let t = issuableTools {
            w.unsigned(11)
            w.arrayHeader(t.count)
            for x in t { w.text(x) }
        }
        if let m = maxIssueDepth { w.unsigned(13); w.unsigned(UInt64(m)) }
        if let b = constraintBounds { w.unsigned(14); b.write(to: &w) }
        if let r = requiredApprovers {
            w.unsigned(15)
            w.arrayHeader(r.count)
            for k in r { k.writeWire(to: &w) }
        }
        if let m = minApprovals { w.unsigned(16); w.unsigned(UInt64(m)) }
        if let c = clearance { w.unsigned(17); w.unsigned(UInt64(c)) }
        w.unsigned(18); w.unsigned(UInt64(depth))
        return w.bytes
    }

    // MARK: Decoding

    /// Decodes a payload map. Call only on bytes whose signature was verified.
    public init(cbor: CBOR) throws(TenuoError) {
        guard case .map(let entries) = cbor else {
            throw TenuoError(.invalidPayloadStructure, "payload must be a CBOR map, got \(cbor.kindName)")
        }
        var f = [CBOR?](repeating: nil, count: 19)
        for e in entries {
            guard case .unsigned(let k) = e.key else {
                throw TenuoError(.unknownPayloadField, "payload keys must be unsigned integers, got \(e.key.kindName)")
            }
            // The decision table decides which keys exist (fail closed: no key without a rule).
            if case .refused(let code) = FieldPolicy.payloadDecision(k) {
                throw TenuoError(code, "unknown payload field key \(k)")
            }
            guard k <= 18 else { throw TenuoError(.unknownPayloadField, "unknown payload field key \(k)") }
            f[Int(k)] = e.value
        }
        func req(_ k: Int, _ name: String) throws(TenuoError) -> CBOR {
            guard let v = f[k] else { throw TenuoError(.missingRequiredField, "payload is missing \(name) (key \(k))") }
            return v
        }
        /// Optional fields: absent or null mean "not set" (the reference reads null as None).
        func opt(_ k: Int) -> CBOR? {
            guard let v = f[k], !v.isNull else { return nil }
            return v
        }
        let version = try Self.uint(try req(0, "version"), "version", max: 255)
        guard version == 1 else {
            throw TenuoError(.unsupportedPayloadVersion, "unsupported payload version \(version) (expected 1)")
        }
        guard let idBytes = try req(1, "id").bytes else {
            throw TenuoError(.invalidPayloadStructure, "warrant id must be a byte string")
        }
        let id = try WarrantID(bytes: idBytes)
        let typeRaw = try Self.uint(try req(2, "warrant_type"), "warrant_type", max: 255)
        guard let type = WarrantType(rawValue: UInt8(typeRaw)) else {
            throw TenuoError(.invalidPayloadStructure, "invalid warrant type \(typeRaw)")
        }
        guard case .map(let toolEntries) = try req(3, "tools") else {
            throw TenuoError(.invalidPayloadStructure, "tools must be a map")
        }
        guard toolEntries.count <= Limits.maxToolsPerWarrant else {
            throw TenuoError(.tooManyTools, "\(toolEntries.count) tools exceed the limit of \(Limits.maxToolsPerWarrant)")
        }
        var tools: [String: ConstraintSet] = [:]
        for e in toolEntries {
            guard case .text(let name) = e.key else { throw TenuoError(.invalidPayloadStructure, "tool names must be text") }
            guard name.utf8.count <= Limits.maxToolNameBytes else {
                throw TenuoError(.valueTooLarge, "tool name longer than \(Limits.maxToolNameBytes) bytes")
            }
            tools[name] = try ConstraintSet(wire: e.value)
        }
        let holder = try PublicKey(wire: try req(4, "holder"))
        let issuer = try PublicKey(wire: try req(5, "issuer"))
        let issuedAt = try Self.uint(try req(6, "issued_at"), "issued_at", max: UInt64(Int64.max))
        let expiresAt = try Self.uint(try req(7, "expires_at"), "expires_at", max: UInt64(Int64.max))
        let maxDepth = try Self.uint(try req(8, "max_depth"), "max_depth", max: 255)
        self.init(
            id: id, type: type, tools: tools, holder: holder, issuer: issuer, issuedAt: issuedAt,
            expiresAt: expiresAt, maxDepth: UInt8(maxDepth))
        if let h = opt(9) {
            let hash = try Self.byteArray(h, "parent_hash")
            guard hash.count == 32 else { throw TenuoError(.invalidPayloadStructure, "parent_hash must be 32 bytes") }
            parentHash = hash
        }
        if let x = opt(10) {
            guard case .map(let ext) = x else { throw TenuoError(.invalidPayloadStructure, "extensions must be a map") }
            guard ext.count <= Limits.maxExtensionKeys else {
                throw TenuoError(.extensionTooLarge, "\(ext.count) extensions exceed the limit of \(Limits.maxExtensionKeys)")
            }
            for e in ext {
                guard case .text(let k) = e.key else { throw TenuoError(.invalidPayloadStructure, "extension keys must be text") }
                let v = try Self.byteArray(e.value, "extension '\(k)'")
                guard v.count <= Limits.maxExtensionValueBytes else {
                    throw TenuoError(.extensionTooLarge, "extension '\(k)' is \(v.count) bytes, over \(Limits.maxExtensionValueBytes)")
                }
                extensions[k] = v
            }
        }
        if let x = opt(11) {
            guard case .array(let a) = x else { throw TenuoError(.invalidPayloadStructure, "issuable_tools must be an array") }
            guard a.count <= Limits.maxToolsPerWarrant else { throw TenuoError(.tooManyTools, "too many issuable tools") }
            var out: [String] = []
            for t in a {
                guard case .text(let s) = t else { throw TenuoError(.invalidPayloadStructure, "issuable_tools entries must be text") }
                out.append(s)
            }
            issuableTools = out
        }
        if let x = opt(13) { maxIssueDepth = UInt32(try Self.uint(x, "max_issue_depth", max: UInt64(UInt32.max))) }
        if let x = opt(14) { constraintBounds = try ConstraintSet(wire: x) }
        if let x = opt(15) {
            guard case .array(let a) = x else { throw TenuoError(.invalidPayloadStructure, "required_approvers must be an array") }
            guard a.count <= 256 else { throw TenuoError(.valueTooLarge, "too many required approvers") }
            var keys: [PublicKey] = []
            for k in a { keys.append(try PublicKey(wire: k)) }
            requiredApprovers = keys
        }
        if let x = opt(16) { minApprovals = UInt32(try Self.uint(x, "min_approvals", max: UInt64(UInt32.max))) }
        if let x = opt(17) { clearance = UInt8(try Self.uint(x, "clearance", max: 255)) }
        if let x = f[18] { depth = UInt32(try Self.uint(x, "depth", max: UInt64(UInt32.max))) }
    }

    static func uint(_ v: CBOR, _ name: String, max: UInt64) throws(TenuoError) -> UInt64 {
        guard case .unsigned(let u) = v else {
            throw TenuoError(.invalidPayloadStructure, "\(name) must be an unsigned integer, got \(v.kindName)")
        }
        guard u <= max else { throw TenuoError(.invalidPayloadStructure, "\(name) \(u) is out of range (max \(max))") }
        return u
    }

    /// Reads a byte string written either as a CBOR byte string or as an array of uints
    /// (serde's form for `[u8; N]` and `Vec<u8>`, which the reference emits).
    static func byteArray(_ v: CBOR, _ name: String) throws(TenuoError) -> [UInt8] {
        switch v {
        case .bytes(let b): return b
        case .array(let a):
            var out: [UInt8] = []
            out.reserveCapacity(a.count)
            for x in a {
                guard case .unsigned(let u) = x, u <= 255 else {
                    throw TenuoError(.invalidPayloadStructure, "\(name) must be bytes (array of 0–255)")
                }
                out.append(UInt8(u))
            }
            return out
        default:
            throw TenuoError(.invalidPayloadStructure, "\(name) must be bytes, got \(v.kindName)")
        }
    }

    // MARK: Structural validation (time-independent)

    /// The reference's structural checks: expiry after issue, type consistency, limits, multi-sig sanity.
    public func validateStructure() throws(TenuoError) {
        guard expiresAt > issuedAt else {
            throw TenuoError(.invalidPayloadStructure, "expires_at must be strictly greater than issued_at")
        }
        switch type {
        case .execution:
            if issuableTools != nil {
                throw TenuoError(.invalidPayloadStructure, "execution warrant cannot have issuable_tools")
            }
            if maxIssueDepth != nil {
                throw TenuoError(.invalidPayloadStructure, "execution warrant cannot have max_issue_depth")
            }
        case .issuer:
            if !tools.isEmpty { throw TenuoError(.invalidPayloadStructure, "issuer warrant cannot have tools") }
            if issuableTools?.isEmpty ?? true {
                throw TenuoError(.invalidPayloadStructure, "issuer warrant requires at least one issuable tool")
            }
        }
        if let m = maxIssueDepth, m > UInt32(maxDepth) {
            throw TenuoError(.depthExceeded, "max_issue_depth \(m) exceeds max_depth \(maxDepth)")
        }
        for (name, set) in tools where set.constraints.count > Limits.maxConstraintsPerTool {
            throw TenuoError(.tooManyConstraints, "tool '\(name)' has \(set.constraints.count) constraints, over \(Limits.maxConstraintsPerTool)")
        }
        // No extensions, nothing to check (it would sort the empty key list on every mint).
        if !extensions.isEmpty { try FieldPolicy.checkExtensions(extensions) }
        if let approvers = requiredApprovers, let m = minApprovals {
            if m > UInt32(approvers.count) {
                throw TenuoError(.invalidPayloadStructure, "min_approvals (\(m)) exceeds the number of required_approvers (\(approvers.count))")
            }
            if m == 0 {
                throw TenuoError(.invalidPayloadStructure, "min_approvals must be at least 1 when required_approvers is set")
            }
        }
    }
}
