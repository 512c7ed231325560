/// Approval gates: the signed `tenuo.approval_gates` extension, which marks tools (or argument
/// values of tools) as needing signed approvals before a call goes through.
///
/// Wire form (the reference's ciborium encoding, maps in bytewise key order):
///
///     gates      = { tool_name: tool_gate }
///     tool_gate  = { "args": null | { arg_name: arg_gate }, ? "message": text }
///     arg_gate   = "all" | [type_id, value] | { "exempt": [type_id, value] }
///
/// `args: null` gates every call of the tool. A per-argument gate fires when the argument is
/// absent, for `"all"`, when a constraint gate matches the value, or when an exempt gate does
/// not match it.
public struct ApprovalGateMap: Sendable, Equatable {
    public static let extensionKey = "tenuo.approval_gates"
    /// Longest stored display message, in Unicode scalars (longer ones are cut).
    public static let messageMaxScalars = 200

    public var tools: [String: ToolApprovalGate]

    public init(_ tools: [String: ToolApprovalGate] = [:]) { self.tools = tools }

    /// One argument's gate.
    public enum ArgGate: Sendable, Equatable {
        case all
        case constraint(Constraint)
        case exempt(Constraint)
    }

    /// One tool's gate: whole-tool when `args` is nil.
    public struct ToolApprovalGate: Sendable, Equatable {
        public var args: [String: ArgGate]?
        public var message: String?

        public init(args: [String: ArgGate]? = nil, message: String? = nil) {
            self.args = args
            self.message = ApprovalGateMap.normalizeMessage(message)
        }

        public var isWholeTool: Bool { args == nil }
    }

