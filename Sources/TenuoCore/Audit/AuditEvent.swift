/// One authorization decision, as the audit sinks receive it.
///
/// The event is built only when a sink is registered (`AuditSinks.isActive`), from what the
/// authorizer already has in hand: the chain, the call and the denial. Its JSON form uses the
/// Tenuo SDK's audit field names (`event_type`, `tool`, `action`, `error_code`, `warrant_id`,
/// `@timestamp`, ...) plus the chain depth, the holder and a short `ref` that a server can show
/// to a client in place of the denial's details.
public struct AuditEvent: Sendable {
    public enum Kind: String, Sendable {
        case authorizationSuccess = "authorization_success"
        case authorizationFailure = "authorization_failure"
    }

    public let kind: Kind
    /// `evt_` + 16 random hex digits.
    public let id: String
    /// The first 8 hex digits of `id`: short enough to quote in an error message.
    public let ref: String
    /// The decision time given to the authorizer (Unix seconds): the event's timestamp.
    public let time: UInt64
    public let tool: String
    /// The leaf warrant's display id (`tnu_wrt_...`).
    public let warrantID: String
    /// The leaf's delegation depth (0 for a root warrant).
    public let chainDepth: UInt32
    /// Number of warrants in the chain presented.
    public let chainLength: Int
    /// Hex of the leaf holder's public key, and of the chain root's issuer.
    public let holder: String
    public let issuer: String
    /// Nil when the call was allowed.
    public let denial: Denial?
    /// The call's arguments; written out only when the registry includes arguments.
    public let arguments: [String: Value]

    public init(chain: WarrantChain, tool: String, arguments: [String: Value], denial: Denial?, now: UInt64,
                randomID: [UInt8]? = nil) {
        let leaf = chain.leaf.payload
        let hex = Hex.encode(randomID ?? Sodium.randomBytes(8))
        self.kind = denial == nil ? .authorizationSuccess : .authorizationFailure
        self.id = "evt_" + hex
        self.ref = String(hex.prefix(8))
        self.time = now
        self.tool = tool
        self.warrantID = leaf.id.description
        self.chainDepth = leaf.depth
        self.chainLength = chain.warrants.count
        self.holder = leaf.holder.hex
        self.issuer = chain.root.payload.issuer.hex
        self.denial = denial
        self.arguments = arguments
    }

    /// The marker written in place of each argument value when values are not included.
    public static let redacted = "[REDACTED]"

    /// The event as a JSON object. Argument values appear only with `includeArguments`; so do
    /// the denial's reason and suggestion, which may quote them. Without it a denial still
    /// names its codes and the argument at fault.
    public func json(includeArguments: Bool) -> Value {
        var m: [String: Value] = [
            "id": .string(id),
            "ref": .string(ref),
            "event_type": .string(kind.rawValue),
            "severity": .string(denial == nil ? "info" : "error"),
            "service": .string("libtenuo"),
            "time_unix": .int(Int64(clamping: time)),
            "tool": .string(tool),
            "action": .string(denial == nil ? "authorized" : "denied"),
            "warrant_id": .string(warrantID),
            "chain_depth": .int(Int64(chainDepth)),
            "chain_length": .int(Int64(chainLength)),
            "holder": .string(holder),
            "issuer": .string(issuer),
            "arguments_redacted": .bool(!includeArguments),
        ]
        m["@timestamp"] = (try? UTCTimestamp(seconds: time)).map { .string($0.text) } ?? .null
        var args: [String: Value] = [:]
        for (k, v) in arguments { args[k] = includeArguments ? v : .string(AuditEvent.redacted) }
        m["arguments"] = .map(args)
        if let d = denial {
            m["error_code"] = .string(d.code.name)
            m["wire_code"] = .int(Int64(d.code.rawValue))
            m["deny_code"] = .string(d.denyCode)
            m["field"] = d.field.map { .string($0) } ?? .null
            if includeArguments {
                m["details"] = .string("Authorization denied: \(d.reason)")
                m["suggestion"] = .string(d.suggestion)
            } else {
                let at = d.field.map { " (argument '\($0)')" } ?? ""
                m["details"] = .string("Authorization denied: \(d.code.name)\(at)")
            }
        } else {
            m["error_code"] = .null
            m["details"] = .string("Authorization successful for \(tool)")
        }
        return .map(m)
    }

    /// One JSON line (no trailing newline), keys in a fixed order.
    public func line(includeArguments: Bool) -> [UInt8] { JSON.serializeUTF8(json(includeArguments: includeArguments)) }
}
