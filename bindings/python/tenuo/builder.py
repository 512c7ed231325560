"""Fluent builders: :class:`MintBuilder` (root warrants) and :class:`GrantBuilder` (delegation).

Each builder owns a library builder (made with ``TENUO_BUILDER_SDK``) and every method is one
call on it: the library keeps the settings and applies every rule (which tools a choice keeps,
limits, narrowing). A setting the library refuses is reported by ``mint()``/``grant()``, where
the Tenuo SDK reports it; Python only checks argument types at the call.
"""

from __future__ import annotations

import json
from time import time as _clock
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _abi
from . import _native as _n
from . import exceptions as _exc
from .constraints import Constraint, Pattern as _Pattern, constraint_from_json, constraints_json
from .keys import PublicKey, SigningKey, require_public_key, require_signing_key
from .models import Clearance

if TYPE_CHECKING:  # pragma: no cover
    from .warrant import Warrant

__all__ = ["MintBuilder", "GrantBuilder"]

#: TTL the mint builder uses when none is set (the library's default, as the SDK's).
DEFAULT_MINT_TTL_SECS = _abi.TENUO_DEFAULT_MINT_TTL_SECONDS

_NOT_SET: Any = object()


def _tool_name(name: Any) -> str:
    _n.text_arg(name, "tool name")
    return str(name)


def _tool_list(names: Any) -> List[str]:
    if isinstance(names, str):
        return [names]
    if isinstance(names, (bytes, bytearray)) or not isinstance(names, Sequence):
        raise _exc.ArgumentTypeError(
            f"tools must be a tool name or a list of names, not {type(names).__name__}"
        )
    return [_tool_name(n) for n in names]


def _ttl(seconds: Any) -> int:
    return _n.uint_arg(seconds, "ttl", _n.U64_MAX)


def _clearance(level: Any) -> int:
    return int(Clearance(level))


def _text(value: Any, what: str) -> str:
    _n.text_arg(value, what)
    return str(value)


def _merge_constraints(constraints: Optional[Mapping[str, Any]], kwargs: Dict[str, Any]
                       ) -> Dict[str, Any]:
    if constraints is not None and kwargs:
        raise _exc.ValidationError("pass constraints as a dict or as keyword arguments, not both")
    if constraints is None:
        return dict(kwargs)
    if not isinstance(constraints, Mapping):
        raise _exc.ArgumentTypeError(
            f"constraints must be a dict, not {type(constraints).__name__}"
        )
    return dict(constraints)


def _extension(key: Any, value: Any) -> Tuple[str, bytes]:
    return (_text(key, "extension key"), _n.bytes_arg(value, "extension value"))


def _id_bytes(value: Any) -> bytes:
    raw = _n.bytes_arg(value, "warrant id")
    if len(raw) != _abi.TENUO_WARRANT_ID_BYTES:
        raise _exc.ValidationError(
            f"a warrant id is {_abi.TENUO_WARRANT_ID_BYTES} bytes, got {len(raw)}")
    return raw


