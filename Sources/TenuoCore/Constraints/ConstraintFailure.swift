/// Why `ConstraintSet.check` refused a call, as the reference's
/// `check_constraints_detailed` reports it.
public struct ConstraintFailure: Sendable, Equatable, CustomStringConvertible {
    /// The reported field: the argument name, or for evaluation errors the reference's
    /// marker (`"_error"`, or `"constraint"` for an unknown constraint type).
    public let field: String
    /// The reference's reason text, e.g. `"value does not match constraint"`.
    public let reason: String
    /// The spec code (`.constraintViolation` for every failure of the reference's check).
    public let code: ErrorCode
    /// True when evaluation itself raised (invalid glob on the wire, unknown type): still a deny.
    public let isEvaluationError: Bool
    /// The argument being checked when the failure happened (equal to `field` except for
    /// evaluation errors).
    public let argument: String
    /// The finer kind of an evaluation error (`TenuoError.kind`, e.g. `InvalidPattern`), else nil.
    public let kind: String?

    public init(
        field: String, reason: String, code: ErrorCode, isEvaluationError: Bool, argument: String, kind: String? = nil
    ) {
        self.field = field
        self.reason = reason
        self.code = code
        self.isEvaluationError = isEvaluationError
        self.argument = argument
        self.kind = kind
    }

    /// Reason text for an argument the set does not name (zero-trust).
    public static let unknownFieldReason = "unknown field not allowed (zero-trust mode)"
    /// Reason text for a named argument absent from the call.
    public static let missingReason = "missing required argument"
    /// Reason text for a value the constraint rejects.
    public static let mismatchReason = "value does not match constraint"
    /// The field the reference reports for evaluation errors without a field of their own.
    public static let errorField = "_error"

    public var description: String { "\(field): \(reason)" }
}
