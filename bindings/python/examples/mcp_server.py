"""A small MCP server (the ``mcp`` SDK's FastMCP, over stdio) for the MCP example and tests.

It serves ``read_file(path)`` and ``list_dir(path)`` from a sandbox directory
(``MCP_SANDBOX``, default: the current directory; ``/data/x`` maps to ``<sandbox>/data/x``).
When ``TENUO_TRUSTED_ROOT`` (a public key, hex) is set, every call must carry a warrant and
proof in ``_meta.tenuo`` that ``tenuo.mcp.MCPVerifier`` accepts; otherwise it is refused.
Each call that arrives is appended to ``MCP_CALL_LOG`` (one JSON line) when that is set, so a
test can see exactly what reached the server.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mcp.server.fastmcp import Context, FastMCP

server = FastMCP("tenuo-demo-files")
SANDBOX = Path(os.environ.get("MCP_SANDBOX", ".")).resolve()
LOG = os.environ.get("MCP_CALL_LOG")
VERIFIER = None
if os.environ.get("TENUO_TRUSTED_ROOT"):
    from tenuo import PublicKey
    from tenuo.mcp import MCPVerifier

    VERIFIER = MCPVerifier(trusted_roots=[PublicKey.from_hex(os.environ["TENUO_TRUSTED_ROOT"])])


def _record(tool: str, args: dict, allowed: bool) -> None:
    if LOG:
        with open(LOG, "a") as f:
            f.write(json.dumps({"tool": tool, "args": args, "allowed": allowed}) + "\n")


def _check(tool: str, args: dict, ctx: Context) -> None:
    allowed = True
    if VERIFIER is not None:
        result = VERIFIER.verify(tool, args, ctx.request_context.meta)
        allowed = result.allowed
    _record(tool, args, allowed)
    if not allowed:
        raise PermissionError(f"Access denied (ref: {result.ref})")


def _resolve(path: str) -> Path:
    target = (SANDBOX / path.lstrip("/")).resolve()
    if target != SANDBOX and SANDBOX not in target.parents:
        raise PermissionError("outside the sandbox")
    return target


@server.tool()
def read_file(path: str, ctx: Context) -> str:
    """Read a text file."""
    _check("read_file", {"path": path}, ctx)
    return _resolve(path).read_text()


@server.tool()
def list_dir(path: str, ctx: Context) -> list[str]:
    """List a directory."""
    _check("list_dir", {"path": path}, ctx)
    return sorted(p.name for p in _resolve(path).iterdir())


if __name__ == "__main__":
    server.run("stdio")
