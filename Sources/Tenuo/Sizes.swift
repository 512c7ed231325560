/// Lengths of the fixed-size byte strings that cross the C API.
///
/// Each constant is annotated `/// @c-macro NAME`; `scripts/gen_header.py` turns every such
/// annotation anywhere under `Sources/` into `#define NAME <value>` in `include/tenuo.h`, so
/// the header and the Swift code read one number. The annotated declaration must be a `let`
/// with an integer literal value.
enum ABISize {
    /// Length of an Ed25519 public key, in bytes.
    /// @c-macro TENUO_PUBLIC_KEY_BYTES
    static let publicKey: UInt = 32

    /// Length of an Ed25519 seed (the secret a signing key is derived from), in bytes.
    /// @c-macro TENUO_SEED_BYTES
    static let seed: UInt = 32

    /// Length of an Ed25519 signature, in bytes.
    /// @c-macro TENUO_SIGNATURE_BYTES
    static let signature: UInt = 64

    /// Length of a warrant id (a UUID), in bytes.
    /// @c-macro TENUO_WARRANT_ID_BYTES
    static let warrantID: UInt = 16

    /// Length of a SHA-256 digest (payload and parent hashes), in bytes.
    /// @c-macro TENUO_HASH_BYTES
    static let hash: UInt = 32
}
