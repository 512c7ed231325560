"""FastAPI integration: a route runs only when the request carries a warrant and a
proof-of-possession that authorize the call.
::

    from fastapi import Depends, FastAPI
    from tenuo.fastapi import SecurityContext, TenuoGuard, configure_tenuo

    app = FastAPI()
    configure_tenuo(app, trusted_issuers=[issuer_public_key])

    @app.get("/search")
    async def search(query: str, ctx: SecurityContext = Depends(TenuoGuard("search"))):
        return {"query": ctx.args["query"]}

The client sends ``bound.headers("search", {"query": ...})``: ``X-Tenuo-Warrant`` (the warrant,
or a root-first warrant stack, in base64) and ``X-Tenuo-PoP`` (the 64-byte proof, standard
base64). The call's arguments are the route's path and query parameters, typed as the
endpoint declares them (``?limit=5`` for ``limit: int`` is checked as ``5``); a JSON body is
included with ``TenuoGuard(tool, extract_args=extract_body_args)`` or an extractor of your own.
The decision is the library's (``Authorizer.check_chain``) and is audit-logged there.

Answers (the Tenuo SDK's choices): no warrant or no PoP header 401; an expired warrant 401;
an undecodable warrant header or PoP 400; every other denial 403 with an opaque body
``{"error": "authorization_denied", "message": "Authorization denied", "request_id": ref}``
whose ``ref`` is the audit event's. ``configure_tenuo(..., expose_error_details=True)`` adds
the reason (development only).
"""

from __future__ import annotations

import base64
import binascii
import inspect
import typing
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Dict, List, Optional, Sequence, Tuple, Union

from ._extras import require

require("fastapi")

from fastapi import Depends, Header, HTTPException, Request  # noqa: E402
from fastapi.responses import JSONResponse  # noqa: E402

from . import exceptions as _exc  # noqa: E402
from .audit import AuditEvent, AuditEventType, audit_logger  # noqa: E402
from .authorizer import Authorizer  # noqa: E402
from .config import get_config, resolve_trusted_roots  # noqa: E402
from .keys import PublicKey  # noqa: E402
from .warrant import POP_HEADER, WARRANT_HEADER, Warrant, decode_warrant_stack_base64  # noqa: E402

__all__ = ["configure_tenuo", "get_tenuo_config", "TenuoGuard", "TenuoSecurity",
           "SecurityContext", "extract_body_args", "get_warrant_header", "require_warrant",
           "X_TENUO_WARRANT", "X_TENUO_POP"]

X_TENUO_WARRANT = WARRANT_HEADER
X_TENUO_POP = POP_HEADER

_STATE: Dict[str, Any] = {"authorizer": None, "trusted_issuers": [],
                          "expose_error_details": False}


def configure_tenuo(app: Any, *, trusted_issuers: Optional[Sequence[PublicKey]] = None,
                    expose_error_details: bool = False, audit_log: bool = True,
                    clock_tolerance: int = 30, pop_max_windows: int = 5) -> None:
    """Set the keys that requests' warrants must chain to, for every ``TenuoGuard``.

    Without ``trusted_issuers`` the roots of ``tenuo.configure(...)`` are used (and a guard
    fails closed, 403, when there are none). ``audit_log`` registers the library's audit sink
    (``tenuo.audit.audit_logger``) so that every decision is logged. Also installs a handler
    that answers a :class:`~tenuo.exceptions.TenuoError` escaping a route with its wire code.
    """
    roots = None
    if trusted_issuers:
        roots = resolve_trusted_roots(list(trusted_issuers))
    _STATE["trusted_issuers"] = roots or []
    _STATE["authorizer"] = (Authorizer(trusted_roots=roots, clock_tolerance_secs=clock_tolerance,
                                       pop_max_windows=pop_max_windows) if roots else None)
    _STATE["expose_error_details"] = bool(expose_error_details)
    if audit_log and not audit_logger.installed:
        audit_logger.set_enabled(True)
    if hasattr(app, "state"):
        app.state.tenuo_config = _STATE
    if hasattr(app, "exception_handler"):
        @app.exception_handler(_exc.TenuoError)
        async def _tenuo_error(request: Request, exc: _exc.TenuoError) -> JSONResponse:
            return JSONResponse(status_code=exc.get_http_status(), content={
                "error": exc.get_wire_name(), "error_code": exc.get_wire_code(),
                "message": str(exc) if _STATE["expose_error_details"] else "request refused",
            })


def get_tenuo_config() -> Dict[str, Any]:
    return dict(_STATE)


def _authorizer() -> Authorizer:
    auth = _STATE["authorizer"]
    if auth is not None:
        return auth
    cfg = get_config()
    if cfg.configured and cfg.trusted_roots:
        return cfg.get_authorizer()     # tenuo.configure(trusted_roots=...) / its issuer
    raise HTTPException(status_code=403, detail={
        "error": "configuration_error",
        "message": "No trusted issuers: call configure_tenuo(app, trusted_issuers=[...])"})


