"""MCP integration (the ``mcp`` Python SDK): guarded tool calls on the client, warrant checks
on the server.

Client::

    from tenuo.mcp import SecureMCPClient

    async with SecureMCPClient("python", ["mcp_server.py"]) as client:
        async with mint(Capability("read_file", path=Pattern("/data/*"))):
            text = await client.tools["read_file"](path="/data/file.txt")

``SecureMCPClient`` starts the server over stdio, lists its tools and exposes each as an async
callable. A call is authorized by the library under the current scope (``mint``/``mint_sync``,
``with bound:``) or an explicit ``bound=`` BoundWarrant *before* anything is sent: a call the
warrant does not allow raises the library's denial (``ToolNotAuthorized``,
``ConstraintViolation``, ...) and never reaches the server. An allowed call carries its
authority in the request's ``params._meta.tenuo`` (``inject_warrant=True``, the default), the
Tenuo SDK's wire convention::

    {"tenuo": {"warrant": "<base64 warrant stack, root first>",
               "signature": "<base64 proof-of-possession>"}}

Server: :class:`MCPVerifier` checks that envelope for a ``tools/call``
(``verifier.verify(name, arguments, meta)``): it decodes the stack, and has the library
authorize the call against the verifier's trusted roots, with the proof. A denial is
``-32001`` (access denied) as in the SDK; a missing envelope is denied too.
"""

from __future__ import annotations

import base64
import binascii
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence

from ._extras import require

require("mcp")

from mcp import ClientSession, StdioServerParameters  # noqa: E402
from mcp.client.stdio import stdio_client  # noqa: E402

from . import exceptions as _exc  # noqa: E402
from ._calls import authorize_call  # noqa: E402
from .audit import AuditEvent, AuditEventType, audit_logger  # noqa: E402
from .authorizer import Authorizer  # noqa: E402
from .bound_warrant import BoundWarrant  # noqa: E402
from .config import resolve_trusted_roots  # noqa: E402
from .keys import PublicKey  # noqa: E402
from .warrant import decode_warrant_stack_base64, encode_warrant_stack  # noqa: E402

__all__ = ["SecureMCPClient", "MCPToolCallError", "MCPVerifier", "MCPVerificationResult",
           "META_KEY", "ACCESS_DENIED", "INVALID_PARAMS"]

#: The key of the Tenuo envelope in a request's ``_meta``.
META_KEY = "tenuo"
#: JSON-RPC error codes of a refused call (the SDK's).
ACCESS_DENIED = -32001
INVALID_PARAMS = -32602
#: Size bounds of the envelope's fields, checked before decoding.
_MAX_WARRANT_TEXT = 262_144
_MAX_SIGNATURE_TEXT = 256


class MCPToolCallError(_exc.TenuoError):
    """The server answered an (authorized) tool call with ``isError``."""


class _GuardedTool:
    """``await tool(**arguments)``: authorize, then call the server's tool."""

    def __init__(self, client: "SecureMCPClient", name: str, description: Optional[str],
                 input_schema: Optional[Dict[str, Any]]) -> None:
        self._client = client
        self.name = name
        self.description = description or ""
        self.input_schema = input_schema or {}

    async def __call__(self, **arguments: Any) -> Any:
        return await self._client.call_tool(self.name, arguments)

    def __repr__(self) -> str:
        return f"<guarded MCP tool {self.name!r}>"


class SecureMCPClient:
    """An MCP client over stdio whose tool calls are authorized first (see the module doc).

    ``bound``: a BoundWarrant to use instead of the current scope; ``warrant_chain``: its
    parents, root first; ``trusted_roots``: the keys the chain must root in (default: the
    configured roots; with neither, calls raise ConfigurationError);
    ``inject_warrant``: send the ``_meta.tenuo`` envelope (default True).
    """

    def __init__(self, command: str, args: Optional[Sequence[str]] = None,
                 env: Optional[Dict[str, str]] = None, *, cwd: Optional[str] = None,
                 bound: Optional[BoundWarrant] = None, warrant_chain: Optional[Sequence[Any]] = None,
                 trusted_roots: Optional[Sequence[PublicKey]] = None,
                 inject_warrant: bool = True) -> None:
        self._params = StdioServerParameters(command=command, args=list(args or []), env=env,
                                             cwd=cwd)
        self._bound = bound
        self._chain = list(warrant_chain) if warrant_chain else None
        self._roots = list(trusted_roots) if trusted_roots else None
        self._inject = bool(inject_warrant)
        self._stack: Optional[AsyncExitStack] = None
        self.session: Optional[ClientSession] = None
        self.tools: Dict[str, _GuardedTool] = {}

    async def __aenter__(self) -> "SecureMCPClient":
        stack = AsyncExitStack()
        try:
            read, write = await stack.enter_async_context(stdio_client(self._params))
            session = await stack.enter_async_context(ClientSession(read, write))
            await session.initialize()
            listed = await session.list_tools()
        except BaseException:
            await stack.aclose()
            raise
        self._stack, self.session = stack, session
        self.tools = {t.name: _GuardedTool(self, t.name, t.description, t.inputSchema)
                      for t in listed.tools}
        return self

    async def __aexit__(self, *exc: Any) -> None:
        stack, self._stack, self.session = self._stack, None, None
        if stack is not None:
            await stack.aclose()

    def get_tools(self) -> Dict[str, _GuardedTool]:
        return dict(self.tools)

    async def call_tool(self, name: str, arguments: Optional[Mapping[str, Any]] = None) -> Any:
        """Authorize ``name(arguments)``, send it, and return the result's content: the
        structured content when the server gave it, else the text, else the content list.
        Raises the denial (nothing sent) or MCPToolCallError (the server's error)."""
        if self.session is None:
            raise _exc.ConfigurationError("SecureMCPClient is not connected: use `async with`")
        if name not in self.tools:
            raise _exc.ToolNotAuthorized(f"the MCP server has no tool '{name}'", tool=name)
        args = dict(arguments or {})
        chain, pop = authorize_call(name, args, self._bound, warrant_chain=self._chain,
                                    trusted_roots=self._roots)
        meta = None
        if self._inject:
            meta = {META_KEY: {"warrant": encode_warrant_stack(chain),
                               "signature": base64.b64encode(pop).decode("ascii")}}
        result = await self.session.call_tool(name, args, meta=meta)
        texts = [c.text for c in result.content if getattr(c, "type", None) == "text"]
        if result.isError:
            raise MCPToolCallError(f"MCP tool '{name}' failed: {' '.join(texts)[:500]}")
        if result.structuredContent is not None:
            structured = result.structuredContent
            if isinstance(structured, dict) and set(structured) == {"result"}:
                return structured["result"]
            return structured
        if len(texts) == len(result.content):
            return "\n".join(texts)
        return result.content


