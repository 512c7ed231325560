/// Multi-sig rules: the per-call approval check at the leaf (the reference's
/// `verify_approvals_with_tolerance`) and the per-link rules that stop a child from weakening
/// its parent's approval requirements.
public enum ApprovalPolicy {
    /// m of the warrant's approvers: `min(min_approvals, n)`, or n when `min_approvals` is unset.
    public static func threshold(_ p: WarrantPayload) -> Int {
        guard let approvers = p.requiredApprovers else { return 0 }
        guard let m = p.minApprovals else { return approvers.count }
        return min(Int(m), approvers.count)
    }

    /// The leaf's approval gate for a call that already passed PoP and constraints. Returns
    /// normally when no gate fires or enough valid approvals were given.
    public static func check(
        leaf: WarrantPayload, tool: String, args: [String: Value], approvals: [SignedApproval],
        now: UInt64, tolerance: UInt64
    ) throws(Denial) {
        let gates: ApprovalGateMap?
        let message: String?
        do {
            gates = try ApprovalGateMap(extensionBytes: leaf.extensions[ApprovalGateMap.extensionKey])
            message = try gates?.requirement(tool: tool, args: args)
        } catch {
            throw deny(error.code, tool, error.message, field: error.field, kind: error.kind)
        }
        guard let message else { return }
        guard let approvers = leaf.requiredApprovers, !approvers.isEmpty else {
            throw deny(.approvalInvalid, tool, "approval gate requires approval for tool '\(tool)' but warrant has no required_approvers configured")
        }
        let requestHash = ApprovalRequestHash.compute(warrant: leaf, tool: tool, args: args)
        let threshold = Self.threshold(leaf)
        guard !approvals.isEmpty else {
            throw Denial(code: .approvalRequired, denyCode: "APPROVAL_REQUIRED", tool: tool, field: nil, reason: message,
                         suggestion: "Obtain \(threshold) signed approval(s) from the warrant's required approvers for request hash \(Hex.encode(requestHash)) and retry with them.")
        }
        guard approvals.count <= approvers.count * 2 else {
            throw deny(.approvalInvalid, tool, "too many approvals: \(approvals.count) provided, max \(approvers.count * 2)")
        }
        enum Rejection: Int { case signature = 0, untrusted, duplicate, expired, hashMismatch }
        var rejections: [Rejection] = []
        var seen = Set<PublicKey>()
        var valid = 0
        for a in approvals {
            let p: ApprovalPayload
            do { p = try a.verify(now: now) } catch { rejections.append(.signature); continue }
            guard approvers.contains(a.approverKey) else { rejections.append(.untrusted); continue }
            guard !seen.contains(a.approverKey) else { rejections.append(.duplicate); continue }
            let (grace, overflow) = p.expiresAt.addingReportingOverflow(tolerance)
            if !overflow && grace < now { rejections.append(.expired); continue }
            guard Sodium.equal(p.requestHash, requestHash) else { rejections.append(.hashMismatch); continue }
            seen.insert(a.approverKey)
            valid += 1
            if valid >= threshold { return }
        }
        if threshold == 1 && approvals.count == 1 && rejections.count == 1 {
            let reason: String
            switch rejections[0] {
            case .signature: reason = "invalid signature on approval"
            case .untrusted: reason = "approver not in trusted set"
            case .duplicate: reason = "duplicate approval from same approver"
            case .expired: reason = "approval expired (beyond clock tolerance)"
            case .hashMismatch: reason = "request hash mismatch (approval was signed for a different request)"
            }
            throw deny(.approvalInvalid, tool, "Invalid approval: \(reason)")
        }
        let labels = ["invalid signature", "untrusted", "duplicate", "expired", "hash mismatch"]
        var parts: [String] = []
        for (i, label) in labels.enumerated() {
            let n = rejections.filter { $0.rawValue == i }.count
            if n > 0 { parts.append("\(n) \(label)") }
        }
        let detail = parts.isEmpty ? "" : " [rejected: \(parts.joined(separator: ", "))]"
        throw deny(.insufficientApprovals, tool, "Insufficient approvals: required \(threshold), received \(valid)\(detail)")
    }

    static func deny(_ code: ErrorCode, _ tool: String, _ reason: String, field: String? = nil, kind: String? = nil) -> Denial {
        Denial(code: code, denyCode: code.name, tool: tool, field: field, reason: reason,
               suggestion: "Provide enough valid approvals: each signed by a distinct key from the warrant's required_approvers, for this warrant, tool, arguments and holder, and not expired.",
               kind: kind)
    }

    // MARK: Links

