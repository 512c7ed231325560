"""The one ctypes module of the package: loads ``libtenuo.so``, declares every C function once,
turns status codes into exceptions and owns the memory rules of the C API.

Nothing above this module touches ctypes. The classes in ``keys``, ``warrant`` and friends call the
small helpers defined here (``call_handle``, ``call_string``, ``call_bytes``, ``Handle`` ...).

Loading order (first that exists wins; ``TENUO_LIBRARY``, when set, is the only one tried):

1. the ``TENUO_LIBRARY`` environment variable (a path to the shared library),
2. ``tenuo/_lib/libtenuo.so`` inside the installed package (what a wheel ships),
3. the repository's release build: ``<repo>/build/lib/libtenuo.so``, then
   ``<repo>/.build/release/libtenuo.so`` (only when the package runs from a source checkout),
4. the system loader: ``libtenuo.so.0``.
"""

from __future__ import annotations

import ctypes
import os
import weakref
from ctypes import (
    POINTER,
    byref,
    c_bool,
    c_char_p,
    c_double,
    c_int32,
    c_int64,
    c_size_t,
    c_uint32,
    c_uint64,
    c_void_p,
)
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple, TypeVar

from . import exceptions as _exc

# --------------------------------------------------------------------------------------------
# ABI expectations
# --------------------------------------------------------------------------------------------

#: ABI generation this binding was written against (``tenuo_abi_version()``).
EXPECTED_ABI_VERSION = 0
#: Library major version this binding accepts (``tenuo_version_number() // 10000``).
EXPECTED_MAJOR = 0

BUILD_HINT = (
    "Build the release library from the repository root with `make lib` (or "
    "`swift build -c release --product tenuo -Xswiftc -static-stdlib`), then either "
    "`pip install ./bindings/python` or point TENUO_LIBRARY at the built libtenuo.so."
)

# --------------------------------------------------------------------------------------------
# Opaque handle types: each is POINTER(<empty Structure>) so handles of different kinds
# cannot be mixed up by accident (ctypes refuses a warrant pointer where a key is expected).
# --------------------------------------------------------------------------------------------


class _SigningKey(ctypes.Structure):
    pass


class _PublicKey(ctypes.Structure):
    pass


class _Warrant(ctypes.Structure):
    pass


class _Chain(ctypes.Structure):
    pass


class _Args(ctypes.Structure):
    pass


class _MintBuilder(ctypes.Structure):
    pass


class _GrantBuilder(ctypes.Structure):
    pass


class _Authorizer(ctypes.Structure):
    pass


class _Denial(ctypes.Structure):
    pass


class _Constraint(ctypes.Structure):
    pass


class _Approval(ctypes.Structure):
    pass


SigningKeyP = POINTER(_SigningKey)
PublicKeyP = POINTER(_PublicKey)
WarrantP = POINTER(_Warrant)
ChainP = POINTER(_Chain)
ArgsP = POINTER(_Args)
MintBuilderP = POINTER(_MintBuilder)
GrantBuilderP = POINTER(_GrantBuilder)
AuthorizerP = POINTER(_Authorizer)
DenialP = POINTER(_Denial)
ConstraintP = POINTER(_Constraint)
ApprovalP = POINTER(_Approval)

_status = c_int32
_text = c_char_p  # (const char *ptr, size_t len) inputs and caller-owned output buffers
_size = c_size_t
_str_out = POINTER(c_void_p)  # char **out, freed with tenuo_string_free
_len_out = POINTER(c_size_t)

# Export formats and constants of the header.
FORMAT_HEX = 0
FORMAT_BASE64 = 1
FORMAT_PEM = 2
WARRANT_EXECUTION = 0
WARRANT_ISSUER = 1
POP_ID_HEX = 0
POP_ID_PREFIXED = 1
DEFAULT_CLOCK_TOLERANCE = 30

# --------------------------------------------------------------------------------------------
# Prototype table: (name, argtypes, restype, checked). ``checked`` means a nonzero status is an
# error and is turned into an exception; unchecked functions return data (or a decision code).
# --------------------------------------------------------------------------------------------