_lib = _n.lib
_SDK = _abi.TENUO_BUILDER_SDK
_MintP = _n.MintBuilderP
_GrantP = _n.GrantBuilderP
_WarrantP = _n.WarrantP
_mint_add_tool = _lib.tenuo_mint_builder_add_tool
_mint_set_tool_constraint = _lib.tenuo_mint_builder_set_tool_constraint
_mint_set_holder = _lib.tenuo_mint_builder_set_holder
_mint_set_ttl = _lib.tenuo_mint_builder_set_ttl
_mint_mint = _lib.tenuo_mint_builder_mint
# The calls of the usual mint (``mint_builder().capability(...).holder(...).ttl(...).mint(k)``)
# go through copies of the functions without argtypes or errcheck (_native.raw_function): each
# argument is passed in its exact C type and the status checked inline, which halves what
# ctypes costs per call. A builder made with TENUO_BUILDER_SDK reports setting errors at mint,
# so the setters' statuses are only misuse (a closed builder, bad UTF-8).
# The setters, the reset and the free take well under a microsecond and never block, so they
# keep the GIL (_native.gil_keeping_function: ~30 ns a call less); the mint releases it.
_raw_new = _n.raw_function("tenuo_mint_builder_new_ex")
_raw_free = _n.gil_keeping_function("tenuo_mint_builder_free", None)
_raw_reset = _n.gil_keeping_function("tenuo_mint_builder_reset")
#: Library mint builders reset for reuse (see MintBuilder.__init__/__del__).
_SPARE_BUILDERS: List[Any] = []
_SPARE_MAX = 16
_raw_set_tool_constraint = _n.gil_keeping_function("tenuo_mint_builder_set_tool_constraint")
_raw_set_holder = _n.gil_keeping_function("tenuo_mint_builder_set_holder")
_raw_set_ttl = _n.gil_keeping_function("tenuo_mint_builder_set_ttl")
_raw_mint = _n.raw_function("tenuo_mint_builder_mint")
_u64 = _n.uint64_arg  # the mint time (the same second for many mints)
_LAST_U64 = _n._LAST_U64
_SIZES = _n._SIZES
_I64_MAX = (1 << 63) - 1
_new_object = object.__new__
#: TTLs as C arguments (an application uses a handful; never mutated, bounded).
_TTL_ARGS: Dict[int, Any] = {}
_size = _n.size_arg
_byref = _n.byref
_C_TRUE, _C_FALSE = _n.C_TRUE, _n.C_FALSE
_EXECUTION = _n.c_int32(_n.WARRANT_EXECUTION)
_SDK_FLAGS = _n.c_uint32(_SDK)
_raise = _n.raise_status
_time_arg = _n.time_arg
_grant_new = _lib.tenuo_grant_builder_new_ex
_grant_free = _lib.tenuo_grant_builder_free
_grant_select = _lib.tenuo_grant_builder_select_tool
_grant_set_constraints = _lib.tenuo_grant_builder_set_constraints
_grant_set_holder = _lib.tenuo_grant_builder_set_holder
_grant_set_ttl = _lib.tenuo_grant_builder_set_ttl
_grant_grant = _lib.tenuo_grant_builder_grant


#: (tool, argument) -> the name arguments of tenuo_mint_builder_set_tool_constraint for them:
#: ASCII names as bytes with their sizes, made once instead of per capability() (an application
#: uses a handful; bounded, never mutated once stored).
_CAP_NAMES: Dict[Tuple[str, str], Tuple[bytes, Any, bytes, Any]] = {}


def _cap_names(tool: str, arg: str) -> Optional[Tuple[bytes, Any, bytes, Any]]:
    """The cached name arguments for ASCII ``tool`` and ``arg``; None for other names (they
    take the general path, which validates them)."""
    if type(tool) is not str or type(arg) is not str or not tool.isascii() or not arg.isascii():
        return None
    name, arg_b = tool.encode("ascii"), arg.encode("ascii")
    names = (name, _size(len(name)), arg_b, _size(len(arg_b)))
    if len(_CAP_NAMES) < 256:
        _CAP_NAMES[(tool, arg)] = names
    return names


def _names_json(names: Any) -> bytes:
    return json.dumps(_tool_list(names), ensure_ascii=False).encode("utf-8")


def _json_arg(text: Optional[str]) -> Tuple[Optional[bytes], int]:
    if not text:
        return None, 0
    data = text.encode("utf-8")
    return data, len(data)


