/// Why a call is (or would be) refused: data, not a message to parse.
///
/// The human texts (`reason`, `suggestion`) are made when read, from data the denial holds:
/// a refusal that nobody reads the texts of (a preview, an audit-free check, a binding that
/// only needs the deny code) costs no string building, and none costs a sorted tool list
/// until it is shown.
public struct Denial: Sendable, Equatable, Error {
    /// Spec error code (e.g. 1500 tool not authorized, 1501 constraint violation).
    public let code: ErrorCode
    /// The reference SDK's `deny_code` vocabulary: TOOL_NOT_FOUND, WARRANT_EXPIRED,
    /// CONSTRAINT_MISMATCH, CLEARANCE_INSUFFICIENT, or the error name for other failures.
    public let denyCode: String
    public let tool: String
    /// The argument at fault ("tool" is never used here: an unknown tool has no field).
    public let field: String?
    /// The finer kind of the error the denial came from (`TenuoError.kind`, e.g.
    /// `PatternExpanded` for a chain whose link widens a Pattern), else nil.
    public let kind: String?
    /// What the texts are made from.
    let texts: Texts

    /// The sources of a denial's texts (see `reason` and `suggestion` for the words).
    enum Texts: Sendable {
        /// Texts given whole.
        case given(reason: String, suggestion: String)
        /// The tool is not in the warrant; `granted` is the warrant's tool map.
        case toolNotFound(granted: [String: ConstraintSet])
        /// The warrant `id` expired at `expiresAt`.
        case expired(id: WarrantID, expiresAt: UInt64)
        /// An argument was refused for `reason`; `expected` is the constraint it had to meet.
        case constraint(reason: String, expected: Constraint?)
    }

    public init(
        code: ErrorCode, denyCode: String, tool: String, field: String?, reason: String, suggestion: String,
        kind: String? = nil
    ) {
        self.init(code: code, denyCode: denyCode, tool: tool, field: field, texts: .given(reason: reason, suggestion: suggestion), kind: kind)
    }

    init(code: ErrorCode, denyCode: String, tool: String, field: String?, texts: Texts, kind: String? = nil) {
        self.code = code
        self.denyCode = denyCode
        self.tool = tool
        self.field = field
        self.texts = texts
        self.kind = kind
    }

    /// Why the call is refused (made on each read; read it once and keep it when it is used
    /// more than once).
    public var reason: String {
        if case .given(let reason, _) = texts { return reason }
        return Denial.render(reasonParts)
    }

    /// A human suggestion for fixing the request (made on each read, like `reason`).
    public var suggestion: String {
        if case .given(_, let suggestion) = texts { return suggestion }
        return Denial.render(suggestionParts)
    }

    /// Calls `body` with each name in bytewise UTF-8 order (`Value.utf8Less`) and its position. A
    /// warrant names a few tools, so up to 16 are sorted by insertion in stack memory, without
    /// the array and generic sort `sorted(by:)` costs; more go through `sorted(by:)`.
    static func inUTF8Order(_ names: Dictionary<String, ConstraintSet>.Keys, _ body: (Int, String) -> Void) {
        let total = names.count
        guard total <= 16 else {
            for (i, name) in names.sorted(by: Value.utf8Less).enumerated() { body(i, name) }
            return
        }
        withUnsafeTemporaryAllocation(of: String.self, capacity: total) { buffer in
            guard let base = buffer.baseAddress else { return }
            var n = 0
            for name in names where n < total {
                var j = n
                while j > 0 && Value.utf8Less(name, base[j - 1]) { j -= 1 }
                (base + j + 1).moveInitialize(from: base + j, count: n - j)
                (base + j).initialize(to: name)
                n += 1
            }
            for i in 0..<n { body(i, (base + i).move()) }  // moved out: nothing left to deinitialize
        }
    }

