""":class:`BoundWarrant`: a warrant plus its holder's key, for repeated calls."""

from __future__ import annotations

import base64
from datetime import timedelta
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import exceptions as _exc
from .keys import PublicKey, SigningKey, require_public_key, require_signing_key
from .models import Clearance, Flag, Timestamp, ValidationResult, WarrantType, WhyDenied
from .warrant import POP_HEADER, WARRANT_HEADER, Warrant, encode_warrant_stack

__all__ = ["BoundWarrant"]

Args = Optional[Mapping[str, Any]]

# Failures that mean the warrant itself is unusable, not that this call is out of scope:
# validate() reports them as a failed result like any other; headers() raises them as they are.
_STRUCTURAL = (_exc.ExpiredError, _exc.SignatureInvalid, _exc.MissingSignature)


class BoundWarrant:
    """A :class:`Warrant` bound to the holder's :class:`SigningKey`.

    It holds a secret key, so it refuses ``pickle`` and ``json`` serialisation (TypeError);
    keep ``str(bound.warrant)`` instead and bind again later.

    ``validate()``/``headers()`` anchor trust on ``trusted_roots`` (given here, at the call, or
    at bind time); with none, on the warrant's own issuer (the Tenuo SDK raises
    ConfigurationError there instead; see the README).
    """

    def __init__(self, warrant: Warrant, key: SigningKey,
                 trusted_roots: Optional[Sequence[PublicKey]] = None) -> None:
        if not isinstance(warrant, Warrant):
            raise _exc.ArgumentTypeError(f"warrant must be a Warrant, not {type(warrant).__name__}")
        self._warrant = warrant
        self._key = require_signing_key(key)
        self._trusted_roots = None if trusted_roots is None else [
            require_public_key(r, "trusted root") for r in trusted_roots
        ]

    @staticmethod
    def bind_warrant(warrant: Warrant, key: SigningKey,
                     trusted_roots: Optional[Sequence[PublicKey]] = None) -> "BoundWarrant":
        return BoundWarrant(warrant, key, trusted_roots)

    # -- the parts ----------------------------------------------------------------------------

    @property
    def warrant(self) -> Warrant:
        """The plain warrant (safe to store: ``str(bound.warrant)``)."""
        return self._warrant

    def unbind(self) -> Warrant:
        return self._warrant

    def bind(self, key: SigningKey, trusted_roots: Optional[Sequence[PublicKey]] = None
             ) -> "BoundWarrant":
        return BoundWarrant(self._warrant, key, trusted_roots=trusted_roots)

    @property
    def holder_key(self) -> PublicKey:
        return self._key.public_key

    # -- forwarded properties -----------------------------------------------------------------

    @property
    def id(self) -> str:
        return self._warrant.id

    @property
    def tools(self) -> List[str]:
        return self._warrant.tools

    @property
    def capabilities(self) -> Dict[str, Dict[str, Any]]:
        return self._warrant.capabilities

    @property
    def ttl_remaining(self) -> timedelta:
        return self._warrant.ttl_remaining

    @property
    def ttl(self) -> timedelta:
        return self._warrant.ttl_remaining

    @property
    def expires_at(self) -> Timestamp:
        return self._warrant.expires_at

    @property
    def is_expired(self) -> bool:
        return self._warrant.is_expired

    @property
    def is_terminal(self) -> bool:
        return self._warrant.is_terminal

    @property
    def expired(self) -> bool:
        return self._warrant.expired

    @property
    def terminal(self) -> bool:
        return self._warrant.terminal

    @property
    def clearance(self) -> Optional[Clearance]:
        return self._warrant.clearance

    @property
    def depth(self) -> int:
        return self._warrant.depth

    @property
    def max_depth(self) -> int:
        return self._warrant.max_depth

    @property
    def warrant_type(self) -> WarrantType:
        return self._warrant.warrant_type

    # -- calls --------------------------------------------------------------------------------

    def _roots(self, explicit: Optional[Sequence[PublicKey]]) -> List[PublicKey]:
        if explicit is not None:
            return [require_public_key(r, "trusted root") for r in explicit]
        if self._trusted_roots is not None:
            return list(self._trusted_roots)
        return [self._warrant.issuer]

    def validate(self, tool: str, args: Args = None, approvals: Any = None, *,
                 trusted_roots: Optional[Sequence[PublicKey]] = None,
                 warrant_chain: Optional[Sequence[Warrant]] = None,
                 now: Any = None) -> ValidationResult:
        """The full check of one call, as a server would make it: sign a fresh PoP, then
        verify chain, expiry, tool, constraints and the PoP. Truthy when authorized; every
        authorization failure (wrong key, chain, constraint, expiry) gives a falsy result with
        ``reason`` and ``error`` (the exception the server would raise); nothing is raised.

        ``warrant_chain``: the parents (root first, without this warrant) of a delegated one.
        """
        from .authorizer import Authorizer

        try:
            signature = self._warrant.sign(self._key, tool, args, now=now)
        except _exc.SignatureMismatch as err:
            # The reference signs anyway and its verifier refuses the proof: same class here.
            refused = _exc.SignatureInvalid(
                f"Signature verification failed: the bound key is not this warrant's holder "
                f"({err.message})", status=err.status, status_name=err.status_name)
            return ValidationResult.fail(str(refused), [
                "Bind the warrant to its holder's key (warrant.bind(holder_key))."], error=refused)
        try:
            with Authorizer(trusted_roots=self._roots(trusted_roots)) as auth:
                if warrant_chain:
                    auth.check_chain(list(warrant_chain) + [self._warrant], tool, args,
                                     signature=bytes(signature), approvals=approvals, now=now)
                else:
                    auth.authorize(self._warrant, tool, args, signature=bytes(signature),
                                   approvals=approvals, now=now)
        except _STRUCTURAL as err:
            return ValidationResult.fail(str(err) or type(err).__name__, [], error=err)
        except _exc.TenuoError as err:
            if self._warrant.allows(tool, args if args is not None else {}):
                # The warrant's logic allows it: the failure is about trust (chain, root).
                return ValidationResult.fail(
                    str(err) or type(err).__name__,
                    ["A delegated warrant must present its parents: "
                     "validate(..., warrant_chain=[root, ...]) root first."],
                    error=err,
                )
            why = self._warrant.why_denied(tool, args, now=now)
            reason = why.suggestion or why.reason or str(err)
            return ValidationResult.fail(reason, [why.suggestion] if why.suggestion else [],
                                         error=err)
        return ValidationResult.ok()

    def headers(self, tool: str, args: Args = None, approvals: Any = None, *,
                trusted_roots: Optional[Sequence[PublicKey]] = None,
                warrant_chain: Optional[Sequence[Warrant]] = None,
                now: Any = None) -> Dict[str, str]:
        """``X-Tenuo-Warrant`` / ``X-Tenuo-PoP`` headers for one call (validated first;
        raises ``RuntimeError`` — an AuthorizationDenied — when the call would be denied).
        With ``warrant_chain`` the warrant header carries the whole stack."""
        from .warrant import _HeadersDenied

        result = self.validate(tool, args, approvals, trusted_roots=trusted_roots,
                               warrant_chain=warrant_chain, now=now)
        if not result:
            if isinstance(result.error, _STRUCTURAL):
                raise result.error
            raise _HeadersDenied(f"Authorization failed: {result.reason}", tool=tool,
                                 reason=result.reason)
        pop = self._warrant.sign(self._key, tool, args, now=now)
        token = (encode_warrant_stack(list(warrant_chain) + [self._warrant]) if warrant_chain
                 else self._warrant.to_base64())
        return {WARRANT_HEADER: token, POP_HEADER: base64.b64encode(bytes(pop)).decode("ascii")}

    def sign(self, tool: str, args: Args = None, timestamp: Any = None) -> bytes:
        return self._warrant.sign(self._key, tool, args, timestamp)

    def allows(self, tool: str, args: Args = None) -> bool:
        """Logic-only preview (no PoP, no chain, no expiry)."""
        return self._warrant.allows(tool, args)

    def why_denied(self, tool: str, args: Args = None, now: Any = None) -> WhyDenied:
        return self._warrant.why_denied(tool, args, now=now)

    def grant(self, *, to: PublicKey, allow: Union[str, Sequence[str]], ttl: Optional[int] = None,
              now: Any = None, **constraints: Any) -> Warrant:
        """Delegate with the bound key (see :meth:`Warrant.grant`)."""
        return self._warrant.grant(to=to, allow=allow, ttl=ttl, key=self._key, now=now,
                                   **constraints)

    def explain(self, include_chain: bool = False) -> str:
        return self._warrant.explain(include_chain)

    # -- scope -------------------------------------------------------------------------------

    def __enter__(self) -> "BoundWarrant":
        """``with bound:`` makes this warrant and key the current scope (``@guard`` uses them)
        until the block ends; see :mod:`tenuo.scoped`."""
        from . import scoped

        tokens = self.__dict__.setdefault("_scope_tokens", [])
        tokens.append(scoped._enter(scoped.Scope(self._warrant, self._key)))
        return self

    def __exit__(self, *exc: Any) -> None:
        from . import scoped

        scoped._exit(self.__dict__["_scope_tokens"].pop())

    # -- no serialisation ---------------------------------------------------------------------

    def __getstate__(self) -> Any:
        raise TypeError("BoundWarrant holds a private key and cannot be serialized; "
                        "store str(bound.warrant) instead")

    def __reduce__(self) -> Any:
        raise TypeError("BoundWarrant cannot be pickled (it holds a private key)")

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("BoundWarrant cannot be pickled (it holds a private key)")

    def __copy__(self) -> "BoundWarrant":
        return BoundWarrant(self._warrant, self._key, self._trusted_roots)

    def __deepcopy__(self, memo: Any) -> "BoundWarrant":
        return self.__copy__()

    def __repr__(self) -> str:
        return f"<BoundWarrant id={self._warrant.id[:12]}... KEY_BOUND=True>"
