/// Delegates a narrower child from a parent warrant (monotonic attenuation). The child starts
/// with all of the parent's tools and constraints; narrow it, then `grant` with the parent
/// holder's key. Anything wider than the parent is refused with the reason.
public struct GrantBuilder: Sendable {
    public let parent: Warrant
    /// The child's tools; starts as the parent's.
    public var tools: [String: ConstraintSet]
    public var holder: PublicKey?
    public var ttlSeconds: UInt64?
    public var expiresAt: UInt64?
    public var issuedAt: UInt64?
    public var id: WarrantID?
    public var maxDepth: UInt8?
    public var terminal = false
    public var clearance: UInt8?
    public var extensions: [String: [UInt8]] = [:]
    public var sessionID: String?
    public var agentID: String?
    /// Issuer parents: the child execution warrant's type (issuer→issuer keeps `.issuer`).
    public var type: WarrantType
    public var issuableTools: [String]?
    public var maxIssueDepth: UInt32?
    public var constraintBounds: ConstraintSet?
    /// Multi-sig: inherited from the parent; approvers can only be added, the threshold only raised.
    public var requiredApprovers: [PublicKey]?
    public var minApprovals: UInt32?
    /// Gates added to the ones inherited from the parent (merged, the stricter gate wins).
    public var addedApprovalGates: ApprovalGateMap?
    /// Tools chosen one by one with `allowTool` (nil: keep every tool of `tools`; empty: none was
    /// chosen, which `grant` refuses). `grant` keeps exactly these, each with its constraints from
    /// `tools` (as narrowed) or from the parent; under an issuer parent a tool without constraints
    /// starts unconstrained (within the parent's constraint bounds).
    public var allowedTools: [String]?
    /// The child starts from no tools and keeps the ones selected (`selectTool`, `setConstraints`,
    /// `inheritAll`); granting with none selected is refused (the Tenuo SDK's grant builder).
    public let startsEmpty: Bool
    /// `inheritAll` was called: every tool of the parent is selected.
    public private(set) var inheritedAll = false
    /// The first error of a setting made with `deferring`; `grant` throws it.
    public var deferredError: TenuoError?

    public init(parent: Warrant, startsEmpty: Bool = false) {
        self.parent = parent
        self.startsEmpty = startsEmpty
        let p = parent.payload
        tools = startsEmpty ? [:] : p.tools
        type = p.type
        clearance = p.clearance
        sessionID = p.sessionID
        agentID = p.agentID
        issuableTools = p.issuableTools
        maxIssueDepth = p.maxIssueDepth
        constraintBounds = p.constraintBounds
        requiredApprovers = p.requiredApprovers
        minApprovals = p.minApprovals
    }

    /// Applies a setting; when it fails, keeps the first failure for `grant` instead of throwing.
    public mutating func deferring(_ body: (inout GrantBuilder) throws(TenuoError) -> Void) {
        do throws(TenuoError) { try body(&self) } catch { if deferredError == nil { deferredError = error } }
    }

    /// Selects a tool with the parent's constraints; a tool already selected keeps its (narrower)
    /// constraints. Under an issuer parent the tool starts unconstrained (the constraint bounds
    /// are checked at grant).
    /// - Throws: `invalidArgument` after `inheritAll` (it would not narrow anything),
    ///   `capabilityExpansion` for a tool the parent does not grant.
    public mutating func selectTool(_ name: String) throws(TenuoError) {
        if inheritedAll {
            throw TenuoError(.invalidArgument, "tool() after inherit_all() would keep everything; use retain_tool()")
        }
        try MintBuilder.checkToolName(name)
        guard tools[name] == nil else { return }
        if parent.payload.type == .issuer {
            tools[name] = ConstraintSet()
            return
        }
        guard let set = parent.payload.constraints(for: name) else {
            throw TenuoError(.capabilityExpansion, "tool '\(name)' is not granted by the parent warrant", field: name)
        }
        tools[name] = set
    }

    /// Selects every tool of the parent with its constraints (tools already narrowed keep theirs).
    public mutating func inheritAll() {
        for (name, set) in parent.payload.tools where tools[name] == nil { tools[name] = set }
        inheritedAll = true
    }

    /// Keeps only the selected tools that are among `names` (names not selected are ignored).
    public mutating func keepOnly(_ names: [String]) {
        tools = tools.filter { names.contains($0.key) }
    }

