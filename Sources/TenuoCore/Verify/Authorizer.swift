import Synchronization

/// Settings of an authorizer, by the reference's names.
public struct AuthorizerConfig: Sendable {
    public var trustedRoots: [PublicKey]
    /// Tolerance for `issued_at` in the future and for the expiry of chain links (not the leaf).
    public var clockToleranceSeconds: UInt64 = Limits.clockToleranceSeconds
    /// Number of 30 s PoP windows accepted around `now` (2–10).
    public var popMaxWindows: Int = Limits.popDefaultMaxWindows
    /// Initial minimum clearance per tool pattern (exact name, `prefix*`, or `"*"`); later
    /// changes go through `Authorizer.requireClearance` and show in `currentPolicy`.
    public var requiredClearance: [String: UInt8] = [:]

    public init(trustedRoots: [PublicKey]) { self.trustedRoots = trustedRoots }

    /// The settings a binding passes: `popMaxWindows` 0 selects the default
    /// (`Limits.popDefaultMaxWindows`); `Authorizer.init` applies that and checks the range
    /// (`ProofOfPossession.windowCount`, the rule `tenuo_warrant_verify_pop` uses too).
    public init(trustedRoots: [PublicKey], popMaxWindows: Int, clockToleranceSeconds: UInt64) {
        self.trustedRoots = trustedRoots
        self.popMaxWindows = popMaxWindows
        self.clockToleranceSeconds = clockToleranceSeconds
    }
}

/// Verifies chains and authorizes calls; one instance can serve any number of threads at once.
///
/// Roots and windows are fixed at creation. The revocation list and the clearance requirements
/// can change later (`setRevocationList`, `requireClearance`): they live in one immutable
/// `AuthorizerPolicy` snapshot that a setter replaces under a lock, and that each verification
/// reads once (one lock round trip and one retain), so a decision never sees half an update.
public final class Authorizer: Sendable {
    public let config: AuthorizerConfig
    private let roots: Set<PublicKey>
    /// The roots as a list: a few keys are found faster by comparing their bytes than by
    /// hashing 32 bytes for the set (most authorizers trust one to three roots).
    private let rootList: [PublicKey]
    let policy: Mutex<AuthorizerPolicy>

    public init(_ settings: AuthorizerConfig) throws(TenuoError) {
        var config = settings
        config.popMaxWindows = try ProofOfPossession.windowCount(requested: settings.popMaxWindows, name: "pop_max_windows")
        guard config.clockToleranceSeconds <= 3600 else {
            throw TenuoError(.invalidArgument, "clock tolerance above one hour is not allowed")
        }
        for pattern in config.requiredClearance.keys { try AuthorizerPolicy.validateClearancePattern(pattern) }
        self.config = config
        self.roots = Set(config.trustedRoots)
        self.rootList = Array(self.roots)
        self.policy = Mutex(AuthorizerPolicy(revocationList: nil, clearance: config.requiredClearance))
    }

    /// The policy in force now (revocation list, clearance requirements).
    public var currentPolicy: AuthorizerPolicy { policy.withLock { $0 } }

    public convenience init(trustedRoots: [PublicKey]) throws(TenuoError) {
        try self.init(AuthorizerConfig(trustedRoots: trustedRoots))
    }

    public func isTrusted(_ key: PublicKey) -> Bool {
        guard rootList.count <= 8 else { return roots.contains(key) }
        for r in rootList where r == key { return true }
        return false
    }

    /// Chain rules, no call: trusted root, per-warrant time and size checks, then I1–I5 on each
    /// link. Signatures were verified when each warrant was decoded.
    public func verifyChain(_ chain: WarrantChain, now: UInt64) throws(TenuoError) {
        try verifyChain(chain, now: now, policy: currentPolicy)
    }

