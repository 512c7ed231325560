"""The one decision path of the framework integrations (LangChain, LangGraph, MCP): sign a
proof-of-possession for the call with the holder's key and have the library's authorizer decide
on the whole chain. Needs no framework."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Tuple

from . import exceptions as _exc
from .audit import AuditEvent, AuditEventType, audit_logger
from .authorizer import Authorizer
from .bound_warrant import BoundWarrant
from .config import get_config
from .keys import PublicKey
from .scoped import current_scope
from .warrant import Warrant

__all__ = ["authorize_call", "trusted_roots_for"]


def authorize_call(tool: str, args: Dict[str, Any], bound: Optional[BoundWarrant] = None, *,
                   warrant_chain: Optional[Sequence[Warrant]] = None,
                   trusted_roots: Optional[Sequence[PublicKey]] = None
                   ) -> Tuple[List[Warrant], bytes]:
    """Authorize one call of ``tool`` with ``args`` or raise the denial; returns the chain
    (root first) and the proof-of-possession that were accepted.

    The warrant and key are ``bound``'s, else the current scope's. Shared by the LangChain,
    LangGraph and MCP integrations."""
    if bound is not None:
        chain = [*(warrant_chain or ()), bound.warrant]
        pop = bound.sign(tool, args)
    else:
        scope = current_scope()
        if scope is None:
            audit_logger.log(AuditEvent(AuditEventType.AUTHORIZATION_FAILURE, tool=tool,
                                        action="denied", error_code="NO_WARRANT_IN_SCOPE",
                                        details=f"no warrant in scope for tool '{tool}'"))
            raise _exc.ToolNotAuthorized(
                f"Tool '{tool}' called outside any warrant scope: bind a warrant "
                "(guard(tools, bound)) or call it inside mint_sync()/mint()/`with bound:`",
                tool=tool)
        chain = [*(warrant_chain or scope.parents), scope.warrant]
        pop = scope.warrant.sign(scope.key, tool, args)
    with Authorizer(trusted_roots=trusted_roots_for(trusted_roots, chain)) as auth:
        auth.check_chain(chain, tool, args, signature=bytes(pop))
    return chain, bytes(pop)


def trusted_roots_for(explicit: Optional[Sequence[PublicKey]], chain: List[Warrant]
                      ) -> List[PublicKey]:
    """``explicit`` when given, else the roots of ``tenuo.configure(...)``; with neither,
    ConfigurationError (fail closed, as the Tenuo SDK's integrations: a warrant is never
    trusted just because it verifies against its own issuer)."""
    if explicit is not None:
        return list(explicit)
    cfg = get_config()
    if cfg.configured and cfg.trusted_roots:
        return list(cfg.trusted_roots)
    raise _exc.ConfigurationError(
        "no trusted roots: pass trusted_roots=[issuer_public_key] or call "
        "tenuo.configure(trusted_roots=[...]) before a guarded call "
        f"(the warrant's issuer is {chain[0].issuer.to_hex()[:16]}...)")
