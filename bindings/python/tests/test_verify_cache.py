"""tenuo.verify_cache: the library's process-wide verified-signature cache seen from Python.

pytest runs the tests of a process one at a time and only this module touches the cache's
settings, so the counters asserted here are exact (each test starts from a cleared cache and
the fixture restores the default size afterwards).
"""

from __future__ import annotations

import threading

import pytest

from helpers import NOW
from tenuo import Authorizer, Pattern, Warrant, verify_cache
from tenuo.exceptions import (ExpiredError, MissingSignature, SignatureInvalid, TenuoError,
                              ToolNotAuthorized, ValidationError)


@pytest.fixture(autouse=True)
def fresh_cache():
    verify_cache.set_capacity(verify_cache.DEFAULT_ENTRIES)
    verify_cache.clear()
    yield
    verify_cache.set_capacity(verify_cache.DEFAULT_ENTRIES)
    verify_cache.clear()


def _mint(root_key, agent_key, tool="read_file", ttl=3600):
    return (Warrant.mint_builder().capability(tool, path=Pattern("/data/*"))
            .holder(agent_key.public_key).ttl(ttl).mint(root_key, now=NOW))


def _replace(data: bytes, old: bytes, new: bytes) -> bytes:
    assert len(old) == len(new) and old in data
    return data.replace(old, new, 1)


def _code(body) -> int:
    try:
        body()
        return 0
    except TenuoError as err:
        return err.get_wire_code()


def test_on_by_default_and_second_decoding_is_a_hit(root_key, agent_key):
    assert verify_cache.capacity() == verify_cache.DEFAULT_ENTRIES == 4096
    assert verify_cache.is_enabled() and verify_cache.stats().enabled
    text = str(_mint(root_key, agent_key))
    first = Warrant(text)
    assert verify_cache.stats() == (0, 1, 1, 4096)
    again = Warrant(text)
    assert verify_cache.stats() == (1, 1, 1, 4096)
    assert again.to_bytes() == first.to_bytes() and again.id == first.id
    Warrant.from_bytes(first.to_bytes())  # the same envelope through another door
    assert verify_cache.stats().hits == 2


def test_tampered_payload_signature_and_issuer_never_hit(root_key, agent_key, stranger_key):
    w = _mint(root_key, agent_key)
    good = w.to_bytes()
    Warrant.from_bytes(good)
    bad_payload = _replace(good, b"read_file", b"read_filf")
    bad_sig = good[:-3] + bytes([good[-3] ^ 0x01]) + good[-2:]
    bad_issuer = _replace(good, root_key.public_key.to_bytes(), stranger_key.public_key.to_bytes())
    for _ in range(3):
        for bad in (bad_payload, bad_sig, bad_issuer):
            with pytest.raises(SignatureInvalid):
                Warrant.from_bytes(bad)
    s = verify_cache.stats()
    assert (s.hits, s.misses, s.entries) == (0, 10, 1)


def test_disabled_cache_verifies_every_time(root_key, agent_key):
    text = str(_mint(root_key, agent_key))
    verify_cache.disable()
    assert not verify_cache.is_enabled() and verify_cache.capacity() == 0
    for _ in range(3):
        assert Warrant(text).tools == ["read_file"]
    assert verify_cache.stats() == (0, 0, 0, 0)
    with pytest.raises(SignatureInvalid):
        Warrant.from_bytes(_replace(Warrant(text).to_bytes(), b"read_file", b"read_filf"))
    verify_cache.enable()
    Warrant(text)
    Warrant(text)
    assert verify_cache.stats() == (1, 1, 1, 4096)


def test_eviction_then_verified_again(root_key, agent_key):
    verify_cache.set_capacity(2)
    texts = [str(_mint(root_key, agent_key, tool=f"tool_{i}")) for i in range(12)]
    for _ in range(2):
        for i, t in enumerate(texts):
            assert Warrant(t).tools == [f"tool_{i}"]
    s = verify_cache.stats()
    assert s.entries <= 2 and s.hits + s.misses == 24 and s.misses >= 22


def test_resize_clear_and_bad_sizes(root_key, agent_key):
    text = str(_mint(root_key, agent_key))
    Warrant(text)
    verify_cache.set_capacity(100)
    assert verify_cache.stats() == (0, 1, 0, 100)  # resizing drops entries, keeps counters
    Warrant(text)
    verify_cache.clear()
    assert verify_cache.stats() == (0, 0, 0, 100)
    verify_cache.set_capacity(verify_cache.MAX_ENTRIES)
    assert verify_cache.capacity() == 1_048_576
    with pytest.raises(ValidationError):
        verify_cache.set_capacity(verify_cache.MAX_ENTRIES + 1)
    with pytest.raises(ValidationError):
        verify_cache.set_capacity(-1)
    with pytest.raises(ValidationError):
        verify_cache.enable(0)
    with pytest.raises(TypeError):
        verify_cache.set_capacity("10")
    with pytest.raises(TypeError):
        verify_cache.set_capacity(True)
    assert verify_cache.capacity() == 1_048_576


def test_decisions_on_a_cached_warrant_are_unchanged(root_key, agent_key):
    text = str(_mint(root_key, agent_key, ttl=60))
    Warrant(text)
    w = Warrant(text)
    assert verify_cache.stats().hits == 1
    auth = Authorizer(trusted_roots=[root_key.public_key])
    args = {"path": "/data/x"}
    auth.authorize(w, "read_file", args, signature=w.sign(agent_key, "read_file", args, NOW), now=NOW)
    late = NOW + 120
    assert _code(lambda: auth.authorize(w, "read_file", args,
                                        signature=w.sign(agent_key, "read_file", args, late),
                                        now=late)) == ExpiredError._wire
    with pytest.raises((MissingSignature, SignatureInvalid)):
        auth.authorize(w, "read_file", args, now=NOW)
    with pytest.raises(ToolNotAuthorized):
        auth.authorize(w, "write_file", {}, signature=w.sign(agent_key, "write_file", {}, NOW), now=NOW)


def test_threads_never_accept_a_bad_warrant(root_key, agent_key, stranger_key):
    verify_cache.set_capacity(4)
    goods = [_mint(root_key, agent_key, tool=f"t{i}").to_bytes() for i in range(6)]
    bads = []
    for i, g in enumerate(goods):
        bads.append(_replace(g, f"t{i}".encode(), f"x{i}".encode()))
        bads.append(g[:-1] + bytes([g[-1] ^ 0x80]))
        bads.append(_replace(g, root_key.public_key.to_bytes(), stranger_key.public_key.to_bytes()))
    results = []
    errors = []

    def work(t: int) -> None:
        ok = refused = 0
        try:
            for r in range(120):
                g = goods[(r + t) % len(goods)]
                if Warrant.from_bytes(g).to_bytes() == g:
                    ok += 1
                try:
                    Warrant.from_bytes(bads[(r * 5 + t) % len(bads)])
                except SignatureInvalid:
                    refused += 1
                if t == 0 and r % 40 == 39:
                    verify_cache.clear()
        except Exception as err:  # pragma: no cover - reported below
            errors.append(err)
        results.append((ok, refused))

    threads = [threading.Thread(target=work, args=(t,)) for t in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert results == [(120, 120)] * 4
    assert verify_cache.stats().entries <= 4
