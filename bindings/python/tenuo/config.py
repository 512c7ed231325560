"""Process-wide defaults of the agent layer: who issues, whom to trust, what to log.

::

    from tenuo import configure, SigningKey
    configure(issuer_key=SigningKey.from_env("ISSUER_KEY"), trusted_roots=[cp_public_key])

``mint``/``mint_sync`` sign root warrants with ``issuer_key``; ``@guard`` verifies against
``trusted_roots`` (by default the issuer's public key). ``dev_mode=True`` relaxes exactly one
thing: a scope opened without ``holder_key`` gets a fresh, throw-away holder key, so a demo
needs no separate agent key. It never relaxes verification: every guarded call still signs a
proof-of-possession and is authorized by the library against the trusted roots, expiry and
constraints included.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, List, Optional, Tuple

from .authorizer import Authorizer
from .exceptions import ConfigurationError
from .keys import PublicKey, SigningKey

__all__ = ["configure", "get_config", "reset_config", "is_configured", "resolve_trusted_roots",
           "TenuoConfig", "DEFAULT_TTL_SECONDS"]

_log = logging.getLogger("tenuo.config")

DEFAULT_TTL_SECONDS = 300


@dataclass(frozen=True)
class TenuoConfig:
    """The settings in force (immutable; ``configure`` replaces the whole object)."""

    issuer_key: Optional[SigningKey] = None
    trusted_roots: Tuple[PublicKey, ...] = ()
    dev_mode: bool = False
    audit_log: bool = True
    expose_error_details: bool = False
    default_ttl: int = DEFAULT_TTL_SECONDS
    clock_tolerance: int = 30
    configured: bool = False
    authorizer: Optional[Authorizer] = field(default=None, repr=False, compare=False)

    def get_authorizer(self) -> Authorizer:
        if self.authorizer is None:
            raise ConfigurationError(
                "tenuo is not configured: call tenuo.configure(issuer_key=..., trusted_roots=...) "
                "(or configure(issuer_key=..., dev_mode=True) for a demo) before using @guard or mint")
        return self.authorizer

    def __repr__(self) -> str:  # never the issuer's secret
        issuer = self.issuer_key.public_key.to_hex()[:16] + "..." if self.issuer_key else None
        return (f"TenuoConfig(issuer={issuer}, trusted_roots={len(self.trusted_roots)}, "
                f"dev_mode={self.dev_mode}, audit_log={self.audit_log}, "
                f"expose_error_details={self.expose_error_details}, default_ttl={self.default_ttl})")


_lock = threading.Lock()
_config = TenuoConfig()


def _flatten_roots(value: Any) -> List[PublicKey]:
    from .keyring import Keyring

    if isinstance(value, (PublicKey, Keyring)):
        value = [value]
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ConfigurationError("trusted_roots must be a list of PublicKey (or a Keyring)")
    out: List[PublicKey] = []
    for item in value:
        if isinstance(item, Keyring):
            keys = item.all_public_keys
        elif isinstance(item, PublicKey):
            keys = [item]
        elif isinstance(item, SigningKey):
            raise ConfigurationError(
                "trusted_roots takes public keys: pass key.public_key, not the SigningKey")
        else:
            raise ConfigurationError(
                f"trusted_roots entries must be PublicKey or Keyring, not {type(item).__name__}")
        out.extend(k for k in keys if k not in out)
    return out


def configure(*, issuer_key: Optional[SigningKey] = None, trusted_roots: Any = None,
              dev_mode: bool = False, audit_log: bool = True,
              expose_error_details: bool = False, default_ttl: int = DEFAULT_TTL_SECONDS,
              clock_tolerance: int = 30, audit_include_arguments: Optional[bool] = None,
              pop_max_windows: int = 5, mode: str = "enforce", allow_self_signed: bool = False,
              allow_passthrough: bool = False, strict_mode: bool = False) -> None:
    """Set the process-wide defaults (replacing any earlier ``configure``).

    - ``issuer_key``: signs the root warrants of ``mint``/``mint_sync``/``root_task``.
    - ``trusted_roots``: the keys ``@guard`` accepts as chain roots (PublicKeys, a Keyring, or
      a list mixing both); default: the issuer's public key.
    - ``dev_mode``: scopes without ``holder_key`` get an ephemeral holder key. Nothing else.
    - ``audit_log``: register the audit sink (``tenuo.audit.audit_logger``) or remove it.
    - ``expose_error_details``: ``AuthorizationDenied`` carries the denial's reason instead of
      only ``Authorization denied (ref: <id>)``. For development.
    - ``audit_include_arguments``: audit events carry argument values (default: redacted).

    Raises ConfigurationError, naming what is missing, for a state that could not work: no
    issuer and no trusted roots, an empty ``trusted_roots``, ``dev_mode`` without an issuer,
    a key of the wrong type, a non-positive ``default_ttl``.

    The SDK's other switches are accepted where they change nothing here and refused where
    they would weaken enforcement: ``mode`` must be ``"enforce"`` (no audit-only mode),
    ``allow_passthrough`` must be False (a guarded call outside a scope is always denied),
    ``strict_mode`` is always in effect, and ``allow_self_signed`` (dev_mode only) is what the
    default roots already do: the issuer's own warrants are trusted.
    """
    global _config
    if mode != "enforce":
        raise ConfigurationError(
            f"mode={mode!r} is not supported: libtenuo only enforces (every denied call raises)")
    if allow_passthrough:
        raise ConfigurationError(
            "allow_passthrough is not supported: a guarded call outside any scope is always denied")
    if allow_self_signed and not dev_mode:
        raise ConfigurationError("allow_self_signed=True requires dev_mode=True")
    if issuer_key is not None and not isinstance(issuer_key, SigningKey):
        raise ConfigurationError(f"issuer_key must be a SigningKey, not {type(issuer_key).__name__}")
    if dev_mode and issuer_key is None:
        raise ConfigurationError(
            "dev_mode=True needs issuer_key: configure(issuer_key=SigningKey.generate(), dev_mode=True)")
    if trusted_roots is not None:
        roots = _flatten_roots(trusted_roots)
        if not roots:
            raise ConfigurationError(
                "trusted_roots is empty: every guarded call would be denied. Pass the public "
                "key(s) of your warrant issuer, or leave trusted_roots out to trust issuer_key")
    elif issuer_key is not None:
        roots = [issuer_key.public_key]
    else:
        raise ConfigurationError(
            "configure() needs issuer_key (to mint warrants; also trusted by default) or "
            "trusted_roots (to verify warrants minted elsewhere)")
    if not isinstance(default_ttl, int) or isinstance(default_ttl, bool) or default_ttl <= 0:
        raise ConfigurationError(f"default_ttl must be a positive number of seconds, got {default_ttl!r}")
    authorizer = Authorizer(trusted_roots=roots, clock_tolerance_secs=clock_tolerance,
                            pop_max_windows=pop_max_windows)
    new = TenuoConfig(issuer_key=issuer_key, trusted_roots=tuple(roots), dev_mode=bool(dev_mode),
                      audit_log=bool(audit_log), expose_error_details=bool(expose_error_details),
                      default_ttl=default_ttl, clock_tolerance=clock_tolerance, configured=True,
                      authorizer=authorizer)
    if expose_error_details and not dev_mode:
        _log.warning("tenuo: expose_error_details=True outside dev_mode: denial reasons (which "
                     "may quote argument values) reach callers")
    from .audit import audit_logger

    audit_logger.set_enabled(bool(audit_log), audit_include_arguments)
    with _lock:
        _config = new


def get_config() -> TenuoConfig:
    return _config


def reset_config() -> None:
    """Back to the unconfigured state (tests). Leaves the audit logger as it is."""
    global _config
    with _lock:
        _config = TenuoConfig()


def is_configured() -> bool:
    return _config.configured


def resolve_trusted_roots(explicit: Any = None) -> List[PublicKey]:
    """``explicit`` when given, else the configured roots; ConfigurationError when neither."""
    if explicit is not None:
        roots = _flatten_roots(explicit)
        if not roots:
            raise ConfigurationError("trusted_roots is empty")
        return roots
    cfg = _config
    if not cfg.configured:
        cfg.get_authorizer()  # raises the not-configured error
    return list(cfg.trusted_roots)
