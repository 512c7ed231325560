/// Error codes. Protocol failures carry the numbers of the wire-format spec's error-code
/// appendix (A.1); misuse of the API uses 1–99. Numbers never change; new ones are only added.
public enum ErrorCode: Int32, Sendable, CaseIterable {
    // API misuse (1–99)
    case nullArgument = 1
    case invalidArgument = 2
    case invalidUTF8 = 3
    case bufferTooSmall = 4
    case invalidJSON = 5
    case invalidKey = 6
    case invalidEncoding = 7
    case ioError = 8
    case builderIncomplete = 9
    case internalError = 99

    // Envelope (1000–1099)
    case unsupportedEnvelopeVersion = 1000
    case invalidEnvelopeStructure = 1001
    // Signature (1100–1199)
    case signatureInvalid = 1100
    case signatureAlgorithmMismatch = 1101
    case unsupportedAlgorithm = 1102
    case invalidKeyLength = 1103
    case invalidSignatureLength = 1104
    // Payload structure (1200–1299)
    case unsupportedPayloadVersion = 1200
    case invalidPayloadStructure = 1201
    case malformedCBOR = 1202
    case unknownPayloadField = 1203
    case missingRequiredField = 1204
    // Temporal (1300–1399)
    case warrantExpired = 1300
    case warrantNotYetValid = 1301
    case issuedInFuture = 1302
    case ttlExceeded = 1303
    // Chain (1400–1499)
    case invalidIssuer = 1400
    case parentHashMismatch = 1401
    case depthExceeded = 1402
    case depthViolation = 1403
    case chainTooLong = 1404
    case chainBroken = 1405
    case untrustedRoot = 1406
    // Capability (1500–1599)
    case toolNotAuthorized = 1500
    case constraintViolation = 1501
    case invalidAttenuation = 1502
    case capabilityExpansion = 1503
    case unknownConstraintType = 1504
    // Proof of possession (1600–1699)
    case popSignatureInvalid = 1600
    case popExpired = 1601
    case popChallengeInvalid = 1602
    // Multi-sig (1700–1799)
    case insufficientApprovals = 1700
    case approvalInvalid = 1701
    case approverNotAuthorized = 1702
    case approvalExpired = 1703
    case unsupportedApprovalVersion = 1704
    case approvalPayloadInvalid = 1705
    case approvalRequestHashMismatch = 1706
    case approvalRequired = 1707
    // Revocation (1800–1899)
    case warrantRevoked = 1800
    case srlInvalid = 1801
    case srlVersionRollback = 1802
    case srlContentChanged = 1803
    // Size limits (1900–1999)
    case warrantTooLarge = 1900
    case chainTooLarge = 1901
    case tooManyTools = 1902
    case tooManyConstraints = 1903
    case extensionTooLarge = 1904
    case valueTooLarge = 1905
    // Extensions (2000–2099)
    case reservedExtensionKey = 2000
    case invalidExtensionValue = 2001
    // Reserved namespaces (2100–2199)
    case reservedToolName = 2100