_S, _N = True, False
_PROTOTYPES: List[Tuple[str, List[Any], Any, bool]] = [
    # Library
    ("tenuo_version_number", [], c_int32, _N),
    ("tenuo_version_string", [], c_char_p, _N),
    ("tenuo_abi_version", [], c_int32, _N),
    ("tenuo_wire_version", [], c_int32, _N),
    ("tenuo_last_error_message", [], c_char_p, _N),
    ("tenuo_status_name", [_status], c_char_p, _N),
    ("tenuo_string_free", [c_void_p], None, _N),
    ("tenuo_bytes_free", [c_void_p, _size], None, _N),
    ("tenuo_now_unix", [], c_uint64, _N),
    # Signing keys
    ("tenuo_signing_key_generate", [POINTER(SigningKeyP)], _status, _S),
    ("tenuo_signing_key_from_seed", [_text, _size, POINTER(SigningKeyP)], _status, _S),
    ("tenuo_signing_key_parse", [_text, _size, POINTER(SigningKeyP)], _status, _S),
    ("tenuo_signing_key_from_env", [_text, _size, POINTER(SigningKeyP)], _status, _S),
    ("tenuo_signing_key_from_file", [_text, _size, POINTER(SigningKeyP)], _status, _S),
    ("tenuo_signing_key_public_key", [SigningKeyP, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_signing_key_seed", [SigningKeyP, _text, _size], _status, _S),
    ("tenuo_signing_key_export", [SigningKeyP, c_int32, _str_out], _status, _S),
    ("tenuo_signing_key_sign_raw", [SigningKeyP, _text, _size, _text, _size], _status, _S),
    ("tenuo_signing_key_free", [SigningKeyP], None, _N),
    # Public keys
    ("tenuo_public_key_from_bytes", [_text, _size, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_public_key_parse", [_text, _size, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_public_key_from_env", [_text, _size, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_public_key_from_file", [_text, _size, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_public_key_to_bytes", [PublicKeyP, _text, _size], _status, _S),
    ("tenuo_public_key_export", [PublicKeyP, c_int32, _str_out], _status, _S),
    ("tenuo_public_key_equal", [PublicKeyP, PublicKeyP], c_bool, _N),
    ("tenuo_public_key_verify_raw", [PublicKeyP, _text, _size, _text, _size], _status, _N),
    ("tenuo_public_key_free", [PublicKeyP], None, _N),
    # Arguments
    ("tenuo_args_from_json", [_text, _size, POINTER(ArgsP)], _status, _S),
    ("tenuo_args_new", [POINTER(ArgsP)], _status, _S),
    ("tenuo_args_set_string", [ArgsP, _text, _size, _text, _size], _status, _S),
    ("tenuo_args_set_int", [ArgsP, _text, _size, c_int64], _status, _S),
    ("tenuo_args_set_float", [ArgsP, _text, _size, c_double], _status, _S),
    ("tenuo_args_set_bool", [ArgsP, _text, _size, c_bool], _status, _S),
    ("tenuo_args_set_null", [ArgsP, _text, _size], _status, _S),
    ("tenuo_args_set_json", [ArgsP, _text, _size, _text, _size], _status, _S),
    ("tenuo_args_to_json", [ArgsP, _str_out], _status, _S),
    ("tenuo_args_count", [ArgsP], _size, _N),
    ("tenuo_args_free", [ArgsP], None, _N),
    # Warrants
    ("tenuo_warrant_parse", [_text, _size, POINTER(WarrantP)], _status, _S),
    ("tenuo_warrant_from_bytes", [_text, _size, POINTER(WarrantP)], _status, _S),
    ("tenuo_warrant_to_bytes", [WarrantP, _str_out, _len_out], _status, _S),
    ("tenuo_warrant_to_base64", [WarrantP, _str_out], _status, _S),
    ("tenuo_warrant_to_pem", [WarrantP, _str_out], _status, _S),
    ("tenuo_warrant_payload_bytes", [WarrantP, _str_out, _len_out], _status, _S),
    ("tenuo_warrant_id", [WarrantP, _str_out], _status, _S),
    ("tenuo_warrant_expires_at", [WarrantP], c_uint64, _N),
    ("tenuo_warrant_issued_at", [WarrantP], c_uint64, _N),
    ("tenuo_warrant_depth", [WarrantP], c_uint32, _N),
    ("tenuo_warrant_max_depth", [WarrantP], c_uint32, _N),
    ("tenuo_warrant_type", [WarrantP], c_int32, _N),
    ("tenuo_warrant_holder", [WarrantP, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_warrant_issuer", [WarrantP, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_warrant_info_json", [WarrantP, _str_out], _status, _S),
    (
        "tenuo_warrant_sign",
        [WarrantP, SigningKeyP, _text, _size, ArgsP, c_int64, _text, _size],
        _status,
        _S,
    ),
    (
        "tenuo_warrant_sign_ex",
        [WarrantP, SigningKeyP, _text, _size, ArgsP, c_int64, c_int32, _text, _size],
        _status,
        _S,
    ),
    (
        "tenuo_warrant_pop_challenge",
        [WarrantP, _text, _size, ArgsP, c_int64, c_int32, _str_out, _len_out],
        _status,
        _S,
    ),
    (
        "tenuo_warrant_verify_pop",
        [WarrantP, _text, _size, ArgsP, _text, _size, c_int64, c_uint32, c_int32],
        _status,
        _N,
    ),
    (
        "tenuo_warrant_check",
        [WarrantP, _text, _size, ArgsP, c_uint64, POINTER(DenialP)],
        _status,
        _N,
    ),
    ("tenuo_warrant_why_denied", [WarrantP, _text, _size, ArgsP, c_uint64, _str_out], _status, _S),
    ("tenuo_warrant_free", [WarrantP], None, _N),
    # Chains
    ("tenuo_chain_parse", [_text, _size, POINTER(ChainP)], _status, _S),
    ("tenuo_chain_from_bytes", [_text, _size, POINTER(ChainP)], _status, _S),
    ("tenuo_chain_new", [WarrantP, POINTER(ChainP)], _status, _S),
    ("tenuo_chain_push", [ChainP, WarrantP, POINTER(ChainP)], _status, _S),
    ("tenuo_chain_len", [ChainP], _size, _N),
    ("tenuo_chain_get", [ChainP, _size, POINTER(WarrantP)], _status, _S),
    ("tenuo_chain_to_bytes", [ChainP, _str_out, _len_out], _status, _S),
    ("tenuo_chain_to_base64", [ChainP, _str_out], _status, _S),
    ("tenuo_chain_to_pem", [ChainP, _str_out], _status, _S),
    ("tenuo_chain_free", [ChainP], None, _N),
    # Constraints
    ("tenuo_constraint_from_json", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_exact", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_pattern", [_text, _size, POINTER(ConstraintP)], _status, _S),
    (
        "tenuo_constraint_range",
        [c_bool, c_double, c_bool, c_bool, c_double, c_bool, POINTER(ConstraintP)],
        _status,
        _S,
    ),
    ("tenuo_constraint_one_of", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_not_one_of", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_wildcard", [POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_contains", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_subset", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_all", [ConstraintP, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_any", [ConstraintP, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_push", [ConstraintP, ConstraintP, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_not", [ConstraintP, POINTER(ConstraintP)], _status, _S),
    (
        "tenuo_constraint_subpath",
        [_text, _size, c_bool, c_bool, POINTER(ConstraintP)],
        _status,
        _S,
    ),
    ("tenuo_constraint_shlex", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_regex", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_cidr", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_url_pattern", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_url_safe", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_cel", [_text, _size, POINTER(ConstraintP)], _status, _S),
    ("tenuo_constraint_to_json", [ConstraintP, _str_out], _status, _S),
    ("tenuo_constraint_matches", [ConstraintP, _text, _size], _status, _N),
    ("tenuo_constraint_check_attenuation", [ConstraintP, ConstraintP], _status, _S),
    ("tenuo_constraint_free", [ConstraintP], None, _N),
    (
        "tenuo_mint_builder_set_constraint",
        [MintBuilderP, _text, _size, _text, _size, ConstraintP],
        _status,
        _S,
    ),
    (
        "tenuo_grant_builder_set_constraint",
        [GrantBuilderP, _text, _size, _text, _size, ConstraintP],
        _status,
        _S,
    ),
    # Mint builder
    ("tenuo_mint_builder_new", [c_int32, POINTER(MintBuilderP)], _status, _S),
    ("tenuo_mint_builder_add_tool", [MintBuilderP, _text, _size, _text, _size], _status, _S),
    ("tenuo_mint_builder_set_holder", [MintBuilderP, PublicKeyP], _status, _S),
    ("tenuo_mint_builder_set_ttl", [MintBuilderP, c_uint64], _status, _S),
    ("tenuo_mint_builder_set_expires_at", [MintBuilderP, c_uint64], _status, _S),
    ("tenuo_mint_builder_set_issued_at", [MintBuilderP, c_uint64], _status, _S),
    ("tenuo_mint_builder_set_id", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_mint_builder_set_max_depth", [MintBuilderP, c_uint32], _status, _S),
    ("tenuo_mint_builder_set_terminal", [MintBuilderP], _status, _S),
    ("tenuo_mint_builder_set_clearance", [MintBuilderP, c_uint32], _status, _S),
    ("tenuo_mint_builder_set_extension", [MintBuilderP, _text, _size, _text, _size], _status, _S),
    ("tenuo_mint_builder_set_session_id", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_mint_builder_set_agent_id", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_mint_builder_add_issuable_tool", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_mint_builder_set_max_issue_depth", [MintBuilderP, c_uint32], _status, _S),
    ("tenuo_mint_builder_set_constraint_bounds", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_mint_builder_add_required_approver", [MintBuilderP, PublicKeyP], _status, _S),
    ("tenuo_mint_builder_set_min_approvals", [MintBuilderP, c_uint32], _status, _S),
    (
        "tenuo_mint_builder_mint",
        [MintBuilderP, SigningKeyP, c_uint64, POINTER(WarrantP)],
        _status,
        _S,
    ),
    ("tenuo_mint_builder_free", [MintBuilderP], None, _N),
    # Grant builder
    ("tenuo_grant_builder_new", [WarrantP, POINTER(GrantBuilderP)], _status, _S),
    ("tenuo_grant_builder_allow_tool", [GrantBuilderP, _text, _size], _status, _S),
    (
        "tenuo_grant_builder_set_constraints",
        [GrantBuilderP, _text, _size, _text, _size],
        _status,
        _S,
    ),
    ("tenuo_grant_builder_set_holder", [GrantBuilderP, PublicKeyP], _status, _S),
    ("tenuo_grant_builder_set_ttl", [GrantBuilderP, c_uint64], _status, _S),
    ("tenuo_grant_builder_set_expires_at", [GrantBuilderP, c_uint64], _status, _S),
    ("tenuo_grant_builder_set_issued_at", [GrantBuilderP, c_uint64], _status, _S),
    ("tenuo_grant_builder_set_id", [GrantBuilderP, _text, _size], _status, _S),
    ("tenuo_grant_builder_set_max_depth", [GrantBuilderP, c_uint32], _status, _S),
    ("tenuo_grant_builder_set_terminal", [GrantBuilderP], _status, _S),
    ("tenuo_grant_builder_set_clearance", [GrantBuilderP, c_uint32], _status, _S),
    ("tenuo_grant_builder_set_extension", [GrantBuilderP, _text, _size, _text, _size], _status, _S),
    ("tenuo_grant_builder_set_session_id", [GrantBuilderP, _text, _size], _status, _S),
    (
        "tenuo_grant_builder_grant",
        [GrantBuilderP, SigningKeyP, c_uint64, POINTER(WarrantP)],
        _status,
        _S,
    ),
    ("tenuo_grant_builder_free", [GrantBuilderP], None, _N),
    # Authorizer
    (
        "tenuo_authorizer_new",
        [_text, _size, c_uint32, c_uint64, POINTER(AuthorizerP)],
        _status,
        _S,
    ),
    ("tenuo_authorizer_verify_chain", [AuthorizerP, ChainP, c_uint64], _status, _S),
    (
        "tenuo_authorizer_check",
        [AuthorizerP, WarrantP, _text, _size, ArgsP, _text, _size, c_uint64, POINTER(DenialP)],
        _status,
        _N,
    ),
    (
        "tenuo_authorizer_check_chain",
        [AuthorizerP, ChainP, _text, _size, ArgsP, _text, _size, c_uint64, POINTER(DenialP)],
        _status,
        _N,
    ),
    ("tenuo_authorizer_free", [AuthorizerP], None, _N),
    # Denials
    ("tenuo_denial_code", [DenialP], _status, _N),
    ("tenuo_denial_deny_code", [DenialP], c_char_p, _N),
    ("tenuo_denial_field", [DenialP], c_char_p, _N),
    ("tenuo_denial_reason", [DenialP], c_char_p, _N),
    ("tenuo_denial_suggestion", [DenialP], c_char_p, _N),
    ("tenuo_denial_tool", [DenialP], c_char_p, _N),
    ("tenuo_denial_to_json", [DenialP, _str_out], _status, _S),
    ("tenuo_denial_free", [DenialP], None, _N),
    # Approvals (multi-sig)
    ("tenuo_approval_parse", [_text, _size, POINTER(ApprovalP)], _status, _S),
    (
        "tenuo_approval_create",
        [SigningKeyP, _text, _size, _text, _size, _text, _size, c_uint64, c_uint64, POINTER(ApprovalP)],
        _status,
        _S,
    ),
    ("tenuo_approval_to_bytes", [ApprovalP, _str_out, _len_out], _status, _S),
    ("tenuo_approval_verify", [ApprovalP, c_uint64], _status, _S),
    ("tenuo_approval_to_json", [ApprovalP, _str_out], _status, _S),
    ("tenuo_approval_approver_key", [ApprovalP, POINTER(PublicKeyP)], _status, _S),
    ("tenuo_approval_free", [ApprovalP], None, _N),
    (
        "tenuo_request_hash",
        [_text, _size, _text, _size, ArgsP, PublicKeyP, _text, _size],
        _status,
        _S,
    ),
    ("tenuo_warrant_request_hash", [WarrantP, _text, _size, ArgsP, _text, _size], _status, _S),
    ("tenuo_warrant_approval_gates_json", [WarrantP, _str_out], _status, _S),
    (
        "tenuo_authorizer_check_with_approvals",
        [AuthorizerP, WarrantP, _text, _size, ArgsP, _text, _size, POINTER(ApprovalP), _size, c_uint64,
         POINTER(DenialP)],
        _status,
        _N,
    ),
    (
        "tenuo_authorizer_check_chain_with_approvals",
        [AuthorizerP, ChainP, _text, _size, ArgsP, _text, _size, POINTER(ApprovalP), _size, c_uint64,
         POINTER(DenialP)],
        _status,
        _N,
    ),
    ("tenuo_mint_builder_set_approval_gates", [MintBuilderP, _text, _size], _status, _S),
    ("tenuo_grant_builder_add_approval_gates", [GrantBuilderP, _text, _size], _status, _S),
    ("tenuo_grant_builder_add_required_approver", [GrantBuilderP, PublicKeyP], _status, _S),
    ("tenuo_grant_builder_set_min_approvals", [GrantBuilderP, c_uint32], _status, _S),
]


# Revocation lists, revocation requests and the authorizer's mutable policy.
class _Srl(ctypes.Structure):
    pass


class _SrlBuilder(ctypes.Structure):
    pass


class _RevocationRequest(ctypes.Structure):
    pass


SrlP = POINTER(_Srl)
SrlBuilderP = POINTER(_SrlBuilder)
RevocationRequestP = POINTER(_RevocationRequest)

_PROTOTYPES += [
    ("tenuo_srl_builder_new", [POINTER(SrlBuilderP)], _status, _S),
    ("tenuo_srl_builder_revoke", [SrlBuilderP, _text, _size], _status, _S),
    ("tenuo_srl_builder_set_version", [SrlBuilderP, c_uint64], _status, _S),
    ("tenuo_srl_builder_sign", [SrlBuilderP, SigningKeyP, c_uint64, c_uint32, POINTER(SrlP)], _status, _S),
    ("tenuo_srl_builder_free", [SrlBuilderP], None, _N),
    ("tenuo_srl_parse", [_text, _size, POINTER(SrlP)], _status, _S),
    ("tenuo_srl_to_bytes", [SrlP, _str_out, _len_out], _status, _S),
    ("tenuo_srl_to_json", [SrlP, _str_out], _status, _S),
    ("tenuo_srl_verify", [SrlP, PublicKeyP], _status, _S),
    ("tenuo_srl_is_revoked", [SrlP, _text, _size, POINTER(c_bool)], _status, _S),
    ("tenuo_srl_free", [SrlP], None, _N),
    # Unchecked: the binding maps "issuer is not a trusted root" to ConfigurationError itself.
    ("tenuo_authorizer_set_revocation_list", [AuthorizerP, SrlP, PublicKeyP], _status, _N),
    ("tenuo_authorizer_revocation_list", [AuthorizerP, POINTER(SrlP)], _status, _S),
    ("tenuo_authorizer_require_clearance", [AuthorizerP, _text, _size, c_uint32], _status, _S),
    ("tenuo_authorizer_required_clearance", [AuthorizerP, _text, _size, POINTER(c_int32)], _status, _S),
    (
        "tenuo_revocation_request_new",
        [_text, _size, _text, _size, SigningKeyP, c_uint64, c_uint32, POINTER(RevocationRequestP)],
        _status,
        _S,
    ),
    ("tenuo_revocation_request_parse", [_text, _size, POINTER(RevocationRequestP)], _status, _S),
    ("tenuo_revocation_request_verify_signature", [RevocationRequestP], _status, _S),
    ("tenuo_revocation_request_to_bytes", [RevocationRequestP, _str_out, _len_out], _status, _S),
    ("tenuo_revocation_request_to_json", [RevocationRequestP, _str_out], _status, _S),
    ("tenuo_revocation_request_free", [RevocationRequestP], None, _N),
]

#: Every C function name the binding declares (the header's function list).
FUNCTION_NAMES: Tuple[str, ...] = tuple(p[0] for p in _PROTOTYPES)

# --------------------------------------------------------------------------------------------
# Loader
# --------------------------------------------------------------------------------------------

_PACKAGE_DIR = Path(__file__).resolve().parent
_LIB_NAME = "libtenuo.so"
_SONAME = "libtenuo.so.0"


def _repo_root() -> Optional[Path]:
    """The repository root when the package runs from a source checkout, else None."""
    # <repo>/bindings/python/tenuo/_native.py
    try:
        candidate = _PACKAGE_DIR.parents[2]
    except IndexError:
        return None
    if (candidate / "Package.swift").is_file() and (candidate / "bindings").is_dir():
        return candidate
    return None


def candidate_paths() -> List[str]:
    """The library locations tried, in order (see the module docstring)."""
    env = os.environ.get("TENUO_LIBRARY")
    if env:
        return [env]
    paths = [str(_PACKAGE_DIR / "_lib" / _LIB_NAME)]
    root = _repo_root()
    if root is not None:
        paths.append(str(root / "build" / "lib" / _LIB_NAME))
        paths.append(str(root / ".build" / "release" / _LIB_NAME))
    paths.append(_SONAME)
    return paths


def _load() -> Tuple[ctypes.CDLL, str]:
    tried: List[str] = []
    env = os.environ.get("TENUO_LIBRARY")
    for path in candidate_paths():
        is_system = path == _SONAME and not env
        if not is_system:
            absolute = os.path.abspath(path)
            if not os.path.isfile(absolute):
                tried.append(f"{absolute} (not found)")
                continue
            target = absolute
        else:
            target = path
        try:
            return ctypes.CDLL(target), target
        except OSError as err:
            label = f"system loader: {path}" if is_system else target
            tried.append(f"{label} ({err})")
    origin = " (from TENUO_LIBRARY; unset it to use the default search)" if env else ""
    raise ImportError(
        "tenuo: could not load libtenuo.so" + origin + ". Tried:\n  - "
        + "\n  - ".join(tried)
        + "\n"
        + BUILD_HINT
    )


class _MissingFunction:
    """Stands in for a symbol the loaded library lacks (only with TENUO_ALLOW_PARTIAL_ABI=1)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, *args: Any) -> Any:
        raise _exc.FeatureNotEnabled(
            f"the loaded libtenuo.so has no {self.name}(); rebuild the library from a newer "
            "checkout (`make lib`)"
        )


def _declare(lib: ctypes.CDLL, path: str) -> None:
    missing: List[str] = []
    allow_partial = os.environ.get("TENUO_ALLOW_PARTIAL_ABI") == "1"
    for name, argtypes, restype, checked in _PROTOTYPES:
        try:
            fn = getattr(lib, name)
        except AttributeError:
            missing.append(name)
            if allow_partial:
                setattr(lib, name, _MissingFunction(name))
            continue
        fn.argtypes = argtypes
        fn.restype = restype
        if checked:
            fn.errcheck = _errcheck
    if missing and not allow_partial:
        if "tenuo_abi_version" in missing or "tenuo_version_number" in missing:
            raise ImportError(
                f"tenuo: {path} is not libtenuo (it has no tenuo_abi_version/"
                f"tenuo_version_number). {BUILD_HINT}"
            )
        _check_version(lib, path)  # a different ABI explains missing functions best
        raw = lib.tenuo_version_string()
        shown = raw.decode("utf-8", "replace") if raw else "?"
        raise ImportError(
            f"tenuo: {path} (libtenuo {shown}, ABI {lib.tenuo_abi_version()}) lacks "
            f"{len(missing)} function(s) this binding needs "
            f"({', '.join(missing[:8])}{', ...' if len(missing) > 8 else ''}). The library is "
            "older or newer than the Python package: rebuild it from the same checkout "
            "(`make lib`) or install matching versions."
        )


def _check_version(lib: ctypes.CDLL, path: str) -> None:
    abi = lib.tenuo_abi_version()
    number = lib.tenuo_version_number()
    major = number // 10000
    if abi != EXPECTED_ABI_VERSION or major != EXPECTED_MAJOR:
        raw = lib.tenuo_version_string()
        shown = raw.decode("utf-8", "replace") if raw else str(number)
        raise ImportError(
            f"tenuo: {path} is libtenuo {shown} (ABI {abi}); this package needs ABI "
            f"{EXPECTED_ABI_VERSION}, major version {EXPECTED_MAJOR}. Rebuild the library "
            "from the same checkout as the Python package (`make lib`)."
        )


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


def last_error_message() -> str:
    """The thread-local message of the last failing call on this thread ('' if none)."""
    raw = lib.tenuo_last_error_message()
    return raw.decode("utf-8", "replace") if raw else ""


def status_name(status: int) -> str:
    raw = lib.tenuo_status_name(int(status))
    return raw.decode("ascii", "replace") if raw else "UNKNOWN"


def raise_status(status: int, context: str = "") -> None:
    """Raise the SDK exception for a nonzero status, with the library's message."""
    message = last_error_message() or status_name(status)
    if context:
        message = f"{context}: {message}"
    raise _exc.from_status(int(status), message, status_name=status_name(status))


def _errcheck(result: int, func: Any, arguments: Tuple[Any, ...]) -> int:
    if result != 0:
        raise_status(result)
    return result


# --------------------------------------------------------------------------------------------
# Conversions (validate in Python before anything reaches C)
# --------------------------------------------------------------------------------------------


def text_arg(value: Any, what: str) -> bytes:
    """UTF-8 bytes of a ``str`` argument; TypeError/ValueError for anything else."""
    if not isinstance(value, str):
        raise _exc.ArgumentTypeError(f"{what} must be a str, not {type(value).__name__}")
    try:
        return value.encode("utf-8")
    except UnicodeEncodeError as err:
        raise _exc.ValidationError(f"{what} is not valid Unicode text ({err.reason})") from None


def bytes_arg(value: Any, what: str) -> bytes:
    """``bytes`` of a bytes-like argument (bytes, bytearray, memoryview)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    raise _exc.ArgumentTypeError(
        f"{what} must be bytes-like (bytes, bytearray, memoryview), not {type(value).__name__}"
    )


_U64_MAX = (1 << 64) - 1
_I64_MAX = (1 << 63) - 1


def time_arg(value: Any, what: str = "now") -> int:
    """Unix seconds: ``None`` means the clock; ints and finite floats are accepted."""
    import math
    import time

    if value is None:
        return int(time.time())
    if isinstance(value, bool):
        raise _exc.ArgumentTypeError(f"{what} must be Unix seconds, not a bool")
    if not isinstance(value, (int, float)):
        value = _as_index(value, f"{what} must be Unix seconds as int (or float)")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _exc.ValidationError(f"{what} must be a finite number of seconds")
        value = math.floor(value)
    if value < 0 or value > _I64_MAX:
        raise _exc.ValidationError(f"{what} must be between 0 and 2**63-1, got {value}")
    return int(value)


def _as_index(value: Any, message: str) -> int:
    """Integers of other libraries (numpy.int64, ...) through ``__index__``; else TypeError."""
    import operator

    try:
        return operator.index(value)
    except TypeError:
        raise _exc.ArgumentTypeError(f"{message}, not {type(value).__name__}") from None


def uint_arg(value: Any, what: str, maximum: int) -> int:
    if isinstance(value, bool):
        raise _exc.ArgumentTypeError(f"{what} must be an int, not a bool")
    if not isinstance(value, int):
        value = _as_index(value, f"{what} must be an int")
    if value < 0 or value > maximum:
        raise _exc.ValidationError(f"{what} must be between 0 and {maximum}, got {value}")
    return int(value)


U32_MAX = (1 << 32) - 1
U64_MAX = _U64_MAX

# --------------------------------------------------------------------------------------------
# Calling helpers
# --------------------------------------------------------------------------------------------


def take_string(ptr: c_void_p) -> str:
    """Copy a library-allocated string and free it."""
    if not ptr.value:
        return ""
    try:
        return ctypes.string_at(ptr.value).decode("utf-8")
    finally:
        lib.tenuo_string_free(ptr)


def take_bytes(ptr: c_void_p, length: c_size_t) -> bytes:
    """Copy a library-allocated buffer and free it."""
    if not ptr.value:
        return b""
    try:
        return ctypes.string_at(ptr.value, length.value)
    finally:
        lib.tenuo_bytes_free(ptr, length)


def call_string(fn: Callable[..., int], *args: Any) -> str:
    out = c_void_p()
    fn(*args, byref(out))
    return take_string(out)


def call_bytes(fn: Callable[..., int], *args: Any) -> bytes:
    out = c_void_p()
    length = c_size_t()
    fn(*args, byref(out), byref(length))
    return take_bytes(out, length)


def call_handle(fn: Callable[..., int], ptr_type: Any, *args: Any) -> Any:
    out = ptr_type()
    fn(*args, byref(out))
    if not out:
        raise _exc.RuntimeError(f"{fn.__name__} succeeded without returning a handle")
    return out


H = TypeVar("H")


def call_fixed(fn: Callable[..., int], size: int, *args: Any) -> bytes:
    """Call a function that fills a caller buffer of ``size`` bytes (after ``args``)."""
    buf = ctypes.create_string_buffer(size)
    fn(*args, buf, size)
    return buf.raw


def borrowed_text(raw: Optional[bytes]) -> Optional[str]:
    return raw.decode("utf-8", "replace") if raw is not None else None


# --------------------------------------------------------------------------------------------
# Owned handles
# --------------------------------------------------------------------------------------------


def _free_quietly(free_fn: Callable[[Any], None], ptr: Any) -> None:
    # Runs from close(), a finalizer or interpreter exit; never raise from here.
    try:
        free_fn(ptr)
    except Exception:  # pragma: no cover - defensive
        pass


class Handle:
    """Owns one library handle: freed exactly once by ``close()``, ``with`` or the finalizer."""

    _free_name: str = ""
    _kind: str = "object"

    def _adopt(self, ptr: Any) -> None:
        if not ptr:
            raise _exc.RuntimeError(f"tenuo: NULL {self._kind} handle")
        self._ptr = ptr
        self._finalizer = weakref.finalize(self, _free_quietly, getattr(lib, self._free_name), ptr)

    @property
    def _handle(self) -> Any:
        ptr = getattr(self, "_ptr", None)
        if ptr is None:
            raise _exc.ClosedHandleError(f"this {self._kind} is closed (or was never opened)")
        return ptr

    @property
    def closed(self) -> bool:
        return getattr(self, "_ptr", None) is None

    def close(self) -> None:
        """Free the native handle now. Idempotent; the object is unusable afterwards."""
        finalizer = getattr(self, "_finalizer", None)
        self._ptr = None
        if finalizer is not None:
            finalizer()

    def __enter__(self: H) -> H:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


class _Owned:
    """A short-lived handle freed at the end of a ``with`` block (args, builders, denials)."""

    def __init__(self, ptr: Any, free_name: str) -> None:
        self.ptr = ptr
        self._free = getattr(lib, free_name)

    def __enter__(self) -> Any:
        return self.ptr

    def __exit__(self, *exc: Any) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr:
            self._free(ptr)


def args_handle(json_text: str) -> _Owned:
    """A ``tenuo_args`` built from a JSON object text, freed when the ``with`` block ends."""
    data = json_text.encode("utf-8")
    ptr = call_handle(lib.tenuo_args_from_json, ArgsP, data, len(data))
    return _Owned(ptr, "tenuo_args_free")


def owned(ptr: Any, free_name: str) -> _Owned:
    return _Owned(ptr, free_name)


def denial_to_dict(denial: Any) -> Dict[str, Any]:
    import json

    data: Dict[str, Any] = json.loads(call_string(lib.tenuo_denial_to_json, denial))
    return data


def constraint_handle(json_text: str) -> _Owned:
    """A ``tenuo_constraint`` from its JSON form, freed when the ``with`` block ends."""
    data = json_text.encode("utf-8")
    ptr = call_handle(lib.tenuo_constraint_from_json, ConstraintP, data, len(data))
    return _Owned(ptr, "tenuo_constraint_free")


def constraint_json(handle: Any) -> Dict[str, Any]:
    """The JSON form the library holds for a constraint handle (normalised as constructed)."""
    import json

    data = json.loads(call_string(lib.tenuo_constraint_to_json, handle))
    if not isinstance(data, dict):
        raise _exc.RuntimeError("tenuo_constraint_to_json did not return an object")
    return data


def constraint_matches(constraint_json: str, value_json: str) -> bool:
    """Whether a value satisfies a constraint (both given as JSON text)."""
    value = value_json.encode("utf-8")
    with constraint_handle(constraint_json) as c:
        status = int(lib.tenuo_constraint_matches(c, value, len(value)))
    if status == 0:
        return True
    if status == _exc.ErrorCode.CONSTRAINT_VIOLATION:
        return False
    raise_status(status)
    return False  # pragma: no cover


def constraint_check_attenuation(parent_json: str, child_json: str) -> None:
    """Raise the SDK's MonotonicityError subclass unless child narrows parent."""
    with constraint_handle(parent_json) as parent, constraint_handle(child_json) as child:
        lib.tenuo_constraint_check_attenuation(parent, child)


def decision(fn: Callable[..., int], *args: Any) -> Tuple[int, Optional[Dict[str, Any]], str]:
    """Call a deciding function (last parameter ``tenuo_denial **``).

    Returns ``(status, denial as dict or None, error message)``; the denial is freed here.
    """
    denial = DenialP()
    status = int(fn(*args, byref(denial)))
    message = last_error_message() if status else ""
    info: Optional[Dict[str, Any]] = None
    try:
        if status and denial:
            info = denial_to_dict(denial)
    finally:
        if denial:
            lib.tenuo_denial_free(denial)
    return status, info, message


# --------------------------------------------------------------------------------------------
# Load once at import
# --------------------------------------------------------------------------------------------

lib, library_path = _load()
_declare(lib, library_path)
_check_version(lib, library_path)

version_number: int = lib.tenuo_version_number()
version_string: str = (lib.tenuo_version_string() or b"").decode("utf-8", "replace")
abi_version: int = lib.tenuo_abi_version()
wire_version: int = lib.tenuo_wire_version()

# Sizes fixed by the header's TENUO_*_BYTES macros (Ed25519; they never change).
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
SEED_BYTES = 32

__all__ = [
    "lib",
    "library_path",
    "candidate_paths",
    "Handle",
    "FUNCTION_NAMES",
]
