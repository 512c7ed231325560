/// Capability monotonicity (I4) between a parent and a child payload, shared by the grant
/// builder (issuance) and the chain verifier, so both refuse exactly the same widenings.
public enum Attenuation {
    public static func checkCapabilities(parent: WarrantPayload, child: WarrantPayload) throws(TenuoError) {
        switch (parent.type, child.type) {
        case (.execution, .execution):
            for name in child.tools.keys.sorted(by: Value.utf8Less) {
                guard let childSet = child.tools[name] else { continue }
                guard let parentSet = parent.constraints(for: name) else {
                    throw TenuoError(.capabilityExpansion, "tool '\(name)' is not in the parent's capabilities", field: name)
                }
                try parentSet.checkAttenuation(to: childSet)
            }
            try checkClearance(parent: parent.clearance, child: child.clearance)
        case (.issuer, .issuer):
            if let pt = parent.issuableTools, let ct = child.issuableTools {
                for t in ct where !pt.contains(t) && !pt.contains("*") {
                    throw TenuoError(.capabilityExpansion, "issuable tool '\(t)' is not in the parent's issuable_tools")
                }
            }
            if let pb = parent.constraintBounds, let cb = child.constraintBounds {
                try pb.checkAttenuation(to: cb)
            }
            if let pm = parent.maxIssueDepth, let cm = child.maxIssueDepth, cm > pm {
                throw TenuoError(.depthViolation, "max_issue_depth \(cm) exceeds the parent's \(pm)")
            }
        case (.issuer, .execution):
            if let issuable = parent.issuableTools {
                for name in child.tools.keys.sorted(by: Value.utf8Less) where !issuable.contains(name) && !issuable.contains("*") {
                    throw TenuoError(.capabilityExpansion, "tool '\(name)' is not in the issuer's issuable_tools", field: name)
                }
            }
            try checkClearance(parent: parent.clearance, child: child.clearance)
            if let bounds = parent.constraintBounds {
                for name in child.tools.keys.sorted(by: Value.utf8Less) {
                    if let set = child.tools[name] { try bounds.checkAttenuation(to: set) }
                }
            }
            if child.holder == parent.holder {
                throw AttenuationFault.selfIssuance.error("self-issuance: an issuer cannot grant execution warrants to itself")
            }
            if child.holder == parent.issuer {
                throw AttenuationFault.selfIssuance.error("self-issuance: the execution holder cannot be the issuer warrant's own issuer")
            }
        case (.execution, .issuer):
            throw TenuoError(.invalidAttenuation, "an execution warrant cannot delegate an issuer warrant")
        }
    }

    static func checkClearance(parent: UInt8?, child: UInt8?) throws(TenuoError) {
        if let p = parent, let c = child, c > p {
            throw TenuoError(.capabilityExpansion, "clearance cannot increase: parent \(p), child \(c)")
        }
    }
}