    /// Removes tools from the selection.
    public mutating func dropTools(_ names: [String]) {
        for n in names { tools[n] = nil }
    }

    /// Sets the child's lifetime in seconds; outside the SDK's rules (`startsEmpty`) it also cancels
    /// an absolute expiry.
    public mutating func setTTL(_ seconds: UInt64) {
        ttlSeconds = seconds
        if !startsEmpty { expiresAt = nil }
    }

    /// Sets an application extension on the child (same rules as the mint builder's).
    public mutating func setExtension(_ key: String, _ value: [UInt8]) throws(TenuoError) {
        var m = MintBuilder()
        try m.setExtension(key, value)
        extensions.merge(m.extensions) { _, new in new }
    }

    /// Chooses one more tool for the child (applied by `grant`; see `allowedTools`).
    public mutating func allowTool(_ name: String) {
        allowedTools = (allowedTools ?? []) + [name]
    }

    /// Starts the choice from no tools: `grant` then refuses unless `allowTool` adds one.
    public mutating func chooseTools() {
        if allowedTools == nil { allowedTools = [] }
    }

    /// Keeps only the named tools (each must be in the parent).
    public mutating func retainTools(_ names: [String]) throws(TenuoError) {
        var kept: [String: ConstraintSet] = [:]
        for n in names {
            guard let set = tools[n] ?? parent.payload.constraints(for: n) else {
                throw TenuoError(.capabilityExpansion, "tool '\(n)' is not granted by the parent warrant", field: n)
            }
            kept[n] = set
        }
        tools = kept
    }

    /// Replaces the constraints of one tool (the tool must be in the parent, or the parent is an issuer warrant).
    public mutating func setConstraints(_ set: ConstraintSet, for tool: String) throws(TenuoError) {
        try MintBuilder.checkToolName(tool)
        tools[tool] = set
    }

    /// Sets one argument's constraint on a tool of the child, starting from the tool's set as
    /// selected or narrowed so far, else the parent's set for it, else an empty set. The result
    /// must be at least as narrow as the parent's, which `grant` checks.
    /// - Throws: `tooManyConstraints`/`valueTooLarge` past the set's limits; the tool-name rules
    ///   of `setConstraints`.
    public mutating func setToolConstraint(_ tool: String, arg: String, _ c: Constraint) throws(TenuoError) {
        var set = tools[tool] ?? parent.payload.constraints(for: tool) ?? ConstraintSet()
        set.constraints[arg] = c
        try set.validateLimits()
        try setConstraints(set, for: tool)
    }

    /// Adds approval gates to the child, merged into the ones added before with the stricter
    /// gate winning (`ApprovalGateMap.merging`, as the reference merges each call into the
    /// gates it holds); the parent's gates for the kept tools are merged in the same way by
    /// `grant`, so an added gate never loosens an inherited one.
    public mutating func addApprovalGates(_ gates: ApprovalGateMap) {
        addedApprovalGates = (addedApprovalGates ?? ApprovalGateMap()).merging(gates)
    }

    /// Adds a required approver. The list starts as the parent's; a key already in it is not
    /// added again (the reference's `add_approvers`).
    public mutating func addRequiredApprover(_ key: PublicKey) {
        var list = requiredApprovers ?? []
        if !list.contains(key) { list.append(key) }
        requiredApprovers = list
    }