    /// Trims white space, drops an empty message and keeps at most 200 scalars.
    public static func normalizeMessage(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let scalars = Array(raw.unicodeScalars)
        var lo = 0
        var hi = scalars.count
        while lo < hi && scalars[lo].properties.isWhitespace { lo += 1 }
        while hi > lo && scalars[hi - 1].properties.isWhitespace { hi -= 1 }
        guard lo < hi else { return nil }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[lo..<min(hi, lo + messageMaxScalars)])
        return String(out)
    }

    /// The text shown when a gate fires: the gate's message, else the reference's default.
    public static func requiredMessage(tool: String, gateMessage: String?) -> String {
        normalizeMessage(gateMessage) ?? "Approval required for tool '\(tool)'"
    }

    // MARK: Wire

    /// Reads the extension value. Empty bytes mean "no gates", as in the reference.
    /// Stricter than the reference: unknown keys inside a tool gate are refused, not skipped.
    public init?(extensionBytes raw: [UInt8]?) throws(TenuoError) {
        guard let raw, !raw.isEmpty else { return nil }
        let tree: CBOR
        do {
            tree = try CBORReader.decode(raw)
        } catch {
            throw Self.fault("is not valid CBOR: \(error.message)")
        }
        guard case .map(let entries) = tree else { throw Self.fault("must be a map of tool names") }
        var tools: [String: ToolApprovalGate] = [:]
        for e in entries {
            guard case .text(let tool) = e.key else { throw Self.fault("tool names must be text") }
            tools[tool] = try Self.toolGate(e.value, tool: tool)
        }
        self.tools = tools
    }

    static func fault(_ what: String) -> TenuoError {
        TenuoError(.invalidExtensionValue, "extension \(extensionKey) \(what)", field: extensionKey)
    }

    static func toolGate(_ v: CBOR, tool: String) throws(TenuoError) -> ToolApprovalGate {
        guard case .map(let entries) = v else { throw fault("gate for '\(tool)' must be a map with an 'args' key") }
        var args: [String: ArgGate]?
        var sawArgs = false
        var message: String?
        for e in entries {
            guard case .text(let k) = e.key else { throw fault("gate for '\(tool)' has a non-text key") }
            switch k {
            case "args":
                sawArgs = true
                switch e.value {
                case .null: args = nil
                case .map(let argEntries):
                    var out: [String: ArgGate] = [:]
                    for a in argEntries {
                        guard case .text(let name) = a.key else { throw fault("argument names of '\(tool)' must be text") }
                        out[name] = try argGate(a.value, tool: tool, arg: name)
                    }
                    args = out
                default: throw fault("'args' of '\(tool)' must be null or a map")
                }
            case "message":
                guard case .text(let m) = e.value else { throw fault("'message' of '\(tool)' must be text") }
                message = m
            default:
                throw fault("gate for '\(tool)' has an unknown key '\(k)' (refused: it may carry a rule this build does not know)")
            }
        }
        guard sawArgs else { throw fault("gate for '\(tool)' is missing 'args'") }
        return ToolApprovalGate(args: args, message: message)
    }

    static func argGate(_ v: CBOR, tool: String, arg: String) throws(TenuoError) -> ArgGate {
        switch v {
        case .text(let s):
            guard s == "all" else { throw fault("gate '\(tool).\(arg)': unknown variant '\(s)'") }
            return .all
        case .array:
            return .constraint(try Constraint(wire: v))
        case .map(let m):
            guard m.count == 1, case .text("exempt") = m[0].key else {
                throw fault("gate '\(tool).\(arg)': a map gate must have exactly the key 'exempt'")
            }
            let c = try Constraint(wire: m[0].value)
            try checkExemptInner(c, tool: tool, arg: arg)
            return .exempt(c)
        default:
            throw fault("gate '\(tool).\(arg)' must be \"all\", a constraint or {\"exempt\": constraint}")
        }
    }

    /// The reference refuses these inner types for `exempt`: Any (13), Not (14), CEL (15),
    /// Wildcard (16) and unknown types.
    static func checkExemptInner(_ c: Constraint, tool: String, arg: String) throws(TenuoError) {
        if [13, 14, 15, 16].contains(c.typeId) || c.kind is UnknownConstraint {
            throw fault("gate '\(tool).\(arg)': \(c.typeName) is not allowed inside an exempt gate")
        }
    }

    /// The reference's bytes for this map.
    public func encoded() -> [UInt8] {
        var w = CBORWriter(capacity: 128)
        w.mapHeader(tools.count)
        for name in tools.keys.sorted(by: Value.utf8Less) {
            guard let g = tools[name] else { continue }
            w.text(name)
            w.mapHeader(g.message == nil ? 1 : 2)
            w.text("args")
            if let args = g.args {
                w.mapHeader(args.count)
                for a in args.keys.sorted(by: Value.utf8Less) {
                    w.text(a)
                    switch args[a] {
                    case .all?, nil: w.text("all")
                    case .constraint(let c)?: c.write(to: &w)
                    case .exempt(let c)?:
                        w.mapHeader(1)
                        w.text("exempt")
                        c.write(to: &w)
                    }
                }
            } else {
                w.null()
            }
            if let m = g.message {
                w.text("message")
                w.text(m)
            }
        }
        return w.bytes
    }

    // MARK: Evaluation

    /// Whether a call needs approval, and the display message when it does. Run only after the
    /// call passed the warrant's constraints (as the reference does).
    public func requirement(tool: String, args: [String: Value]) throws(TenuoError) -> String? {
        guard let gate = tools[tool] else { return nil }
        let message = Self.requiredMessage(tool: tool, gateMessage: gate.message)
        guard let argGates = gate.args else { return message }
        for name in argGates.keys.sorted(by: Value.utf8Less) {
            guard let g = argGates[name] else { continue }
            guard let value = args[name] else { return message }  // an absent gated argument fires
            switch g {
            case .all: return message
            case .constraint(let c): if try c.matches(value) { return message }
            case .exempt(let c): if try !c.matches(value) { return message }
            }
        }
        return nil
    }

    // MARK: JSON (for the builders and inspection)

    /// JSON form: `{"tool": null | {"args": null | {"arg": "all" | constraint | {"exempt": constraint}}, "message": "..."}}`.
    /// A tool value that is a map without an `"args"` key is read as the argument map itself.
    public init(json: Value) throws(TenuoError) {
        guard case .map(let m) = json else { throw TenuoError(.invalidArgument, "approval gates must be a JSON object") }
        var tools: [String: ToolApprovalGate] = [:]
        for (tool, v) in m {
            switch v {
            case .null: tools[tool] = ToolApprovalGate()
            case .map(let g):
                let structured = g["args"] != nil || (g["message"].map { if case .string = $0 { true } else { false } } ?? false)
                if structured {
                    for k in g.keys where k != "args" && k != "message" {
                        throw TenuoError(.invalidArgument, "approval gate for '\(tool)' may only have 'args' and 'message', found '\(k)'")
                    }
                    var message: String?
                    if let mv = g["message"] {
                        guard case .string(let s) = mv else { throw TenuoError(.invalidArgument, "'message' of '\(tool)' must be a string") }
                        message = s
                    }
                    switch g["args"] ?? .null {
                    case .null: tools[tool] = ToolApprovalGate(args: nil, message: message)
                    case .map(let a): tools[tool] = ToolApprovalGate(args: try Self.argGates(json: a, tool: tool), message: message)
                    default: throw TenuoError(.invalidArgument, "'args' of '\(tool)' must be null or an object")
                    }
                } else {
                    tools[tool] = ToolApprovalGate(args: try Self.argGates(json: g, tool: tool))
                }
            default:
                throw TenuoError(.invalidArgument, "approval gate for '\(tool)' must be null (whole tool) or an object")
            }
        }
        self.tools = tools
    }

    static func argGates(json: [String: Value], tool: String) throws(TenuoError) -> [String: ArgGate] {
        var out: [String: ArgGate] = [:]
        for (arg, v) in json {
            switch v {
            case .null, .string("all"): out[arg] = .all
            case .map(let m) where m["exempt"] != nil:
                guard m.count == 1, let inner = m["exempt"] else {
                    throw TenuoError(.invalidArgument, "gate '\(tool).\(arg)': an exempt gate has exactly the key 'exempt'")
                }
                let c = try Constraint(json: inner)
                do { try checkExemptInner(c, tool: tool, arg: arg) } catch { throw error.recoded(.invalidArgument) }
                out[arg] = .exempt(c)
            default:
                out[arg] = .constraint(try Constraint(json: v))
            }
        }
        return out
    }

    public func json() -> Value {
        var m: [String: Value] = [:]
        for (tool, g) in tools {
            var args: Value = .null
            if let a = g.args {
                var am: [String: Value] = [:]
                for (k, v) in a {
                    switch v {
                    case .all: am[k] = .string("all")
                    case .constraint(let c): am[k] = c.json()
                    case .exempt(let c): am[k] = .map(["exempt": c.json()])
                    }
                }
                args = .map(am)
            }
            var gm: [String: Value] = ["args": args]
            if let msg = g.message { gm["message"] = .string(msg) }
            m[tool] = .map(gm)
        }
        return .map(m)
    }
}

