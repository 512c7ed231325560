extension Warrant {
    /// Every field of the warrant as a JSON-ready value (the bindings' view of a warrant).
    public var info: Value {
        let p = payload
        var m: [String: Value] = [
            "id": .string(p.id.description),
            "type": .string(p.type.name),
            "version": .int(Int64(p.version)),
            "depth": .int(Int64(p.depth)),
            "max_depth": .int(Int64(p.maxDepth)),
            "issued_at": .int(Int64(clamping: p.issuedAt)),
            "expires_at": .int(Int64(clamping: p.expiresAt)),
            "holder": .string(p.holder.hex),
            "issuer": .string(p.issuer.hex),
            "tools": .list(p.tools.keys.sorted(by: Value.utf8Less).map { .string($0) }),
            "capabilities": .map(p.tools.mapValues { $0.flatJSON }),
            "terminal": .bool(p.isTerminal),
            "payload_hash": .string(Hex.encode(payloadHash)),
            "extensions": .map(p.extensions.mapValues { .string(Hex.encode($0)) }),
        ]
        m["parent_hash"] = p.parentHash.map { .string(Hex.encode($0)) } ?? .null
        m["clearance"] = p.clearance.map { .int(Int64($0)) } ?? .null
        m["session_id"] = p.sessionID.map { .string($0) } ?? .null
        m["agent_id"] = p.agentID.map { .string($0) } ?? .null
        m["issuable_tools"] = p.issuableTools.map { .list($0.map { .string($0) }) } ?? .null
        m["max_issue_depth"] = p.maxIssueDepth.map { .int(Int64($0)) } ?? .null
        m["constraint_bounds"] = p.constraintBounds.map { $0.flatJSON } ?? .null
        m["required_approvers"] = p.requiredApprovers.map { .list($0.map { .string($0.hex) }) } ?? .null
        m["min_approvals"] = p.minApprovals.map { .int(Int64($0)) } ?? .null
        return .map(m)
    }
}

extension ConstraintSet {
    /// The flat JSON form used at the ABI: `{"arg": <constraint JSON>, ...}`, plus
    /// `"_allow_unknown": true` when unknown arguments are allowed (the reference SDK's spelling).
    public var flatJSON: Value {
        var m = constraints.mapValues { $0.json() }
        if allowUnknown { m["_allow_unknown"] = .bool(true) }
        return .map(m)
    }

    /// Builds a set from the flat JSON form (see `flatJSON`); an empty object is an
    /// unconstrained tool.
    public init(flatJSON v: Value) throws(TenuoError) {
        guard case .map(var m) = v else {
            throw TenuoError(.invalidArgument, "tool constraints must be a JSON object of argument -> constraint")
        }
        var allow = false
        if let a = m.removeValue(forKey: "_allow_unknown") {
            guard case .bool(let b) = a else { throw TenuoError(.invalidArgument, "_allow_unknown must be a boolean") }
            allow = b
        }
        try self.init(json: .map(["constraints": .map(m), "allow_unknown": .bool(allow)]))
    }
}
