"""The :class:`Authorizer`: trusted roots plus policy, deciding tool calls."""

from __future__ import annotations

import operator as _operator
from time import time as _clock
from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _native as _n
from . import _values
from . import exceptions as _exc
from .keys import PublicKey, require_public_key
from . import revocation as _revocation
from .models import ChainVerificationResult, Clearance, Signature
from .warrant import Warrant, WarrantChain, _signature_arg, _tool_arg, _warrant_list, as_chain
from .warrant import _CLOSES

_args_bytes = _values.args_bytes
_check = _n.check_warrants
_decide = _n.decide
_refusal = _exc.refusal
_I64_MAX = (1 << 63) - 1
_Result = ChainVerificationResult
_new_result = object.__new__
#: Signature values passed to the library as they are: bytes, a Signature (an immutable bytes
#: subclass, what Warrant.sign returns) or None; anything else goes through _signature_arg.
_PLAIN_SIG = frozenset((bytes, Signature, type(None)))

__all__ = ["Authorizer"]

#: The only PoP window length the protocol (and libtenuo) uses.
POP_WINDOW_SECS = _n.POP_WINDOW_SECONDS


class _AuthorizerHandle(_n.Handle):
    _free_name = "tenuo_authorizer_free"
    _kind = "authorizer"

    def __init__(self, roots: List[PublicKey], pop_max_windows: int, tolerance: int) -> None:
        packed = b"".join(r.to_bytes() for r in roots)  # 32 bytes per key, concatenated
        self._adopt(_n.call_handle(_n.lib.tenuo_authorizer_new, _n.AuthorizerP, packed,
                                   len(packed), pop_max_windows, tolerance))


def _when(now: Any, as_of: Any) -> int:
    if now is not None and as_of is not None and now != as_of:
        raise _exc.ValidationError("pass either now= or as_of=, not both")
    return _n.time_arg(now if now is not None else as_of)




