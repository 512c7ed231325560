/// UrlSafe → UrlSafe, field by field (wire-format §6, "UrlSafe Field Attenuation Rules"), in
/// the reference's order, every refusal a MonotonicityError (1502):
/// - each child scheme is a parent scheme (ASCII case ignored);
/// - no `block_*` flag the parent sets is cleared (private, loopback, metadata, reserved,
///   internal TLDs);
/// - a parent port list is kept, and the child's ports are among it;
/// - a parent allow list is kept, and each child entry is covered by a parent entry once both
///   are normalised (`*.x.com` covers `x.com`, `a.x.com` and `*.a.x.com`; `café.com` equals
///   `xn--caf-dma.com`);
/// - a parent deny list is kept, and each parent entry is covered by a child entry (the child
///   denies at least as much: `*.x.com` covers a parent's `a.x.com`).
///
/// Before anything else, every domain pattern of both sides must be valid: otherwise the pair
/// is refused with the reference's ValidationError (1204), even for an identical child.
enum UrlSafeAttenuation {
    private static func validated(_ p: UrlSafePolicy) throws(TenuoError)
        -> (allow: [UrlSafePolicy.DomainPattern]?, deny: [UrlSafePolicy.DomainPattern]?)
    {
        switch p.patterns() {
        case .success(let v): return v
        case .failure(let e): throw e  // ValidationError (1204), kind set by `patterns()`
        }
    }

    static func check(parent: UrlSafeConstraint, child: UrlSafeConstraint) throws(TenuoError) {
        let fault = AttenuationFault.monotonicity
        let p = parent.policy
        let c = child.policy
        let parentPatterns = try validated(p)
        let childPatterns = try validated(c)
        for s in c.schemes where !p.schemes.contains(where: { ByteText.equalIgnoringASCIICase($0, s) }) {
            throw fault.error("child scheme \(ValueText.quote(s)) not in parent schemes")
        }
        for (name, pb, cb) in [
            ("block_private", p.blockPrivate, c.blockPrivate), ("block_loopback", p.blockLoopback, c.blockLoopback),
            ("block_metadata", p.blockMetadata, c.blockMetadata), ("block_reserved", p.blockReserved, c.blockReserved),
            ("block_internal_tlds", p.blockInternalTLDs, c.blockInternalTLDs),
        ] where pb && !cb {
            throw fault.error("cannot disable \(name)")
        }
        if let pp = p.allowPorts {
            guard let cp = c.allowPorts else { throw fault.error("child must have port allowlist if parent does") }
            for port in cp where !pp.contains(port) {
                throw fault.error("child port \(port) not in parent port allowlist")
            }
        }
        if let pa = parentPatterns.allow {
            guard let ca = c.allowDomains, let normalized = childPatterns.allow else {
                throw fault.error("child must have domain allowlist if parent does")
            }
            for (raw, cd) in zip(ca, normalized) where !pa.contains(where: { cd.isCovered(by: $0) }) {
                throw fault.error("child domain \(ValueText.quote(raw)) not covered by parent allowlist")
            }
        }
        if let pd = parentPatterns.deny, let rawDeny = p.denyDomains {
            guard let cd = childPatterns.deny else { throw fault.error("child must have deny_domains if parent does") }
            for (raw, d) in zip(rawDeny, pd) where !cd.contains(where: { d.isCovered(by: $0) }) {
                throw fault.error("child removes denied domain \(ValueText.quote(raw)) from parent")
            }
        }
    }
}
