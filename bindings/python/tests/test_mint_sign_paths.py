"""The short paths of PoP signing and minting (issue 9) give the same results as the general ones:
the one-string-argument JSON built in Warrant.sign, the shared Pattern handles, the one-call
capability of a Pattern, the raw ctypes calls of the mint builder."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from tenuo import Exact, Pattern, Warrant
from tenuo import constraints as _constraints
from tenuo import exceptions as exc

from helpers import NOW, seed_key


class _Args(OrderedDict):
    """A Mapping that is not a plain dict: Warrant.sign takes the general JSON path for it."""


@pytest.mark.parametrize("key,value", [
    ("query", "weather NYC"),
    ("q", ""),
    ("path", 'quote " backslash \\ slash / tab \t newline \n nul \x00 del \x7f'),
    ("ключ", "значение ü 東京 \U0001F600"),
    ("", "empty key"),
])
def test_one_string_argument_signs_as_the_general_path(warrant, agent_key, key, value):
    fast = warrant.sign(agent_key, "read_file", {key: value}, NOW)
    general = warrant.sign(agent_key, "read_file", _Args([(key, value)]), NOW)
    assert fast == general and len(fast) == 64
    challenge = warrant.pop_challenge("read_file", {key: value}, NOW)
    assert agent_key.public_key.verify_raw(b"tenuo-warrant-v1tenuo-pop-v1" + challenge, fast)
    assert warrant.verify_pop("read_file", {key: value}, fast, now=NOW)


def test_lone_surrogate_in_the_one_argument_is_refused(warrant, agent_key):
    for args in ({"path": "\ud800"}, {"\udfff": "x"}):
        with pytest.raises(exc.ValidationError):
            warrant.sign(agent_key, "read_file", args, NOW)


def test_one_non_string_argument_takes_the_checked_path(warrant, agent_key):
    assert warrant.sign(agent_key, "deploy", {"replicas": 3}, NOW) == \
        warrant.sign(agent_key, "deploy", _Args([("replicas", 3)]), NOW)
    with pytest.raises(TypeError):
        warrant.sign(agent_key, "deploy", {"replicas": object()}, NOW)
    with pytest.raises(TypeError):
        warrant.sign(agent_key, "deploy", {1: "x"}, NOW)


def test_sign_with_another_key_still_raises_signature_mismatch(warrant, root_key):
    with pytest.raises(exc.SignatureMismatch):
        warrant.sign(root_key, "read_file", {"path": "/data/x"}, NOW)


def test_patterns_of_one_text_share_one_library_handle():
    a, b = Pattern("shared-*"), Pattern("shared-*")
    assert a._native is b._native and a == b
    assert Pattern("other-*")._native is not a._native


def test_invalid_pattern_raises_every_time_and_is_not_kept():
    for _ in range(2):
        with pytest.raises(exc.InvalidPattern):
            Pattern("[")
    assert "[" not in _constraints._PATTERN_CACHE


def test_pattern_cache_is_bounded_and_handles_stay_valid(root_key, agent_key):
    first = Pattern("bounded-0-*")
    for i in range(_constraints._PATTERN_CACHE_MAX + 10):
        Pattern(f"bounded-{i}-*")
    assert len(_constraints._PATTERN_CACHE) <= _constraints._PATTERN_CACHE_MAX
    # A Pattern made before the cache was emptied still holds its own handle.
    w = (Warrant.mint_builder().capability("t", a=first).holder(agent_key.public_key)
         .mint(root_key, now=NOW))
    assert w.capabilities["t"]["a"] == Pattern("bounded-0-*")


def test_one_pattern_capability_equals_the_json_path(root_key, agent_key):
    def mint(**caps):
        return (Warrant.mint_builder().capability("search", **caps)
                .holder(agent_key.public_key).ttl(60).mint(root_key, now=NOW))

    fast = mint(query=Pattern("weather *"))
    general = (Warrant.mint_builder().capability("search", {"query": Pattern("weather *")})
               .holder(agent_key.public_key).ttl(60).mint(root_key, now=NOW))
    assert fast.capabilities == general.capabilities == {"search": {"query": Pattern("weather *")}}
    assert fast.expires_at == NOW + 60 and fast.holder == agent_key.public_key
    # A second capability for the same tool replaces the first, on both paths.
    b = Warrant.mint_builder().capability("search", query=Pattern("a*")).capability(
        "search", query=Pattern("b*"))
    assert b.mint(root_key, now=NOW).capabilities == {"search": {"query": Pattern("b*")}}
    # Non-ASCII names and non-Pattern constraints still work.
    w = (Warrant.mint_builder().capability("café", ñ=Pattern("x*")).capability("t", a=Exact("1"))
         .mint(root_key, now=NOW))
    assert w.capabilities == {"café": {"ñ": Pattern("x*")}, "t": {"a": Exact("1")}}


def test_mint_builder_errors_still_raise(root_key, agent_key):
    with pytest.raises(TypeError):
        Warrant.mint_builder().holder(root_key)
    with pytest.raises(TypeError):
        Warrant.mint_builder().capability("t", a=Pattern("x")).mint(agent_key.public_key)
    with pytest.raises(exc.TenuoError):
        Warrant.mint_builder().mint(root_key, now=NOW)  # no tool
    b = Warrant.mint_builder().capability("t", a=Pattern("x"))
    w1, w2 = b.mint(root_key, now=NOW), b.mint(root_key, now=NOW)
    assert w1.id != w2.id and w1.capabilities == w2.capabilities
    with pytest.raises(exc.TenuoError):
        Warrant.mint_builder().capability("t", a=Pattern("x")).ttl(10**9).mint(root_key, now=NOW)
    other = seed_key(9)
    assert (Warrant.mint_builder().tool("t").mint(other, now=NOW).holder == other.public_key)


def test_a_reused_library_builder_starts_clean(root_key, agent_key):
    from tenuo import builder as _builder

    for _ in range(3):
        b = (Warrant.mint_builder().capability("kept", a=Pattern("x*")).holder(agent_key.public_key)
             .ttl(60).session_id("s-1").clearance(10))
        b.extension("com.example.k", b"v")
        b.mint(root_key, now=NOW)
        del b
    assert _builder._SPARE_BUILDERS, "a dropped builder is kept for reuse"
    fresh = Warrant.mint_builder()
    assert fresh.preview()["tools"] == [] and fresh.preview()["capabilities"] == {}
    with pytest.raises(exc.TenuoError):
        fresh.mint(root_key, now=NOW)  # no tool: nothing of the earlier builder is left
    w = fresh.tool("t").mint(root_key, now=NOW)
    assert w.tools == ["t"] and w.holder == root_key.public_key
    assert w.session_id is None and w.clearance is None and w.expires_at == NOW + 3600
    assert w.extension("com.example.k") is None
    # A held error (a reserved tool name) does not survive into the next builder either.
    bad = Warrant.mint_builder().capability("tenuo:reserved", a=Pattern("x"))
    del bad
    assert Warrant.mint_builder().tool("t").mint(root_key, now=NOW).tools == ["t"]


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="needs os.fork")
def test_a_forked_child_mints_ids_its_parent_does_not(root_key):
    """Warrant ids come from a per-thread buffer of CSPRNG bytes: after fork() the child must
    not hand out the bytes the parent still holds (the buffer is discarded in the child)."""
    import os

    def mint_id() -> str:
        return Warrant.mint_builder().tool("t").mint(root_key, now=NOW).id

    mint_id()  # the parent's buffer is now filled
    r, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: report three ids, exit without running pytest's teardown
        try:
            os.write(wfd, ",".join(mint_id() for _ in range(3)).encode())
        finally:
            os._exit(0)
    os.close(wfd)
    with os.fdopen(r) as f:
        child = f.read().split(",")
    os.waitpid(pid, 0)
    parent = [mint_id() for _ in range(3)]
    assert len(child) == 3 and not set(child) & set(parent)
    # Same mint time, so the ids differ only in their random part.
    assert len(set(child + parent)) == 6
