/// Builds and signs root warrants (execution or issuer). A value type: configure, then `mint`.
public struct MintBuilder: Sendable {
    public var type: WarrantType = .execution
    public var tools: [String: ConstraintSet] = [:]
    public var holder: PublicKey?
    public var ttlSeconds: UInt64?
    public var expiresAt: UInt64?
    public var issuedAt: UInt64?
    /// A fixed id for reproducible output; random UUIDv7 when nil.
    public var id: WarrantID?
    public var maxDepth: UInt8?
    public var terminal = false
    public var clearance: UInt8?
    public var extensions: [String: [UInt8]] = [:]
    public var sessionID: String?
    public var agentID: String?
    public var issuableTools: [String]?
    public var maxIssueDepth: UInt32?
    public var constraintBounds: ConstraintSet?
    public var requiredApprovers: [PublicKey]?
    public var minApprovals: UInt32?
    /// Approval gates (the `tenuo.approval_gates` extension); needed whenever approvers are set.
    public var approvalGates: ApprovalGateMap?
    /// Tools added by name only (the SDK's `tool()`/`tools()`): at mint each gets
    /// `sharedConstraints` unless `tools` gives it its own set (`capability()` wins).
    public var sharedTools: [String] = []
    /// The constraints of the tools in `sharedTools` (the SDK's `constraint()`/`constraints()`).
    public var sharedConstraints = ConstraintSet()
    /// The first error of a setting made in deferring mode (see `deferring`); `mint` throws it,
    /// so a binding can report a bad setting where the Tenuo SDK does: when the warrant is built.
    public var deferredError: TenuoError?
    /// The Tenuo SDK's builder rules: settings of the warrant type not chosen are ignored at mint
    /// (tools for an issuer warrant, issuable tools and bounds for an execution warrant), and a
    /// TTL does not cancel an absolute expiry (the expiry wins whatever the order).
    public var sdkRules = false

    public init(type: WarrantType = .execution) { self.type = type }

    /// Applies a setting; when it fails, keeps the first failure for `mint` instead of throwing.
    public mutating func deferring(_ body: (inout MintBuilder) throws(TenuoError) -> Void) {
        do throws(TenuoError) { try body(&self) } catch { if deferredError == nil { deferredError = error } }
    }

    /// The tools the warrant gets: `tools`, plus each of `sharedTools` not in it with `sharedConstraints`.
    public var effectiveTools: [String: ConstraintSet] {
        guard !sharedTools.isEmpty else { return tools }
        var all = tools
        for name in sharedTools where all[name] == nil { all[name] = sharedConstraints }
        return all
    }

    /// Sets the lifetime in seconds; without `sdkRules` it also cancels an absolute expiry.
    public mutating func setTTL(_ seconds: UInt64) {
        ttlSeconds = seconds
        if !sdkRules { expiresAt = nil }
    }

    /// Sets one argument's constraint on a tool, starting the tool's set afresh when `fresh`
    /// (the first argument of a capability) or adding to it.
    public mutating func setToolConstraint(_ tool: String, arg: String, _ c: Constraint, fresh: Bool) throws(TenuoError) {
        try Self.checkToolName(tool)
        if fresh {
            // A set of this one constraint: the limits of validateLimits, without sorting names.
            try ConstraintSet.checkCount(1)
            do { try c.checkValueSize() } catch { throw error.with(field: arg) }
            // Built from literals: one hash per name and storage of the right size at once
            // (the first tool of a new builder makes the tools' storage this way too), where an
            // insert into an empty dictionary hashes, grows the storage and hashes again.
            let set = ConstraintSet([arg: c])
            if tools.isEmpty { tools = [tool: set] } else { tools[tool] = set }
            return
        }
        var set = tools[tool] ?? ConstraintSet()
        set.constraints[arg] = c
        try set.validateLimits()
        tools[tool] = set
    }

    /// Adds a tool by name (it gets `sharedConstraints` at mint unless `addTool` sets its own).
    public mutating func addSharedTool(_ name: String) throws(TenuoError) {
        try Self.checkToolName(name)
        if !sharedTools.contains(name) { sharedTools.append(name) }
    }

    /// Replaces the tools added by name.
    public mutating func setSharedTools(_ names: [String]) throws(TenuoError) {
        sharedTools = []
        for n in names { try addSharedTool(n) }
    }

    /// Sets one argument's constraint for the tools added by name.
    public mutating func setSharedConstraint(_ arg: String, _ c: Constraint) throws(TenuoError) {
        var set = sharedConstraints
        set.constraints[arg] = c
        try set.validateLimits()
        sharedConstraints = set
    }