    /// Parent → child approval rules (issuance and chain verification alike):
    /// - the child keeps every gate of the parent for the tools it still holds, never weaker
    ///   (the reference's gate monotonicity);
    /// - the child keeps every approver of the parent, and its threshold minus the approvers it
    ///   added is at least the parent's threshold, so the parent's approvers still have to sign
    ///   (stricter than the reference, which checks neither at verification);
    /// - approvers without a gate map are accepted only below a parent that had gates or
    ///   approvers (what the reference's builder produces when gated tools are dropped).
    public static func checkLink(parent: WarrantPayload, child: WarrantPayload) throws(TenuoError) {
        if hasGates(parent) {
            let pg = try ApprovalGateMap(extensionBytes: parent.extensions[ApprovalGateMap.extensionKey])
            let cg = try ApprovalGateMap(extensionBytes: child.extensions[ApprovalGateMap.extensionKey])
            try checkGateMonotonicity(parent: pg, child: cg, childTools: child.tools)
        }
        if let pa = parent.requiredApprovers, !pa.isEmpty {
            let ca = child.requiredApprovers ?? []
            for k in pa where !ca.contains(k) {
                throw TenuoError(.invalidAttenuation, "approval: child removed approver \(k.hex.prefix(16))… of its parent", field: "required_approvers")
            }
            let added = Set(ca).subtracting(pa).count
            if threshold(child) - added < threshold(parent) {
                throw TenuoError(.invalidAttenuation, "approval: child threshold \(threshold(child)) with \(added) added approver(s) is weaker than the parent's \(threshold(parent))-of-\(pa.count)", field: "min_approvals")
            }
        } else if let ca = child.requiredApprovers, !ca.isEmpty, !hasGates(child), !hasGates(parent) {
            throw approversWithoutGates()
        }
    }

    /// Whether the payload carries a (non-empty) gate map; its shape was checked at decode.
    static func hasGates(_ p: WarrantPayload) -> Bool {
        !(p.extensions[ApprovalGateMap.extensionKey]?.isEmpty ?? true)
    }

    static func approversWithoutGates() -> TenuoError {
        TenuoError(.invalidPayloadStructure, "required_approvers without a tenuo.approval_gates map gates nothing: refused (the reference's builder refuses to mint it)", field: "required_approvers")
    }

    /// Checks for the first warrant of a chain (no parent to inherit from).
    public static func checkRoot(_ p: WarrantPayload) throws(TenuoError) {
        if let a = p.requiredApprovers, !a.isEmpty, !hasGates(p) { throw approversWithoutGates() }
    }

    static func gateFault(_ what: String, _ tool: String) -> TenuoError {
        TenuoError(.invalidAttenuation, "approval gate monotonicity violation: \(what)", field: tool)
    }

    public static func checkGateMonotonicity(parent: ApprovalGateMap?, child: ApprovalGateMap?, childTools: [String: ConstraintSet]) throws(TenuoError) {
        guard let parent else { return }
        for tool in parent.tools.keys.sorted(by: Value.utf8Less) where childTools[tool] != nil {
            guard let pg = parent.tools[tool] else { continue }
            guard let cgate = child?.tools[tool] else {
                throw gateFault(child == nil ? "child stripped all approval gates from parent" : "approval gate removed for tool '\(tool)'", tool)
            }
            guard let pArgs = pg.args else {
                if cgate.args != nil { throw gateFault("whole-tool gate weakened to per-arg for '\(tool)'", tool) }
                continue
            }
            guard let cArgs = cgate.args else { continue }  // whole-tool child: stricter
            for arg in pArgs.keys.sorted(by: Value.utf8Less) {
                guard let pa = pArgs[arg] else { continue }
                guard let ca = cArgs[arg] else { throw gateFault("arg gate '\(arg)' removed for tool '\(tool)'", tool) }
                switch (ca, pa) {
                case _ where ca == pa, (.all, _): continue
                case (.constraint, .all), (.exempt, .all):
                    throw gateFault("arg gate weakened from All for '\(tool).\(arg)'", tool)
                case (.exempt(let c), .exempt(let p)):
                    // Fewer exempted values is stricter: the child's exemption narrows the parent's.
                    do { try p.checkAttenuation(to: c) } catch { throw gateFault("exempt gate widened for '\(tool).\(arg)'", tool) }
                case (.constraint(let c), .constraint(let p)):
                    // The child must gate at least the values the parent gates (the reference
                    // checks the opposite direction; see the README's divergence table).
                    do { try c.checkAttenuation(to: p) } catch { throw gateFault("arg gate constraint narrowed for '\(tool).\(arg)': the child must gate every value the parent gates", tool) }
                default:
                    throw gateFault("Exempt and Constraint gate variants are incomparable for '\(tool).\(arg)'", tool)
                }
            }
        }
    }
}