    func verifyChain(_ chain: WarrantChain, now: UInt64, policy pol: AuthorizerPolicy) throws(TenuoError) {
        let ws = chain.warrants
        // Cascading revocation comes first, as in the reference: a revoked warrant anywhere in
        // the chain denies it, whatever else is wrong with it.
        try pol.checkRevocation(ws)
        // Warrants are read in place through a span (bounds-checked, borrowed): `ws[i]` copies
        // the whole warrant (a retain of each of its parts) before reading one field of it.
        let s = ws.span
        guard isTrusted(s[0].payload.issuer) else {
            throw TenuoError(.untrustedRoot, "root warrant issuer \(s[0].payload.issuer.hex.prefix(16))… is not a trusted root")
        }
        // Only approvers can fail the root rule; passing the payload would copy it.
        if s[0].payload.requiredApprovers != nil { try ApprovalPolicy.checkRoot(s[0].payload) }
        if s.count > 1 {
            // Pairwise for the short chains every real delegation has (cheaper than hashing).
            if s.count <= 16 {
                for i in 1..<s.count {
                    for j in 0..<i where s[j].payload.id.bytes == s[i].payload.id.bytes {
                        throw TenuoError(.chainBroken, "cycle detected: warrant \(s[i].payload.id) appears more than once in the chain")
                    }
                }
            } else {
                var seen = Set<WarrantID>()
                for w in ws where !seen.insert(w.id).inserted {
                    throw TenuoError(.chainBroken, "cycle detected: warrant \(w.id) appears more than once in the chain")
                }
            }
        }
        let tol = config.clockToleranceSeconds
        let (latestIssue, o1) = now.addingReportingOverflow(tol)
        for i in s.indices {
            let issuedAt = s[i].payload.issuedAt
            let expiresAt = s[i].payload.expiresAt
            if !o1 && issuedAt > latestIssue {
                throw TenuoError(.issuedInFuture, "warrant \(s[i].payload.id) is issued at \(issuedAt), in the future (now \(now))")
            }
            let (graceEnd, o2) = expiresAt.addingReportingOverflow(tol)
            if !o2 && now > graceEnd {
                throw TenuoError(.warrantExpired, "warrant \(s[i].payload.id) expired at \(expiresAt)")
            }
            if expiresAt < issuedAt || expiresAt - issuedAt > Limits.maxTTLSeconds {
                throw TenuoError(.ttlExceeded, "warrant \(s[i].payload.id) lives \(expiresAt &- issuedAt) s, over the 90-day maximum")
            }
            let depth = s[i].payload.depth
            if depth > UInt32(Limits.maxDelegationDepth) {
                throw TenuoError(.depthExceeded, "warrant \(s[i].payload.id) has depth \(depth), over the maximum of \(Limits.maxDelegationDepth)")
            }
        }
        for i in 1..<max(s.count, 1) {
            // The memo test (see `checkLink`), in place.
            // (`payloadHash` spelled out: calling the getter on the element copies the warrant.)
            if s[i].memo.linkChecked, let h = s[i].payload.parentHash,
                h == s[i - 1].memo.payloadHash(of: s[i - 1].payloadBytes)
            {
                continue
            }
            try Authorizer.checkLinkRules(parent: s[i - 1], child: s[i])
            s[i].memo.markLinkChecked()
        }
    }

    /// I1–I5 for one parent → child link, in the reference's order. They read nothing but the
    /// two payloads (no clock, no policy), so a pass is remembered on the child
    /// (`WarrantMemo.linkChecked`) and a later check of the same child under a parent with the
    /// same payload hash is one 32-byte comparison.
    static func checkLink(parent pw: Warrant, child cw: Warrant) throws(TenuoError) {
        if cw.memo.linkChecked, let h = cw.payload.parentHash, Sodium.equal(h, pw.payloadHash) { return }
        try checkLinkRules(parent: pw, child: cw)
        cw.memo.markLinkChecked()
    }

