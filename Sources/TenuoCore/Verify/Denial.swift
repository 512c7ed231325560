/// Why a call is (or would be) refused: data, not a message to parse.
public struct Denial: Sendable, Equatable, Error {
    /// Spec error code (e.g. 1500 tool not authorized, 1501 constraint violation).
    public let code: ErrorCode
    /// The reference SDK's `deny_code` vocabulary: TOOL_NOT_FOUND, WARRANT_EXPIRED,
    /// CONSTRAINT_MISMATCH, CLEARANCE_INSUFFICIENT, or the error name for other failures.
    public let denyCode: String
    public let tool: String
    /// The argument at fault ("tool" is never used here: an unknown tool has no field).
    public let field: String?
    public let reason: String
    /// A human suggestion for fixing the request.
    public let suggestion: String
    /// The finer kind of the error the denial came from (`TenuoError.kind`, e.g.
    /// `PatternExpanded` for a chain whose link widens a Pattern), else nil.
    public let kind: String?

    public init(
        code: ErrorCode, denyCode: String, tool: String, field: String?, reason: String, suggestion: String,
        kind: String? = nil
    ) {
        self.code = code
        self.denyCode = denyCode
        self.tool = tool
        self.field = field
        self.reason = reason
        self.suggestion = suggestion
        self.kind = kind
    }

    /// The denial as a JSON object value (stable keys, for the C ABI and bindings); `"kind"`
    /// is present only when `kind` is set.
    public var json: Value {
        var m: [String: Value] = [
            "denied": .bool(true),
            "code": .int(Int64(code.rawValue)),
            "code_name": .string(code.name),
            "deny_code": .string(denyCode),
            "tool": .string(tool),
            "reason": .string(reason),
            "suggestion": .string(suggestion),
        ]
        m["field"] = field.map { .string($0) } ?? .null
        if let kind { m["kind"] = .string(kind) }
        return .map(m)
    }

    public var error: TenuoError { TenuoError(code, reason, field: field, kind: kind) }

    /// The JSON for an allowed call.
    public static func allowedJSON(tool: String) -> Value {
        .map([
            "denied": .bool(false), "code": .int(0), "code_name": .string("OK"), "deny_code": .string("ALLOWED"),
            "tool": .string(tool), "field": .null, "reason": .string("allowed"),
            "suggestion": .string("The request would be allowed (given a valid proof-of-possession)."),
        ])
    }
}

extension WarrantPayload {
    /// The constraint set that governs `tool`: its own entry, else a `"*"` capability.
    public func constraints(for tool: String) -> ConstraintSet? { tools[tool] ?? tools["*"] }

    /// Explains, without any signature work, whether a call would be refused by this warrant
    /// alone: expiry, tool, then constraints (the order the reference reports them in).
    public func whyDenied(tool: String, args: [String: Value], now: UInt64) -> Denial? {
        if now >= expiresAt {
            return Denial(
                code: .warrantExpired, denyCode: "WARRANT_EXPIRED", tool: tool, field: nil,
                reason: "warrant \(id) expired at \(expiresAt)",
                suggestion: "Request a fresh warrant: this one expired at Unix time \(expiresAt).")
        }
        guard type == .execution else {
            return Denial(
                code: .invalidPayloadStructure, denyCode: "INVALID_WARRANT_TYPE", tool: tool, field: nil,
                reason: "only execution warrants can authorize tool calls",
                suggestion: "Use an issuer warrant to grant an execution warrant, then call with that.")
        }
        guard let set = constraints(for: tool) else {
            let available = tools.keys.sorted(by: Value.utf8Less).joined(separator: ", ")
            return Denial(
                code: .toolNotAuthorized, denyCode: "TOOL_NOT_FOUND", tool: tool, field: nil,
                reason: "warrant does not authorize tool '\(tool)'",
                suggestion: "Tool '\(tool)' is not granted by this warrant (granted: \(available.isEmpty ? "none" : available)).")
        }
        if let f = set.check(args) {
            let expected = set.constraints[f.field].map { " It must satisfy \($0.summary)." } ?? ""
            return Denial(
                code: f.code, denyCode: "CONSTRAINT_MISMATCH", tool: tool, field: f.field,
                reason: f.reason,
                suggestion: "Argument '\(f.field)' was refused: \(f.reason).\(expected)", kind: f.kind)
        }
        return nil
    }
}
