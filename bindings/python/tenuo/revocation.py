"""Revocation: :class:`SignedRevocationList` (SRL), its builder :class:`SrlBuilder`, and
:class:`RevocationRequest`, with the reference SDK's names and encodings.

An SRL is a list of revoked warrant ids (``tnu_wrt_`` + 32 lowercase hex, compared exactly),
a version (anti-rollback), an issue time and the issuer's signature. Install one with
:meth:`tenuo.Authorizer.set_revocation_list`; from then on every chain that contains a listed
warrant anywhere is refused with :class:`~tenuo.exceptions.RevokedError`.
"""

from __future__ import annotations

import json
import time
from typing import Any, Dict, Iterable, List, Optional, Tuple

from . import _native as _n
from . import exceptions as _exc
from .keys import PublicKey, SigningKey, require_public_key, require_signing_key

__all__ = ["SignedRevocationList", "SrlBuilder", "RevocationRequest"]


def _instant(when: Any, what: str) -> Tuple[int, int]:
    """(seconds, nanoseconds) of ``when``: None = the clock, Unix seconds (int or float), or an
    exact ``(seconds, nanoseconds)`` pair."""
    if when is None:
        ns = time.time_ns()
        return ns // 1_000_000_000, ns % 1_000_000_000
    if isinstance(when, tuple) and len(when) == 2:
        return _n.time_arg(when[0], what), _n.uint_arg(when[1], f"{what} nanoseconds", 999_999_999)
    if isinstance(when, float):
        seconds = _n.time_arg(when, what)
        return seconds, min(int(round((when - seconds) * 1e9)), 999_999_999)
    return _n.time_arg(when, what), 0


class SignedRevocationList(_n.Handle):
    """A signed revocation list. Make one with :meth:`builder` or :meth:`from_bytes`.

    Parsing does not check the signature (the issuer is named by the list itself): call
    :meth:`verify` with the key you expect, or install it in an :class:`~tenuo.Authorizer`,
    which verifies it first.
    """

    _free_name = "tenuo_srl_free"
    _kind = "revocation list"

    def __init__(self, *_: Any, **__: Any) -> None:
        raise TypeError("use SignedRevocationList.builder() or SignedRevocationList.from_bytes()")

    @classmethod
    def _wrap(cls, ptr: Any) -> "SignedRevocationList":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    @staticmethod
    def builder() -> "SrlBuilder":
        return SrlBuilder()

    @staticmethod
    def empty(keypair: SigningKey, *, issued_at: Any = None) -> "SignedRevocationList":
        """An empty list at version 0, signed by ``keypair``."""
        return SrlBuilder().version(0).build(keypair, issued_at=issued_at)

    @classmethod
    def from_bytes(cls, data: Any) -> "SignedRevocationList":
        raw = _n.bytes_arg(data, "revocation list")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_srl_parse, _n.SrlP, raw, len(raw)))

    def to_bytes(self) -> bytes:
        return _n.call_bytes(_n.lib.tenuo_srl_to_bytes, self._handle)

    def _info(self) -> Dict[str, Any]:
        info = getattr(self, "_cached", None)
        if info is None:
            info = json.loads(_n.call_string(_n.lib.tenuo_srl_to_json, self._handle))
            self._cached = info
        return info

    def verify(self, expected_issuer: PublicKey) -> None:
        """Raise :class:`~tenuo.exceptions.SignatureInvalid` unless ``expected_issuer`` signed it."""
        key = require_public_key(expected_issuer, "expected_issuer")
        _n.lib.tenuo_srl_verify(self._handle, key._handle)

    def is_revoked(self, warrant_id: str) -> bool:
        ident = _n.text_arg(warrant_id, "warrant_id")
        out = _n.c_bool(False)
        _n.lib.tenuo_srl_is_revoked(self._handle, ident, len(ident), _n.byref(out))
        return bool(out.value)

    @property
    def version(self) -> int:
        return int(self._info()["version"])

    @property
    def issued_at(self) -> str:
        """The issue time as RFC 3339 text with a ``+00:00`` offset (as the reference shows it)."""
        text: str = self._info()["issued_at"]
        return text[:-1] + "+00:00" if text.endswith("Z") else text

    @property
    def issuer(self) -> PublicKey:
        return PublicKey.from_bytes(bytes.fromhex(self._info()["issuer"]))

    @property
    def revoked_ids(self) -> List[str]:
        return list(self._info()["revoked_ids"])

    def __len__(self) -> int:
        return len(self._info()["revoked_ids"])

    def __repr__(self) -> str:
        if self.closed:
            return "SignedRevocationList(<closed>)"
        info = self._info()
        return (f"SignedRevocationList(version={info['version']}, count={len(info['revoked_ids'])}, "
                f"issuer={info['issuer']})")


