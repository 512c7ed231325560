"""Scopes: "the current warrant and key" for the code inside a ``with`` block.

::

    configure(issuer_key=issuer, dev_mode=True)
    with mint_sync(Capability("search", query=Pattern("weather *"))):
        search(query="weather NYC")                  # @guard finds the warrant and key here
        with mint_sync(Capability("search", query=Pattern("weather NYC*"))):
            ...                                       # nested: granted from the outer warrant

The scope lives in a ``contextvars.ContextVar``: each thread starts with none, each asyncio
task sees the scope of the code that created it (and its own changes only), and leaving a
block restores exactly what was there before. Warrants are minted and granted by the
library (``Warrant.mint_builder()``, ``grant_builder()``); a nested scope that asks for more
than its parent holds fails there, with the library's attenuation error.
"""

from __future__ import annotations

import contextvars
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any, AsyncIterator, Dict, Iterator, List, Optional, Tuple

from .config import get_config
from .exceptions import ConfigurationError
from .keys import SigningKey
from .warrant import Warrant

__all__ = ["Capability", "mint", "mint_sync", "grant", "grant_sync", "root_task", "root_task_sync",
           "scoped_task", "scoped_task_sync", "warrant_scope", "key_scope", "chain_scope",
           "current_scope", "Scope"]


class Capability:
    """One tool and the constraints on its arguments: ``Capability("read_file",
    path=Pattern("/data/*"))``. Without constraints the tool takes any arguments (at the root)
    or keeps its parent's constraints (in a nested scope)."""

    def __init__(self, tool: str, **constraints: Any) -> None:
        if not isinstance(tool, str) or not tool:
            raise ValueError("Capability needs a non-empty tool name")
        self.tool = tool
        self.constraints: Dict[str, Any] = dict(constraints)

    def to_dict(self) -> Dict[str, Dict[str, Any]]:
        return {self.tool: dict(self.constraints)}

    @staticmethod
    def merge(*capabilities: "Capability") -> Dict[str, Dict[str, Any]]:
        """``{tool: constraints}``; a tool named twice gets the union of its constraints."""
        out: Dict[str, Dict[str, Any]] = {}
        for cap in capabilities:
            if not isinstance(cap, Capability):
                raise TypeError(f"expected Capability, got {type(cap).__name__}")
            out.setdefault(cap.tool, {}).update(cap.constraints)
        return out

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Capability):
            return NotImplemented
        return self.tool == other.tool and self.constraints == other.constraints

    def __repr__(self) -> str:
        inner = "".join(f", {k}={v!r}" for k, v in self.constraints.items())
        return f"Capability({self.tool!r}{inner})"


@dataclass(frozen=True)
class Scope:
    """What a block runs with: the warrant, its holder's key, and the warrant's parents
    (root first) when it was granted inside another scope."""

    warrant: Warrant
    key: SigningKey
    parents: Tuple[Warrant, ...] = ()

    @property
    def chain(self) -> List[Warrant]:
        return [*self.parents, self.warrant]


_scope: contextvars.ContextVar[Optional[Scope]] = contextvars.ContextVar("tenuo_scope", default=None)


def current_scope() -> Optional[Scope]:
    return _scope.get()


def warrant_scope() -> Optional[Warrant]:
    """The warrant in force here, or None outside every scope."""
    s = _scope.get()
    return s.warrant if s else None


def key_scope() -> Optional[SigningKey]:
    """The holder key in force here, or None."""
    s = _scope.get()
    return s.key if s else None


def chain_scope() -> List[Warrant]:
    """The current chain, root first (empty outside every scope)."""
    s = _scope.get()
    return s.chain if s else []


def _enter(scope: Scope) -> contextvars.Token:
    return _scope.set(scope)


def _exit(token: contextvars.Token) -> None:
    _scope.reset(token)


# -- building the warrants ----------------------------------------------------------------------

def _holder(holder_key: Optional[SigningKey], fallback: Optional[SigningKey], cfg: Any) -> SigningKey:
    if holder_key is not None:
        if not isinstance(holder_key, SigningKey):
            raise ConfigurationError(f"holder_key must be a SigningKey, not {type(holder_key).__name__}")
        return holder_key
    if fallback is not None:
        return fallback
    if cfg.dev_mode:
        return SigningKey.generate()  # dev_mode's one relaxation: an ephemeral holder
    raise ConfigurationError(
        "no holder key for this scope: pass holder_key=<the agent's SigningKey>, or "
        "configure(..., dev_mode=True) to use an ephemeral one")


def _root_scope(capabilities: Tuple[Capability, ...], ttl: Optional[int],
                holder_key: Optional[SigningKey]) -> Scope:
    cfg = get_config()
    if not capabilities:
        raise ConfigurationError("a scope needs at least one Capability, e.g. "
                                 "mint_sync(Capability('read_file', path=Pattern('/data/*')))")
    if cfg.issuer_key is None:
        raise ConfigurationError("no issuer key: call configure(issuer_key=...) before minting "
                                 "a root scope")
    holder = _holder(holder_key, None, cfg)
    builder = Warrant.mint_builder()
    for tool, constraints in Capability.merge(*capabilities).items():
        builder.capability(tool, constraints) if constraints else builder.tool(tool)
    warrant = builder.holder(holder.public_key).ttl(ttl or cfg.default_ttl).mint(cfg.issuer_key)
    return Scope(warrant, holder, ())