extension ApprovalGateMap {
    /// This map with `added` merged in, gate by gate, the stricter gate winning (the
    /// reference's `merge_approval_gate_maps`): a tool gated whole-tool on either side stays
    /// whole-tool; two per-argument gates keep the union of their arguments, and for an
    /// argument both gate, this map's gate stays (an added gate never loosens it). The display
    /// message is not a security property: `added`'s wins when set, else this map's is kept.
    public func merging(_ added: ApprovalGateMap) -> ApprovalGateMap {
        var out = self
        for (tool, b) in added.tools {
            guard let a = out.tools[tool] else {
                out.tools[tool] = b
                continue
            }
            var merged: ToolApprovalGate
            if let aa = a.args, let ba = b.args {
                merged = ToolApprovalGate(args: aa.merging(ba) { kept, _ in kept })
            } else {
                merged = ToolApprovalGate()
            }
            merged.message = b.message ?? a.message
            out.tools[tool] = merged
        }
        return out
    }

    /// A child's gates: the parent's gates for the tools the child keeps, merged with `added`
    /// (see `merging`: whole-tool beats per-argument; for the same argument the parent's gate stays).
    public static func inherited(from parent: WarrantPayload, childTools: [String: ConstraintSet], adding added: ApprovalGateMap?) throws(TenuoError) -> ApprovalGateMap? {
        var out = ApprovalGateMap()
        if let pg = try ApprovalGateMap(extensionBytes: parent.extensions[extensionKey]) {
            for (tool, g) in pg.tools where childTools[tool] != nil || parent.type == .issuer { out.tools[tool] = g }
        }
        if let added { out = out.merging(added) }
        return out.tools.isEmpty ? nil : out
    }
}
