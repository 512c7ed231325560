"""Human-readable reports about warrants: :func:`diagnose` and :func:`info`."""

from __future__ import annotations

import sys
from datetime import timedelta
from typing import IO, Any, List, Optional

from . import _native as _n
from .warrant import Warrant

__all__ = ["diagnose", "describe", "info"]


def describe(warrant: Warrant, now: Any = None) -> str:
    """The report :func:`diagnose` prints, as a string."""
    if not isinstance(warrant, Warrant):
        raise TypeError(f"diagnose() takes a Warrant, not {type(warrant).__name__}")
    when = _n.time_arg(now)
    lines: List[str] = ["Warrant Diagnosis", "=" * 50, ""]
    lines.append(f"ID:       {warrant.id}")
    kind = warrant.warrant_type.name.lower()
    lines.append(f"Type:     {kind}")
    if warrant.is_expired_at(when):
        lines.append(f"[NO] Expired at {warrant.expires_at()}")
    else:
        remaining = timedelta(seconds=warrant.ttl_seconds(when))
        lines.append(f"[OK] Valid for: {remaining} (until {warrant.expires_at()})")
    depth, max_depth = warrant.depth, warrant.max_depth
    if warrant.is_terminal:
        lines.append(f"[WARNING] Terminal: cannot delegate further (depth {depth}/{max_depth})")
    else:
        lines.append(f"[OK] Depth {depth}/{max_depth}: can delegate {max_depth - depth} "
                     "more level(s)")
    lines.append(f"Holder:   {warrant.holder.to_hex()}")
    lines.append(f"Issuer:   {warrant.issuer.to_hex()}")
    if warrant.parent_hash:
        lines.append(f"Parent:   {warrant.parent_hash}")
    if warrant.clearance is not None:
        lines.append(f"Clearance: {warrant.clearance!r} ({int(warrant.clearance)})")
    if warrant.session_id is not None:
        lines.append(f"Session:  {warrant.session_id}")
    if kind == "issuer":
        tools = warrant.issuable_tools or []
        lines.append(f"[OK] Issuable tools: {', '.join(tools) if tools else 'none'}")
        for name, bound in warrant.constraint_bounds.items():
            lines.append(f"    bound {name}: {bound!r}")
    else:
        tools = warrant.tools
        lines.append(f"[OK] Tools: {', '.join(tools)}" if tools else "[WARNING] No tools authorized")
        for tool, constraints in warrant.capabilities.items():
            if not constraints:
                lines.append(f"    {tool}: any arguments")
                continue
            lines.append(f"    {tool}:")
            for name, constraint in constraints.items():
                lines.append(f"      {name}: {constraint!r}")
    return "\n".join(lines)


def diagnose(warrant: Warrant, *, now: Any = None, file: Optional[IO[str]] = None) -> str:
    """Print a report of ``warrant``: id, type, TTL, depth, tools and constraints.

    Returns the same text. ``now`` pins the time used for the TTL.
    """
    text = describe(warrant, now)
    print(text, file=file if file is not None else sys.stdout)
    return text


def info() -> str:
    """Which library is loaded, and its versions."""
    return "\n".join([
        "Tenuo Configuration",
        "=" * 50,
        "",
        f"[OK] libtenuo: {_n.version_string} (ABI {_n.abi_version}, wire {_n.wire_version})",
        f"[OK] Loaded from: {_n.library_path}",
    ])