@dataclass
class SecurityContext:
    """What a guarded route receives: the verified warrant, the arguments that were
    authorized, and the tool name."""

    warrant: Warrant
    args: Dict[str, Any]
    tool: str
    chain: Tuple[Warrant, ...] = ()

    @property
    def holder(self) -> str:
        return str(self.warrant.holder)

    @property
    def issuer(self) -> str:
        return str(self.warrant.issuer)

    @property
    def is_expired(self) -> bool:
        return bool(self.warrant.is_expired)


# -- request parsing ------------------------------------------------------------------------

def _audit_refusal(tool: Optional[str], code: str, details: str) -> str:
    """An event for a request refused before it reached the library; returns its ref."""
    event = AuditEvent(AuditEventType.AUTHORIZATION_FAILURE, tool=tool, action="denied",
                       error_code=code, details=details)
    audit_logger.log(event)
    return event.ref


def _parse_warrant(request: Request, text: Optional[str],
                   tool: Optional[str] = None) -> Optional[Warrant]:
    if not text:
        return None
    try:
        warrants = decode_warrant_stack_base64(text)
    except Exception:  # not a stack: a single warrant, below
        warrants = []
    if warrants:
        request.state.tenuo_parents = list(warrants[:-1])
        return warrants[-1]
    request.state.tenuo_parents = []
    try:
        return Warrant.from_base64(text)
    except Exception as err:
        _audit_refusal(tool, "INVALID_WARRANT_HEADER", type(err).__name__)
        raise HTTPException(status_code=400,
                            detail=f"Invalid {X_TENUO_WARRANT} header: {type(err).__name__}")


def get_warrant_header(request: Request,
                       x_tenuo_warrant: Optional[str] = Header(None, alias=X_TENUO_WARRANT)
                       ) -> Optional[Warrant]:
    """Dependency: the decoded ``X-Tenuo-Warrant`` (None when absent; 400 when undecodable).
    A warrant stack's parents are left in ``request.state.tenuo_parents``."""
    return _parse_warrant(request, x_tenuo_warrant)


def require_warrant(warrant: Optional[Warrant] = Depends(get_warrant_header),
                    x_tenuo_pop: Optional[str] = Header(None, alias=X_TENUO_POP)) -> Warrant:
    """Dependency: both headers present (401 otherwise). Authorizes nothing: use TenuoGuard."""
    if warrant is None:
        raise HTTPException(401, detail=f"Missing {X_TENUO_WARRANT} header",
                            headers={"WWW-Authenticate": "Tenuo"})
    if not x_tenuo_pop:
        raise HTTPException(401, detail=f"Missing {X_TENUO_POP} header",
                            headers={"WWW-Authenticate": "Tenuo"})
    return warrant


_SCALARS = (bool, int, float, str)


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin is Union:
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return len(inner) == 1 and _is_list(inner[0])
    return annotation is list or origin is list


def _typed(field: Any, raw: Any) -> Any:
    """``raw`` validated by FastAPI's own field (what the endpoint will receive), when the
    result is a plain JSON value; else ``raw`` (a string, which fails closed on numeric
    constraints; FastAPI then answers 422 itself)."""
    try:
        value, errors = field.validate(raw, {}, loc=("query", field.alias))
    except Exception:
        return raw
    if errors:
        return raw
    if type(value) in _SCALARS:
        return value
    if type(value) is list and all(type(v) in _SCALARS for v in value):
        return value
    return raw


def default_extract_args(request: Request) -> Dict[str, Any]:
    """Path and query parameters, typed from the matched endpoint's signature; parameters
    the endpoint does not declare stay strings."""
    args: Dict[str, Any] = {**request.path_params, **dict(request.query_params)}
    dependant = getattr(request.scope.get("route"), "dependant", None)
    if dependant is None:
        return args
    for field in getattr(dependant, "path_params", []):
        if field.alias in args:
            args[field.alias] = _typed(field, args[field.alias])
    for field in getattr(dependant, "query_params", []):
        if field.alias not in request.query_params:
            continue
        annotation = getattr(field.field_info, "annotation", None)
        raw = (request.query_params.getlist(field.alias) if _is_list(annotation)
               else args[field.alias])
        args[field.alias] = _typed(field, raw)
    return args


async def extract_body_args(request: Request) -> Dict[str, Any]:
    """An ``extract_args`` for JSON bodies: the body's object (``{}`` for an empty body)."""
    raw = await request.body()
    if not raw:
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise HTTPException(400, detail="the JSON body must be an object")
    return body


# -- the guard ------------------------------------------------------------------------------

