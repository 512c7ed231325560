"""tenuo: capability tokens for AI agents, on libtenuo (the Tenuo v1 protocol in Swift).

The names mirror the Tenuo Python SDK's core::

    from tenuo import SigningKey, Warrant, Pattern

    key = SigningKey.generate()
    warrant = (Warrant.mint_builder().tool("search").holder(key.public_key).ttl(3600).mint(key))
    headers = warrant.headers(key, "search", {"query": "test"})

Importing fails with ImportError when libtenuo.so cannot be loaded or its ABI differs;
``tenuo._native.candidate_paths()`` lists where it is looked for.
"""

from __future__ import annotations

import time as _time

from . import _abi, _native
from .approval import (ApprovalPayload, ApprovalRequest, SignedApproval, compute_request_hash,
                       sign_approval)
from . import cache as verify_cache
from .authorizer import Authorizer
from .bound_warrant import BoundWarrant
from .builder import GrantBuilder, MintBuilder
from .constraints import (AnyValue, Constraint, Exact, NotOneOf, OneOf, Pattern, Range,
                          UnknownConstraint, Wildcard)
from .composites import All, AnyOf, Not
from .network import Cidr, Regex, UrlPattern, UrlSafe
from .paths import Shlex, Subpath
from .value_sets import Contains, Subset
from .cel import CEL
from .diagnostics import diagnose, info
from .exceptions import (ApprovalGateTriggered, InsufficientApprovals, InvalidApproval,
                         AuthorizationDenied, ChainError, ConfigurationError, ConstraintViolation,
                         DelegationAuthorityError, DeserializationError, ExpiredError,
                         MissingSignature, MonotonicityError, ScopeViolation, SignatureInvalid,
                         TenuoError, ToolNotAuthorized, UntrustedRoot, ValidationError)
from .keys import PublicKey, SigningKey
from .revocation import RevocationRequest, SignedRevocationList, SrlBuilder
from .models import (ChainVerificationResult, Clearance, DenyCode, Signature, ValidationResult,
                     WarrantType, WhyDenied)
from .warrant import (POP_HEADER, WARRANT_HEADER, Warrant, WarrantChain,
                      decode_warrant_stack_base64, encode_warrant_stack)
# The agent layer (scopes, @guard, configuration, key registry, audit), on the API above.
from .config import configure, get_config, reset_config, is_configured
from .scoped import (Capability, mint, mint_sync, grant, grant_sync, root_task, scoped_task,
                     warrant_scope, key_scope, chain_scope)
from .decorators import guard, lockdown, protect_tools
from .keys_registry import KeyRegistry, load_tenuo_keys
from .keyring import Keyring
from . import audit

__version__ = "0.1.0"

#: Version of the loaded libtenuo (e.g. "0.1.0") and of the wire format it speaks.
LIBRARY_VERSION: str = _native.version_string
WIRE_VERSION: int = _native.wire_version

#: Protocol limits (the same values as the SDK's constants).
MAX_WARRANT_TTL_SECS = _abi.TENUO_MAX_TTL_SECONDS
DEFAULT_WARRANT_TTL_SECS = 300
MAX_DELEGATION_DEPTH = _abi.TENUO_MAX_DELEGATION_DEPTH
MAX_WARRANT_SIZE = _abi.TENUO_MAX_WARRANT_BYTES


def now() -> int:
    """The current Unix time in whole seconds (what every ``now=`` defaults to)."""
    return int(_time.time())


__all__ = [
    "__version__",
    "LIBRARY_VERSION",
    "WIRE_VERSION",
    "MAX_WARRANT_TTL_SECS",
    "DEFAULT_WARRANT_TTL_SECS",
    "MAX_DELEGATION_DEPTH",
    "MAX_WARRANT_SIZE",
    "WARRANT_HEADER",
    "POP_HEADER",
    "now",
    "verify_cache",
    # keys
    "SigningKey",
    "PublicKey",
    # constraints
    "Constraint",
    "Exact",
    "Pattern",
    "Range",
    "OneOf",
    "NotOneOf",
    "Wildcard",
    "AnyValue",
    "Contains",
    "Subset",
    "All",
    "AnyOf",
    "Not",
    "Subpath",
    "Shlex",
    "Regex",
    "Cidr",
    "UrlPattern",
    "UrlSafe",
    "CEL",
    "UnknownConstraint",
    # approvals (multi-sig)
    "ApprovalPayload",
    "ApprovalRequest",
    "SignedApproval",
    "compute_request_hash",
    "sign_approval",
    "ApprovalGateTriggered",
    "InsufficientApprovals",
    "InvalidApproval",
    # warrants
    "Warrant",
    "WarrantChain",
    "WarrantType",
    "Clearance",
    "RevocationRequest",
    "SignedRevocationList",
    "SrlBuilder",
    "Signature",
    "MintBuilder",
    "GrantBuilder",
    "BoundWarrant",
    "Authorizer",
    "ChainVerificationResult",
    "ValidationResult",
    "WhyDenied",
    "DenyCode",
    "encode_warrant_stack",
    "decode_warrant_stack_base64",
    "diagnose",
    "info",
    # exceptions (all of them live in tenuo.exceptions)
    "TenuoError",
    "AuthorizationDenied",
    "ScopeViolation",
    "ToolNotAuthorized",
    "ConstraintViolation",
    "ExpiredError",
    "SignatureInvalid",
    "MissingSignature",
    "UntrustedRoot",
    "ChainError",
    "DelegationAuthorityError",
    "MonotonicityError",
    "ValidationError",
    "DeserializationError",
    "ConfigurationError",
    # agent layer
    "configure",
    "get_config",
    "reset_config",
    "is_configured",
    "Capability",
    "mint",
    "mint_sync",
    "grant",
    "grant_sync",
    "root_task",
    "scoped_task",
    "warrant_scope",
    "key_scope",
    "chain_scope",
    "guard",
    "lockdown",
    "protect_tools",
    "KeyRegistry",
    "load_tenuo_keys",
    "Keyring",
    "audit",
]