    static func checkLinkRules(parent pw: Warrant, child cw: Warrant) throws(TenuoError) {
        let parent = pw.payload
        let child = cw.payload
        guard child.issuer == parent.holder else {
            throw TenuoError(.invalidIssuer, "I1 violated: child.issuer (\(child.issuer.hex.prefix(16))) != parent.holder (\(parent.holder.hex.prefix(16)))")
        }
        guard let hash = child.parentHash else {
            throw TenuoError(.parentHashMismatch, "child warrant \(child.id) has no parent_hash")
        }
        guard Sodium.equal(hash, pw.payloadHash) else {
            throw TenuoError(.parentHashMismatch, "I5 violated: child parent_hash does not match SHA-256 of the parent payload")
        }
        guard child.depth == parent.depth &+ 1, parent.depth < UInt32.max else {
            throw TenuoError(.depthViolation, "I2 violated: child depth \(child.depth) != parent depth \(parent.depth) + 1")
        }
        guard child.depth <= UInt32(parent.maxDepth) else {
            throw TenuoError(.depthExceeded, "child depth \(child.depth) exceeds the parent's max_depth \(parent.maxDepth)")
        }
        guard child.maxDepth <= parent.maxDepth else {
            throw TenuoError(.depthViolation, "child max_depth \(child.maxDepth) exceeds the parent's max_depth \(parent.maxDepth)")
        }
        guard child.depth <= UInt32(child.maxDepth) else {
            throw TenuoError(.depthExceeded, "child depth \(child.depth) exceeds its own max_depth \(child.maxDepth)")
        }
        guard child.expiresAt <= parent.expiresAt else {
            throw TenuoError(.ttlExceeded, "I3 violated: child expires at \(child.expiresAt), after its parent (\(parent.expiresAt))")
        }
        try Attenuation.checkCapabilities(parent: parent, child: child)
        try ApprovalPolicy.checkLink(parent: parent, child: child)
    }

    /// Full authorization of a call: chain rules, clearance, then the leaf's expiry (no
    /// tolerance), type, tool, proof-of-possession and constraints, in the reference's order.
    /// When an audit sink is registered (`AuditSinks.shared`), the decision is also delivered
    /// to it as one `AuditEvent`, allowed or denied.
    /// - Throws: a `Denial` describing the first failing check.
    public func authorize(
        _ chain: WarrantChain, tool: String, args: [String: Value], signature: [UInt8]?, now: UInt64,
        approvals: [SignedApproval] = []
    ) throws(Denial) {
        let sinks = AuditSinks.shared
        guard sinks.isActive else {
            return try decide(chain, tool: tool, args: args, signature: signature, now: now, approvals: approvals)
        }
        do {
            try decide(chain, tool: tool, args: args, signature: signature, now: now, approvals: approvals)
        } catch {
            sinks.emit(AuditEvent(chain: chain, tool: tool, arguments: args, denial: error, now: now))
            throw error
        }
        sinks.emit(AuditEvent(chain: chain, tool: tool, arguments: args, denial: nil, now: now))
    }

    /// `authorize` without approvals, with the arguments made only when a check needs them
    /// (the proof-of-possession and the constraints): a call refused for its chain, clearance,
    /// expiry, warrant type, tool or a missing signature never calls `arguments`. With an audit
    /// sink registered the arguments are made first (the event records them).
    /// - Returns: the denial, or nil when the call is allowed.
    /// - Throws: what `arguments` throws (then nothing was decided).
    public func authorize(
        _ chain: WarrantChain, tool: String, signature: [UInt8]?, now: UInt64,
        arguments: () throws(TenuoError) -> [String: Value]
    ) throws(TenuoError) -> Denial? {
        if AuditSinks.shared.isActive {
            let args = try arguments()
            do throws(Denial) {
                try authorize(chain, tool: tool, args: args, signature: signature, now: now)
            } catch {
                return error
            }
            return nil
        }
        let pol = currentPolicy
        let checked: (leaf: WarrantPayload, set: ConstraintSet, signature: [UInt8])
        do throws(Denial) {
            checked = try cheapChecks(chain, tool: tool, signature: signature, now: now, policy: pol)
        } catch {
            return error
        }
        let args = try arguments()
        do throws(Denial) {
            try argumentChecks(checked.leaf, checked.set, tool: tool, args: args, signature: checked.signature,
                               now: now, approvals: [])
        } catch {
            return error
        }
        return nil
    }

    private func decide(
        _ chain: WarrantChain, tool: String, args: [String: Value], signature: [UInt8]?, now: UInt64,
        approvals: [SignedApproval]
    ) throws(Denial) {
        let checked = try cheapChecks(chain, tool: tool, signature: signature, now: now, policy: currentPolicy)
        try argumentChecks(checked.leaf, checked.set, tool: tool, args: args, signature: checked.signature, now: now,
                           approvals: approvals)
    }

