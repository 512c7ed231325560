/// Fail closed: the decision for every payload field and every reserved extension key. The
/// payload decoder accepts exactly the keys listed here as not refused, and `validateStructure`
/// refuses reserved extension keys not listed, so a field cannot be decoded and then ignored
/// without a line here (and the test that walks this table) saying how it is enforced.
public enum FieldPolicy {
    public enum Decision: Sendable, Equatable {
        /// Enforced by libtenuo; the text says where.
        case enforced(String)
        /// Carried and exposed, and given no authority, as in the reference (the text says why).
        case metadata(String)
        /// A warrant carrying it is refused, with this error code.
        case refused(ErrorCode)
    }

    public struct Entry: Sendable {
        public let key: String
        public let name: String
        public let decision: Decision
    }

    /// Payload map keys 0–18 (wire-format §10; key 12 was `trust_ceiling`, removed).
    public static let payloadFields: [UInt64: Entry] = {
        func e(_ k: UInt64, _ name: String, _ d: Decision) -> (UInt64, Entry) { (k, Entry(key: String(k), name: name, decision: d)) }
        return Dictionary(uniqueKeysWithValues: [
            e(0, "version", .enforced("decode: must be 1")),
            e(1, "id", .enforced("PoP challenge, approval request hash, chain cycle check")),
            e(2, "warrant_type", .enforced("authorize: leaf must be execution; chain: type transitions")),
            e(3, "tools", .enforced("authorize: tool and argument constraints; chain: I4 attenuation")),
            e(4, "holder", .enforced("authorize: PoP key and request hash; chain: I1")),
            e(5, "issuer", .enforced("decode: signature key; chain: trusted root and I1")),
            e(6, "issued_at", .enforced("chain: not in the future (clock tolerance); lifetime ≤ 90 days")),
            e(7, "expires_at", .enforced("chain: expiry (tolerance for links), leaf expiry; I3")),
            e(8, "max_depth", .enforced("chain: depth limits")),
            e(9, "parent_hash", .enforced("chain: I5 parent payload hash")),
            e(10, "extensions", .enforced("per key: see reservedExtensions; other keys are signed application data")),
            e(11, "issuable_tools", .enforced("chain: issuer → execution/issuer tool sets; structure")),
            e(12, "trust_ceiling (removed)", .refused(.unknownPayloadField)),
            e(13, "max_issue_depth", .enforced("structure: issuer only, ≤ max_depth; chain: issuer → issuer ≤ parent")),
            e(14, "constraint_bounds", .enforced("chain: issuer → execution constraints within bounds; issuer → issuer narrowing")),
            e(15, "required_approvers", .enforced("authorize: approvers counted when a gate fires; chain: approver and threshold monotonicity")),
            e(16, "min_approvals", .enforced("authorize: m-of-n threshold; structure: 1 ≤ m ≤ n")),
            e(17, "clearance", .enforced("authorize: required clearance per tool; chain: never increases")),
            e(18, "depth", .enforced("chain: I2 depth = parent + 1, ≤ max_depth")),
        ])
    }()

    public static let sessionIDKey = "tenuo.session_id"
    public static let agentIDKey = "tenuo.agent_id"

    /// Every `tenuo.*` extension key the reference 0.3.3 understands.
    public static let reservedExtensions: [String: Entry] = {
        func e(_ k: String, _ d: Decision) -> (String, Entry) { (k, Entry(key: k, name: k, decision: d)) }
        return Dictionary(uniqueKeysWithValues: [
            e(ApprovalGateMap.extensionKey, .enforced("decode: parsed strictly; authorize: gates at the leaf; chain: gate monotonicity")),
            e(sessionIDKey, .metadata("must be UTF-8; the reference's authorize and check_chain ignore it (only its verify_chain_strict compares it)")),
            e(agentIDKey, .metadata("must be UTF-8; the reference gives it no authorization effect")),
        ])
    }()

    /// Any other `tenuo.*` key: refused (the reference carries it opaquely).
    public static let unknownReservedExtension = Decision.refused(.reservedExtensionKey)

    public static func payloadDecision(_ key: UInt64) -> Decision {
        payloadFields[key]?.decision ?? .refused(.unknownPayloadField)
    }

    public static func extensionDecision(_ key: String) -> Decision? {
        if let e = reservedExtensions[key] { return e.decision }
        return key.hasPrefix("tenuo.") ? unknownReservedExtension : nil
    }

    /// Refuses unknown reserved extension keys and malformed reserved values.
    public static func checkExtensions(_ ext: [String: [UInt8]]) throws(TenuoError) {
        for k in ext.keys.sorted(by: Value.utf8Less) {
            if case .refused(let code)? = extensionDecision(k) {
                throw TenuoError(code, "extension '\(k)' is in the reserved tenuo.* namespace and unknown to this build: refused", field: k)
            }
        }
        for k in [sessionIDKey, agentIDKey] {
            if let v = ext[k], UTF8Text.decode(v) == nil {
                throw TenuoError(.invalidExtensionValue, "\(k) is not valid UTF-8", field: k)
            }
        }
        _ = try ApprovalGateMap(extensionBytes: ext[ApprovalGateMap.extensionKey])
    }
}