class TenuoGuard:
    """``Depends(TenuoGuard("tool"))``: authorize the request as a call of ``tool`` and hand
    the route a :class:`SecurityContext`.

    ``extract_args(request) -> dict`` (sync or ``async def``) replaces the default arguments
    (path + query). An async extractor makes the dependency async (FastAPI decides from the
    type's ``__call__``)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> "TenuoGuard":
        extractor = kwargs.get("extract_args")
        if cls is TenuoGuard and extractor is not None and (
                inspect.iscoroutinefunction(extractor)
                or inspect.iscoroutinefunction(getattr(extractor, "__call__", None))):
            cls = _AsyncTenuoGuard
        return super().__new__(cls)

    def __init__(self, tool: str, *, extract_args: Optional[Callable[
            [Request], Union[Dict[str, Any], Awaitable[Dict[str, Any]]]]] = None) -> None:
        if not isinstance(tool, str) or not tool:
            raise ValueError("TenuoGuard needs a tool name")
        self.tool = tool
        self.extract_args = extract_args

    def __call__(self, request: Request,
                 x_tenuo_warrant: Optional[str] = Header(None, alias=X_TENUO_WARRANT),
                 x_tenuo_pop: Optional[str] = Header(None, alias=X_TENUO_POP)) -> SecurityContext:
        warrant = self._credentials(request, x_tenuo_warrant, x_tenuo_pop)
        if self.extract_args is not None:
            args = self.extract_args(request)
            if inspect.isawaitable(args):
                if inspect.iscoroutine(args):
                    args.close()
                raise HTTPException(500, detail={
                    "error": "configuration_error",
                    "message": "extract_args returned an awaitable; define it with async def"})
        else:
            args = default_extract_args(request)
        return self._authorize(request, warrant, x_tenuo_pop or "", dict(args))

    def _credentials(self, request: Request, warrant_text: Optional[str],
                     pop_text: Optional[str]) -> Warrant:
        warrant = _parse_warrant(request, warrant_text, self.tool)
        if warrant is None:
            _audit_refusal(self.tool, "MISSING_WARRANT", f"no {X_TENUO_WARRANT} header")
            raise HTTPException(401, detail={"error": "missing_warrant",
                                             "message": f"Missing {X_TENUO_WARRANT} header"},
                                headers={"WWW-Authenticate": "Tenuo"})
        if not pop_text:
            _audit_refusal(self.tool, "MISSING_POP", f"no {X_TENUO_POP} header")
            raise HTTPException(401, detail={"error": "missing_pop",
                                             "message": f"Missing {X_TENUO_POP} header"},
                                headers={"WWW-Authenticate": "Tenuo"})
        if warrant.expired:
            _audit_refusal(self.tool, "WARRANT_EXPIRED", f"warrant {warrant.id} has expired")
            raise HTTPException(401, detail=_expired_body(), headers={"WWW-Authenticate": "Tenuo"})
        return warrant

    def _authorize(self, request: Request, warrant: Warrant, pop_text: str,
                   args: Dict[str, Any]) -> SecurityContext:
        try:
            pop = base64.b64decode(pop_text)
        except (binascii.Error, ValueError):
            _audit_refusal(self.tool, "INVALID_POP_HEADER", f"{X_TENUO_POP} is not base64")
            raise HTTPException(400, detail={"error": "invalid_pop",
                                             "message": f"Invalid base64 encoding in {X_TENUO_POP}"})
        parents: List[Warrant] = list(getattr(request.state, "tenuo_parents", []) or [])
        chain = [*parents, warrant]
        authorizer = _authorizer()
        audit_logger._begin()
        try:
            authorizer.check_chain(chain, self.tool, args, signature=pop)
        except _exc.TenuoError as err:
            event = audit_logger._last()
            ref = (str(event.get("ref")) if event and event.get("action") == "denied"
                   else _audit_refusal(self.tool, "AUTHORIZATION_FAILED", type(err).__name__))
            if isinstance(err, _exc.ExpiredError) and not isinstance(err, _exc.PopExpired):
                raise HTTPException(401, detail=_expired_body(),
                                    headers={"WWW-Authenticate": "Tenuo"})
            if _STATE["expose_error_details"]:
                detail = {"error": "authorization_denied",
                          "message": f"Authorization denied: {err}", "tool": self.tool,
                          "args": args, "request_id": ref}
            else:
                detail = {"error": "authorization_denied", "message": "Authorization denied",
                          "request_id": ref}
            raise HTTPException(403, detail=detail) from None
        return SecurityContext(warrant=warrant, args=args, tool=self.tool, chain=tuple(chain))


class _AsyncTenuoGuard(TenuoGuard):
    async def __call__(self, request: Request,  # type: ignore[override]
                       x_tenuo_warrant: Optional[str] = Header(None, alias=X_TENUO_WARRANT),
                       x_tenuo_pop: Optional[str] = Header(None, alias=X_TENUO_POP)
                       ) -> SecurityContext:
        warrant = self._credentials(request, x_tenuo_warrant, x_tenuo_pop)
        assert self.extract_args is not None
        result = self.extract_args(request)
        args = await result if inspect.isawaitable(result) else result
        return self._authorize(request, warrant, x_tenuo_pop or "", dict(args))


def _expired_body() -> Dict[str, str]:
    return {"error": "warrant_expired", "message": "Warrant has expired",
            "suggestion": "Request a fresh warrant from the issuer"}


#: The SDK's older name.
TenuoSecurity = TenuoGuard
