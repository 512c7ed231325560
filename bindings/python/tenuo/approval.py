"""Multi-sig approvals, with the reference SDK's names.

A warrant's approval gates (``tenuo.approval_gates``) mark tools, or argument values of tools,
that need signed approvals from its ``required_approvers`` before a call goes through. An
approver signs the call's request hash (warrant id, tool, arguments, holder) with
:func:`sign_approval` (or :meth:`SignedApproval.create`); the agent passes the approvals to
``Authorizer.authorize(..., approvals=[...])`` or ``BoundWarrant.validate(..., approvals=...)``.

``SignedApproval.to_bytes()`` / ``from_bytes()`` use the reference's bytes, so approvals move
between libtenuo and the Tenuo SDK unchanged.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Optional, Sequence

from . import _abi
from . import _native as _n
from . import _values
from . import exceptions as _exc
from .keys import PublicKey, SigningKey, require_public_key, require_signing_key

__all__ = [
    "ApprovalPayload",
    "SignedApproval",
    "ApprovalRequest",
    "compute_request_hash",
    "sign_approval",
    "resolve_approval_required_message",
    "approval_array",
    "gates_json",
]

#: Default validity of an approval made by :func:`sign_approval` (the library's, as in the SDK).
DEFAULT_APPROVAL_TTL_SECS = _abi.TENUO_DEFAULT_APPROVAL_TTL_SECONDS


class ApprovalPayload:
    """What an approver signs: ``ApprovalPayload(request_hash, nonce, external_id, approved_at,
    expires_at)`` (hash 32 bytes, nonce 16 bytes, times in Unix seconds)."""

    __slots__ = ("version", "request_hash", "nonce", "external_id", "approved_at", "expires_at",
                 "extensions")

    def __init__(self, request_hash: bytes, nonce: bytes, external_id: str, approved_at: int,
                 expires_at: int) -> None:
        self.request_hash = _n.bytes_arg(request_hash, "request_hash")
        self.nonce = _n.bytes_arg(nonce, "nonce")
        if len(self.request_hash) != _abi.TENUO_HASH_BYTES:
            raise _exc.ValidationError(
                f"request_hash must be {_abi.TENUO_HASH_BYTES} bytes, got {len(self.request_hash)}")
        if len(self.nonce) != _abi.TENUO_APPROVAL_NONCE_BYTES:
            raise _exc.ValidationError(
                f"nonce must be {_abi.TENUO_APPROVAL_NONCE_BYTES} bytes, got {len(self.nonce)}")
        _n.text_arg(external_id, "external_id")
        self.external_id = external_id
        self.approved_at = _n.uint_arg(approved_at, "approved_at", _n.U64_MAX)
        self.expires_at = _n.uint_arg(expires_at, "expires_at", _n.U64_MAX)
        self.version = 1
        self.extensions: Optional[Dict[str, bytes]] = None

    def __repr__(self) -> str:
        return (f"ApprovalPayload(external_id={self.external_id!r}, approved_at={self.approved_at}, "
                f"expires_at={self.expires_at})")


class SignedApproval(_n.Handle):
    """A signed approval (the reference's ``SignedApproval``)."""

    _free_name = "tenuo_approval_free"
    _kind = "approval"

    @classmethod
    def _wrap(cls, ptr: Any) -> "SignedApproval":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    def __init__(self) -> None:  # pragma: no cover - use create() / from_bytes()
        raise TypeError("use SignedApproval.create(payload, keypair) or SignedApproval.from_bytes(data)")

    @staticmethod
    def create(payload: ApprovalPayload, keypair: SigningKey) -> "SignedApproval":
        """Sign ``payload`` with the approver's key."""
        if not isinstance(payload, ApprovalPayload):
            raise _exc.ArgumentTypeError("payload must be an ApprovalPayload")
        require_signing_key(keypair, "keypair")
        ext = payload.external_id.encode("utf-8")
        ptr = _n.call_handle(_n.lib.tenuo_approval_create, _n.ApprovalP, keypair._handle,
                             payload.request_hash, 32, payload.nonce, 16, ext, len(ext),
                             payload.approved_at, payload.expires_at)
        return SignedApproval._wrap(ptr)

    @staticmethod
    def from_bytes(data: bytes) -> "SignedApproval":
        """Parse the bytes of ``to_bytes()`` (the signature is checked when used)."""
        raw = _n.bytes_arg(data, "data")
        try:
            ptr = _n.call_handle(_n.lib.tenuo_approval_parse, _n.ApprovalP, raw, len(raw))
        except _exc.TenuoError as err:
            # The SDK reports undecodable approval bytes as a ValidationError.
            raise _exc.ValidationError(f"Validation error: {err.message}", status=err.status,
                                       status_name=err.status_name) from None
        return SignedApproval._wrap(ptr)

    def to_bytes(self) -> bytes:
        return _n.call_bytes(_n.lib.tenuo_approval_to_bytes, self._handle)

    def _fields(self) -> Dict[str, Any]:
        data: Dict[str, Any] = json.loads(_n.call_string(_n.lib.tenuo_approval_to_json, self._handle))
        return data

    def verify(self, *, now: Any = None) -> ApprovalPayload:
        """Check the signature and the payload (as the SDK's ``verify()``) and return it."""
        _n.lib.tenuo_approval_verify(self._handle, _n.time_arg(now))
        f = self._fields()
        p = ApprovalPayload(bytes.fromhex(f["request_hash"]), bytes.fromhex(f["nonce"]), f["external_id"],
                            int(f["approved_at"]), int(f["expires_at"]))
        p.version = int(f["version"])
        if "extensions" in f:
            p.extensions = {k: bytes.fromhex(v) for k, v in f["extensions"].items()}
        return p

    @property
    def approver_key(self) -> PublicKey:
        return PublicKey._wrap(_n.call_handle(_n.lib.tenuo_approval_approver_key, _n.PublicKeyP, self._handle))

    @property
    def approval_version(self) -> int:
        """The envelope version (the value after the leading ``"approval_version"`` key)."""
        raw = self.to_bytes()
        head = raw[18]  # a4, 70 + "approval_version" (17 bytes), then the uint
        return head if head < 24 else raw[19]

    @property
    def payload(self) -> bytes:
        """The signed payload bytes."""
        raw = self.to_bytes()
        # {"approval_version": 1, "payload": bstr, ...}: the payload is the second entry.
        start = raw.index(b"payload") + len(b"payload")
        head = raw[start]
        if head == 0x58:
            n, off = raw[start + 1], 2
        elif head == 0x59:
            n, off = int.from_bytes(raw[start + 1:start + 3], "big"), 3
        else:
            n, off = head & 0x1F, 1
        return raw[start + off:start + off + n]

    @property
    def signature(self) -> bytes:
        return bytes.fromhex(self._fields()["signature"])

    def __repr__(self) -> str:
        if self.closed:
            return "SignedApproval(<closed>)"
        return f"SignedApproval(approver_key={self.approver_key!r})"


def _holder_handle(holder: Any) -> Any:
    if holder is None:
        return None
    return require_public_key(holder, "holder")._handle


def compute_request_hash(warrant_id: str, tool: str, args: Optional[Mapping[str, Any]],
                         holder: Optional[PublicKey] = None) -> bytes:
    """The 32-byte hash an approval binds to: SHA-256 of CBOR [warrant_id, tool, args, holder]."""
    wid = _n.text_arg(warrant_id, "warrant_id")
    tb = _n.text_arg(tool, "tool")
    with _n.args_handle(_values.args_json(args)) as a:
        return _n.call_fixed(_n.lib.tenuo_request_hash, 32, wid, len(wid), tb, len(tb), a,
                             _holder_handle(holder))


@dataclass(frozen=True)
class ApprovalRequest:
    """A call waiting for approval: what an approval handler shows and signs (SDK names)."""

    tool: str
    arguments: Dict[str, Any]
    warrant_id: str
    request_hash: bytes
    holder_key: Optional[Any] = None
    request_id: Optional[bytes] = None
    required_approvers: Optional[List[Any]] = None
    min_approvals: Optional[int] = None
    warrant_expires_at_unix: Optional[int] = None
    created_at_unix: Optional[int] = None
    message: Optional[str] = None

    @staticmethod
    def for_warrant_gate(tool: str, arguments: Dict[str, Any], warrant: Any,
                         request_hash: Optional[bytes] = None,
                         holder_key: Optional[Any] = None) -> "ApprovalRequest":
        """The request for a call made with ``warrant`` (its id, holder, approvers and gate message)."""
        holder = holder_key if holder_key is not None else warrant.holder
        if request_hash is None:
            request_hash = compute_request_hash(warrant.id, tool, arguments, holder)
        return ApprovalRequest(
            tool=tool, arguments=dict(arguments or {}), warrant_id=warrant.id, request_hash=request_hash,
            holder_key=holder, request_id=uuid.uuid4().bytes, required_approvers=warrant.required_approvers,
            min_approvals=warrant.approval_threshold(),
            warrant_expires_at_unix=int(_n.lib.tenuo_warrant_expires_at(warrant._handle)),
            created_at_unix=int(time.time()), message=resolve_approval_required_message(
                tool, warrant.approval_gate_message(tool)))


def resolve_approval_required_message(tool: str, gate_message: Optional[str] = None) -> str:
    """The text shown when a gate fires: the gate's message (trimmed, at most 200 characters),
    else ``Approval required for tool '<tool>'``."""
    text = (gate_message or "").strip()
    return text[:200] if text else f"Approval required for tool '{tool}'"


def describe_gate_error(err: Any, leaf: Any, tool: str, args: Optional[Mapping[str, Any]]) -> None:
    """Fill an ApprovalGateTriggered with the SDK's attributes: ``tool``, ``request_hash`` (hex),
    ``min_approvals`` (text, as the SDK gives it), ``request_id`` and ``details``."""
    request_hash = leaf.request_hash(tool, dict(args or {})).hex()
    err.tool = tool
    err.request_hash = request_hash
    err.min_approvals = str(leaf.approval_threshold())
    err.request_id = uuid.uuid4().hex
    err.details = {"tool": tool, "request_id": err.request_id, "request_hash": request_hash,
                   "min_approvals": err.min_approvals, "message": str(err)}


def _warrant_gates(warrant: Any) -> Optional[Dict[str, Any]]:
    data = json.loads(_n.call_string(_n.lib.tenuo_warrant_approval_gates_json, warrant._handle))
    return data if isinstance(data, dict) else None


def sign_approval(request: ApprovalRequest, approver_key: SigningKey, *, external_id: str = "",
                  ttl_seconds: Optional[int] = None, now: Any = None) -> SignedApproval:
    """Approve ``request``: a fresh nonce, approved now, valid ``ttl_seconds`` (default: the
    library's, 300 s as in the SDK; the lifetime rule is the library's)."""
    require_signing_key(approver_key, "approver_key")
    ttl = -1 if ttl_seconds is None else _n.uint_arg(ttl_seconds, "ttl_seconds", _n.U32_MAX)
    ext = _n.text_arg(external_id, "external_id")
    hash_ = _n.bytes_arg(request.request_hash, "request_hash")
    try:
        ptr = _n.call_handle(_n.lib.tenuo_approval_sign, _n.ApprovalP, approver_key._handle, hash_,
                             len(hash_), ext, len(ext), _n.time_arg(now), ttl)
    except _exc.TenuoError as err:
        if err.status == _abi.TENUO_E_INVALID_ARGUMENT:
            raise _exc.ValidationError(err.message, status=err.status,
                                       status_name=err.status_name) from None
        raise
    return SignedApproval._wrap(ptr)


def approval_array(approvals: Optional[Sequence[Any]]) -> Any:
    """``(array, count)`` of borrowed approval handles for the C API (approvals may be
    ``SignedApproval`` objects or their bytes)."""
    if approvals is None:
        return None, 0, []
    if isinstance(approvals, (SignedApproval, bytes, bytearray)) or not isinstance(approvals, Sequence):
        raise _exc.ArgumentTypeError("approvals must be a list of SignedApproval")
    keep: List[SignedApproval] = []
    for a in approvals:
        if isinstance(a, (bytes, bytearray, memoryview)):
            a = SignedApproval.from_bytes(bytes(a))
        if not isinstance(a, SignedApproval):
            raise _exc.ArgumentTypeError(f"approvals must hold SignedApproval, not {type(a).__name__}")
        keep.append(a)
    arr, n, held = _n.handle_array(_n.ApprovalP, [a._handle for a in keep])
    return arr, n, (keep, held)


def _arg_gate_json(tool: str, arg: str, gate: Any) -> Any:
    from .constraints import Constraint

    if gate is None or gate == "all":
        return "all"
    if isinstance(gate, Mapping):
        if set(gate) != {"exempt"}:
            raise _exc.ValidationError(f"arg gate '{arg}' of '{tool}': a dict gate has exactly the key 'exempt'")
        inner = gate["exempt"]
        if not isinstance(inner, Constraint):
            raise _exc.ArgumentTypeError(f"arg gate '{arg}' of '{tool}': 'exempt' takes a constraint")
        return {"exempt": inner.to_json()}
    if isinstance(gate, Constraint):
        return gate.to_json()
    raise _exc.ArgumentTypeError(
        f"arg gate '{arg}' of '{tool}' must be None, a constraint or {{'exempt': constraint}}")


def gates_json(gates: Mapping[str, Any]) -> str:
    """The SDK's ``approval_gates`` dict as the C API's JSON: ``{tool: None}`` (whole tool),
    ``{tool: {arg: None | constraint | {"exempt": constraint}}}``, or
    ``{tool: {"args": None | {...}, "message": "text"}}``."""
    if not isinstance(gates, Mapping):
        raise _exc.ArgumentTypeError("approval_gates takes a dict of tool name to gate")
    out: Dict[str, Any] = {}
    for tool, spec in gates.items():
        _n.text_arg(tool, "tool name")
        if spec is None:
            out[tool] = None
        elif isinstance(spec, Mapping) and isinstance(spec.get("message"), str):
            extra = set(spec) - {"args", "message"}
            if extra:
                raise _exc.ValidationError(
                    f"approval gate for '{tool}' with a string 'message' may only include 'args' and 'message'")
            args = spec.get("args")
            out[tool] = {"message": spec["message"],
                         "args": None if args is None else {a: _arg_gate_json(tool, a, g) for a, g in args.items()}}
        elif isinstance(spec, Mapping):
            out[tool] = {"args": {a: _arg_gate_json(tool, a, g) for a, g in spec.items()}}
        else:
            raise _exc.ValidationError(
                f"approval gate for '{tool}' must be None (whole-tool) or a dict of arg approval gates")
    return json.dumps(out)
