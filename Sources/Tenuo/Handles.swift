// Opaque handle types of the C API.
//
// Every handle crosses the ABI as an `OpaquePointer` to a retained Swift box. The aliases below
// exist so that `scripts/gen_header.py` can print a typed C declaration for each of them:
// `tenuo_<name>_ref` becomes `tenuo_<name> *` (an owned or mutable handle) and
// `tenuo_<name>_cref` becomes `const tenuo_<name> *` (a borrowed, read-only one); C sees
// `typedef struct tenuo_<name> tenuo_<name>;`. The Swift compiler itself prints all of them as
// `void *`, which is why the header is generated from these names rather than copied.

/// Status returned by fallible functions: `TENUO_OK` (0) or a `TENUO_E_*` code.
public typealias tenuo_status = Int32

/// An Ed25519 signing key (holds secret material).
public typealias tenuo_signing_key_ref = OpaquePointer
/// Borrowed, read-only signing key.
public typealias tenuo_signing_key_cref = OpaquePointer

/// An Ed25519 public key.
public typealias tenuo_public_key_ref = OpaquePointer
/// Borrowed, read-only public key.
public typealias tenuo_public_key_cref = OpaquePointer

/// A parsed, signature-checked warrant.
public typealias tenuo_warrant_ref = OpaquePointer
/// Borrowed, read-only warrant.
public typealias tenuo_warrant_cref = OpaquePointer

/// A warrant chain (root first).
public typealias tenuo_chain_ref = OpaquePointer
/// Borrowed, read-only warrant chain.
public typealias tenuo_chain_cref = OpaquePointer

/// A builder for root warrants.
public typealias tenuo_mint_builder_ref = OpaquePointer
/// Borrowed, read-only mint builder.
public typealias tenuo_mint_builder_cref = OpaquePointer

/// A builder for attenuated (child) warrants.
public typealias tenuo_grant_builder_ref = OpaquePointer
/// Borrowed, read-only grant builder.
public typealias tenuo_grant_builder_cref = OpaquePointer

/// An authorizer: trusted roots plus verification policy.
public typealias tenuo_authorizer_ref = OpaquePointer
/// Borrowed, read-only authorizer.
public typealias tenuo_authorizer_cref = OpaquePointer

/// Tool-call arguments (the value model).
public typealias tenuo_args_ref = OpaquePointer
/// Borrowed, read-only arguments.
public typealias tenuo_args_cref = OpaquePointer

/// A structured denial (code, tool, field, reason).
public typealias tenuo_denial_ref = OpaquePointer
/// Borrowed, read-only denial.
public typealias tenuo_denial_cref = OpaquePointer

/// A constraint (one argument's rule), for building tool constraints without JSON.
public typealias tenuo_constraint_ref = OpaquePointer
/// Borrowed, read-only constraint.
public typealias tenuo_constraint_cref = OpaquePointer
