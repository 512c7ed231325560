"""Warrants: parse, inspect, sign proofs of possession, check calls, delegate."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import (TYPE_CHECKING, Any, Dict, Iterator, List, Mapping, Optional, Sequence,
                    Tuple, Union)

from . import _native as _n
from . import _values
from . import exceptions as _exc
from .constraints import constraint_from_json
from .keys import PublicKey, SigningKey, require_signing_key
from .models import (Clearance, Flag, Signature, Timestamp, ValidationResult, WarrantType,
                     WhyDenied)

# Imported here, not inside the methods: a function-level import costs ~2-3 µs per call on the
# mint and grant paths (builder.py imports this module only inside its methods, so no cycle).
from . import builder as _builder_module
from .builder import GrantBuilder, MintBuilder
from .constraints import constraints_json

if TYPE_CHECKING:  # pragma: no cover
    from .bound_warrant import BoundWarrant

__all__ = ["Warrant", "WarrantChain", "encode_warrant_stack", "decode_warrant_stack_base64",
           "WARRANT_HEADER", "POP_HEADER"]

#: HTTP header carrying the warrant (base64url of the CBOR envelope, or a stack for chains).
WARRANT_HEADER = "X-Tenuo-Warrant"
#: HTTP header carrying the proof-of-possession (standard base64 of the 64 signature bytes).
POP_HEADER = "X-Tenuo-PoP"

Args = Optional[Mapping[str, Any]]

# Bound once: the functions Warrant(text) calls on every request. The parse function is a
# second ctypes object for the same symbol, without the shared errcheck hook (one Python call
# less per parse): its status is checked inline. The free function skips ctypes' argument
# conversion (it only ever gets a handle the library returned) and keeps the GIL (a free is
# short and never blocks: _native.gil_keeping_function).
_free = _n.gil_keeping_function("tenuo_warrant_free", None)
_WarrantP = _n.WarrantP
_byref = _n.byref
# Warrant(text) calls the parse function raw (no argtypes, no errcheck; see raw_function): its
# three arguments are given in their exact C types here (the text as bytes, its length as a
# shared c_size_t, the out-handle by reference), which spares ctypes three conversions.
_parse = _n.raw_function("tenuo_warrant_parse")
_SIZES = _n._SIZES
_N_SIZES = len(_SIZES)
_c_size_t = _n.c_size_t


def _tool_arg(tool: Any) -> bytes:
    return _n.text_arg(tool, "tool")


_I64_MAX = (1 << 63) - 1
_sign_call = _n.sign_call
_args_bytes = _values.args_bytes
_POP_HEX, _POP_PREFIXED = _n.POP_ID_HEX, _n.POP_ID_PREFIXED


def _signature_arg(signature: Any) -> Optional[bytes]:
    if signature is None:
        return None
    if isinstance(signature, str):
        raise _exc.ArgumentTypeError(
            "signature must be bytes (e.g. bytes(warrant.sign(...))); to pass a base64 header "
            "value decode it first with base64.b64decode()"
        )
    return _n.bytes_arg(signature, "signature")


class _OpenHandle:
    """``Warrant._handle``: while a warrant is open its pointer is a plain instance attribute
    (one dict read on hot paths, which this non-data descriptor yields to); once closed, or
    never opened, reading it raises ClosedHandleError."""

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        raise _exc.ClosedHandleError(f"this {obj._kind} is closed (or was never opened)")


#: How many warrants ``close()`` has closed in this process, in a one-element list. A cache of
#: handles taken from warrant objects (``Authorizer``'s kept chain array) is valid while it has
#: not changed; it is only compared for change, so a lost increment between two racing closes
#: still changes it.
_CLOSES = [0]


class _OpenRef:
    """``Warrant._ref``: ``byref(warrant._handle)``, the argument of a native call that takes an
    array of one warrant, made on first use and kept while the warrant is open (``close()``
    drops it); reading it on a closed warrant raises ClosedHandleError, as ``_handle`` does."""

    def __get__(self, obj: Any, objtype: Any = None) -> Any:
        if obj is None:
            return self
        ref = obj.__dict__["_ref"] = _byref(obj._handle)  # ClosedHandleError when closed
        return ref


class Warrant(_n.Handle):
    """A signed, verified warrant. ``Warrant(text)`` parses base64url or PEM.

    The envelope signature is checked while parsing, so a ``Warrant`` object always holds a
    warrant whose issuer really signed it (trust in that issuer is the Authorizer's job).
    """

    _free_name = "tenuo_warrant_free"
    _kind = "warrant"
    #: The parsed ``info`` JSON, filled on first use (a class default: nothing to set per object).
    _info_cache: Optional[Dict[str, Any]] = None
    _handle = _OpenHandle()
    _ref = _OpenRef()

    def __init__(self, text: str) -> None:
        # The hot path of a server: one native call (the library's cache makes a warrant seen
        # before a hash lookup), no Python-side work beyond encoding the text.
        if type(text) is str:
            try:
                data = text.encode()  # UTF-8, strict (the default, without parsing an encoding name)
            except UnicodeEncodeError:
                data = _n.text_arg(text, "warrant text")  # raises the SDK's error
        elif isinstance(text, (bytes, bytearray, memoryview)):
            raise _exc.ArgumentTypeError(
                "Warrant(text) takes the base64/PEM text; use Warrant.from_bytes() for CBOR bytes"
            )
        else:
            data = _n.text_arg(text, "warrant text")
        out = _WarrantP()
        n = len(data)
        status = _parse(data, _SIZES[n] if n < _N_SIZES else _c_size_t(n), _byref(out))
        if status:
            _n.raise_status(status)
        if not out:
            raise _exc.RuntimeError("tenuo_warrant_parse succeeded without returning a handle")
        self._ptr = self._handle = out

    @classmethod
    def _wrap(cls, ptr: Any) -> "Warrant":
        # Every minted, granted or decoded warrant comes through here: _adopt inlined.
        if not ptr:
            raise _exc.RuntimeError(f"tenuo: NULL {cls._kind} handle")
        obj = cls.__new__(cls)
        obj._ptr = obj._handle = ptr
        return obj

    # Warrants are the objects a server creates per request, so they are freed by ``__del__``
    # rather than a ``weakref.finalize`` (which costs about 2 µs to register): ``close()``
    # pops the pointer atomically, so the handle is freed exactly once whichever runs first.
    def _adopt(self, ptr: Any) -> None:
        if not ptr:
            raise _exc.RuntimeError(f"tenuo: NULL {self._kind} handle")
        self._ptr = self._handle = ptr

    def close(self) -> None:
        """Free the native handle now. Idempotent; the object is unusable afterwards."""
        d = self.__dict__
        d.pop("_handle", None)
        d.pop("_ref", None)
        ptr = d.pop("_ptr", None)
        if ptr:
            _CLOSES[0] += 1  # before the free: a kept chain array must not outlive the handle
            _free(ptr)

    def __del__(self) -> None:
        try:
            d = self.__dict__
            d.pop("_handle", None)
            d.pop("_ref", None)
            ptr = d.pop("_ptr", None)
            if ptr:
                _free(ptr)
        except Exception:  # pragma: no cover - interpreter shutdown
            pass

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_base64(cls, text: str) -> "Warrant":
        """From base64url (no padding) of the CBOR envelope."""
        return cls(text)

    @classmethod
    def from_str(cls, text: str) -> "Warrant":
        return cls(text)

    @classmethod
    def from_pem(cls, text: str) -> "Warrant":
        return cls(text)

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Warrant":
        """From the CBOR envelope bytes."""
        raw = _n.bytes_arg(data, "warrant bytes")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_warrant_from_bytes, _n.WarrantP,
                                        raw, len(raw)))

    #: A fluent builder for a new root warrant (``.tool() ... .mint(key)``): the class itself,
    #: so ``Warrant.mint_builder()`` costs no extra Python call on the mint path.
    mint_builder = staticmethod(MintBuilder)

    # -- serialisation ------------------------------------------------------------------------

    def to_base64(self) -> str:
        """Base64url (no padding) of the CBOR envelope; also ``str(warrant)``."""
        return _n.call_string(_n.lib.tenuo_warrant_to_base64, self._handle)

    def __str__(self) -> str:
        return self.to_base64()

    def to_bytes(self) -> bytes:
        """The CBOR envelope."""
        return _n.call_bytes(_n.lib.tenuo_warrant_to_bytes, self._handle)

    def __bytes__(self) -> bytes:
        return self.to_bytes()

    def to_pem(self) -> str:
        return _n.call_string(_n.lib.tenuo_warrant_to_pem, self._handle)

    @property
    def payload_bytes(self) -> bytes:
        """The signed payload bytes, exactly as they appear in the envelope."""
        return _n.call_bytes(_n.lib.tenuo_warrant_payload_bytes, self._handle)

    # -- fields -------------------------------------------------------------------------------

    @property
    def _info(self) -> Dict[str, Any]:
        if self._info_cache is None:
            text = _n.call_string(_n.lib.tenuo_warrant_info_json, self._handle)
            info: Dict[str, Any] = json.loads(text)
            self._info_cache = info
            return info
        return self._info_cache

    @property
    def info(self) -> Dict[str, Any]:
        """Every payload field as the library reports it (a copy of its JSON summary)."""
        copy: Dict[str, Any] = json.loads(json.dumps(self._info))
        return copy

    @property
    def id(self) -> str:
        """``"tnu_wrt_"`` + 32 hex digits."""
        return str(self._info["id"])

    @property
    def version(self) -> int:
        return int(self._info.get("version", 1))

    @property
    def warrant_type(self) -> WarrantType:
        return WarrantType(int(_n.lib.tenuo_warrant_type(self._handle)))

    type = warrant_type

    @property
    def depth(self) -> int:
        return int(self._info["depth"])

    @property
    def max_depth(self) -> int:
        return int(self._info["max_depth"])

    @property
    def tools(self) -> List[str]:
        """Tool names, sorted."""
        return list(self._info.get("tools") or [])

    @property
    def capabilities(self) -> Dict[str, Dict[str, Any]]:
        """Tool → {argument: constraint} (``info["capabilities"]`` also shows
        ``_allow_unknown``)."""
        out: Dict[str, Dict[str, Any]] = {}
        for tool, fields in (self._info.get("capabilities") or {}).items():
            out[tool] = _constraint_map(fields)
        return out

    @property
    def constraint_bounds(self) -> Dict[str, Any]:
        return _constraint_map(self._info.get("constraint_bounds") or {})

    @property
    def issued_at(self) -> Timestamp:
        return Timestamp(int(self._info["issued_at"]))

    @property
    def expires_at(self) -> Timestamp:
        """Unix seconds (an int); calling it, ``expires_at()``, gives RFC 3339 text."""
        return Timestamp(int(self._info["expires_at"]))

    def ttl_seconds(self, now: Any = None) -> int:
        """Seconds until expiry at ``now`` (default: the clock); 0 once expired."""
        return int(_n.lib.tenuo_warrant_ttl_remaining(self._handle, _n.time_arg(now)))

    @property
    def ttl_remaining(self) -> timedelta:
        """Time until expiry (zero once expired)."""
        return timedelta(seconds=self.ttl_seconds())

    @property
    def ttl(self) -> timedelta:
        """Same as :attr:`ttl_remaining`."""
        return self.ttl_remaining

    def is_expired_at(self, now: Any) -> bool:
        """Whether the warrant has expired at ``now`` (Unix seconds; ``now >= expires_at``, the
        library's rule for the leaf of an authorization)."""
        return bool(_n.lib.tenuo_warrant_is_expired(self._handle, _n.time_arg(now)))

    @property
    def is_expired(self) -> bool:
        """Whether the warrant has expired now (a plain bool; see :meth:`is_expired_at`)."""
        return self.is_expired_at(None)

    @property
    def expired(self) -> bool:
        return self.is_expired

    @property
    def is_terminal(self) -> bool:
        """Whether the warrant may no longer be delegated (a plain bool)."""
        return bool(self._info.get("terminal", False))

    @property
    def terminal(self) -> bool:
        return self.is_terminal

    @property
    def holder(self) -> PublicKey:
        """The key that must sign proofs of possession."""
        return PublicKey._wrap(_n.call_handle(_n.lib.tenuo_warrant_holder, _n.PublicKeyP,
                                              self._handle))

    authorized_holder = holder

    @property
    def issuer(self) -> PublicKey:
        return PublicKey._wrap(_n.call_handle(_n.lib.tenuo_warrant_issuer, _n.PublicKeyP,
                                              self._handle))

    @property
    def parent_hash(self) -> Optional[str]:
        """Hex SHA-256 of the parent's payload, None for a root warrant."""
        value = self._info.get("parent_hash")
        return str(value) if value else None

    @property
    def payload_hash(self) -> Optional[str]:
        value = self._info.get("payload_hash")
        return str(value) if value else None

    @property
    def clearance(self) -> Optional[Clearance]:
        value = self._info.get("clearance")
        return None if value is None else Clearance(int(value))

    @property
    def session_id(self) -> Optional[str]:
        value = self._info.get("session_id")
        return None if value is None else str(value)

    @property
    def agent_id(self) -> Optional[str]:
        value = self._info.get("agent_id")
        return None if value is None else str(value)

    @property
    def extensions(self) -> Dict[str, bytes]:
        raw = self._info.get("extensions") or {}
        return {str(k): bytes.fromhex(v) for k, v in raw.items()}

    def extension(self, key: str) -> Optional[bytes]:
        return self.extensions.get(key)

    @property
    def issuable_tools(self) -> Optional[List[str]]:
        value = self._info.get("issuable_tools")
        return None if value is None else list(value)

    @property
    def max_issue_depth(self) -> Optional[int]:
        value = self._info.get("max_issue_depth")
        return None if value is None else int(value)

    @property
    def required_approvers(self) -> Optional[List[PublicKey]]:
        value = self._info.get("required_approvers")
        if not value:
            return None
        return [PublicKey.from_bytes(bytes.fromhex(h)) for h in value]

    @property
    def min_approvals(self) -> Optional[int]:
        value = self._info.get("min_approvals")
        return None if value is None else int(value)

    def approval_threshold(self) -> int:
        """Approvals a gated call needs: ``min_approvals`` (at most the number of approvers),
        else the number of required approvers; 0 without approvers (the library's rule)."""
        return int(_n.lib.tenuo_warrant_approval_threshold(self._handle))

    @property
    def approval_gates(self) -> Optional[Dict[str, Any]]:
        """The ``tenuo.approval_gates`` extension as JSON data, or None."""
        from .approval import _warrant_gates

        return _warrant_gates(self)

    def approval_gate_message(self, tool: str) -> Optional[str]:
        """The stored display message of ``tool``'s approval gate, if any."""
        gate = (self.approval_gates or {}).get(tool)
        return gate.get("message") if isinstance(gate, dict) else None

    def request_hash(self, tool: str, args: Args = None) -> bytes:
        """The hash an approval of this call signs (this warrant's id and holder)."""
        from .approval import compute_request_hash

        return compute_request_hash(self.id, tool, args if args is not None else {}, self.holder)

    # -- proof of possession ------------------------------------------------------------------

    def sign(self, key: SigningKey, tool: str, args: Args = None,
             timestamp: Any = None, *, now: Any = None, prefixed_id: bool = False) -> Signature:
        """A proof-of-possession for calling ``tool`` with ``args``, made with the holder's key.

        ``timestamp`` (positional, as in the SDK) or ``now=`` pins the time window; without
        either the clock is used (the seed README's form). ``prefixed_id=True`` signs the
        ``tnu_wrt_``-prefixed id the spec's vectors use instead of the reference's bare hex.
        """
        if type(key) is not SigningKey:
            require_signing_key(key)
        when = timestamp if timestamp is not None else now
        if type(when) is not int or not 0 <= when <= _I64_MAX:
            when = _n.time_arg(when, "timestamp")
        tool_b = tool.encode("ascii") if type(tool) is str and tool.isascii() else _tool_arg(tool)
        args_b = _args_bytes(args)
        # A key not the holder's raises SignatureMismatch.
        return _sign_call(self._handle, key._handle, tool_b, args_b, when,
                          _POP_PREFIXED if prefixed_id else _POP_HEX, Signature)

    def pop_challenge(self, tool: str, args: Args = None, timestamp: Any = None, *,
                      prefixed_id: bool = False) -> bytes:
        """The exact bytes a proof-of-possession signs (for debugging and other signers)."""
        when = _n.time_arg(timestamp)
        tool_b = _tool_arg(tool)
        form = _n.POP_ID_PREFIXED if prefixed_id else _n.POP_ID_HEX
        args_b = _values.args_bytes(args)
        return _n.call_bytes(_n.lib.tenuo_warrant_pop_challenge_at, self._handle, tool_b,
                             len(tool_b), args_b, len(args_b), when, form)

    def verify_pop(self, tool: str, args: Args, signature: Any, *, now: Any = None,
                   max_windows: int = _n.POP_DEFAULT_MAX_WINDOWS, prefixed_id: bool = False) -> bool:
        """Whether ``signature`` is a valid proof-of-possession for this call at ``now``."""
        sig = _signature_arg(signature)
        if sig is None:
            return False
        tool_b = _tool_arg(tool)
        windows = _n.uint_arg(max_windows, "max_windows", _n.U32_MAX)
        with _n.args_handle(_values.args_json(args)) as a:
            status = _n.lib.tenuo_warrant_verify_pop(self._handle, tool_b, len(tool_b), a, sig,
                                                     len(sig), _n.time_arg(now), windows,
                                                     _n.POP_ID_PREFIXED if prefixed_id
                                                     else _n.POP_ID_HEX)
        if status == 0:
            return True
        if status >= 1000:
            return False
        _n.raise_status(status)
        return False  # pragma: no cover

    # -- checking -----------------------------------------------------------------------------

    def authorize(self, tool: str, args: Args = None, signature: Any = None, approvals: Any = None, *,
                  now: Any = None, trusted_roots: Optional[Sequence[PublicKey]] = None) -> bool:
        """Full check of one call (expiry, tool, constraints and the PoP ``signature``).

        Returns True or raises the matching :class:`~tenuo.exceptions.TenuoError`. The trust
        anchor is ``trusted_roots`` when given, else this warrant's own issuer: the check then
        proves the warrant is intact, current, allows the call and that the caller holds the
        key, but not that the issuer is one you trust. Servers use :class:`tenuo.Authorizer`.
        """
        from .authorizer import Authorizer

        roots = list(trusted_roots) if trusted_roots is not None else [self.issuer]
        with Authorizer(trusted_roots=roots) as auth:
            auth.authorize(self, tool, args, signature=signature, approvals=approvals, now=now)
        return True

    def why_denied(self, tool: str, args: Args = None, now: Any = None) -> WhyDenied:
        """Why the warrant's own logic would deny the call (expiry, tool, constraints; no PoP)."""
        tool_b = _tool_arg(tool)
        with _n.args_handle(_values.args_json(args)) as a:
            text = _n.call_string(_n.lib.tenuo_warrant_why_denied, self._handle, tool_b,
                                  len(tool_b), a, _n.time_arg(now))
        return WhyDenied.from_json(json.loads(text))

    def _constraint_denial(self, tool: str, args: Any) -> Optional[Dict[str, Any]]:
        """The library's logic-only check (type, tool, constraints; no expiry, PoP or chain):
        None when the call passes, else the denial's JSON fields. ``args`` None: tool only."""
        tool_b = _tool_arg(tool)
        args_b = None if args is None else _values.args_bytes(args)
        out = _n.c_void_p()
        _n.lib.tenuo_warrant_check_constraints(self._handle, tool_b, len(tool_b), args_b,
                                               0 if args_b is None else len(args_b),
                                               _n.byref(out))
        if not out.value:
            return None
        denial: Dict[str, Any] = json.loads(_n.take_string(out))
        return denial

    def check_constraints_detailed(self, tool: str, args: Args = None) -> Optional[Tuple[str, str]]:
        """None when the tool and arguments pass, else ``(field, reason)``; ``field`` is
        ``"tool"`` for an unknown tool. Expiry is not considered (as in the SDK)."""
        why = self._constraint_denial(tool, {} if args is None else args)
        if why is None:
            return None
        reason = why.get("reason") or ""
        if why.get("deny_code") == "TOOL_NOT_FOUND":
            return ("tool", reason)
        field = why.get("field")
        return (field if field is not None else "_error", reason)

    def check_constraints(self, tool: str, args: Args = None) -> Optional[str]:
        """None when the tool and arguments pass, else the reason text."""
        detail = self.check_constraints_detailed(tool, args)
        if detail is None:
            return None
        field, reason = detail
        if field in ("tool", "_error"):
            return reason
        return f"Constraint '{field}' not satisfied: {reason}"

    def allows(self, tool: str, args: Args = None) -> bool:
        """Logic-only preview: does the warrant name ``tool`` (and, when ``args`` is given,
        do the arguments satisfy its constraints)? No PoP, no expiry, no chain."""
        return self._constraint_denial(tool, args) is None

    def validate(self, key: SigningKey, tool: str, args: Args = None, *,
                 now: Any = None) -> ValidationResult:
        """Pre-check (the SDK's ``Warrant.validate``): the warrant's logic for this call."""
        require_signing_key(key)
        why = self.why_denied(tool, args, now=now)
        if not why.denied:
            return ValidationResult.ok()
        reason = why.suggestion or why.reason or f"Authorization failed ({why.deny_code})"
        return ValidationResult.fail(reason, [why.suggestion] if why.suggestion else [])

    def headers(self, key: SigningKey, tool: str, args: Args = None, *,
                now: Any = None) -> Dict[str, str]:
        """HTTP headers for one call: ``X-Tenuo-Warrant`` (base64url warrant) and
        ``X-Tenuo-PoP`` (standard base64 of a fresh proof-of-possession).

        Raises ``RuntimeError`` (an :class:`~tenuo.exceptions.AuthorizationDenied`) when the
        warrant's logic denies the call, as the SDK does.
        """
        validation = self.validate(key, tool, args, now=now)
        if not validation:
            raise _HeadersDenied(f"Authorization failed: {validation.reason}", tool=tool,
                                 reason=validation.reason)
        pop = self.sign(key, tool, args, now=now)
        return {WARRANT_HEADER: self.to_base64(),
                POP_HEADER: base64.b64encode(bytes(pop)).decode("ascii")}

    # -- delegation ---------------------------------------------------------------------------

    def bind(self, key: SigningKey, trusted_roots: Optional[Sequence[PublicKey]] = None
             ) -> "BoundWarrant":
        """This warrant together with the holder's key, for repeated calls."""
        from .bound_warrant import BoundWarrant

        return BoundWarrant(self, key, trusted_roots=trusted_roots)

    def grant_builder(self) -> "GrantBuilder":
        """A builder for a narrower child warrant (starts with no tools: add them)."""
        return GrantBuilder(self)

    attenuate_builder = grant_builder

    def issue_execution(self) -> "GrantBuilder":
        """From an issuer warrant: a builder for an execution warrant within its issuable tools
        and constraint bounds (``.tool()/.capability() .holder() .ttl() .build(key)``)."""
        return self.grant_builder()

    def grant(self, *, to: PublicKey, allow: Union[str, Sequence[str]], key: SigningKey,
              ttl: Optional[int] = None, now: Any = None, **constraints: Any) -> "Warrant":
        """Delegate: a child for holder ``to`` keeping only the ``allow`` tools.

        ``**constraints`` replaces the allowed tools' constraint sets (a plain string means
        ``Exact``); without it they keep the parent's. ``ttl`` defaults to the parent's
        remaining time. ``key`` must be this warrant's holder key.
        """
        names = [allow] if isinstance(allow, str) else allow
        if isinstance(names, (bytes, bytearray)) or not isinstance(names, Sequence):
            raise _exc.ArgumentTypeError("allow must be a tool name or a list of tool names")
        builder = GrantBuilder(self)
        builder.holder(to)
        text = constraints_json(dict(constraints), strings_are_exact=True) if constraints else None
        for name in names:
            if text is not None:
                builder._capability_text(name, text)
            else:
                builder.tool(name)
        if ttl is not None:
            builder.ttl(ttl)
        return builder.grant(key, now=now)

    # -- presentation -------------------------------------------------------------------------

    def explain(self, include_chain: bool = False) -> str:
        from .diagnostics import describe

        return describe(self)

    def __repr__(self) -> str:
        if self.closed:
            return "<Warrant closed>"
        tools = self.tools
        shown = ", ".join(tools[:3]) + (f", +{len(tools) - 3} more" if len(tools) > 3 else "")
        return f"<Warrant id={self.id[:16]}... tools=[{shown}] ttl={self.ttl_remaining}>"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Warrant):
            return NotImplemented
        return self is other or self.to_bytes() == other.to_bytes()

    def __hash__(self) -> int:
        return hash(self.id)

    def __reduce__(self) -> Any:
        return (Warrant.from_bytes, (self.to_bytes(),))

    def __copy__(self) -> "Warrant":
        return self

    def __deepcopy__(self, memo: Any) -> "Warrant":
        return self


_builder_module._Warrant = Warrant


class _HeadersDenied(_exc.AuthorizationDenied, RuntimeError):
    """``headers()`` refused to sign: both the SDK's ``RuntimeError`` and a TenuoError."""


def _constraint_map(fields: Mapping[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for name, value in fields.items():
        if name in ("_allow_unknown", "allow_unknown") and isinstance(value, bool):
            continue  # a flag of the set, not an argument (the SDK hides it too; see .info)
        if isinstance(value, Mapping):
            out[name] = constraint_from_json(value)
    return out


# -----------------------------------------------------------------------------------------------
# Chains
# -----------------------------------------------------------------------------------------------


class WarrantChain(_n.Handle):
    """A delegation chain, root first."""

    _free_name = "tenuo_chain_free"
    _kind = "warrant chain"

    def __init__(self, warrants: Sequence[Warrant]) -> None:
        items = list(_warrant_list(warrants))
        if not items:
            raise _exc.ValidationError("a chain needs at least one warrant (the root)")
        ptr = _n.call_handle(_n.lib.tenuo_chain_new, _n.ChainP, items[0]._handle)
        try:
            for child in items[1:]:
                longer = _n.call_handle(_n.lib.tenuo_chain_push, _n.ChainP, ptr, child._handle)
                _n.lib.tenuo_chain_free(ptr)
                ptr = longer
        except BaseException:
            _n.lib.tenuo_chain_free(ptr)
            raise
        self._adopt(ptr)

    @classmethod
    def _wrap(cls, ptr: Any) -> "WarrantChain":
        obj = cls.__new__(cls)
        obj._adopt(ptr)
        return obj

    @classmethod
    def parse(cls, text: str) -> "WarrantChain":
        """From base64 of a warrant stack (or of one warrant), a ``TENUO WARRANT CHAIN`` PEM, or
        concatenated ``TENUO WARRANT`` PEMs."""
        data = _n.text_arg(text, "chain text")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_chain_parse, _n.ChainP, data, len(data)))

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "WarrantChain":
        raw = _n.bytes_arg(data, "chain bytes")
        return cls._wrap(_n.call_handle(_n.lib.tenuo_chain_from_bytes, _n.ChainP, raw, len(raw)))

    def __len__(self) -> int:
        return int(_n.lib.tenuo_chain_len(self._handle))

    def __getitem__(self, index: int) -> Warrant:
        if isinstance(index, bool) or not isinstance(index, int):
            raise _exc.ArgumentTypeError("chain index must be an int")
        count = len(self)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("chain index out of range")
        return Warrant._wrap(_n.call_handle(_n.lib.tenuo_chain_get, _n.WarrantP, self._handle,
                                            index))

    def __iter__(self) -> Iterator[Warrant]:
        for i in range(len(self)):
            yield self[i]

    @property
    def warrants(self) -> List[Warrant]:
        return list(self)

    def to_bytes(self) -> bytes:
        return _n.call_bytes(_n.lib.tenuo_chain_to_bytes, self._handle)

    def to_base64(self) -> str:
        return _n.call_string(_n.lib.tenuo_chain_to_base64, self._handle)

    def to_pem(self) -> str:
        return _n.call_string(_n.lib.tenuo_chain_to_pem, self._handle)

    def __str__(self) -> str:
        return self.to_base64()

    def __repr__(self) -> str:
        return "<WarrantChain closed>" if self.closed else f"<WarrantChain length={len(self)}>"

    def __reduce__(self) -> Any:
        return (WarrantChain.from_bytes, (self.to_bytes(),))


def _warrant_list(warrants: Any) -> Iterator[Warrant]:
    if isinstance(warrants, (str, bytes)) or not isinstance(warrants, Sequence):
        raise _exc.ArgumentTypeError(
            f"a chain is a list of Warrant objects (root first), not {type(warrants).__name__}"
        )
    for index, item in enumerate(warrants):
        if not isinstance(item, Warrant):
            raise _exc.ArgumentTypeError(
                f"chain element {index} is {type(item).__name__}, not a Warrant"
            )
        yield item


def as_chain(value: Any) -> Tuple[Any, bool]:
    """``(chain object, owned)`` for a Warrant list, a WarrantChain, or stack text/bytes."""
    if isinstance(value, WarrantChain):
        return value, False
    if isinstance(value, str):
        return WarrantChain.parse(value), True
    if isinstance(value, (bytes, bytearray, memoryview)):
        return WarrantChain.from_bytes(value), True
    if isinstance(value, Warrant):
        return WarrantChain([value]), True
    return WarrantChain(value), True


def encode_warrant_stack(warrants: Sequence[Warrant]) -> str:
    """Text of a chain (root first) for the ``X-Tenuo-Warrant`` header, encoded as the SDK's
    function of the same name encodes it: standard base64 with padding of the CBOR stack (the
    reference cannot read the spec's URL-safe form of a stack, which
    :meth:`WarrantChain.to_base64` gives; this library reads both)."""
    with WarrantChain(warrants) as chain:
        return base64.b64encode(chain.to_bytes()).decode("ascii")


def decode_warrant_stack_base64(text: str) -> List[Warrant]:
    """The warrants (root first) of a stack text."""
    with WarrantChain.parse(text) as chain:
        return chain.warrants
