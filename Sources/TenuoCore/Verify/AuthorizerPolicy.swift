import Synchronization

/// The part of an authorizer's policy that may change after creation: the revocation list in
/// force and the clearance requirements. Immutable; a setter builds a new one and swaps it in.
public final class AuthorizerPolicy: Sendable {
    /// The accepted signed revocation list, if any (one at a time, as in the reference).
    public let revocationList: SignedRevocationList?
    /// Minimum clearance per tool pattern: exact names, `prefix*`, or `*`.
    public let clearance: [String: UInt8]

    init(revocationList: SignedRevocationList?, clearance: [String: UInt8]) {
        self.revocationList = revocationList
        self.clearance = clearance
    }

    /// The clearance a tool needs: its exact entry, else the longest matching `prefix*`
    /// entry, else `*`, else none (no requirement), as the reference resolves it.
    public func requiredClearance(for tool: String) -> UInt8? {
        if clearance.isEmpty { return nil }
        if let exact = clearance[tool] { return exact }
        var best: UInt8?
        var bestLength = -1
        let toolBytes = Array(tool.utf8)
        for (pattern, level) in clearance {
            let p = Array(pattern.utf8)
            guard p.last == UInt8(ascii: "*") else { continue }
            let prefix = p.dropLast()
            if prefix.count > bestLength, toolBytes.starts(with: prefix) {
                best = level
                bestLength = prefix.count
            }
        }
        return best
    }

    /// Denies a chain holding a revoked warrant anywhere (cascading revocation).
    func checkRevocation(_ ws: [Warrant]) throws(TenuoError) {
        guard let srl = revocationList, !srl.revokedIDs.isEmpty else { return }
        for w in ws where srl.isRevoked(w.id.description) {
            throw TenuoError(.warrantRevoked, "Warrant '\(w.id)' has been revoked")
        }
    }

    /// The reference's pattern rule: non-empty, at most one `*`, and only as the last character.
    /// - Throws: `.missingRequiredField` (1204, the reference's ValidationError code).
    static func validateClearancePattern(_ pattern: String) throws(TenuoError) {
        let stars = pattern.utf8.filter { $0 == UInt8(ascii: "*") }.count
        if pattern.isEmpty {
            throw TenuoError(.missingRequiredField, "clearance pattern cannot be empty")
        }
        if stars > 1 {
            throw TenuoError(.missingRequiredField, "invalid clearance pattern '\(pattern)': at most one wildcard is allowed")
        }
        if stars == 1, pattern.utf8.last != UInt8(ascii: "*") {
            throw TenuoError(.missingRequiredField, "invalid clearance pattern '\(pattern)': the wildcard must be last (e.g. 'admin_*')")
        }
    }
}

extension Authorizer {
    /// Installs a signed revocation list.
    ///
    /// With `expectedIssuer` nil (the reference's Python form) the list's issuer must be one of
    /// the trusted roots; otherwise it must be `expectedIssuer` (the reference's Rust form, for
    /// a separate control-plane key). Then the signature over the payload bytes is verified, and
    /// the list is refused if it is older than the one installed (lower version), or has the
    /// same version but a different revoked set. Safe to call while other threads authorize.
    /// - Throws: `.invalidPayloadStructure` (the reference's ConfigurationError code) for an
    ///   untrusted issuer, `.signatureInvalid`, `.srlVersionRollback`, `.srlContentChanged`.
    public func setRevocationList(_ srl: SignedRevocationList, expectedIssuer: PublicKey? = nil) throws(TenuoError) {
        let issuer: PublicKey
        if let expectedIssuer {
            issuer = expectedIssuer
        } else {
            guard isTrusted(srl.issuer) else {
                throw TenuoError(.invalidPayloadStructure, "revocation list issuer is not a trusted root; configure the SRL signer as a trusted root or pass its key explicitly")
            }
            issuer = srl.issuer
        }
        try srl.verify(expectedIssuer: issuer)
        try policy.withLock { (p: inout AuthorizerPolicy) throws(TenuoError) in
            if let current = p.revocationList {
                if srl.version < current.version {
                    throw TenuoError(.srlVersionRollback, "SRL version rollback detected: current version \(current.version), attempted version \(srl.version)")
                }
                if srl.version == current.version, !srl.sameRevokedSet(as: current) {
                    throw TenuoError(.srlContentChanged, "SRL revoked set changed at version \(srl.version); bump the version when the revoked set changes")
                }
            }
            p = AuthorizerPolicy(revocationList: srl, clearance: p.clearance)
        }
    }

    /// Requires at least `level` clearance for tools matching `pattern` (exact name, `prefix*`,
    /// or `*` for every tool without a more specific entry). Replaces an earlier entry for the
    /// same pattern. Safe to call while other threads authorize.
    /// - Throws: `.missingRequiredField` for an invalid pattern (empty, `*` not last, two `*`).
    public func requireClearance(_ pattern: String, _ level: UInt8) throws(TenuoError) {
        try AuthorizerPolicy.validateClearancePattern(pattern)
        policy.withLock { p in
            var c = p.clearance
            c[pattern] = level
            p = AuthorizerPolicy(revocationList: p.revocationList, clearance: c)
        }
    }

    /// The clearance `tool` requires now, or nil when it has no requirement.
    public func requiredClearance(for tool: String) -> UInt8? { currentPolicy.requiredClearance(for: tool) }
}