    /// Removes a tool, whether added with constraints or by name.
    public mutating func removeTool(_ name: String) {
        tools[name] = nil
        sharedTools.removeAll { $0 == name }
    }

    /// Adds a tool an issuer warrant may grant.
    public mutating func addIssuableTool(_ name: String) throws(TenuoError) {
        try Self.checkToolName(name)
        issuableTools = (issuableTools ?? []) + [name]
    }

    /// Sets one argument's constraint bound (issuer warrants).
    public mutating func setConstraintBound(_ arg: String, _ c: Constraint) throws(TenuoError) {
        var set = constraintBounds ?? ConstraintSet()
        set.constraints[arg] = c
        try set.validateLimits()
        constraintBounds = set
    }

    /// Adds a tool with its constraints (replacing an earlier entry of the same name).
    public mutating func addTool(_ name: String, constraints: ConstraintSet = ConstraintSet()) throws(TenuoError) {
        try Self.checkToolName(name)
        tools[name] = constraints
    }

    /// Sets an application extension (raw bytes as signed). `tenuo.*` keys are reserved: only
    /// `tenuo.session_id` and `tenuo.agent_id` are known, and they have their own setters.
    public mutating func setExtension(_ key: String, _ value: [UInt8]) throws(TenuoError) {
        guard !key.isEmpty, key.utf8.count <= Limits.maxExtensionKeyBytes else {
            throw TenuoError(.invalidArgument, "extension key must be 1–\(Limits.maxExtensionKeyBytes) bytes")
        }
        if key.hasPrefix("tenuo.") {
            throw TenuoError(.reservedExtensionKey, "extension key '\(key)' is in the reserved tenuo.* namespace")
        }
        guard value.count <= Limits.maxExtensionValueBytes else {
            throw TenuoError(.extensionTooLarge, "extension '\(key)' is \(value.count) bytes, over \(Limits.maxExtensionValueBytes)")
        }
        extensions[key] = value
    }

    public static func checkToolName(_ name: String) throws(TenuoError) {
        guard !name.isEmpty else { throw TenuoError(.invalidArgument, "tool name must not be empty") }
        guard name.utf8.count <= Limits.maxToolNameBytes else {
            throw TenuoError(.valueTooLarge, "tool name longer than \(Limits.maxToolNameBytes) bytes")
        }
        if name.hasPrefix("tenuo:") {
            throw TenuoError(.reservedToolName, "tool '\(name)': names starting with 'tenuo:' are reserved")
        }
    }

    /// Signs the warrant with `key` (the issuer). `now` is the issue time unless `issuedAt` is set;
    /// `random` supplies 10 bytes for the UUIDv7 id when none was set.
    public func mint(key: SigningKey, now: UInt64, nowMillis: UInt64? = nil) throws(TenuoError) -> Warrant {
        // Tested before it is bound: binding copies the optional error even when there is none.
        if deferredError != nil, let e = deferredError { throw e }
        // Under the SDK's rules a builder mints only the settings of the kind it mints: an
        // issuer warrant without the tools, an execution warrant without the issuer settings
        // (read past here, not copied out: a copy of the builder costs a retain per field).
        let issuerSettingsDropped = sdkRules && type != .issuer
        let tools = sdkRules && type == .issuer ? [:] : effectiveTools
        let issued = issuedAt ?? now
        let expires = try Self.expiry(issued: issued, ttl: ttlSeconds, expiresAt: expiresAt, cap: nil)
        let depthLimit = terminal ? UInt8(0) : (maxDepth ?? UInt8(Limits.maxDelegationDepth))
        guard Int(depthLimit) <= Limits.maxDelegationDepth else {
            throw TenuoError(.depthExceeded, "max_depth \(depthLimit) exceeds the protocol maximum of \(Limits.maxDelegationDepth)")
        }
        guard tools.count <= Limits.maxToolsPerWarrant else {
            throw TenuoError(.tooManyTools, "\(tools.count) tools exceed the limit of \(Limits.maxToolsPerWarrant)")
        }
        let wid = id ?? WarrantID.v7(unixMillis: nowMillis ?? issued &* 1000)
        var p = WarrantPayload(
            id: wid, type: type, tools: tools, holder: holder ?? key.publicKey, issuer: key.publicKey,
            issuedAt: issued, expiresAt: expires, maxDepth: depthLimit, depth: 0, parentHash: nil,
            extensions: try Self.allExtensions(extensions, sessionID: sessionID, agentID: agentID, gates: approvalGates))
        p.clearance = clearance
        p.requiredApprovers = requiredApprovers
        p.minApprovals = minApprovals
        if type == .issuer {
            p.issuableTools = issuableTools
            p.maxIssueDepth = maxIssueDepth
            p.constraintBounds = constraintBounds
        } else if !issuerSettingsDropped && (issuableTools != nil || maxIssueDepth != nil || constraintBounds != nil) {
            throw TenuoError(.invalidArgument, "issuable tools, max issue depth and constraint bounds belong to issuer warrants")
        }
        if type == .execution && tools.isEmpty {
            throw TenuoError(.builderIncomplete, "Validation error: an execution warrant needs at least one tool (capabilities or tools)")
        }
        try ApprovalPolicy.checkRoot(p)
        return try Warrant.sign(p, with: key)
    }

