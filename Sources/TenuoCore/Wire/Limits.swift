/// Protocol limits (wire-format §13 and the reference's constants).
public enum Limits {
    /// Maximum encoded size of one warrant envelope (64 KiB).
    /// @c-macro TENUO_MAX_WARRANT_BYTES
    public static let maxWarrantBytes = 65_536
    /// Maximum encoded size of a warrant stack (a chain in one CBOR array).
    public static let maxStackBytes = 256 * 1024
    public static let maxToolsPerWarrant = 256
    public static let maxConstraintsPerTool = 64
    public static let maxExtensionKeys = 64
    public static let maxExtensionKeyBytes = 255
    public static let maxExtensionValueBytes = 8 * 1024
    public static let maxConstraintDepth = 32
    /// Maximum delegation depth (and chain length).
    /// @c-macro TENUO_MAX_DELEGATION_DEPTH
    public static let maxDelegationDepth = 64
    /// Maximum lifetime of a warrant: 90 days.
    /// @c-macro TENUO_MAX_TTL_SECONDS
    public static let maxTTLSeconds: UInt64 = 7_776_000
    public static let maxToolNameBytes = 256
    /// Clock tolerance applied to chain links (issued-in-future, expiry of non-leaf links): the
    /// default of an authorizer.
    /// @c-macro TENUO_DEFAULT_CLOCK_TOLERANCE
    public static let clockToleranceSeconds: UInt64 = 30
    /// PoP window size in seconds (fixed by the spec).
    /// @c-macro TENUO_POP_WINDOW_SECONDS
    public static let popWindowSeconds: Int64 = 30
    /// PoP windows an authorizer accepts when none is configured.
    /// @c-macro TENUO_POP_DEFAULT_MAX_WINDOWS
    public static let popDefaultMaxWindows = 5
    public static let popMinWindows = 2
    public static let popMaxWindows = 10
    /// Validity of an approval signed without an explicit lifetime (the reference SDK's default).
    /// @c-macro TENUO_DEFAULT_APPROVAL_TTL_SECONDS
    public static let defaultApprovalTTLSeconds: UInt64 = 300
    /// Default TTL of the mint builder when none is given (reference builder default).
    /// @c-macro TENUO_DEFAULT_MINT_TTL_SECONDS
    public static let defaultBuilderTTLSeconds: UInt64 = 3600
}

/// Domain-separation strings of the signatures (see SPEC-NOTES §1–2: every signature carries the
/// `tenuo-warrant-v1` context first; PoP, approval and SRL add their own after it).
public enum Domain {
    public static let warrant: [UInt8] = Array("tenuo-warrant-v1".utf8)
    public static let pop: [UInt8] = Array("tenuo-pop-v1".utf8)
    public static let approval: [UInt8] = Array("tenuo-approval-v1".utf8)
    public static let srl: [UInt8] = Array("tenuo-srl-v1".utf8)
}