class SrlBuilder:
    """Collects revoked ids and a version, then signs: ``.revoke(id).version(n).build(key)``."""

    def __init__(self) -> None:
        self._b = _n.call_handle(_n.lib.tenuo_srl_builder_new, _n.SrlBuilderP)
        self._owned = _n.owned(self._b, "tenuo_srl_builder_free")
        import weakref

        weakref.finalize(self, self._owned.__exit__, None, None, None)

    def revoke(self, warrant_id: str) -> "SrlBuilder":
        ident = _n.text_arg(warrant_id, "warrant_id")
        _n.lib.tenuo_srl_builder_revoke(self._b, ident, len(ident))
        return self

    def revoke_all(self, ids: Iterable[str]) -> "SrlBuilder":
        if isinstance(ids, str):
            raise _exc.ArgumentTypeError("revoke_all takes a list of ids, not one str")
        for ident in list(ids):
            self.revoke(ident)
        return self

    def version(self, version: int) -> "SrlBuilder":
        _n.lib.tenuo_srl_builder_set_version(self._b, _n.uint_arg(version, "version", _n.U64_MAX))
        return self

    def from_existing(self, existing: SignedRevocationList) -> "SrlBuilder":
        if not isinstance(existing, SignedRevocationList):
            raise _exc.ArgumentTypeError("from_existing takes a SignedRevocationList")
        return self.revoke_all(existing.revoked_ids)

    def build(self, keypair: SigningKey, *, issued_at: Any = None) -> SignedRevocationList:
        """Sign with ``keypair``. ``issued_at`` (Unix seconds, or a ``(seconds, nanoseconds)``
        pair) defaults to the clock, with nanoseconds, as the reference stamps it."""
        key = require_signing_key(keypair, "keypair")
        secs, nanos = _instant(issued_at, "issued_at")
        ptr = _n.call_handle(_n.lib.tenuo_srl_builder_sign, _n.SrlP, self._b, key._handle, secs, nanos)
        return SignedRevocationList._wrap(ptr)