    /// `String(v)`, without the generic integer formatting (~370 instructions a call): the digits
    /// are written backwards into a small buffer and decoded once (a Unix time is a small string).
    static func decimal(_ v: UInt64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in  // UInt64.max: 20 digits
            guard let base = buffer.baseAddress else { return String(v) }
            var i = buffer.count
            var x = v
            repeat {
                i -= 1
                (base + i).initialize(to: UInt8(truncatingIfNeeded: 48 &+ x % 10))
                x /= 10
            } while x > 0 && i > 0
            return String(decoding: UnsafeBufferPointer(start: base + i, count: buffer.count - i), as: UTF8.self)
        }
    }

    /// The concatenation of the pieces `parts` gives, made in one allocation: a first pass
    /// counts the bytes, a second copies them (appending piece by piece costs far more).
    static func render(_ parts: ((String) -> Void) -> Void) -> String {
        var total = 0
        parts { total += $0.utf8.count }
        guard total > 0 else { return "" }
        return String(unsafeUninitializedCapacity: total) { buf in
            var at = 0
            parts { piece in
                var p = piece
                p.withUTF8 { src in
                    let n = min(src.count, total - at)  // the passes agree; never write past the end
                    guard n > 0, let from = src.baseAddress, let to = buf.baseAddress else { return }
                    (to + at).update(from: from, count: n)
                    at += n
                }
            }
            return at
        }
    }

    /// Calls `body` with the pieces of `reason` in order (their concatenation is `reason`), so
    /// that a writer can copy the text without first building it as one string.
    public func reasonParts(_ body: (String) -> Void) {
        switch texts {
        case .given(let reason, _): body(reason)
        case .toolNotFound:
            body("warrant does not authorize tool '")
            body(tool)
            body("'")
        case .expired(let id, let expiresAt):
            body("warrant ")
            body(WarrantID.prefix)  // id.description in two pieces: no concatenation
            body(id.hex)
            body(" expired at ")
            body(Denial.decimal(expiresAt))
        case .constraint(let reason, _): body(reason)
        }
    }

    /// Calls `body` with the pieces of `suggestion` in order, like `reasonParts`.
    public func suggestionParts(_ body: (String) -> Void) {
        switch texts {
        case .given(_, let suggestion): body(suggestion)
        case .toolNotFound(let granted):
            body("Tool '")
            body(tool)
            body("' is not granted by this warrant (granted: ")
            if granted.isEmpty {
                body("none")
            } else if granted.count == 1, let only = granted.keys.first {
                body(only)  // nothing to sort
            } else {
                Denial.inUTF8Order(granted.keys) { i, name in
                    if i > 0 { body(", ") }
                    body(name)
                }
            }
            body(").")
        case .expired(_, let expiresAt):
            body("Request a fresh warrant: this one expired at Unix time ")
            body(Denial.decimal(expiresAt))
            body(".")
        case .constraint(let reason, let expected):
            body("Argument '")
            body(field ?? "")
            body("' was refused: ")
            body(reason)
            body(".")
            if let expected {
                body(" It must satisfy ")
                body(expected.summary)
                body(".")
            }
        }
    }

    /// Equal when every observable part is: code, deny code, tool, field, kind and both texts.
    public static func == (a: Denial, b: Denial) -> Bool {
        a.code == b.code && a.denyCode == b.denyCode && a.tool == b.tool && a.field == b.field && a.kind == b.kind
            && a.reason == b.reason && a.suggestion == b.suggestion
    }

    /// The denial as a JSON object value (stable keys, for the C ABI and bindings); `"kind"`
    /// is present only when `kind` is set.
    public var json: Value {
        let reason = self.reason
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
        whyDenied(tool: tool, args: args, now: now, constraints: constraints(for: tool))
    }

    /// `whyDenied` with the constraint set for `tool` already looked up (`constraints(for:)`).
    func whyDenied(tool: String, args: [String: Value], now: UInt64, constraints found: ConstraintSet?) -> Denial? {
        if now >= expiresAt {
            return Denial(
                code: .warrantExpired, denyCode: "WARRANT_EXPIRED", tool: tool, field: nil,
                texts: .expired(id: id, expiresAt: expiresAt))
        }
        guard type == .execution else {
            return Denial(
                code: .invalidPayloadStructure, denyCode: "INVALID_WARRANT_TYPE", tool: tool, field: nil,
                reason: "only execution warrants can authorize tool calls",
                suggestion: "Use an issuer warrant to grant an execution warrant, then call with that.")
        }
        guard let set = found else {
            return Denial(
                code: .toolNotAuthorized, denyCode: "TOOL_NOT_FOUND", tool: tool, field: nil,
                texts: .toolNotFound(granted: tools))
        }
        if let f = set.check(args) {
            return Denial(
                code: f.code, denyCode: "CONSTRAINT_MISMATCH", tool: tool, field: f.field,
                texts: .constraint(reason: f.reason, expected: set.constraints[f.field]), kind: f.kind)
        }
        return nil
    }
}
