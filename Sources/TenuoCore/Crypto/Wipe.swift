/// Public access to secret wiping for layers above the core (the C ABI).
public enum Wipe {
    /// Overwrites the bytes with zeros in a way the compiler cannot elide (sodium_memzero).
    public static func bytes(_ b: inout [UInt8]) { Sodium.memzero(&b) }
}
