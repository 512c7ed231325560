/// The reference's attenuation error kinds, with the spec code each maps to.
///
/// Each raw value is the reference SDK's exception class name: `error(_:)` sets it as the
/// error's `kind` (data a binding chooses its exception from) and, for people, writes it in
/// front of the message (`"<Kind>: <detail>"`); the status code stays the spec number.
public enum AttenuationFault: String, Sendable, CaseIterable {
    case monotonicity = "MonotonicityError"
    case incompatibleTypes = "IncompatibleConstraintTypes"
    case exactValueMismatch = "ExactValueMismatch"
    case wildcardExpansion = "WildcardExpansion"
    case patternExpanded = "PatternExpanded"
    case rangeExpanded = "RangeExpanded"
    case rangeInclusivityExpanded = "RangeInclusivityExpanded"
    case valueNotInParentSet = "ValueNotInParentSet"
    case exclusionRemoved = "ExclusionRemoved"
    /// Range → Exact with a number outside the range. The reference gives this 1501.
    case valueNotInRange = "ValueNotInRange"
    /// Contains → Contains where the child drops a required value.
    case requiredValueRemoved = "RequiredValueRemoved"
    /// Subpath → Subpath/Exact outside the root, Shlex → Exact rejected: the reference
    /// raises its generic ConstraintViolation (1501) for these.
    case constraintViolation = "ConstraintViolation"
    /// A child Exact value the parent cannot even parse (Cidr → Exact with a non-IP string,
    /// UrlPattern → Exact with a non-URL): the reference raises ValidationError (1204).
    case validation = "ValidationError"
    /// An issuer warrant granting an execution warrant to its own holder or issuer.
    case selfIssuance = "SelfIssuanceProhibited"
    /// CEL → CEL with a child expression that does not compile: the reference's CelError (1501).
    case cel = "CelError"

    var code: ErrorCode {
        switch self {
        case .monotonicity, .incompatibleTypes, .exactValueMismatch, .selfIssuance: return .invalidAttenuation
        case .wildcardExpansion, .patternExpanded, .rangeExpanded, .rangeInclusivityExpanded,
            .valueNotInParentSet, .exclusionRemoved, .requiredValueRemoved:
            return .capabilityExpansion
        case .valueNotInRange, .constraintViolation, .cel: return .constraintViolation
        case .validation: return .missingRequiredField
        }
    }

    func error(_ detail: String, field: String? = nil) -> TenuoError {
        TenuoError(code, "\(rawValue): \(detail)", field: field, kind: rawValue)
    }
}