    /// The checks that read no argument, in the reference's order: chain rules, clearance,
    /// the leaf's expiry (no tolerance), type and tool, then the presence of a PoP signature.
    /// Returns the leaf, its constraint set for `tool` and the signature.
    private func cheapChecks(
        _ chain: WarrantChain, tool: String, signature: [UInt8]?, now: UInt64, policy pol: AuthorizerPolicy
    ) throws(Denial) -> (leaf: WarrantPayload, set: ConstraintSet, signature: [UInt8]) {
        do {
            try verifyChain(chain, now: now, policy: pol)
        } catch {
            throw Denial(code: error.code, denyCode: error.code.name, tool: tool, field: nil, reason: error.message,
                         suggestion: Authorizer.chainSuggestion(error.code), kind: error.kind)
        }
        let leaf = chain.leaf.payload
        if let required = pol.requiredClearance(for: tool) {
            let actual = leaf.clearance ?? 0
            if actual < required {
                throw Denial(code: .toolNotAuthorized, denyCode: "CLEARANCE_INSUFFICIENT", tool: tool, field: nil,
                             reason: "insufficient clearance for tool '\(tool)': requires \(required), has \(actual)",
                             suggestion: "Request a warrant with clearance of at least \(required).")
            }
        }
        // Expiry (no tolerance for the leaf), warrant type and tool need no signature work and
        // no argument: whyDenied reports them in that order before it looks at any constraint.
        let found = leaf.constraints(for: tool)
        guard now < leaf.expiresAt, leaf.type == .execution, let set = found else {
            throw leaf.whyDenied(tool: tool, args: [:], now: now, constraints: found)
                ?? Denial(code: .internalError, denyCode: ErrorCode.internalError.name, tool: tool, field: nil,
                          reason: "a refused check gave no reason", suggestion: "")
        }
        guard let sig = signature, !sig.isEmpty else {
            throw Denial(code: .signatureInvalid, denyCode: "SIGNATURE_INVALID", tool: tool, field: nil,
                         reason: "proof-of-possession required",
                         suggestion: "Sign the call with the holder's key (warrant.sign) and pass the signature.")
        }
        return (leaf, set, sig)
    }

    /// The checks that read the arguments: the proof-of-possession, the constraints, then the
    /// approval gates (last, at the leaf, as the reference evaluates them).
    private func argumentChecks(
        _ leaf: WarrantPayload, _ set: ConstraintSet, tool: String, args: [String: Value], signature sig: [UInt8],
        now: UInt64, approvals: [SignedApproval]
    ) throws(Denial) {
        guard ProofOfPossession.verify(holder: leaf.holder, id: leaf.id, tool: tool, args: args, signature: sig,
                                       now: Int64(clamping: now), maxWindows: config.popMaxWindows) else {
            throw Denial(code: .signatureInvalid, denyCode: "SIGNATURE_INVALID", tool: tool, field: nil,
                         reason: "proof-of-possession verification failed",
                         suggestion: "The PoP must be made by the warrant holder's key for this exact tool, arguments and time (±\(config.popMaxWindows / 2 * 30) s).")
        }
        if let d = leaf.whyDenied(tool: tool, args: args, now: now, constraints: set) { throw d }
        try ApprovalPolicy.check(leaf: leaf, tool: tool, args: args, approvals: approvals, now: now,
                                 tolerance: config.clockToleranceSeconds)
    }

    static func chainSuggestion(_ code: ErrorCode) -> String {
        switch code {
        case .untrustedRoot: return "Add the root issuer's public key to the authorizer's trusted roots, or use a warrant minted by a trusted issuer."
        case .warrantExpired: return "A warrant in the chain has expired: request a fresh one."
        case .issuedInFuture: return "A warrant is issued in the future: check the clocks of issuer and verifier."
        case .warrantRevoked: return "A warrant in the chain has been revoked: request a new one from its issuer."
        default: return "The delegation chain is invalid (\(code.name)): rebuild it from the root by granting each step from its parent."
        }
    }
}
