/// Rules that bindings used to apply themselves, as queries on a warrant: only the holder signs a
/// proof of possession, a challenge is built for the window that contains a time, expiry and the
/// remaining lifetime at a time, the number of approvals a gated call needs.
extension Warrant {
    /// Signs a call as this warrant's holder.
    /// - Throws: `invalidIssuer` when `key` is not the holder's key (a proof made with another key
    ///   would be refused by every verifier).
    public func signCall(key: SigningKey, tool: String, args: [String: Value], now: Int64,
                         form: ProofOfPossession.IDForm = .bareHex) throws(TenuoError) -> [UInt8] {
        try signCall(key: key, tool: tool, args: SortedMembers(args), now: now, form: form)
    }

    /// Signs a call as this warrant's holder, the arguments already in canonical order (as
    /// parsed by `JSON.parseSortedMembers`); the same signature as for their map.
    /// - Throws: `invalidIssuer` when `key` is not the holder's key.
    public func signCall(key: SigningKey, tool: String, args: SortedMembers, now: Int64,
                         form: ProofOfPossession.IDForm = .bareHex) throws(TenuoError) -> [UInt8] {
        try requireHolder(key)
        return try ProofOfPossession.sign(warrant: self, key: key, tool: tool, args: args, now: now, form: form)
    }

    /// Only the holder signs a proof of possession.
    private func requireHolder(_ key: SigningKey) throws(TenuoError) {
        guard key.publicKey == payload.holder else {
            throw TenuoError(.invalidIssuer, "PoP signature does not match authorized_holder: the signing key is not this warrant's holder",
                             kind: ErrorKind.signatureMismatch)
        }
    }

    /// The exact bytes a proof-of-possession made at time `now` signs.
    /// - Throws: `invalidArgument` for the few times near `Int64.min` that have no window.
    public func popChallenge(tool: String, args: [String: Value], at now: Int64,
                             form: ProofOfPossession.IDForm = .bareHex) throws(TenuoError) -> [UInt8] {
        try popChallenge(tool: tool, args: SortedMembers(args), at: now, form: form)
    }

    /// The exact bytes a proof-of-possession made at time `now` signs, the arguments already in
    /// canonical order.
    /// - Throws: `invalidArgument` for the few times near `Int64.min` that have no window.
    public func popChallenge(tool: String, args: SortedMembers, at now: Int64,
                             form: ProofOfPossession.IDForm = .bareHex) throws(TenuoError) -> [UInt8] {
        ProofOfPossession.challenge(id: id, form: form, tool: tool, args: args, window: try ProofOfPossession.requireWindow(now))
    }

    /// Whether the warrant has expired at `now` (`now >= expires_at`, no tolerance: the rule the
    /// authorizer applies to the leaf).
    public func isExpired(at now: UInt64) -> Bool { now >= payload.expiresAt }

    /// Seconds left until expiry at `now` (0 once expired).
    public func secondsRemaining(at now: UInt64) -> UInt64 { now >= payload.expiresAt ? 0 : payload.expiresAt - now }

    /// Approvals a gated call needs: `min_approvals` (at most the number of approvers), else the
    /// number of required approvers; 0 without approvers.
    public var approvalThreshold: Int { ApprovalPolicy.threshold(payload) }
}

extension ApprovalPayload {
    /// An approval of `requestHash` made at `now`, valid for `ttl` seconds (nil: the default of
    /// `Limits.defaultApprovalTTLSeconds`), with a fresh random nonce.
    /// - Throws: `invalidArgument` for a request hash that is not 32 bytes, a zero lifetime or an
    ///   expiry past the time range.
    public static func approving(_ requestHash: [UInt8], externalID: String, now: UInt64, ttl: UInt64?) throws(TenuoError) -> ApprovalPayload {
        let lifetime = ttl ?? Limits.defaultApprovalTTLSeconds
        guard lifetime >= 1 else { throw TenuoError(.invalidArgument, "ttl_seconds must be >= 1") }
        let (expires, overflow) = now.addingReportingOverflow(lifetime)
        guard !overflow, expires <= UInt64(Int64.max) else {
            throw TenuoError(.invalidArgument, "approval expiry \(now) + \(lifetime) is past the time range")
        }
        return try forSigning(requestHash: requestHash, nonce: [], externalID: externalID, approvedAt: now,
                              expiresAt: expires)
    }
}

extension Warrant {
    /// The SDK's logic-only preview (`allows`, `check_constraints`): the denial the warrant's type,
    /// tools and constraints alone give a call, ignoring expiry, proof of possession and chain.
    /// With `args` nil only the type and the tool are checked.
    public func constraintDenial(tool: String, args: [String: Value]?) -> Denial? {
        // At the issue time the warrant is never expired (expires_at > issued_at), so only the
        // type, tool and constraint rules can deny.
        guard let args else {
            let d = payload.whyDenied(tool: tool, args: [:], now: payload.issuedAt)
            return d?.denyCode == "CONSTRAINT_MISMATCH" ? nil : d
        }
        return payload.whyDenied(tool: tool, args: args, now: payload.issuedAt)
    }
}
