/// Finer kinds of failure that share one spec code, named as the reference SDK names its
/// exception classes (`PatternExpanded` and `RangeExpanded` are both 1503). A producer sets
/// the kind as data (`TenuoError.kind`, carried on by `withContext`/`recoded` and into
/// `ConstraintFailure.kind` and `Denial.kind`); nothing reads it back from message text.
public enum ErrorKind {
    /// A Regex constraint whose pattern does not compile.
    public static let invalidPattern = "InvalidPattern"
    /// A value or pattern the reference refuses with ValidationError (an invalid URL, CIDR or
    /// IP address, an invalid UrlSafe domain pattern).
    public static let validation = AttenuationFault.validation.rawValue
    /// A grant signed with a key other than the parent warrant's holder (1400, which also
    /// stands for a broken I1 link in a chain): the reference's DelegationAuthorityError.
    public static let delegationAuthority = "DelegationAuthorityError"
    /// A proof of possession asked of a key that is not the warrant's holder (1400; the
    /// reference signs anyway and its verifier refuses the proof): SignatureMismatch.
    public static let signatureMismatch = "SignatureMismatch"

    /// Every kind name the core produces: the closed set a binding must map (a test checks
    /// that the Python binding maps each one).
    public static let names: [String] = AttenuationFault.allCases.map(\.rawValue) + [invalidPattern, delegationAuthority, signatureMismatch]
}