class Authorizer:
    """Verifies warrants and chains against trusted root keys and decides tool calls.

    ``Authorizer(trusted_roots=[pk, ...], clock_tolerance_secs=30, pop_max_windows=5)``.
    Every deciding method takes ``now=`` (Unix seconds; ``as_of=`` is accepted as the SDK's
    name) and uses the clock when neither is given. Thread-safe.
    """

    def __init__(
        self,
        trusted_roots: Optional[Sequence[PublicKey]] = None,
        *,
        clock_tolerance_secs: int = _n.DEFAULT_CLOCK_TOLERANCE,
        pop_window_secs: int = POP_WINDOW_SECS,
        pop_max_windows: int = _n.POP_DEFAULT_MAX_WINDOWS,
    ) -> None:
        if trusted_roots is None:
            trusted_roots = []
        if isinstance(trusted_roots, PublicKey) or not isinstance(trusted_roots, Sequence):
            raise _exc.ArgumentTypeError("trusted_roots must be a list of PublicKey")
        self._roots = [require_public_key(r, "trusted root") for r in trusted_roots]
        self._tolerance = _n.uint_arg(clock_tolerance_secs, "clock_tolerance_secs", _n.U64_MAX)
        if pop_window_secs != POP_WINDOW_SECS:
            raise _exc.ValidationError(
                f"pop_window_secs must be {POP_WINDOW_SECS} (the protocol's window)"
            )
        self._windows = _n.uint_arg(pop_max_windows, "pop_max_windows", _n.U32_MAX)
        self._core = _AuthorizerHandle(self._roots, self._windows, self._tolerance)
        self._last_chain: Any = None  # see _handles

    # -- settings -----------------------------------------------------------------------------

    def _rebuild(self) -> None:
        # A new handle for new roots or windows; calls already running keep the old one alive.
        # The revocation list and clearance requirements carry over to it.
        core = _AuthorizerHandle(self._roots, self._windows, self._tolerance)
        _revocation.copy_policy(self._core, core)
        self._core = core

    # -- revocation and clearance (thread-safe: decisions see the old or the new policy) --------

    def set_revocation_list(self, srl: "_revocation.SignedRevocationList") -> None:
        """Install a signed revocation list whose issuer is one of the trusted roots.

        Raises ConfigurationError (issuer not a trusted root), SignatureInvalid,
        SrlVersionRollback (older version than the installed list) or SrlContentChanged (same
        version, different ids).
        """
        _revocation.install(self._core, srl)

    def installed_revocation_list(self) -> "Optional[_revocation.SignedRevocationList]":
        return _revocation.installed(self._core)

    def require_clearance(self, tool: str, level: Any) -> None:
        """Require at least ``level`` (a Clearance or 0–255) for ``tool``: an exact name,
        ``"prefix_*"`` or ``"*"``. Raises ValidationError for an invalid pattern."""
        _revocation.require_clearance(self._core, tool, level)

    def get_required_clearance(self, tool: str) -> "Optional[Clearance]":
        """The clearance ``tool`` needs (exact, then longest ``prefix*``, then ``*``), or None."""
        return _revocation.required_clearance(self._core, tool)

    @property
    def trusted_roots(self) -> List[PublicKey]:
        return list(self._roots)

    def trusted_root_count(self) -> int:
        return len(self._roots)

    def add_trusted_root(self, key: PublicKey) -> None:
        self._roots.append(require_public_key(key, "trusted root"))
        self._rebuild()

    def set_clock_tolerance(self, secs: int) -> None:
        self._tolerance = _n.uint_arg(secs, "clock_tolerance_secs", _n.U64_MAX)
        self._rebuild()

    def set_pop_window(self, window_secs: int, max_windows: int) -> None:
        if window_secs != POP_WINDOW_SECS:
            raise _exc.ValidationError(f"the PoP window is {POP_WINDOW_SECS} seconds")
        self._windows = _n.uint_arg(max_windows, "max_windows", _n.U32_MAX)
        self._rebuild()

    @property
    def clock_tolerance_secs(self) -> int:
        return self._tolerance

    @property
    def pop_max_windows(self) -> int:
        return self._windows

    def close(self) -> None:
        self._core.close()

    def __enter__(self) -> "Authorizer":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- decisions ----------------------------------------------------------------------------

    def _decide(self, target: Any, tool: str, args: Optional[Mapping[str, Any]],
                signature: Any, when: int, approvals: Any = None) -> List[Warrant]:
        """One native call for a Warrant or a list of decoded warrants (tenuo_authorizer_decide;
        tenuo_authorizer_check_warrants with approvals); other chain forms are decoded first.
        Returns the warrants decided on. (``authorize`` has its own copy of the one-warrant
        path, to keep it one frame deep.)"""
        if type(tool) is str and tool.isascii():
            tool_b = tool.encode("ascii")
        else:
            tool_b = _tool_arg(tool)
        sig = signature if type(signature) in _PLAIN_SIG else _signature_arg(signature)
        args_b = _args_bytes(args)
        if approvals is None:
            if isinstance(target, Warrant):
                warrants = [target]
                record = _decide(self._core._handle, target._ref, 1, tool_b,
                                 args_b, sig, when)
            else:
                warrants, handles = self._handles(target)
                record = _decide(self._core._handle, handles, len(handles), tool_b, args_b,
                                 sig, when)  # the array's length (the list may change)
            if record is not None:
                self._refused(record, sig is not None, warrants[-1], tool, args)
            return warrants
        from .approval import approval_array

        warrants = [target] if isinstance(target, Warrant) else _decoded(target)
        apps, n_apps, _keep = approval_array(approvals)
        record = _check(self._core._handle, warrants, tool_b, args_b, sig, apps, n_apps, when)
        if record is not None:
            self._refused(record, sig is not None, warrants[-1], tool, args)
        return warrants

    def _handles(self, target: Any) -> Any:
        """``(warrants, C array of their handles)`` for a chain. The array of the last list of
        decoded warrants is kept with the warrant objects it was built from (see
        ``_cached_array``) and reused while the same open warrants come in the same order: a
        service checking one delegated chain per request builds it once."""
        if type(target) is list and target:
            handles = self._cached_array(target)
            if handles is not None:
                return target, handles
        closes = _CLOSES[0]  # read first: a close from here on makes the kept array stale
        warrants = _decoded(target)
        hs = [w._handle for w in warrants]  # ClosedHandleError for a closed warrant
        handles = _n.warrant_array(hs)
        if warrants is target:
            self._last_chain = (tuple(warrants), handles, closes)
        return warrants, handles

    def _cached_array(self, chain: List[Any]) -> Any:
        """The kept handle array when ``chain`` holds, in order, the very warrant objects it
        was built from and no warrant was closed since (``Warrant.close`` counts closes), else
        None. The kept tuple keeps those warrants alive, so their handles stay open until one
        is closed: a hit means every warrant is open and decoded. Identity only, never
        ``__eq__`` (an equal copy is another object, with its own handle)."""
        last = self._last_chain
        if last is None or last[2] != _CLOSES[0]:
            return None
        kept = last[0]
        if len(chain) != len(kept):
            return None
        return last[1] if all(map(_is, chain, kept)) else None

    def _refused(self, record: bytes, signature_given: bool, leaf: Warrant, tool: str,
                 args: Any) -> None:
        """Raise for a refused call (only ever raises), from its record in
        tenuo_authorizer_decide's form: the class from the record's structured fields, the text
        rendered from it when first read."""
        err = _refusal(record, signature_given)
        if err is None:
            _n.raise_status(int(record[:4]))  # misuse: the library's message, on this thread
        if type(err) is _exc.ApprovalGateTriggered:
            from .approval import describe_gate_error

            describe_gate_error(err, leaf, tool, args)
        raise err  # type: ignore[misc]

    def authorize(self, warrant: Union[Warrant, Sequence[Warrant], WarrantChain, str],
                  tool: str, args: Optional[Mapping[str, Any]] = None,
                  signature: Any = None, approvals: Any = None, *, now: Any = None,
                  as_of: Any = None) -> None:
        """Allow the call (return None) or raise why not.

        ``warrant`` is one Warrant or a chain (list root first, WarrantChain, or stack text).
        ``signature`` is the holder's proof-of-possession (64 bytes).
        """
        if as_of is None and (now is None or type(now) is int and 0 <= now <= _I64_MAX):
            when = int(_clock()) if now is None else now  # _when's result, without the call
        else:
            when = _when(now, as_of)
        if approvals is not None or not isinstance(warrant, Warrant):
            self._decide(warrant, tool, args, signature, when, approvals)
            return
        # The hot path of _decide for one decoded warrant without approvals.
        if type(tool) is str and tool.isascii():
            tool_b = tool.encode("ascii")
        else:
            tool_b = _tool_arg(tool)
        sig = signature if type(signature) in _PLAIN_SIG else _signature_arg(signature)
        record = _decide(self._core._handle, warrant._ref, 1, tool_b,
                         _args_bytes(args), sig, when)
        if record is not None:
            err = _refusal(record, sig is not None)
            if err is None or type(err) is _exc.ApprovalGateTriggered:
                self._refused(record, sig is not None, warrant, tool, args)
            raise err  # type: ignore[misc]

    check = authorize

    def authorize_one(self, warrant: Warrant, tool: str,
                      args: Optional[Mapping[str, Any]] = None, signature: Any = None,
                      approvals: Any = None, *, now: Any = None,
                      as_of: Any = None) -> ChainVerificationResult:
        """Like :meth:`authorize` for a single warrant, returning what was verified."""
        if not isinstance(warrant, Warrant):
            raise _exc.ArgumentTypeError("authorize_one takes a single Warrant")
        return ChainVerificationResult._of(
            self._decide(warrant, tool, args, signature, _when(now, as_of), approvals))

    def check_chain(self, chain: Union[Sequence[Warrant], WarrantChain, str], tool: str,
                    args: Optional[Mapping[str, Any]] = None, signature: Any = None,
                    approvals: Any = None, *, now: Any = None,
                    as_of: Any = None) -> ChainVerificationResult:
        """Verify ``chain`` (root first) and decide the call on its last warrant."""
        if as_of is None and (now is None or type(now) is int and 0 <= now <= _I64_MAX):
            when = int(_clock()) if now is None else now  # _when's result, without the call
        else:
            when = _when(now, as_of)
        if approvals is None and type(chain) is list and chain:
            # The hot paths of _decide, one frame deep: one decoded warrant (no array), or the
            # list whose handle array is kept (_cached_array).
            if len(chain) == 1:
                warrant = chain[0]
                handles = warrant._ref if isinstance(warrant, Warrant) else None
                count = 1
            else:
                handles = self._cached_array(chain)
                # the array's own length: the list may change meanwhile (another thread)
                count = len(handles) if handles is not None else 0
            if handles is not None:
                if type(tool) is str and tool.isascii():
                    tool_b = tool.encode("ascii")
                else:
                    tool_b = _tool_arg(tool)
                sig = signature if type(signature) in _PLAIN_SIG else _signature_arg(signature)
                record = _decide(self._core._handle, handles, count, tool_b,
                                 _args_bytes(args), sig, when)
                if record is not None:
                    self._refused(record, sig is not None, chain[-1], tool, args)
                result = _new_result(_Result)  # ChainVerificationResult._of(chain), inline
                result._warrants = chain
                result.verified_approvals = 0
                return result
        return ChainVerificationResult._of(
            self._decide(chain, tool, args, signature, when, approvals))

    def verify_chain(self, chain: Union[Sequence[Warrant], WarrantChain, str], *,
                     now: Any = None, as_of: Any = None) -> ChainVerificationResult:
        """Check the chain alone (signatures, links, expiry, trusted root) without a call."""
        when = _when(now, as_of)
        if isinstance(chain, Warrant):
            chain = [chain]
        chain_obj, owned = as_chain(chain)
        try:
            core = self._core
            _n.lib.tenuo_authorizer_verify_chain(core._handle, chain_obj._handle, when)
            return ChainVerificationResult._of(chain_obj.warrants)
        finally:
            if owned:
                chain_obj.close()

    def verify(self, warrant: Warrant, *, now: Any = None,
               as_of: Any = None) -> ChainVerificationResult:
        """Check one warrant alone (its issuer must be a trusted root)."""
        if not isinstance(warrant, Warrant):
            raise _exc.ArgumentTypeError("verify takes a Warrant")
        return self.verify_chain([warrant], now=now, as_of=as_of)

    def __repr__(self) -> str:
        return (f"Authorizer(trusted_roots={len(self._roots)}, "
                f"clock_tolerance_secs={self._tolerance}, pop_max_windows={self._windows})")

    def __reduce__(self) -> Any:
        return (_rebuild_authorizer, (self._roots, self._tolerance, self._windows))


def _rebuild_authorizer(roots: List[PublicKey], tolerance: int, windows: int) -> Authorizer:
    return Authorizer(trusted_roots=roots, clock_tolerance_secs=tolerance,
                      pop_max_windows=windows)


_is = _operator.is_


def _decoded(chain: Any) -> List[Warrant]:
    """The decoded warrants (root first) of a list of Warrant objects, a WarrantChain, or stack
    text/bytes (decoded here, once)."""
    if type(chain) is list and chain and all(isinstance(w, Warrant) for w in chain):
        return chain
    if isinstance(chain, (list, tuple)):
        return list(_warrant_list(chain)) or _empty_chain()
    obj, owned = as_chain(chain)
    try:
        return obj.warrants
    finally:
        if owned:
            obj.close()


def _empty_chain() -> List[Warrant]:
    raise _exc.ValidationError("a chain needs at least one warrant (the root)")
