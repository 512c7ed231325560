/// Library and protocol version numbers.
public enum TenuoVersion {
    public static let major: Int32 = 0
    public static let minor: Int32 = 1
    public static let patch: Int32 = 0
    /// `major * 10000 + minor * 100 + patch`.
    public static let number: Int32 = major * 10000 + minor * 100 + patch
    public static let string = "0.1.0"
    /// ABI generation: bumped only when an exported function changes incompatibly.
    public static let abi: Int32 = 0
    /// Tenuo wire format version implemented (envelope and payload version).
    public static let wire: Int32 = 1
}
