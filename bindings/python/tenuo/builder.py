"""Fluent builders: :class:`MintBuilder` (root warrants) and :class:`GrantBuilder` (delegation).

The builders only collect settings and check Python types. At ``mint()``/``grant()`` they hand
everything to the library's builder, which applies the protocol rules (limits, narrowing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple, Union

from . import _abi
from . import _native as _n
from . import exceptions as _exc
from .constraints import Constraint, constraints_json
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


class _NativeBuilder:
    """Applies settings to a library builder handle with uniform text/bytes conversions."""

    def __init__(self, prefix: str, ptr: Any) -> None:
        self.prefix = prefix
        self.ptr = ptr

    def call(self, name: str, *args: Any) -> None:
        getattr(_n.lib, self.prefix + name)(self.ptr, *args)

    def text(self, name: str, value: str) -> None:
        data = value.encode("utf-8")
        self.call(name, data, len(data))


class MintBuilder:
    """Builds a root warrant::

        warrant = (Warrant.mint_builder()
            .capability("read_file", path=Pattern("/data/*"))
            .holder(agent_key.public_key)
            .ttl(3600)
            .mint(issuer_key))

    ``.issuer()`` (or ``.issuable_tools([...])``) switches to an issuer warrant.
    """

    def __init__(self) -> None:
        self._capabilities: Dict[str, Dict[str, Any]] = {}
        self._capability_text: Dict[str, Optional[str]] = {}  # JSON sent as built at capability()
        self._tools: List[str] = []
        self._constraints: Dict[str, Any] = {}
        self._ttl: int = DEFAULT_MINT_TTL_SECS
        self._expires_at: Optional[int] = None
        self._holder: Optional[PublicKey] = None
        self._session_id: Optional[str] = None
        self._agent_id: Optional[str] = None
        self._clearance: Optional[int] = None
        self._max_depth: Optional[int] = None
        self._terminal = False
        self._is_issuer = False
        self._issuable_tools: Optional[List[str]] = None
        self._constraint_bounds: Dict[str, Any] = {}
        self._max_issue_depth: Optional[int] = None
        self._required_approvers: List[PublicKey] = []
        self._min_approvals: Optional[int] = None
        self._approval_gates: Optional[str] = None
        self._extensions: Dict[str, bytes] = {}
        self._id: Optional[bytes] = None

    # -- execution warrants -------------------------------------------------------------------

    def tool(self, tool: str) -> "MintBuilder":
        """Add one tool (with the constraints given by ``constraint()``, if any)."""
        name = _tool_name(tool)
        if name not in self._tools:
            self._tools.append(name)
        return self

    def tools(self, tools: Union[str, Sequence[str]]) -> "MintBuilder":
        """Set the tool list."""
        self._tools = []
        for name in _tool_list(tools):
            self.tool(name)
        return self

    def constraint(self, field: str, value: Constraint) -> "MintBuilder":
        """A constraint applied to the tools added with ``tool()``/``tools()``."""
        self._constraints[_text(field, "constraint name")] = value
        constraints_json({field: value})  # type check now, not at mint
        return self

    def constraints(self, constraints: Mapping[str, Any]) -> "MintBuilder":
        constraints_json(constraints)
        self._constraints = dict(constraints)
        return self

    def capability(self, tool: str, constraints: Optional[Mapping[str, Any]] = None,
                   **kwargs: Any) -> "MintBuilder":
        """Add a tool with its own constraints: ``.capability("t", path=Pattern("/d/*"))`` or
        ``.capability("t", {"path": Pattern("/d/*")})``. ``_allow_unknown=True`` lifts the
        zero-trust rule for unknown arguments."""
        merged = _merge_constraints(constraints, kwargs)
        name = _tool_name(tool)
        self._capability_text[name] = constraints_json(merged) if merged else None
        self._capabilities[name] = merged
        return self

    # -- common settings ----------------------------------------------------------------------

    def ttl(self, seconds: int) -> "MintBuilder":
        """Lifetime in seconds (default 3600)."""
        self._ttl = _ttl(seconds)
        return self

    def expires_at(self, unix_seconds: int) -> "MintBuilder":
        self._expires_at = _n.uint_arg(unix_seconds, "expires_at", _n.U64_MAX)
        return self

    def holder(self, public_key: PublicKey) -> "MintBuilder":
        """Who may use the warrant (default: the issuer itself)."""
        self._holder = require_public_key(public_key, "holder")
        return self

    def session_id(self, session_id: str) -> "MintBuilder":
        self._session_id = _text(session_id, "session_id")
        return self

    def agent_id(self, agent_id: str) -> "MintBuilder":
        self._agent_id = _text(agent_id, "agent_id")
        return self

    def clearance(self, level: Union[int, Clearance]) -> "MintBuilder":
        self._clearance = _clearance(level)
        return self

    def max_depth(self, depth: int) -> "MintBuilder":
        """How many delegation levels may follow."""
        self._max_depth = _n.uint_arg(depth, "max_depth", _n.U32_MAX)
        return self

    def terminal(self) -> "MintBuilder":
        """No delegation at all."""
        self._terminal = True
        return self

    def extension(self, key: str, value: bytes) -> "MintBuilder":
        k, v = _extension(key, value)
        self._extensions[k] = v
        return self

    def id(self, warrant_id: bytes) -> "MintBuilder":
        """A fixed 16-byte id (tests and vectors; normally a fresh UUIDv7 is used)."""
        self._id = _id_bytes(warrant_id)
        return self

    # -- issuer warrants ----------------------------------------------------------------------

    def issuer(self) -> "MintBuilder":
        """Make an issuer warrant (it issues execution warrants, it cannot call tools)."""
        self._is_issuer = True
        return self

    def issuable_tools(self, tools: Sequence[str]) -> "MintBuilder":
        self._is_issuer = True
        self._issuable_tools = _tool_list(tools)
        return self

    def constraint_bound(self, field: str, value: Constraint) -> "MintBuilder":
        constraints_json({field: value})
        self._constraint_bounds[_text(field, "constraint name")] = value
        return self

    def constraint_bounds(self, bounds: Mapping[str, Any]) -> "MintBuilder":
        constraints_json(bounds)
        self._constraint_bounds = dict(bounds)
        return self

    def max_issue_depth(self, depth: int) -> "MintBuilder":
        self._max_issue_depth = _n.uint_arg(depth, "max_issue_depth", _n.U32_MAX)
        return self

    def required_approvers(self, approvers: Sequence[PublicKey]) -> "MintBuilder":
        if isinstance(approvers, PublicKey) or not isinstance(approvers, Sequence):
            raise _exc.ArgumentTypeError("required_approvers takes a list of PublicKey")
        self._required_approvers = [require_public_key(a, "approver") for a in approvers]
        return self

    def min_approvals(self, count: int) -> "MintBuilder":
        self._min_approvals = _n.uint_arg(count, "min_approvals", _n.U32_MAX)
        return self

    def approval_gates(self, approval_gate_map: Mapping[str, Any]) -> "MintBuilder":
        """Gate tools behind approvals: ``{tool: None}`` (every call), ``{tool: {arg: None |
        constraint | {"exempt": constraint}}}``, or ``{tool: {"args": ..., "message": "..."}}``."""
        from .approval import gates_json

        self._approval_gates = gates_json(approval_gate_map)
        return self

    # -- build --------------------------------------------------------------------------------

    def preview(self) -> Dict[str, Any]:
        """The settings collected so far."""
        return {
            "type": "issuer" if self._is_issuer else "execution",
            "tools": list(self._tools),
            "capabilities": {t: dict(c) for t, c in self._capabilities.items()},
            "constraints": dict(self._constraints),
            "issuable_tools": self._issuable_tools,
            "constraint_bounds": dict(self._constraint_bounds),
            "ttl_seconds": self._ttl,
            "holder": self._holder,
            "session_id": self._session_id,
            "clearance": self._clearance,
            "max_depth": self._max_depth,
            "terminal": self._terminal,
        }

    def _capability_list(self) -> Dict[str, Dict[str, Any]]:
        caps = {t: dict(c) for t, c in self._capabilities.items()}
        for name in self._tools:
            caps.setdefault(name, dict(self._constraints))
        return caps

    def mint(self, key: SigningKey, *, now: Any = None) -> "Warrant":
        """Sign and return the warrant (``now`` sets ``issued_at``; default: the clock)."""
        from .warrant import Warrant

        require_signing_key(key, "issuer key")
        when = _n.time_arg(now)
        lib = _n.lib
        ptr = _n.call_handle(lib.tenuo_mint_builder_new, _n.MintBuilderP,
                             _n.WARRANT_ISSUER if self._is_issuer else _n.WARRANT_EXECUTION)
        try:
            # The common settings go straight to their native setters; the rarer ones (issuer
            # warrants, ids, extensions, approvals) through the uniform helper.
            if not self._is_issuer:
                add_tool = lib.tenuo_mint_builder_add_tool
                if self._tools:
                    texts = dict(self._capability_text)
                    shared = constraints_json(self._constraints) if self._constraints else None
                    for name in self._tools:
                        texts.setdefault(name, shared)
                else:
                    texts = self._capability_text
                for tool, text in texts.items():
                    data = tool.encode("utf-8")
                    if text:
                        body = text.encode("utf-8")
                        add_tool(ptr, data, len(data), body, len(body))
                    else:
                        add_tool(ptr, data, len(data), None, 0)
            else:
                b = _NativeBuilder("tenuo_mint_builder_", ptr)
                for tool in self._issuable_tools or []:
                    b.text("add_issuable_tool", tool)
                if self._constraint_bounds:
                    b.text("set_constraint_bounds", constraints_json(self._constraint_bounds) or "{}")
                if self._max_issue_depth is not None:
                    b.call("set_max_issue_depth", self._max_issue_depth)
            # What equals the library's default is not sent (each call is ~1-1.5 µs): the holder
            # defaults to the issuer's key, the issue time to the `when` given to mint, the TTL
            # to TENUO_DEFAULT_MINT_TTL_SECONDS.
            if self._holder is not None:
                lib.tenuo_mint_builder_set_holder(ptr, self._holder._handle)
            # When both are set the absolute expiry wins (the library's rule; the reference's
            # mint builder has no expires_at).
            if self._expires_at is not None:
                lib.tenuo_mint_builder_set_expires_at(ptr, self._expires_at)
            elif self._ttl != DEFAULT_MINT_TTL_SECS:
                lib.tenuo_mint_builder_set_ttl(ptr, self._ttl)
            if self._rare_settings():
                self._apply_rare(_NativeBuilder("tenuo_mint_builder_", ptr))
            out = _n.call_handle(lib.tenuo_mint_builder_mint, _n.WarrantP, ptr, key._handle, when)
        finally:
            lib.tenuo_mint_builder_free(ptr)
        return Warrant._wrap(out)

    def _rare_settings(self) -> bool:
        return (self._id is not None or self._max_depth is not None or self._terminal
                or self._clearance is not None or self._session_id is not None
                or self._agent_id is not None or bool(self._extensions)
                or bool(self._required_approvers) or self._min_approvals is not None
                or self._approval_gates is not None)

    def _apply_rare(self, b: _NativeBuilder) -> None:
        if self._id is not None:
            b.call("set_id", self._id, len(self._id))
        if self._max_depth is not None:
            b.call("set_max_depth", self._max_depth)
        if self._terminal:
            b.call("set_terminal")
        if self._clearance is not None:
            b.call("set_clearance", self._clearance)
        if self._session_id is not None:
            b.text("set_session_id", self._session_id)
        if self._agent_id is not None:
            b.text("set_agent_id", self._agent_id)
        for k, v in self._extensions.items():
            kb = k.encode("utf-8")
            b.call("set_extension", kb, len(kb), v, len(v))
        for approver in self._required_approvers:
            b.call("add_required_approver", approver._handle)
        if self._min_approvals is not None:
            b.call("set_min_approvals", self._min_approvals)
        if self._approval_gates is not None:
            b.text("set_approval_gates", self._approval_gates)

    build = mint


class GrantBuilder:
    """Builds a narrower child of ``parent``. Like the SDK it starts with **no** tools:
    add them with ``tool()``/``tools()`` (parent's constraints kept) or ``capability()``
    (narrower constraints), or take everything with ``inherit_all()``.

    Setters called without an argument return the current value (``builder.ttl()``).
    """

    def __init__(self, parent: "Warrant") -> None:
        from .warrant import Warrant

        if not isinstance(parent, Warrant):
            raise _exc.ArgumentTypeError(f"parent must be a Warrant, not {type(parent).__name__}")
        self._parent = parent
        self._selected: Dict[str, Optional[Dict[str, Any]]] = {}
        self._selected_text: Dict[str, Optional[str]] = {}  # JSON sent, built at selection
        self._inherit_all = False
        self._retain: Optional[List[str]] = None
        self._ttl: Optional[int] = None
        self._expires_at: Optional[int] = None
        self._holder: Optional[PublicKey] = None
        self._clearance: Optional[int] = None
        self._intent: Optional[str] = None
        self._terminal = False
        self._max_depth: Optional[int] = None
        self._session_id: Optional[str] = None
        self._extensions: Dict[str, bytes] = {}
        self._id: Optional[bytes] = None
        self._approval_gates: Optional[str] = None
        self._added_approvers: List[PublicKey] = []
        self._raised_min: Optional[int] = None

    def parent(self) -> "Warrant":
        return self._parent

    def ttl(self, seconds: Any = _NOT_SET) -> Any:
        """Child lifetime in seconds (default: what the parent has left)."""
        if seconds is _NOT_SET:
            return self._ttl
        self._ttl = _ttl(seconds)
        return self

    def expires_at(self, unix_seconds: Any = _NOT_SET) -> Any:
        if unix_seconds is _NOT_SET:
            return self._expires_at
        self._expires_at = _n.uint_arg(unix_seconds, "expires_at", _n.U64_MAX)
        return self

    def holder(self, public_key: Any = _NOT_SET) -> Any:
        """The child's holder (default: the parent's holder)."""
        if public_key is _NOT_SET:
            return self._holder
        self._holder = require_public_key(public_key, "holder")
        return self

    def clearance(self, level: Any = _NOT_SET) -> Any:
        if level is _NOT_SET:
            return None if self._clearance is None else Clearance(self._clearance)
        self._clearance = _clearance(level)
        return self

    def intent(self, text: Any = _NOT_SET) -> Any:
        """A note for your own records; it is not part of the warrant."""
        if text is _NOT_SET:
            return self._intent
        self._intent = _text(text, "intent")
        return self

    def session_id(self, value: Any = _NOT_SET) -> Any:
        if value is _NOT_SET:
            return self._session_id
        self._session_id = _text(value, "session_id")
        return self

    def max_depth(self, depth: Any = _NOT_SET) -> Any:
        if depth is _NOT_SET:
            return self._max_depth
        self._max_depth = _n.uint_arg(depth, "max_depth", _n.U32_MAX)
        return self

    def terminal(self) -> "GrantBuilder":
        """The child may not be delegated further."""
        self._terminal = True
        return self

    def extension(self, key: str, value: bytes) -> "GrantBuilder":
        k, v = _extension(key, value)
        self._extensions[k] = v
        return self

    def id(self, warrant_id: bytes) -> "GrantBuilder":
        self._id = _id_bytes(warrant_id)
        return self

    def approval_gates(self, approval_gate_map: Mapping[str, Any]) -> "GrantBuilder":
        """Add gates to those inherited from the parent (merged; the stricter gate wins)."""
        from .approval import gates_json

        self._approval_gates = gates_json(approval_gate_map)
        return self

    def required_approvers(self, approvers: Sequence[PublicKey]) -> "GrantBuilder":
        """Add required approvers. The parent's approvers always stay; the child's threshold
        minus the approvers it adds must stay at least the parent's, so raise
        ``min_approvals`` along with them (checked at grant)."""
        if isinstance(approvers, PublicKey) or not isinstance(approvers, Sequence):
            raise _exc.ArgumentTypeError("required_approvers takes a list of PublicKey")
        self._added_approvers += [require_public_key(a, "approver") for a in approvers]
        return self

    add_approvers = required_approvers

    def min_approvals(self, count: int) -> "GrantBuilder":
        """Set the child's approval threshold (it may only rise; checked at grant)."""
        self._raised_min = _n.uint_arg(count, "min_approvals", _n.U32_MAX)
        return self

    raise_min_approvals = min_approvals

    @property
    def capabilities(self) -> Dict[str, Dict[str, Any]]:
        """The tools selected so far (``{}`` constraints = the parent's)."""
        return {t: dict(c or {}) for t, c in self._selected.items()}

    def _select(self, tool: str, constraints: Optional[Dict[str, Any]],
                strings_are_exact: bool) -> None:
        name = _tool_name(tool)
        self._selected_text[name] = constraints_json(constraints,
                                                     strings_are_exact=strings_are_exact)
        self._selected[name] = constraints

    def capability(self, tool: str, constraints: Optional[Mapping[str, Any]] = None,
                   **kwargs: Any) -> "GrantBuilder":
        """Keep ``tool`` with these (narrower) constraints, replacing the parent's set."""
        self._select(tool, _merge_constraints(constraints, kwargs), False)
        return self

    def tool(self, name: str) -> "GrantBuilder":
        """Keep ``name`` with the parent's constraints (a narrower ``capability()`` for the
        same tool stays as it is)."""
        if self._inherit_all:
            raise _exc.ValidationError(
                "tool() after inherit_all() would keep everything; use retain_tool()"
            )
        name = _tool_name(name)
        if name not in self._selected:
            self._selected[name] = None
        return self

    def tools(self, names: Sequence[str]) -> "GrantBuilder":
        for name in _tool_list(names):
            self.tool(name)
        return self

    def inherit_all(self) -> "GrantBuilder":
        """Start from all of the parent's tools and constraints."""
        self._inherit_all = True
        return self

    def retain_tool(self, name: str) -> "GrantBuilder":
        return self.retain_tools([name])

    def retain_tools(self, names: Sequence[str]) -> "GrantBuilder":
        """After ``inherit_all()``: keep only these tools."""
        keep = _tool_list(names)
        self._retain = keep if self._retain is None else [t for t in self._retain if t in keep]
        return self

    def grant(self, key: SigningKey, *, now: Any = None) -> "Warrant":
        """Sign the child with ``key`` (the parent's holder key)."""
        from .warrant import Warrant

        require_signing_key(key, "key")
        when = _n.time_arg(now)
        ptr = _n.call_handle(_n.lib.tenuo_grant_builder_new, _n.GrantBuilderP,
                             self._parent._handle)
        with _n.owned(ptr, "tenuo_grant_builder_free"):
            b = _NativeBuilder("tenuo_grant_builder_", ptr)
            # Which tools the child keeps is the caller's choice; what a choice means (an empty
            # one is refused, an issuable tool without constraints starts unconstrained) is the
            # library's rule.
            if self._inherit_all:
                chosen: Optional[List[str]] = self._retain
            else:
                chosen = [t for t in self._selected
                          if self._retain is None or t in self._retain]
            if chosen is not None:
                b.call("choose_tools")
                for tool in chosen:
                    b.text("allow_tool", tool)
            for tool, text in self._selected_text.items():
                if text is not None and (chosen is None or tool in chosen):
                    tb = tool.encode("utf-8")
                    body = text.encode("utf-8")
                    b.call("set_constraints", tb, len(tb), body, len(body))
            if self._holder is not None:
                b.call("set_holder", self._holder._handle)
            # The issue time is the `when` given to grant (the library's default): not sent.
            if self._expires_at is not None:
                b.call("set_expires_at", self._expires_at)
            if self._ttl is not None:
                b.call("set_ttl", self._ttl)
            if self._id is not None:
                b.call("set_id", self._id, len(self._id))
            if self._max_depth is not None:
                b.call("set_max_depth", self._max_depth)
            if self._terminal:
                b.call("set_terminal")
            if self._clearance is not None:
                b.call("set_clearance", self._clearance)
            if self._session_id is not None:
                b.text("set_session_id", self._session_id)
            for k, v in self._extensions.items():
                kb = k.encode("utf-8")
                b.call("set_extension", kb, len(kb), v, len(v))
            if self._approval_gates is not None:
                b.text("add_approval_gates", self._approval_gates)
            for approver in self._added_approvers:
                b.call("add_required_approver", approver._handle)
            if self._raised_min is not None:
                b.call("set_min_approvals", self._raised_min)
            try:
                out = _n.call_handle(_n.lib.tenuo_grant_builder_grant, _n.WarrantP, ptr,
                                     key._handle, when)
            except _exc.ChainError as err:
                if err.status != _exc.ErrorCode.INVALID_ISSUER:
                    raise
                # Only the parent's holder may delegate it (the SDK's class for this).
                raise _exc.DelegationAuthorityError(err.message, status=err.status,
                                                    status_name=err.status_name) from None
        return Warrant._wrap(out)

    delegate = grant
    build = grant
    issue = grant
