"""LangGraph integration: warrants travel in graph state, keys never do.
::

    from tenuo.langgraph import TenuoToolNode, guard_node, load_tenuo_keys, tenuo_node

    load_tenuo_keys()                                   # TENUO_KEY_WORKER=... -> id "worker"
    graph.add_node("agent", guard_node(my_agent, key_id="worker"))
    graph.add_node("tools", TenuoToolNode([search, calculator]))
    graph.invoke({"warrant": str(warrant), "messages": [...]},
                 config={"configurable": {"tenuo_key_id": "worker"}})

The state's ``warrant`` is the warrant's base64 string (``str(warrant)``; a ``Warrant`` object is
accepted too); an optional ``warrant_chain`` holds a delegated warrant's parents, root first.
The signing key is looked up in the process's :class:`~tenuo.KeyRegistry` by id: ``key_id=``
of the wrapper, else ``config["configurable"]["tenuo_key_id"]``, else ``"default"``. So a
checkpoint (the state) holds the warrant and an id, and no key material.

- ``guard_node(fn, key_id=..., required_tools=[...])``: the node runs only when the state's
  warrant binds to the key (and covers ``required_tools``); ConfigurationError otherwise.
- ``tenuo_node``: like ``guard_node``, and passes the ``BoundWarrant`` as ``bound_warrant=``.
- ``TenuoToolNode([...])``: LangGraph's ``ToolNode`` whose every tool call is authorized by the
  library (tool name and arguments, with a fresh proof-of-possession) before the tool runs. A
  denied call becomes an error ``ToolMessage`` ``Authorization denied (ref: <id>)`` (the SDK's
  answer; ``ref`` is the audit event's), so the graph continues and the tool does not run.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Dict, List, Optional, Sequence

from ._extras import require

require("langgraph")

from langchain_core.messages import ToolMessage  # noqa: E402
from langgraph.prebuilt import ToolNode  # noqa: E402

from . import exceptions as _exc  # noqa: E402
from .audit import audit_logger  # noqa: E402
from .bound_warrant import BoundWarrant  # noqa: E402
from .config import get_config  # noqa: E402
from .keys import PublicKey  # noqa: E402
from .keys_registry import KeyRegistry, load_tenuo_keys  # noqa: E402
from ._calls import authorize_call, trusted_roots_for  # noqa: E402
from .authorizer import Authorizer  # noqa: E402
from .warrant import Warrant  # noqa: E402

__all__ = ["guard_node", "tenuo_node", "TenuoToolNode", "load_tenuo_keys", "require_warrant",
           "bound_warrant_from_state"]

#: A warrant string longer than this is refused before decoding (the SDK's guard).
_MAX_WARRANT_TEXT = 262_144


def _state_dict(state: Any) -> Dict[str, Any]:
    if isinstance(state, dict):
        return state
    if hasattr(state, "model_dump"):
        return state.model_dump()
    return dict(vars(state))


def _key_id(config: Optional[Dict[str, Any]], explicit: Optional[str]) -> str:
    if explicit:
        return explicit
    configurable = (config or {}).get("configurable") or {}
    return str(configurable.get("tenuo_key_id") or "default")


def _as_warrant(value: Any, what: str) -> Warrant:
    if isinstance(value, Warrant):
        return value
    if isinstance(value, str):
        if len(value) > _MAX_WARRANT_TEXT:
            raise _exc.ConfigurationError(f"{what} is {len(value)} characters long: refused")
        try:
            return Warrant.from_base64(value)
        except _exc.TenuoError as err:
            raise _exc.ConfigurationError(f"{what} does not decode: {type(err).__name__}") from None
    raise _exc.ConfigurationError(f"{what} must be a warrant string (str(warrant)), "
                                  f"not {type(value).__name__}")


def _chain(state: Dict[str, Any], default: Optional[Sequence[Any]]) -> List[Warrant]:
    parents = state.get("warrant_chain")
    if parents is None:
        parents = default or []
    return [_as_warrant(p, "warrant_chain entry") for p in parents]


def bound_warrant_from_state(state: Any, config: Optional[Dict[str, Any]] = None, *,
                             key_id: Optional[str] = None) -> BoundWarrant:
    """The state's warrant bound to the registry's key (ConfigurationError naming what is
    missing: the ``warrant`` field, or the key id)."""
    data = _state_dict(state)
    value = data.get("warrant")
    if not value:
        raise _exc.ConfigurationError("the graph state has no 'warrant': put str(warrant) there")
    warrant = value.warrant if isinstance(value, BoundWarrant) else _as_warrant(value, "state['warrant']")
    kid = _key_id(config, key_id)
    try:
        key = KeyRegistry.get_instance().get(kid)
    except KeyError:
        raise _exc.ConfigurationError(
            f"no key '{kid}' in the KeyRegistry: register it or load it with load_tenuo_keys() "
            f"(TENUO_KEY_{kid.upper().replace('-', '_')})") from None
    cfg = get_config()
    return BoundWarrant(warrant, key, trusted_roots=list(cfg.trusted_roots) if cfg.configured else None)


require_warrant = bound_warrant_from_state


def _accepts(fn: Callable, name: str) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _node_wrapper(fn: Callable, key_id: Optional[str], inject: bool,
                  required_tools: Optional[Sequence[str]],
                  trusted_roots: Optional[Sequence[PublicKey]]) -> Callable:
    wants_config = _accepts(fn, "config")

    def prepare(state: Any, config: Any) -> Dict[str, Any]:
        try:
            bound = bound_warrant_from_state(state, config, key_id=key_id)
            parents = _chain(_state_dict(state), None)
        except _exc.ConfigurationError as err:
            raise _exc.ConfigurationError(f"node '{fn.__name__}': {err}") from None
        for tool in required_tools or ():
            if tool not in bound.tools:
                raise _exc.ConfigurationError(
                    f"node '{fn.__name__}': the warrant does not grant tool '{tool}'")
        if required_tools:  # the chain itself must verify (roots, expiry) before the node runs
            chain = [*parents, bound.warrant]
            with Authorizer(trusted_roots=trusted_roots_for(trusted_roots, chain)) as auth:
                auth.verify_chain(chain)
        extra: Dict[str, Any] = {}
        if inject:
            extra["bound_warrant"] = bound
        if wants_config and config is not None:
            extra["config"] = config
        return extra

    if inspect.iscoroutinefunction(fn):
        @functools.wraps(fn)
        async def async_node(state: Any, config: Any = None) -> Any:
            return await fn(state, **prepare(state, config))
        node: Callable = async_node
    else:
        @functools.wraps(fn)
        def sync_node(state: Any, config: Any = None) -> Any:
            return fn(state, **prepare(state, config))
        node = sync_node
    # LangGraph passes ``config`` by looking at the signature: show (state, config).
    node.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("state", inspect.Parameter.POSITIONAL_OR_KEYWORD),
        inspect.Parameter("config", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None)])
    return node


def guard_node(node: Callable, *, key_id: Optional[str] = None, inject_warrant: bool = False,
               required_tools: Optional[Sequence[str]] = None,
               trusted_roots: Optional[Sequence[PublicKey]] = None) -> Callable:
    """Run ``node(state)`` only when the state's warrant binds to the registry key (and, with
    ``required_tools``, grants those tools and verifies against the trusted roots)."""
    return _node_wrapper(node, key_id, inject_warrant, required_tools, trusted_roots)


def tenuo_node(func: Optional[Callable] = None, *, key_id: Optional[str] = None) -> Any:
    """Decorator: call ``func(state, bound_warrant=<BoundWarrant>)``."""
    if func is None:
        return lambda f: _node_wrapper(f, key_id, True, None, None)
    return _node_wrapper(func, key_id, True, None, None)


class TenuoToolNode(ToolNode):
    """LangGraph's ``ToolNode`` with each tool call authorized first (see the module doc)."""

    def __init__(self, tools: Sequence[Any], *, key_id: Optional[str] = None,
                 trusted_roots: Optional[Sequence[PublicKey]] = None,
                 warrant_chain: Optional[Sequence[Any]] = None,
                 expose_error_details: bool = False, **kwargs: Any) -> None:
        def decide(request: Any) -> Optional[ToolMessage]:
            call = request.tool_call
            name, args = call.get("name", ""), dict(call.get("args") or {})
            config = getattr(getattr(request, "runtime", None), "config", None)
            audit_logger._begin()
            try:
                bound = bound_warrant_from_state(request.state, config, key_id=key_id)
                parents = _chain(_state_dict(request.state), warrant_chain)
                authorize_call(name, args, bound, warrant_chain=parents,
                               trusted_roots=trusted_roots)
            except _exc.TenuoError as err:
                event = audit_logger._last()
                ref = str(event["ref"]) if event and event.get("ref") else _fresh_ref()
                text = f"Authorization denied (ref: {ref})"
                if expose_error_details:
                    text += f": {err}"
                return ToolMessage(content=text, tool_call_id=call.get("id") or "unknown",
                                   name=name, status="error")
            return None

        def wrap(request: Any, handler: Callable[[Any], Any]) -> Any:
            return decide(request) or handler(request)

        async def awrap(request: Any, handler: Callable[[Any], Any]) -> Any:
            denied = decide(request)
            return denied if denied is not None else await handler(request)

        super().__init__(list(tools), wrap_tool_call=wrap, awrap_tool_call=awrap, **kwargs)


def _fresh_ref() -> str:
    import secrets
    return secrets.token_hex(4)

