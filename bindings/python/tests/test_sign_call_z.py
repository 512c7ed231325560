"""tenuo_warrant_sign_call_z (the short form Warrant.sign uses for the bare-hex id: NUL-terminated
arguments, a fixed-size signature buffer) signs exactly what tenuo_warrant_sign_call signs, and
refuses what it refuses."""

from __future__ import annotations

import ctypes

import pytest

from tenuo import _native as n
from tenuo import _values
from tenuo import exceptions as exc

from helpers import NOW


S, I64 = ctypes.c_size_t, ctypes.c_int64


def _raw_general(warrant, key, tool_b, args_b, when, form, out):
    """The ten-argument tenuo_warrant_sign_call, lengths given; its status (no exception)."""
    return n._sign_call_fast(warrant, key, tool_b, S(len(tool_b)), args_b, S(len(args_b)), I64(when),
                             ctypes.c_int32(form), out, S(64))


def _z(warrant, key, tool_b, args_b, when, out):
    """tenuo_warrant_sign_call_z; its status (no exception)."""
    return n._sign_call_z(warrant, key, tool_b, S(len(tool_b)), args_b, I64(when), out)


def _general(warrant, key, tool, args, when, form=n.POP_ID_HEX):
    buf = ctypes.create_string_buffer(64)
    status = _raw_general(warrant._handle, key._handle, tool.encode(), _values.args_bytes(args), when, form, buf)
    return status, buf.raw


@pytest.mark.parametrize("args", [
    None, {}, {"path": "/data/x"}, {"path": "nul \x00 inside", "k\x00": 1},
    {"b": 1, "a": "x", "B": [1, {"z": None, "y": 2.5}], "ab": True, "n": -7, "f": float("nan")},
    {"ключ": "значение", "e\u0301": "\U0001F600", "big": 2 ** 70, "neg": -(2 ** 63)},
    {"long": "x" * 600},
])
@pytest.mark.parametrize("when", [NOW, 0, 29, (1 << 63) - 1])
def test_signs_as_the_general_call(warrant, agent_key, args, when):
    short = warrant.sign(agent_key, "read_file", args, when)
    status, general = _general(warrant, agent_key, "read_file", args, when)
    assert status == 0 and bytes(short) == general
    assert warrant.verify_pop("read_file", args or {}, short, now=when)
    # The prefixed form still goes through the general call, and differs.
    prefixed = warrant.sign(agent_key, "read_file", args, when, prefixed_id=True)
    assert bytes(prefixed) == _general(warrant, agent_key, "read_file", args, when, n.POP_ID_PREFIXED)[1]
    assert prefixed != short


def test_refusals_match_the_general_call(warrant, agent_key, root_key):
    sig = ctypes.create_string_buffer(64)
    w, a, r = warrant._handle, agent_key._handle, root_key._handle
    # Not the holder's key: the same status (and, from Warrant.sign, SignatureMismatch).
    status = _z(w, r, b"ping", b"", NOW, sig)
    assert status == _raw_general(w, r, b"ping", b"", NOW, n.POP_ID_HEX, sig) != 0
    with pytest.raises(exc.SignatureMismatch):
        warrant.sign(root_key, "ping", None, NOW)
    # NULL and "" both mean no arguments, as {} does.
    assert _z(w, a, b"ping", None, NOW, sig) == 0
    none = sig.raw
    assert _z(w, a, b"ping", b"", NOW, sig) == 0 and sig.raw == none
    assert _z(w, a, b"ping", b"{}", NOW, sig) == 0 and sig.raw == none
    assert _general(warrant, agent_key, "ping", {}, NOW) == (0, none)
    # The text ends at its NUL: what follows is never read.
    assert _z(w, a, b"ping", b"{}\x00garbage", NOW, sig) == 0 and sig.raw == none
    # Bad JSON and a duplicate key: the general call's status.
    for bad in (b"{", b"[]", b'{"a":1,"a":2}', b"{} x", b'{"a":"\xff"}'):
        assert _z(w, a, b"ping", bad, NOW, sig) == _raw_general(w, a, b"ping", bad, NOW, n.POP_ID_HEX, sig) != 0
    # NULL handles and a NULL output buffer are misuse.
    assert _z(None, a, b"ping", b"", NOW, sig) != 0
    assert _z(w, None, b"ping", b"", NOW, sig) != 0
    assert _z(w, a, b"ping", b"", NOW, None) != 0