def _nested_scope(outer: Scope, capabilities: Tuple[Capability, ...], ttl: Optional[int],
                  holder_key: Optional[SigningKey]) -> Scope:
    if not capabilities:
        raise ConfigurationError("a nested scope needs at least one Capability naming the tools "
                                 "to keep")
    holder = _holder(holder_key, outer.key, get_config())
    builder = outer.warrant.grant_builder()
    parent_caps = outer.warrant.capabilities
    for tool, constraints in Capability.merge(*capabilities).items():
        if constraints:
            # Constraints not named keep the parent's; the library checks the result narrows.
            merged = dict(parent_caps.get(tool, {}))
            merged.update(constraints)
            builder.capability(tool, merged)
        else:
            builder.tool(tool)
    builder.holder(holder.public_key)
    if ttl:
        builder.ttl(ttl)
    child = builder.grant(outer.key)
    return Scope(child, holder, (*outer.parents, outer.warrant))


def _open(capabilities: Tuple[Capability, ...], ttl: Optional[int], holder_key: Optional[SigningKey],
          nested: Optional[bool]) -> Scope:
    outer = _scope.get()
    if nested is True and outer is None:
        from .exceptions import ScopeViolation

        raise ScopeViolation("scoped_task()/grant() needs an enclosing scope to narrow: open one "
                             "with root_task()/mint() first")
    if outer is not None and nested is not False:
        return _nested_scope(outer, capabilities, ttl, holder_key)
    return _root_scope(capabilities, ttl, holder_key)


# -- the context managers -----------------------------------------------------------------------

@contextmanager
def mint_sync(*capabilities: Capability, ttl: Optional[int] = None,
              holder_key: Optional[SigningKey] = None) -> Iterator[Warrant]:
    """A scope for the enclosed block. Outside any scope: a root warrant minted by the
    configured issuer for ``holder_key`` (dev_mode: an ephemeral key). Inside one: a child
    granted from the current warrant (same holder unless ``holder_key``), which may only
    narrow it. Yields the warrant."""
    scope = _open(capabilities, ttl, holder_key, None)
    token = _enter(scope)
    try:
        yield scope.warrant
    finally:
        _exit(token)


@asynccontextmanager
async def mint(*capabilities: Capability, ttl: Optional[int] = None,
               holder_key: Optional[SigningKey] = None) -> AsyncIterator[Warrant]:
    """``async with`` form of :func:`mint_sync`."""
    scope = _open(capabilities, ttl, holder_key, None)
    token = _enter(scope)
    try:
        yield scope.warrant
    finally:
        _exit(token)


@contextmanager
def grant_sync(*capabilities: Capability, ttl: Optional[int] = None,
               holder_key: Optional[SigningKey] = None) -> Iterator[Warrant]:
    """A nested scope only: narrows the current warrant; ScopeViolation outside any scope."""
    scope = _open(capabilities, ttl, holder_key, True)
    token = _enter(scope)
    try:
        yield scope.warrant
    finally:
        _exit(token)


class _Either:
    """A context manager usable with ``with`` and ``async with``."""

    def __init__(self, capabilities: Tuple[Capability, ...], ttl: Optional[int],
                 holder_key: Optional[SigningKey], nested: Optional[bool]) -> None:
        self._args = (capabilities, ttl, holder_key, nested)
        self._tokens: List[contextvars.Token] = []

    def __enter__(self) -> Warrant:
        scope = _open(*self._args)
        self._tokens.append(_enter(scope))
        return scope.warrant

    def __exit__(self, *exc: Any) -> None:
        _exit(self._tokens.pop())

    async def __aenter__(self) -> Warrant:
        return self.__enter__()

    async def __aexit__(self, *exc: Any) -> None:
        self.__exit__(*exc)


def grant(*capabilities: Capability, ttl: Optional[int] = None,
          holder_key: Optional[SigningKey] = None) -> _Either:
    """Narrow the current scope (``with`` or ``async with``); ScopeViolation outside one."""
    return _Either(capabilities, ttl, holder_key, True)


def root_task(*capabilities: Capability, ttl: Optional[int] = None,
              holder_key: Optional[SigningKey] = None) -> _Either:
    """A root scope minted by the configured issuer, whatever encloses it (``with`` or
    ``async with``)."""
    return _Either(capabilities, ttl, holder_key, False)


def scoped_task(*capabilities: Capability, ttl: Optional[int] = None,
                holder_key: Optional[SigningKey] = None) -> _Either:
    """A scope that attenuates the enclosing one (same as :func:`grant`)."""
    return _Either(capabilities, ttl, holder_key, True)


root_task_sync = root_task
scoped_task_sync = scoped_task