    static func allExtensions(_ ext: [String: [UInt8]], sessionID: String?, agentID: String?, gates: ApprovalGateMap? = nil) throws(TenuoError) -> [String: [UInt8]] {
        var out = ext
        if let g = gates, !g.tools.isEmpty { out[ApprovalGateMap.extensionKey] = g.encoded() }
        if let s = sessionID { out[WarrantPayload.sessionIDKey] = Array(s.utf8) }
        if let a = agentID { out[WarrantPayload.agentIDKey] = Array(a.utf8) }
        guard out.count <= Limits.maxExtensionKeys else {
            throw TenuoError(.extensionTooLarge, "\(out.count) extensions exceed the limit of \(Limits.maxExtensionKeys)")
        }
        return out
    }

    /// Resolves the expiry from a TTL or an absolute time, enforcing the 90-day maximum and
    /// clamping to `cap` (a parent's expiry) when given.
    static func expiry(issued: UInt64, ttl: UInt64?, expiresAt: UInt64?, cap: UInt64?) throws(TenuoError) -> UInt64 {
        var expires: UInt64
        if let e = expiresAt {
            expires = e
        } else {
            let t = ttl ?? Limits.defaultBuilderTTLSeconds
            guard t <= Limits.maxTTLSeconds else {
                throw TenuoError(.ttlExceeded, "TTL of \(t) s exceeds the maximum of \(Limits.maxTTLSeconds) s (90 days)")
            }
            let (sum, overflow) = issued.addingReportingOverflow(t)
            guard !overflow, sum <= UInt64(Int64.max) else { throw TenuoError(.ttlExceeded, "expiry overflows") }
            expires = sum
        }
        if let c = cap, expires > c { expires = c }
        guard expires > issued else {
            throw TenuoError(.ttlExceeded, "expiry \(expires) must be after the issue time \(issued)")
        }
        guard expires - issued <= Limits.maxTTLSeconds else {
            throw TenuoError(.ttlExceeded, "lifetime of \(expires - issued) s exceeds the maximum of \(Limits.maxTTLSeconds) s (90 days)")
        }
        return expires
    }
}

extension MintBuilder {
    /// The settings so far, as a JSON-ready value (the bindings' builder preview; null where unset).
    public var info: Value {
        func opt<T>(_ v: T?, _ f: (T) -> Value) -> Value { v.map(f) ?? .null }
        return .map([
            "type": .string(type.name),
            "tools": .list(sharedTools.map { .string($0) }),
            "capabilities": .map(tools.mapValues { $0.flatJSON }),
            "constraints": sharedConstraints.flatJSON,
            "issuable_tools": opt(issuableTools) { .list($0.map { .string($0) }) },
            "constraint_bounds": (constraintBounds ?? ConstraintSet()).flatJSON,
            "max_issue_depth": opt(maxIssueDepth) { .int(Int64($0)) },
            "ttl_seconds": .int(Int64(clamping: ttlSeconds ?? Limits.defaultBuilderTTLSeconds)),
            "expires_at": opt(expiresAt) { .int(Int64(clamping: $0)) },
            "holder": opt(holder) { .string($0.hex) },
            "session_id": opt(sessionID) { .string($0) },
            "agent_id": opt(agentID) { .string($0) },
            "clearance": opt(clearance) { .int(Int64($0)) },
            "max_depth": opt(maxDepth) { .int(Int64($0)) },
            "terminal": .bool(terminal),
            "required_approvers": opt(requiredApprovers) { .list($0.map { .string($0.hex) }) },
            "min_approvals": opt(minApprovals) { .int(Int64($0)) },
        ])
    }
}