def _constraint_objects(flat: Mapping[str, Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for name, value in flat.items():
        if name == "_allow_unknown":
            out[name] = value
        else:
            out[name] = constraint_from_json(value)
    return out


def _key(hex_text: Optional[str]) -> Optional[PublicKey]:
    return None if hex_text is None else PublicKey.from_hex(hex_text)


class MintBuilder:
    """Builds a root warrant::

        warrant = (Warrant.mint_builder()
            .capability("read_file", path=Pattern("/data/*"))
            .holder(agent_key.public_key)
            .ttl(3600)
            .mint(issuer_key))

    ``.issuer()`` (or ``.issuable_tools([...])``) switches to an issuer warrant.
    """

    __slots__ = ("_ptr", "__weakref__")

    def __init__(self) -> None:
        # A library builder returned by an earlier MintBuilder (reset there to the state a new
        # one has) saves a call here and a free at the end; list.pop/append are atomic.
        try:
            self._ptr = _SPARE_BUILDERS.pop()
            return
        except IndexError:
            pass
        out = _MintP()
        status = _raw_new(_EXECUTION, _SDK_FLAGS, _byref(out))
        if status:
            _raise(status)
        if not out:
            raise _exc.RuntimeError("tenuo_mint_builder_new_ex succeeded without a builder")
        self._ptr = out

    def __del__(self) -> None:
        try:
            ptr = self._ptr
        except AttributeError:  # __init__ failed before a builder was made
            return
        if ptr:
            self._ptr = None
            try:
                # Kept for the next MintBuilder only once the library has reset it (every
                # setting, tool and held error dropped); freed otherwise.
                if len(_SPARE_BUILDERS) < _SPARE_MAX and not _raw_reset(ptr, _EXECUTION, _SDK_FLAGS):
                    _SPARE_BUILDERS.append(ptr)
                    return
            except Exception:  # pragma: no cover - a partial ABI or interpreter shutdown
                pass
            try:
                _raw_free(ptr)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass

    def _text(self, fn: Any, value: Any, what: str) -> "MintBuilder":
        data = _n.text_arg(value, what)
        fn(self._ptr, data, len(data))
        return self

    def _info(self) -> Dict[str, Any]:
        info: Dict[str, Any] = json.loads(
            _n.call_string(_lib.tenuo_mint_builder_info_json, self._ptr))
        return info

    # -- execution warrants -------------------------------------------------------------------

    def tool(self, tool: str) -> "MintBuilder":
        """Add one tool (with the constraints given by ``constraint()``, if any)."""
        return self._text(_lib.tenuo_mint_builder_add_tool_name, tool, "tool name")

    def tools(self, tools: Union[str, Sequence[str]]) -> "MintBuilder":
        """Set the tool list."""
        data = _names_json(tools)
        _lib.tenuo_mint_builder_set_tool_names(self._ptr, data, len(data))
        return self

    def constraint(self, field: str, value: Constraint) -> "MintBuilder":
        """A constraint applied to the tools added with ``tool()``/``tools()``."""
        data, n = _json_arg(constraints_json({_text(field, "constraint name"): value}))
        _lib.tenuo_mint_builder_set_shared_constraints(self._ptr, data, n, False)
        return self

    def constraints(self, constraints: Mapping[str, Any]) -> "MintBuilder":
        data, n = _json_arg(constraints_json(constraints))
        _lib.tenuo_mint_builder_set_shared_constraints(self._ptr, data, n, True)
        return self

    def capability(self, tool: str, constraints: Optional[Mapping[str, Any]] = None,
                   **kwargs: Any) -> "MintBuilder":
        """Add a tool with its own constraints: ``.capability("t", path=Pattern("/d/*"))`` or
        ``.capability("t", {"path": Pattern("/d/*")})``. ``_allow_unknown=True`` lifts the
        zero-trust rule for unknown arguments."""
        if constraints is None and len(kwargs) == 1 and type(tool) is str:
            # The usual capability, one constraint with a library handle (Pattern): one call.
            for arg in kwargs:  # the one keyword (cheaper than unpacking kwargs.items())
                value = kwargs[arg]
                native = value._native if type(value) is _Pattern else getattr(value, "_native",
                                                                              None)
                if native is not None:
                    names = _CAP_NAMES.get((tool, arg)) or _cap_names(tool, arg)
                    if names is not None:
                        name, name_n, arg_b, arg_n = names
                        status = _raw_set_tool_constraint(self._ptr, name, name_n, arg_b, arg_n,
                                                          native.ptr, _C_TRUE)
                        if status:
                            _raise(status)
                        return self
        name = _n.text_arg(tool, "tool name")
        if constraints is None:
            if kwargs and self._capability_handles(name, kwargs):
                return self
            text = constraints_json(kwargs) if kwargs else None
        else:
            merged = _merge_constraints(constraints, kwargs)
            text = constraints_json(merged) if merged else None
        if text:
            body = text.encode("utf-8")
            _mint_add_tool(self._ptr, name, len(name), body, len(body))
        else:
            _mint_add_tool(self._ptr, name, len(name), None, 0)
        return self

    def _capability_handles(self, name: bytes, constraints: Dict[str, Any]) -> bool:
        """Sets the tool's constraints from the constraints' library handles (no JSON) when
        every one has a handle (Pattern); False, having set nothing, otherwise."""
        handles = []
        for arg, value in constraints.items():
            native = getattr(value, "_native", None)
            if native is None or type(arg) is not str or not arg.isascii():
                return False
            handles.append((arg.encode("ascii"), native.ptr))
        fresh = _C_TRUE
        ptr, n = self._ptr, _size(len(name))
        for arg_b, handle in handles:
            status = _raw_set_tool_constraint(ptr, name, n, arg_b, _size(len(arg_b)), handle,
                                              fresh)
            if status:
                _raise(status)
            fresh = _C_FALSE
        return True

    # -- common settings ----------------------------------------------------------------------

    def ttl(self, seconds: int) -> "MintBuilder":
        """Lifetime in seconds (default 3600)."""
        # A TTL seen before is in _TTL_ARGS, checked then (only an int's is looked up: 3600.0
        # and True hash like ints).
        arg = _TTL_ARGS.get(seconds) if type(seconds) is int else None
        if arg is None:
            if type(seconds) is not int or seconds < 0 or seconds > _n.U64_MAX:
                seconds = _ttl(seconds)
            arg = _n.c_uint64(seconds)
            if len(_TTL_ARGS) < 64:
                _TTL_ARGS[seconds] = arg
        status = _raw_set_ttl(self._ptr, arg)
        if status:
            _raise(status)
        return self

    def expires_at(self, unix_seconds: int) -> "MintBuilder":
        """An absolute expiry (it wins over ``ttl()``)."""
        _lib.tenuo_mint_builder_set_expires_at(
            self._ptr, _n.uint_arg(unix_seconds, "expires_at", _n.U64_MAX))
        return self

    def holder(self, public_key: PublicKey) -> "MintBuilder":
        """Who may use the warrant (default: the issuer itself)."""
        if type(public_key) is not PublicKey:
            require_public_key(public_key, "holder")
        status = _raw_set_holder(self._ptr, public_key._handle)
        if status:
            _raise(status)
        return self

    def session_id(self, session_id: str) -> "MintBuilder":
        return self._text(_lib.tenuo_mint_builder_set_session_id, session_id, "session_id")

    def agent_id(self, agent_id: str) -> "MintBuilder":
        return self._text(_lib.tenuo_mint_builder_set_agent_id, agent_id, "agent_id")

    def clearance(self, level: Union[int, Clearance]) -> "MintBuilder":
        _lib.tenuo_mint_builder_set_clearance(self._ptr, _clearance(level))
        return self

    def max_depth(self, depth: int) -> "MintBuilder":
        """How many delegation levels may follow."""
        _lib.tenuo_mint_builder_set_max_depth(self._ptr, _n.uint_arg(depth, "max_depth", _n.U32_MAX))
        return self

    def terminal(self) -> "MintBuilder":
        """No delegation at all."""
        _lib.tenuo_mint_builder_set_terminal(self._ptr)
        return self

    def extension(self, key: str, value: bytes) -> "MintBuilder":
        k, v = _extension(key, value)
        kb = k.encode("utf-8")
        _lib.tenuo_mint_builder_set_extension(self._ptr, kb, len(kb), v, len(v))
        return self

    def id(self, warrant_id: bytes) -> "MintBuilder":
        """A fixed 16-byte id (tests and vectors; normally a fresh UUIDv7 is used)."""
        raw = _id_bytes(warrant_id)
        _lib.tenuo_mint_builder_set_id(self._ptr, raw, len(raw))
        return self

    # -- issuer warrants ----------------------------------------------------------------------

    def issuer(self) -> "MintBuilder":
        """Make an issuer warrant (it issues execution warrants, it cannot call tools)."""
        _lib.tenuo_mint_builder_set_type(self._ptr, _n.WARRANT_ISSUER)
        return self

    def issuable_tools(self, tools: Sequence[str]) -> "MintBuilder":
        data = _names_json(tools)
        _lib.tenuo_mint_builder_set_type(self._ptr, _n.WARRANT_ISSUER)
        _lib.tenuo_mint_builder_set_issuable_tools(self._ptr, data, len(data))
        return self

    def constraint_bound(self, field: str, value: Constraint) -> "MintBuilder":
        data, n = _json_arg(constraints_json({_text(field, "constraint name"): value}))
        _lib.tenuo_mint_builder_merge_constraint_bounds(self._ptr, data, n)
        return self

    def constraint_bounds(self, bounds: Mapping[str, Any]) -> "MintBuilder":
        data, n = _json_arg(constraints_json(bounds) or "{}")
        _lib.tenuo_mint_builder_set_constraint_bounds(self._ptr, data, n)
        return self

    def max_issue_depth(self, depth: int) -> "MintBuilder":
        _lib.tenuo_mint_builder_set_max_issue_depth(
            self._ptr, _n.uint_arg(depth, "max_issue_depth", _n.U32_MAX))
        return self

    def required_approvers(self, approvers: Sequence[PublicKey]) -> "MintBuilder":
        if isinstance(approvers, PublicKey) or not isinstance(approvers, Sequence):
            raise _exc.ArgumentTypeError("required_approvers takes a list of PublicKey")
        keys = [require_public_key(a, "approver") for a in approvers]
        _lib.tenuo_mint_builder_clear_required_approvers(self._ptr)
        for key in keys:
            _lib.tenuo_mint_builder_add_required_approver(self._ptr, key._handle)
        return self

    def min_approvals(self, count: int) -> "MintBuilder":
        _lib.tenuo_mint_builder_set_min_approvals(
            self._ptr, _n.uint_arg(count, "min_approvals", _n.U32_MAX))
        return self

    def approval_gates(self, approval_gate_map: Mapping[str, Any]) -> "MintBuilder":
        """Gate tools behind approvals: ``{tool: None}`` (every call), ``{tool: {arg: None |
        constraint | {"exempt": constraint}}}``, or ``{tool: {"args": ..., "message": "..."}}``."""
        from .approval import gates_json

        return self._text(_lib.tenuo_mint_builder_set_approval_gates,
                          gates_json(approval_gate_map), "approval gates")

    # -- build --------------------------------------------------------------------------------

    def preview(self) -> Dict[str, Any]:
        """The settings so far, as the library holds them."""
        info = self._info()
        return {
            "type": info["type"],
            "tools": list(info["tools"]),
            "capabilities": {t: _constraint_objects(c) for t, c in info["capabilities"].items()},
            "constraints": _constraint_objects(info["constraints"]),
            "issuable_tools": info["issuable_tools"],
            "constraint_bounds": _constraint_objects(info["constraint_bounds"]),
            "ttl_seconds": info["ttl_seconds"],
            "holder": _key(info["holder"]),
            "session_id": info["session_id"],
            "clearance": info["clearance"],
            "max_depth": info["max_depth"],
            "terminal": info["terminal"],
        }

    def mint(self, key: SigningKey, *, now: Any = None) -> "Warrant":
        """Sign and return the warrant (``now`` sets ``issued_at``; default: the clock). The
        builder stays usable."""
        if type(key) is not SigningKey:
            require_signing_key(key, "issuer key")
        if now is None:
            when = int(_clock())
        elif type(now) is int and 0 <= now <= _I64_MAX:
            when = now
        else:
            when = _time_arg(now)
        last = _LAST_U64[0]  # _u64's cached pair, read inline
        out = _WarrantP()
        status = _raw_mint(self._ptr, key._handle, last[1] if last[0] == when else _u64(when),
                           _byref(out))
        if status:
            _raise(status)
        if not out:
            raise _exc.RuntimeError("tenuo: NULL warrant handle")
        warrant = _new_object(_Warrant)  # Warrant._wrap(out), inline
        warrant._ptr = warrant._handle = out
        return warrant

    build = mint


class GrantBuilder:
    """Builds a narrower child of ``parent``. Like the SDK it starts with **no** tools:
    add them with ``tool()``/``tools()`` (parent's constraints kept) or ``capability()``
    (narrower constraints), or take everything with ``inherit_all()``.

    Setters called without an argument return the current value (``builder.ttl()``).
    """

    __slots__ = ("_ptr", "_parent", "_intent", "__weakref__")

    def __init__(self, parent: "Warrant") -> None:
        from .warrant import Warrant

        if not isinstance(parent, Warrant):
            raise _exc.ArgumentTypeError(f"parent must be a Warrant, not {type(parent).__name__}")
        self._ptr = _n.call_handle(_grant_new, _GrantP, parent._handle, _SDK)
        self._parent = parent
        self._intent: Optional[str] = None

    def __del__(self) -> None:
        ptr = getattr(self, "_ptr", None)
        if ptr:
            self._ptr = None
            try:
                _grant_free(ptr)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass

    def _info(self) -> Dict[str, Any]:
        info: Dict[str, Any] = json.loads(
            _n.call_string(_lib.tenuo_grant_builder_info_json, self._ptr))
        return info

    def _text(self, fn: Any, value: Any, what: str) -> "GrantBuilder":
        data = _n.text_arg(value, what)
        fn(self._ptr, data, len(data))
        return self

    def parent(self) -> "Warrant":
        return self._parent

    def ttl(self, seconds: Any = _NOT_SET) -> Any:
        """Child lifetime in seconds (default: what the parent has left)."""
        if seconds is _NOT_SET:
            return self._info()["ttl_seconds"]
        _grant_set_ttl(self._ptr, _ttl(seconds))
        return self

    def expires_at(self, unix_seconds: Any = _NOT_SET) -> Any:
        if unix_seconds is _NOT_SET:
            return self._info()["expires_at"]
        _lib.tenuo_grant_builder_set_expires_at(
            self._ptr, _n.uint_arg(unix_seconds, "expires_at", _n.U64_MAX))
        return self

    def holder(self, public_key: Any = _NOT_SET) -> Any:
        """The child's holder (default: the parent's holder)."""
        if public_key is _NOT_SET:
            return _key(self._info()["holder"])
        _grant_set_holder(self._ptr, require_public_key(public_key, "holder")._handle)
        return self

    def clearance(self, level: Any = _NOT_SET) -> Any:
        if level is _NOT_SET:
            value = self._info()["clearance"]
            return None if value is None else Clearance(value)
        _lib.tenuo_grant_builder_set_clearance(self._ptr, _clearance(level))
        return self

    def intent(self, text: Any = _NOT_SET) -> Any:
        """A note for your own records; it is not part of the warrant."""
        if text is _NOT_SET:
            return self._intent
        self._intent = _text(text, "intent")
        return self

    def session_id(self, value: Any = _NOT_SET) -> Any:
        if value is _NOT_SET:
            return self._info()["session_id"]
        return self._text(_lib.tenuo_grant_builder_set_session_id, value, "session_id")

    def max_depth(self, depth: Any = _NOT_SET) -> Any:
        if depth is _NOT_SET:
            return self._info()["max_depth"]
        _lib.tenuo_grant_builder_set_max_depth(
            self._ptr, _n.uint_arg(depth, "max_depth", _n.U32_MAX))
        return self

    def terminal(self) -> "GrantBuilder":
        """The child may not be delegated further."""
        _lib.tenuo_grant_builder_set_terminal(self._ptr)
        return self

    def extension(self, key: str, value: bytes) -> "GrantBuilder":
        k, v = _extension(key, value)
        kb = k.encode("utf-8")
        _lib.tenuo_grant_builder_set_extension(self._ptr, kb, len(kb), v, len(v))
        return self

    def id(self, warrant_id: bytes) -> "GrantBuilder":
        raw = _id_bytes(warrant_id)
        _lib.tenuo_grant_builder_set_id(self._ptr, raw, len(raw))
        return self

    def approval_gates(self, approval_gate_map: Mapping[str, Any]) -> "GrantBuilder":
        """Add gates to those inherited from the parent (merged; the stricter gate wins)."""
        from .approval import gates_json

        return self._text(_lib.tenuo_grant_builder_add_approval_gates,
                          gates_json(approval_gate_map), "approval gates")

    def required_approvers(self, approvers: Sequence[PublicKey]) -> "GrantBuilder":
        """Add required approvers. The parent's approvers always stay; the child's threshold
        minus the approvers it adds must stay at least the parent's, so raise
        ``min_approvals`` along with them (checked at grant)."""
        if isinstance(approvers, PublicKey) or not isinstance(approvers, Sequence):
            raise _exc.ArgumentTypeError("required_approvers takes a list of PublicKey")
        for key in [require_public_key(a, "approver") for a in approvers]:
            _lib.tenuo_grant_builder_add_required_approver(self._ptr, key._handle)
        return self

    add_approvers = required_approvers

    def min_approvals(self, count: int) -> "GrantBuilder":
        """Set the child's approval threshold (it may only rise; checked at grant)."""
        _lib.tenuo_grant_builder_set_min_approvals(
            self._ptr, _n.uint_arg(count, "min_approvals", _n.U32_MAX))
        return self

    raise_min_approvals = min_approvals

    @property
    def capabilities(self) -> Dict[str, Dict[str, Any]]:
        """The tools selected so far, each with the constraints the child would get."""
        caps = self._info()["capabilities"]
        return {t: {k: v for k, v in _constraint_objects(c).items() if k != "_allow_unknown"}
                for t, c in caps.items()}

    def _capability_text(self, tool: Any, text: Optional[str]) -> "GrantBuilder":
        name = _n.text_arg(tool, "tool name")
        data, n = _json_arg(text)
        _grant_set_constraints(self._ptr, name, len(name), data, n)
        return self

    def capability(self, tool: str, constraints: Optional[Mapping[str, Any]] = None,
                   **kwargs: Any) -> "GrantBuilder":
        """Keep ``tool`` with these (narrower) constraints, replacing the parent's set."""
        return self._capability_text(tool, constraints_json(_merge_constraints(constraints,
                                                                                kwargs)))

    def tool(self, name: str) -> "GrantBuilder":
        """Keep ``name`` with the parent's constraints (a narrower ``capability()`` for the
        same tool stays as it is)."""
        return self._text(_grant_select, name, "tool name")

    def tools(self, names: Sequence[str]) -> "GrantBuilder":
        for name in _tool_list(names):
            self.tool(name)
        return self

    def inherit_all(self) -> "GrantBuilder":
        """Start from all of the parent's tools and constraints."""
        _lib.tenuo_grant_builder_inherit_all(self._ptr)
        return self

    def retain_tool(self, name: str) -> "GrantBuilder":
        return self.retain_tools([name])

    def retain_tools(self, names: Sequence[str]) -> "GrantBuilder":
        """Keep only these of the tools selected so far (e.g. after ``inherit_all()``)."""
        data = _names_json(names)
        _lib.tenuo_grant_builder_retain_tools(self._ptr, data, len(data))
        return self

    def drop_tools(self, names: Sequence[str]) -> "GrantBuilder":
        """Remove these tools from the selection."""
        data = _names_json(names)
        _lib.tenuo_grant_builder_drop_tools(self._ptr, data, len(data))
        return self

    def grant(self, key: SigningKey, *, now: Any = None) -> "Warrant":
        """Sign the child with ``key`` (the parent's holder key). The builder stays usable."""
        require_signing_key(key, "key")
        # A key other than the parent's holder raises DelegationAuthorityError: the library
        # reports that kind as data (tenuo_last_error_kind), as the SDK's class for it.
        out = _n.call_handle(_grant_grant, _WarrantP, self._ptr, key._handle, _n.time_arg(now))
        return _wrap_warrant(out)

    delegate = grant
    build = grant
    issue = grant


def _wrap_warrant(ptr: Any) -> "Warrant":
    return _Warrant._wrap(ptr)


#: tenuo.warrant.Warrant, set by that module once it is defined (it imports this one).
_Warrant: Any = None