    /// Stable upper-snake name, e.g. `SIGNATURE_INVALID`.
    public var name: String {
        switch self {
        case .nullArgument: return "NULL_ARGUMENT"
        case .invalidArgument: return "INVALID_ARGUMENT"
        case .invalidUTF8: return "INVALID_UTF8"
        case .bufferTooSmall: return "BUFFER_TOO_SMALL"
        case .invalidJSON: return "INVALID_JSON"
        case .invalidKey: return "INVALID_KEY"
        case .invalidEncoding: return "INVALID_ENCODING"
        case .ioError: return "IO_ERROR"
        case .builderIncomplete: return "BUILDER_INCOMPLETE"
        case .internalError: return "INTERNAL"
        case .unsupportedEnvelopeVersion: return "UNSUPPORTED_ENVELOPE_VERSION"
        case .invalidEnvelopeStructure: return "INVALID_ENVELOPE_STRUCTURE"
        case .signatureInvalid: return "SIGNATURE_INVALID"
        case .signatureAlgorithmMismatch: return "SIGNATURE_ALGORITHM_MISMATCH"
        case .unsupportedAlgorithm: return "UNSUPPORTED_ALGORITHM"
        case .invalidKeyLength: return "INVALID_KEY_LENGTH"
        case .invalidSignatureLength: return "INVALID_SIGNATURE_LENGTH"
        case .unsupportedPayloadVersion: return "UNSUPPORTED_PAYLOAD_VERSION"
        case .invalidPayloadStructure: return "INVALID_PAYLOAD_STRUCTURE"
        case .malformedCBOR: return "MALFORMED_CBOR"
        case .unknownPayloadField: return "UNKNOWN_PAYLOAD_FIELD"
        case .missingRequiredField: return "MISSING_REQUIRED_FIELD"
        case .warrantExpired: return "WARRANT_EXPIRED"
        case .warrantNotYetValid: return "WARRANT_NOT_YET_VALID"
        case .issuedInFuture: return "ISSUED_IN_FUTURE"
        case .ttlExceeded: return "TTL_EXCEEDED"
        case .invalidIssuer: return "INVALID_ISSUER"
        case .parentHashMismatch: return "PARENT_HASH_MISMATCH"
        case .depthExceeded: return "DEPTH_EXCEEDED"
        case .depthViolation: return "DEPTH_VIOLATION"
        case .chainTooLong: return "CHAIN_TOO_LONG"
        case .chainBroken: return "CHAIN_BROKEN"
        case .untrustedRoot: return "UNTRUSTED_ROOT"
        case .toolNotAuthorized: return "TOOL_NOT_AUTHORIZED"
        case .constraintViolation: return "CONSTRAINT_VIOLATION"
        case .invalidAttenuation: return "INVALID_ATTENUATION"
        case .capabilityExpansion: return "CAPABILITY_EXPANSION"
        case .unknownConstraintType: return "UNKNOWN_CONSTRAINT_TYPE"
        case .popSignatureInvalid: return "POP_SIGNATURE_INVALID"
        case .popExpired: return "POP_EXPIRED"
        case .popChallengeInvalid: return "POP_CHALLENGE_INVALID"
        case .insufficientApprovals: return "INSUFFICIENT_APPROVALS"
        case .approvalInvalid: return "APPROVAL_INVALID"
        case .approverNotAuthorized: return "APPROVER_NOT_AUTHORIZED"
        case .approvalExpired: return "APPROVAL_EXPIRED"
        case .unsupportedApprovalVersion: return "UNSUPPORTED_APPROVAL_VERSION"
        case .approvalPayloadInvalid: return "APPROVAL_PAYLOAD_INVALID"
        case .approvalRequestHashMismatch: return "APPROVAL_REQUEST_HASH_MISMATCH"
        case .approvalRequired: return "APPROVAL_REQUIRED"
        case .warrantRevoked: return "WARRANT_REVOKED"
        case .srlInvalid: return "SRL_INVALID"
        case .srlVersionRollback: return "SRL_VERSION_ROLLBACK"
        case .srlContentChanged: return "SRL_CONTENT_CHANGED"
        case .warrantTooLarge: return "WARRANT_TOO_LARGE"
        case .chainTooLarge: return "CHAIN_TOO_LARGE"
        case .tooManyTools: return "TOO_MANY_TOOLS"
        case .tooManyConstraints: return "TOO_MANY_CONSTRAINTS"
        case .extensionTooLarge: return "EXTENSION_TOO_LARGE"
        case .valueTooLarge: return "VALUE_TOO_LARGE"
        case .reservedExtensionKey: return "RESERVED_EXTENSION_KEY"
        case .invalidExtensionValue: return "INVALID_EXTENSION_VALUE"
        case .reservedToolName: return "RESERVED_TOOL_NAME"
        }
    }
}

/// The one error type of the core: a spec-numbered code, a human-readable message, and, as
/// data, the argument at fault and the finer kind of failure.
public struct TenuoError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let message: String
    /// The argument or field at fault, when there is one (e.g. the constraint's argument name).
    public let field: String?
    /// The finer kind of failure when one spec code stands for several (the reference SDK's
    /// exception class name, e.g. `PatternExpanded` or `RangeExpanded`, both 1503; see
    /// `ErrorKind`), else nil. Set by the producer; bindings read it, never the message.
    public let kind: String?

    public init(_ code: ErrorCode, _ message: String, field: String? = nil, kind: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
        self.kind = kind
    }

    /// The same error with `context` put in front of its message (`"<context>: <message>"`):
    /// code, field and kind are kept. Every re-wrapping goes through this (or `recoded`) so
    /// that none drops the kind.
    public func withContext(_ context: String) -> TenuoError {
        TenuoError(code, "\(context): \(message)", field: field, kind: kind)
    }

    /// The same error (message and kind) reported against `field`.
    public func with(field: String?) -> TenuoError {
        TenuoError(code, message, field: field, kind: kind)
    }

    /// The error reported under another code, with optional context in front of its message;
    /// field and kind are kept.
    public func recoded(_ code: ErrorCode, context: String? = nil) -> TenuoError {
        TenuoError(code, context.map { "\($0): \(message)" } ?? message, field: field, kind: kind)
    }

    public var description: String { "\(code.name) (\(code.rawValue)): \(message)" }
}
