"""Which ctypes calls keep the GIL: exactly the short, never-blocking ones in
``_native.GIL_KEEPING`` (builder setters, builder reset, handle frees); every call that does real
work (mint, sign, parse, authorize) releases it, so that threads run it in parallel."""

from __future__ import annotations

import ctypes
import sys
import threading
from typing import Any, Dict, List, Tuple

import pytest

from tenuo import Authorizer, Pattern, SigningKey, Warrant
from tenuo import _native as n
from tenuo import builder as _builder
from tenuo import constraints as _constraints
from tenuo import warrant as _warrant

from helpers import NOW

_KEEPS = ctypes._FUNCFLAG_PYTHONAPI  # type: ignore[attr-defined]


def _keeps_gil(fn: Any) -> bool:
    return bool(type(fn)._flags_ & _KEEPS)


def _symbol(fn: Any) -> int:
    return ctypes.cast(fn, ctypes.c_void_p).value or 0


def _module_functions() -> List[Tuple[str, Any]]:
    """Every ctypes function object bound in a tenuo module (globals) or cached on ``lib``."""
    found: List[Tuple[str, Any]] = []
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "tenuo" or name.startswith("tenuo.")):
            continue
        for attr, value in vars(module).items():
            if isinstance(value, ctypes._CFuncPtr):  # type: ignore[attr-defined]
                found.append((f"{name}.{attr}", value))
    for attr, value in vars(n.lib).items():
        if isinstance(value, ctypes._CFuncPtr):  # type: ignore[attr-defined]
            found.append((f"lib.{attr}", value))
    return found


def test_the_gil_keeping_set_is_exactly_the_short_calls() -> None:
    assert n.GIL_KEEPING == frozenset({
        "tenuo_mint_builder_set_tool_constraint",
        "tenuo_mint_builder_set_holder",
        "tenuo_mint_builder_set_ttl",
        "tenuo_mint_builder_reset",
        "tenuo_mint_builder_free",
        "tenuo_warrant_free",
        "tenuo_constraint_free",
    })
    # Anything else is refused: the calls that do real work cannot be made GIL-keeping.
    for name in ("tenuo_mint_builder_mint", "tenuo_warrant_parse", "tenuo_warrant_sign_call",
                 "tenuo_warrant_sign_call_z", "tenuo_authorizer_decide",
                 "tenuo_authorizer_check_warrants", "tenuo_authorizer_check_chain",
                 "tenuo_audit_sink_unregister", "no_such_function"):
        with pytest.raises(KeyError):
            n.gil_keeping_function(name)
    for name in n.GIL_KEEPING:
        fn = n.gil_keeping_function(name)
        assert _keeps_gil(fn)
        assert _symbol(fn) == _symbol(n.lib[name])  # the same symbol, not a second library


def test_only_gil_keeping_names_keep_the_gil() -> None:
    """Every function object the binding holds releases the GIL, except those made for a name in
    GIL_KEEPING; the hot paths use the GIL-keeping ones, the working calls the releasing ones."""
    by_address: Dict[int, str] = {_symbol(n.lib[name]): name for name in n.FUNCTION_NAMES}
    functions = _module_functions()
    assert len(functions) > 20
    keeping = set()
    for where, fn in functions:
        symbol = by_address.get(_symbol(fn))
        if _keeps_gil(fn):
            assert symbol in n.GIL_KEEPING, f"{where} ({symbol}) keeps the GIL"
            keeping.add(symbol)
    assert keeping == n.GIL_KEEPING  # each one is in use
    for fn in (_builder._raw_set_tool_constraint, _builder._raw_set_holder,
               _builder._raw_set_ttl, _builder._raw_reset, _builder._raw_free, _warrant._free,
               _constraints._free_constraint):
        assert _keeps_gil(fn)
    for fn in (_builder._raw_mint, _builder._raw_new, _warrant._parse, n._decide_fast,
               n._check_warrants_fast, n._sign_call_fast, n._sign_call_z,
               n.lib.tenuo_warrant_parse, n.lib.tenuo_authorizer_check_chain,
               n.lib.tenuo_audit_sink_unregister):
        assert not _keeps_gil(fn)


def test_mint_chain_and_frees_through_gil_keeping_calls(agent_key, root_key) -> None:
    """The mint chain with its GIL-keeping setters gives the settings it was given, reuses its
    builder after the reset, and frees warrants and constraint handles."""
    for i in range(50):
        w = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
             .holder(agent_key.public_key).ttl(600 + i).mint(root_key, now=NOW))
        assert w.tools == ["search"] and w.expires_at == NOW + 600 + i
        assert w.holder == agent_key.public_key
        if i % 2:
            w.close()
            w.close()  # idempotent: freed once
        del w
    native = _constraints._NativeConstraint._build_pattern("gil-test-*")
    del native  # frees its handle through the GIL-keeping free


def test_two_threads_authorize_and_mint_side_by_side(agent_key, root_key) -> None:
    """Two threads mint (GIL-keeping setters, releasing mint) and authorize (releasing) at once,
    with a third freeing warrants: every result is right."""
    auth = Authorizer(trusted_roots=[root_key.public_key])
    errors: List[str] = []
    start = threading.Barrier(3)

    def work(index: int) -> None:
        try:
            start.wait()
            for i in range(150):
                w = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
                     .holder(agent_key.public_key).ttl(3600).mint(root_key, now=NOW))
                args = {"query": f"weather {index}-{i}"}
                sig = w.sign(agent_key, "search", args, NOW)
                auth.authorize(w, "search", args, sig, now=NOW)
                assert not w.allows("search", {"query": "stocks"})
        except Exception as err:  # pragma: no cover - reported below
            errors.append(f"thread {index}: {err!r}")

    def churn() -> None:
        start.wait()
        for _ in range(300):
            Warrant.mint_builder().capability("x", p=Pattern("a*")).ttl(5).mint(root_key, now=NOW)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    threads.append(threading.Thread(target=churn))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