    /// Signs the child with `key`, which must be the parent's holder (I1). Checks every rule the
    /// chain verifier checks (I1–I5), so a granted child always verifies under its parent.
    public func grant(key: SigningKey, now: UInt64, nowMillis: UInt64? = nil) throws(TenuoError) -> Warrant {
        if let e = deferredError { throw e }
        if startsEmpty && allowedTools == nil && tools.isEmpty {
            throw TenuoError(.builderIncomplete, "Validation error: execution warrant must have at least one tool (none was selected)")
        }
        if let allowed = allowedTools {
            guard !allowed.isEmpty else {
                throw TenuoError(.builderIncomplete, "Validation error: execution warrant must have at least one tool (none was chosen)")
            }
            var chosen = self
            chosen.allowedTools = nil
            if parent.payload.type == .issuer {
                // An issuer parent has issuable tools, not capabilities: a tool chosen without
                // constraints starts unconstrained (the constraint bounds are checked at the link).
                for n in allowed where chosen.tools[n] == nil { chosen.tools[n] = ConstraintSet() }
            }
            try chosen.retainTools(allowed)
            return try chosen.grant(key: key, now: now, nowMillis: nowMillis)
        }
        let pp = parent.payload
        guard key.publicKey == pp.holder else {
            throw TenuoError(.invalidIssuer, "delegation authority: only the parent's holder (\(pp.holder.hex.prefix(16))…) can grant from it",
                             kind: ErrorKind.delegationAuthority)
        }
        guard pp.depth < UInt32(pp.maxDepth) else {
            throw TenuoError(.depthExceeded, "parent warrant is terminal (depth \(pp.depth) = max_depth \(pp.maxDepth)): it cannot delegate")
        }
        let depth = pp.depth + 1
        guard depth <= UInt32(Limits.maxDelegationDepth) else {
            throw TenuoError(.depthExceeded, "delegation depth \(depth) exceeds the maximum of \(Limits.maxDelegationDepth)")
        }
        let issued = issuedAt ?? now
        guard issued < pp.expiresAt else { throw TenuoError(.warrantExpired, "parent warrant \(pp.id) has expired") }
        let expires = try MintBuilder.expiry(
            issued: issued, ttl: ttlSeconds ?? (expiresAt == nil ? pp.expiresAt - issued : nil),
            expiresAt: expiresAt, cap: pp.expiresAt)
        if let e = expiresAt, e > pp.expiresAt {
            throw TenuoError(.ttlExceeded, "I3: child expiry \(e) is after the parent's \(pp.expiresAt)")
        }
        var childMax = maxDepth ?? pp.maxDepth
        if terminal { childMax = UInt8(clamping: depth) }
        guard childMax <= pp.maxDepth else {
            throw TenuoError(.depthViolation, "child max_depth \(childMax) exceeds the parent's \(pp.maxDepth)")
        }
        guard UInt32(childMax) >= depth else {
            throw TenuoError(.depthExceeded, "child max_depth \(childMax) is below its depth \(depth)")
        }
        let childType: WarrantType = (pp.type == .issuer && !tools.isEmpty) ? .execution : type
        if childType == .execution && tools.isEmpty {
            throw TenuoError(.builderIncomplete, "the child warrant would have no tools")
        }
        let wid = id ?? WarrantID.v7(unixMillis: nowMillis ?? issued &* 1000)
        var p = WarrantPayload(
            id: wid, type: childType, tools: childType == .execution ? tools : [:], holder: holder ?? pp.holder,
            issuer: key.publicKey, issuedAt: issued, expiresAt: expires, maxDepth: childMax, depth: depth,
            parentHash: parent.payloadHash,
            extensions: try MintBuilder.allExtensions(
                extensions, sessionID: sessionID, agentID: agentID,
                gates: try ApprovalGateMap.inherited(from: pp, childTools: tools, adding: addedApprovalGates)))
        p.clearance = clearance
        p.requiredApprovers = requiredApprovers
        p.minApprovals = minApprovals
        if childType == .issuer {
            p.issuableTools = issuableTools
            p.maxIssueDepth = maxIssueDepth
            p.constraintBounds = constraintBounds
        }
        let child = try Warrant.sign(p, with: key)
        try Authorizer.checkLink(parent: parent, child: child)
        return child
    }
}

extension GrantBuilder {
    /// The settings so far, as a JSON-ready value: capabilities is the selection as it would be
    /// granted ({tool: constraints}), holder the child's (the parent's unless set).
    public var info: Value {
        func opt<T>(_ v: T?, _ f: (T) -> Value) -> Value { v.map(f) ?? .null }
        var selected = tools
        if let allowed = allowedTools { selected = selected.filter { allowed.contains($0.key) } }
        return .map([
            "capabilities": .map(selected.mapValues { $0.flatJSON }),
            "inherit_all": .bool(inheritedAll),
            "holder": .string((holder ?? parent.payload.holder).hex),
            "holder_set": .bool(holder != nil),
            "ttl_seconds": opt(ttlSeconds) { .int(Int64(clamping: $0)) },
            "expires_at": opt(expiresAt) { .int(Int64(clamping: $0)) },
            "clearance": opt(clearance) { .int(Int64($0)) },
            "session_id": opt(sessionID) { .string($0) },
            "max_depth": opt(maxDepth) { .int(Int64($0)) },
            "terminal": .bool(terminal),
        ])
    }
}
