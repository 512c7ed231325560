"""`@guard`: a function runs only when the warrant in scope authorizes the call.

::

    @guard(tool="search")
    def search(query: str) -> str: ...

    with mint_sync(Capability("search", query=Pattern("weather *"))):
        search(query="weather NYC")      # allowed
        search(query="stock prices")     # AuthorizationDenied: Authorization denied (ref: 1a2b3c4d)

At each call the guard takes the call's arguments by parameter name (positional, keyword and
defaults, from the function's signature), signs a proof-of-possession with the key in scope,
and asks the library's authorizer (the configured trusted roots) to decide on the whole chain
in scope. The decision and every rule behind it are the library's; the guard only carries
the call there. A call outside any scope is denied.

A denial raises :class:`~tenuo.exceptions.AuthorizationDenied` whose message is opaque by
default, ``Authorization denied (ref: <id>)``: the details are in the audit log under the same
``ref``. ``configure(expose_error_details=True)`` (or ``@guard(..., expose_error_details=True)``)
puts the reason in the message, for development.
"""

from __future__ import annotations

import functools
import inspect
import secrets
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from .audit import AuditEvent, AuditEventType, audit_logger
from .authorizer import Authorizer
from .config import get_config, resolve_trusted_roots
from .exceptions import AuthorizationDenied, TenuoError
from .scoped import current_scope

__all__ = ["guard", "lockdown", "protect_tools", "NO_SCOPE"]

#: ``error_code`` of the audit event for a guarded call made outside any scope.
NO_SCOPE = "NO_WARRANT_IN_SCOPE"


def _call_arguments(sig: Optional[inspect.Signature], args: tuple, kwargs: dict,
                    mapping: Optional[Mapping[str, str]]) -> Dict[str, Any]:
    if sig is None:
        out = dict(kwargs)
    else:
        bound = sig.bind(*args, **kwargs)   # a call that does not fit raises TypeError here
        bound.apply_defaults()
        out = {}
        for name, value in bound.arguments.items():
            kind = sig.parameters[name].kind
            if kind is inspect.Parameter.VAR_KEYWORD:
                out.update(value)
            elif kind is inspect.Parameter.VAR_POSITIONAL:
                continue  # no name to constrain
            else:
                out[name] = value
    if mapping:
        out = {mapping.get(k, k): v for k, v in out.items()}
    return out


def _deny(tool: str, reason: str, ref: str, expose: bool, status: Optional[int] = None,
          cause: Optional[BaseException] = None) -> AuthorizationDenied:
    text = f"Authorization denied (ref: {ref})"
    if expose:
        text += f": {reason}"
        err = AuthorizationDenied(text, tool=tool, reason=reason, status=status)
    else:
        err = AuthorizationDenied(text, tool=tool)
    err.ref = ref  # type: ignore[attr-defined]
    return err


class _Guard:
    def __init__(self, func: Callable, tool: str, extract_args: Optional[Callable[..., dict]],
                 mapping: Optional[Mapping[str, str]], trusted_roots: Any,
                 expose_error_details: Optional[bool]) -> None:
        self.func = func
        self.tool = tool
        self.extract_args = extract_args
        self.mapping = dict(mapping) if mapping else None
        try:
            self.sig: Optional[inspect.Signature] = inspect.signature(func)
        except (TypeError, ValueError):
            self.sig = None
        self.authorizer = (Authorizer(trusted_roots=resolve_trusted_roots(trusted_roots))
                           if trusted_roots is not None else None)
        self.expose = expose_error_details

    def check(self, args: tuple, kwargs: dict) -> None:
        cfg = get_config()
        expose = cfg.expose_error_details if self.expose is None else self.expose
        scope = current_scope()
        if scope is None:
            event = AuditEvent(AuditEventType.AUTHORIZATION_FAILURE, tool=self.tool,
                               action="denied", error_code=NO_SCOPE,
                               details=f"no warrant in scope for tool '{self.tool}'")
            audit_logger.log(event)
            raise _deny(self.tool, f"no warrant in scope for tool '{self.tool}': call it inside "
                        "mint_sync()/mint()/root_task() or `with bound_warrant:`",
                        event.ref, expose)
        if self.extract_args is not None:
            call_args = dict(self.extract_args(*args, **kwargs))
        else:
            call_args = _call_arguments(self.sig, args, kwargs, self.mapping)
        authorizer = self.authorizer or cfg.get_authorizer()
        audit_logger._begin()
        try:
            pop = scope.warrant.sign(scope.key, self.tool, call_args)
            authorizer.check_chain(scope.chain, self.tool, call_args, signature=bytes(pop))
        except TenuoError as err:
            event = audit_logger._last()
            if event and event.get("tool") == self.tool and event.get("action") == "denied":
                ref = str(event.get("ref"))
            else:  # no sink installed (audit off), or the PoP could not be made
                ref = secrets.token_hex(4)
            raise _deny(self.tool, str(err), ref, expose, getattr(err, "status", None)) from None

    def wrap(self) -> Callable:
        func = self.func
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def async_guarded(*args: Any, **kwargs: Any) -> Any:
                self.check(args, kwargs)
                return await func(*args, **kwargs)

            async_guarded.__tenuo_tool__ = self.tool  # type: ignore[attr-defined]
            return async_guarded

        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.check(args, kwargs)
            return func(*args, **kwargs)

        guarded.__tenuo_tool__ = self.tool  # type: ignore[attr-defined]
        return guarded


def guard(tool_or_func: Any = None, *, tool: Optional[str] = None,
          extract_args: Optional[Callable[..., dict]] = None,
          mapping: Optional[Mapping[str, str]] = None, trusted_roots: Any = None,
          expose_error_details: Optional[bool] = None) -> Any:
    """Decorate a sync or async function so that each call is authorized first.

    ``@guard`` (tool = the function's name), ``@guard("name")`` or ``@guard(tool="name")``.
    ``extract_args(*args, **kwargs) -> dict`` replaces the signature-based arguments;
    ``mapping`` renames parameters to the warrant's argument names; ``trusted_roots``
    overrides the configured roots for this function.
    """
    if callable(tool_or_func) and tool is None:
        return _Guard(tool_or_func, tool_or_func.__name__, extract_args, mapping, trusted_roots,
                      expose_error_details).wrap()
    if isinstance(tool_or_func, str):
        tool = tool_or_func
    elif tool_or_func is not None:
        raise TypeError("guard() takes a tool name (str) or decorates a function")

    def decorate(func: Callable) -> Callable:
        return _Guard(func, tool or func.__name__, extract_args, mapping, trusted_roots,
                      expose_error_details).wrap()

    return decorate


#: The concepts page's name for :func:`guard` ("wrap all tools with @lockdown").
lockdown = guard


def protect_tools(tools: Iterable[Any], **options: Any) -> List[Any]:
    """Guard every tool of a list: plain functions (tool name = ``__name__``) or objects with
    a ``name`` and a ``func``/``__call__`` (the tool name is ``name``). Returns guarded
    callables in the same order; ``options`` are :func:`guard`'s keywords."""
    out = []
    for t in tools:
        name = getattr(t, "name", None)
        target = getattr(t, "func", None) or t
        if not callable(target):
            raise TypeError(f"protect_tools: {t!r} is not callable")
        if not isinstance(name, str) or not name:
            name = getattr(target, "__name__", None)
        if not name:
            raise TypeError(f"protect_tools: cannot tell the tool name of {t!r}; use guard(tool=...)")
        out.append(guard(tool=name, **options)(target))
    return out
