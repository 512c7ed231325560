"""Optional framework extras: one place that turns a missing framework into an ImportError
that says what to install. ``import tenuo`` itself never imports a framework."""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Tuple

__all__ = ["require", "EXTRAS"]

#: extra name -> (importable modules it provides, what they are called in prose)
EXTRAS = {
    "fastapi": (("fastapi",), "FastAPI"),
    "langchain": (("langchain_core",), "LangChain (langchain-core)"),
    "langgraph": (("langchain_core", "langgraph"), "LangGraph"),
    "mcp": (("mcp",), "the MCP Python SDK (mcp)"),
}


def require(extra: str, *modules: str) -> Tuple[ModuleType, ...]:
    """Import ``modules`` (default: the extra's own list) or raise ImportError naming the
    pip command for ``extra``. The distribution is ``libtenuo``; ``tenuo[...]`` is the
    SDK's spelling, which the message gives first."""
    names = modules or EXTRAS[extra][0]
    out = []
    for name in names:
        try:
            out.append(importlib.import_module(name))
        except ImportError as err:
            raise ImportError(
                f"tenuo.{extra} needs {EXTRAS[extra][1]}, which is not installed "
                f"(no module {name!r}): pip install tenuo[{extra}]  "
                f"(this distribution: pip install libtenuo[{extra}])"
            ) from err
    return tuple(out)