class RevocationRequest(_n.Handle):
    """A signed request to revoke a warrant: ``RevocationRequest.new(warrant_id, reason, key)``."""

    _free_name = "tenuo_revocation_request_free"
    _kind = "revocation request"

    def __init__(self, *_: Any, **__: Any) -> None:
        raise TypeError("use RevocationRequest.new() or RevocationRequest.from_bytes()")

    @classmethod
    def _wrap(cls, ptr: Any) -> "RevocationRequest":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    @classmethod
    def new(cls, warrant_id: str, reason: str, requestor_keypair: SigningKey, *,
            requested_at: Any = None) -> "RevocationRequest":
        ident = _n.text_arg(warrant_id, "warrant_id")
        why = _n.text_arg(reason, "reason")
        key = require_signing_key(requestor_keypair, "requestor_keypair")
        secs, nanos = _instant(requested_at, "requested_at")
        ptr = _n.call_handle(_n.lib.tenuo_revocation_request_new, _n.RevocationRequestP, ident, len(ident),
                             why, len(why), key._handle, secs, nanos)
        return cls._wrap(ptr)

    @classmethod
    def from_bytes(cls, data: Any) -> "RevocationRequest":
        raw = _n.bytes_arg(data, "revocation request")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_revocation_request_parse, _n.RevocationRequestP,
                                        raw, len(raw)))

    def verify_signature(self) -> None:
        _n.lib.tenuo_revocation_request_verify_signature(self._handle)

    def to_bytes(self) -> bytes:
        return _n.call_bytes(_n.lib.tenuo_revocation_request_to_bytes, self._handle)

    def _info(self) -> Dict[str, Any]:
        info: Optional[Dict[str, Any]] = getattr(self, "_cached", None)
        if info is None:
            info = json.loads(_n.call_string(_n.lib.tenuo_revocation_request_to_json, self._handle))
            self._cached = info
        return info

    @property
    def warrant_id(self) -> str:
        return str(self._info()["warrant_id"])

    @property
    def reason(self) -> str:
        return str(self._info()["reason"])

    @property
    def requestor(self) -> PublicKey:
        return PublicKey.from_bytes(bytes.fromhex(self._info()["requestor"]))

    @property
    def requested_at(self) -> str:
        text = str(self._info()["requested_at"])
        return text[:-1] + "+00:00" if text.endswith("Z") else text

    def __repr__(self) -> str:
        if self.closed:
            return "RevocationRequest(<closed>)"
        i = self._info()
        return f"RevocationRequest(warrant_id='{i['warrant_id']}', reason='{i['reason']}', requestor={i['requestor']})"


# ---- the Authorizer's side (called by tenuo.authorizer.Authorizer) ----------------------------


def install(core: Any, srl: SignedRevocationList) -> None:
    """Install ``srl`` in an authorizer handle; its issuer must be a trusted root."""
    if not isinstance(srl, SignedRevocationList):
        raise _exc.ArgumentTypeError(f"set_revocation_list takes a SignedRevocationList, not {type(srl).__name__}")
    status = int(_n.lib.tenuo_authorizer_set_revocation_list(core._handle, srl._handle, None))
    if status == _exc.ErrorCode.INVALID_PAYLOAD_STRUCTURE:
        # The only 1201 this call returns: the issuer is not a trusted root (the reference's
        # ConfigurationError, wire code 1201).
        raise _exc.ConfigurationError(_n.last_error_message(), status=status,
                                      status_name=_n.status_name(status))
    if status != 0:
        _n.raise_status(status)
    core._srl = srl


def installed(core: Any) -> Optional[SignedRevocationList]:
    ptr = _n.SrlP()
    _n.lib.tenuo_authorizer_revocation_list(core._handle, _n.byref(ptr))
    return SignedRevocationList._wrap(ptr) if ptr else None


def require_clearance(core: Any, tool: str, level: Any) -> None:
    from .models import Clearance

    pattern = _n.text_arg(tool, "tool")
    value = int(Clearance(level))
    _n.lib.tenuo_authorizer_require_clearance(core._handle, pattern, len(pattern), value)
    reqs = getattr(core, "_clearance", None)
    if reqs is None:
        reqs = core._clearance = {}
    reqs[tool] = value


def required_clearance(core: Any, tool: str) -> Any:
    from .models import Clearance

    name = _n.text_arg(tool, "tool")
    out = _n.c_int32(-1)
    _n.lib.tenuo_authorizer_required_clearance(core._handle, name, len(name), _n.byref(out))
    return None if out.value < 0 else Clearance(out.value)


def copy_policy(old: Any, new: Any) -> None:
    """Re-apply the revocation list and clearance requirements of ``old`` to ``new``."""
    for pattern, level in dict(getattr(old, "_clearance", None) or {}).items():
        require_clearance(new, pattern, level)
    srl = getattr(old, "_srl", None)
    if srl is not None:
        install(new, srl)