# -- server side ----------------------------------------------------------------------------

@dataclass
class MCPVerificationResult:
    """The verifier's answer. ``clean_arguments``: the arguments without the SDK's reserved
    ``_tenuo`` carrier."""

    allowed: bool
    tool: str
    clean_arguments: Dict[str, Any] = field(default_factory=dict)
    denial_reason: Optional[str] = None
    error_code: Optional[int] = None
    ref: Optional[str] = None
    warrant_id: Optional[str] = None

    def raise_if_denied(self) -> None:
        if not self.allowed:
            raise _exc.AuthorizationDenied(f"Authorization denied (ref: {self.ref})", tool=self.tool)

    def to_jsonrpc_error(self) -> Optional[Dict[str, Any]]:
        if self.allowed:
            return None
        return {"code": self.error_code, "message": f"Access denied (ref: {self.ref})"}


def _envelope(meta: Any) -> Optional[Dict[str, Any]]:
    if meta is None:
        return None
    if not isinstance(meta, Mapping):
        extra = getattr(meta, "model_extra", None)
        meta = dict(extra or {}) if extra is not None else (
            meta.model_dump() if hasattr(meta, "model_dump") else {})
    value = meta.get(META_KEY)
    return dict(value) if isinstance(value, Mapping) else None


class MCPVerifier:
    """Checks the ``_meta.tenuo`` envelope of an MCP ``tools/call`` on the server."""

    def __init__(self, trusted_roots: Optional[Sequence[PublicKey]] = None, *,
                 authorizer: Optional[Authorizer] = None) -> None:
        self._authorizer = authorizer or Authorizer(trusted_roots=resolve_trusted_roots(
            list(trusted_roots) if trusted_roots is not None else None))

    def verify(self, tool: str, arguments: Optional[Mapping[str, Any]] = None,
               meta: Any = None) -> MCPVerificationResult:
        args = dict(arguments or {})
        carrier = args.pop("_tenuo", None)
        envelope = _envelope(meta)
        if envelope is None and isinstance(carrier, Mapping):
            envelope = dict(carrier)
        elif envelope is not None and carrier is not None and dict(carrier) != envelope:
            return self._deny(tool, args, "the _meta and _tenuo carriers differ", "INVALID_ENVELOPE")
        if envelope is None:
            return self._deny(tool, args, "no Tenuo warrant in the request's _meta",
                              "MISSING_WARRANT")
        warrant_text, signature_text = envelope.get("warrant"), envelope.get("signature")
        if not isinstance(warrant_text, str) or not isinstance(signature_text, str) or \
                len(warrant_text) > _MAX_WARRANT_TEXT or len(signature_text) > _MAX_SIGNATURE_TEXT:
            return self._deny(tool, args, "malformed Tenuo envelope", "INVALID_ENVELOPE")
        try:
            chain = decode_warrant_stack_base64(warrant_text)
            pop = base64.b64decode(signature_text, validate=True)
        except (_exc.TenuoError, binascii.Error, ValueError) as err:
            return self._deny(tool, args, f"undecodable envelope: {type(err).__name__}",
                              "INVALID_ENVELOPE")
        if not chain:
            return self._deny(tool, args, "empty warrant stack", "INVALID_ENVELOPE")
        audit_logger._begin()
        try:
            self._authorizer.check_chain(chain, tool, args, signature=pop)
        except _exc.TenuoError as err:
            event = audit_logger._last()
            ref = str(event["ref"]) if event and event.get("action") == "denied" else None
            return self._deny(tool, args, str(err) or type(err).__name__, None, ref,
                              chain[-1].id)
        return MCPVerificationResult(True, tool, args, warrant_id=chain[-1].id)

    def _deny(self, tool: str, args: Dict[str, Any], reason: str, code: Optional[str],
              ref: Optional[str] = None, warrant_id: Optional[str] = None
              ) -> MCPVerificationResult:
        if ref is None:
            event = AuditEvent(AuditEventType.AUTHORIZATION_FAILURE, tool=tool, action="denied",
                               error_code=code or "AUTHORIZATION_FAILED", details=reason)
            audit_logger.log(event)
            ref = event.ref
        return MCPVerificationResult(False, tool, args, reason, ACCESS_DENIED, ref, warrant_id)

