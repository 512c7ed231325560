"""LangChain integration: tools that run only when the warrant authorizes the call.
::

    from tenuo.langchain import guard
    protected = guard([search_tool, read_file_tool], warrant.bind(agent_key))
    protected[0].invoke({"query": "weather NYC"})        # authorized, then runs
    protected[0].invoke({"query": "stock prices"})       # raises ConstraintViolation

Each wrapped tool is a ``BaseTool`` with the original's name, description and argument schema.
Before every ``invoke``/``ainvoke`` (and ``run``/``arun``) it signs a proof-of-possession for
the call's arguments with the bound key and asks the library's authorizer to decide on the
warrant chain. Without ``bound`` the warrant and key of the current scope are used
(``mint_sync(...)``, ``with bound:``), as ``@guard`` does; a call outside any scope is refused.

A denial raises the library's exception for it (``ToolNotAuthorized``, ``ConstraintViolation``,
``ExpiredError``, ``SignatureInvalid``, ``UntrustedRoot``, ...; all ``TenuoError``), as the
Tenuo SDK does: it is not a ``ToolException``, so LangChain's ``handle_tool_error`` does not turn
it into an observation the agent could ignore, and the wrapped tool never runs.

Trust: ``trusted_roots=`` when given, else the roots of ``tenuo.configure(...)``; with neither
a call raises ConfigurationError (fail closed, as the SDK does).
"""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional, Sequence

from ._extras import require

require("langchain")

from langchain_core.tools import BaseTool  # noqa: E402
from langchain_core.tools import tool as _to_tool  # noqa: E402
from pydantic import ConfigDict  # noqa: E402

from ._calls import authorize_call  # noqa: E402
from .bound_warrant import BoundWarrant  # noqa: E402
from .keys import PublicKey  # noqa: E402
from .warrant import Warrant  # noqa: E402

__all__ = ["guard", "guard_tools", "TenuoTool", "authorize_call"]


class TenuoTool(BaseTool):
    """A LangChain tool that authorizes each call before running ``wrapped``."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    wrapped: Any = None
    bound: Any = None
    warrant_chain: Optional[List[Any]] = None
    trusted_roots: Optional[List[Any]] = None

    def __init__(self, wrapped: Any, bound: Optional[BoundWarrant] = None, *,
                 warrant_chain: Optional[Sequence[Warrant]] = None,
                 trusted_roots: Optional[Sequence[PublicKey]] = None, **kwargs: Any) -> None:
        if not isinstance(wrapped, BaseTool):
            if not callable(wrapped):
                raise TypeError(f"guard() takes LangChain tools or functions, not {wrapped!r}")
            wrapped = _to_tool(wrapped)
        if bound is not None and not isinstance(bound, BoundWarrant):
            raise TypeError("bound must be a BoundWarrant (warrant.bind(key))")
        super().__init__(name=wrapped.name, description=wrapped.description,
                         args_schema=wrapped.args_schema, return_direct=wrapped.return_direct,
                         wrapped=wrapped, bound=bound,
                         warrant_chain=list(warrant_chain) if warrant_chain else None,
                         trusted_roots=list(trusted_roots) if trusted_roots else None, **kwargs)

    def _tool_input(self, args: tuple, kwargs: dict) -> Any:
        """What to authorize and to hand the wrapped tool: the keyword arguments, or the
        single string input of a tool without a schema (named after its only argument)."""
        kwargs = {k: v for k, v in kwargs.items() if k not in ("run_manager", "callbacks")}
        if args:
            names = list(self.wrapped.args)
            if len(args) == 1 and not kwargs and len(names) <= 1:
                return {names[0] if names else "input": args[0]}, args[0]
            kwargs.update(dict(zip(names, args)))
        return kwargs, kwargs

    def _authorize(self, call_args: Dict[str, Any]) -> None:
        authorize_call(self.name, call_args, self.bound, warrant_chain=self.warrant_chain,
                       trusted_roots=self.trusted_roots)

    def _run(self, *args: Any, **kwargs: Any) -> Any:
        call_args, tool_input = self._tool_input(args, kwargs)
        self._authorize(call_args)
        return self.wrapped.invoke(tool_input)

    async def _arun(self, *args: Any, **kwargs: Any) -> Any:
        call_args, tool_input = self._tool_input(args, kwargs)
        # The decision is a short native call; it runs on the loop's thread so that the scope
        # (a contextvar) of the calling task is the one seen.
        self._authorize(call_args)
        result = self.wrapped.ainvoke(tool_input)
        return await result if asyncio.iscoroutine(result) else result


def guard(tools: Sequence[Any], bound: Optional[BoundWarrant] = None, *,
          warrant_chain: Optional[Sequence[Warrant]] = None,
          trusted_roots: Optional[Sequence[PublicKey]] = None) -> List[TenuoTool]:
    """Wrap LangChain tools (or plain functions, made tools with ``@tool``) so each call is
    authorized first. ``bound``: the warrant and key to use (default: the current scope);
    ``warrant_chain``: the parents (root first) of a delegated warrant."""
    return [TenuoTool(t, bound, warrant_chain=warrant_chain, trusted_roots=trusted_roots)
            for t in tools]


#: The SDK's other name for :func:`guard`.
guard_tools = guard
