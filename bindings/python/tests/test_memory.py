"""Handles are freed exactly once: dropping objects returns their memory."""

from __future__ import annotations

import gc
import os

import pytest

from tenuo import (Authorizer, ConstraintViolation, Pattern, SigningKey, TenuoError, Warrant,
                   WarrantChain)

from helpers import NOW


def rss_kib() -> int:
    with open(f"/proc/{os.getpid()}/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def churn(rounds: int, root: SigningKey, text: str) -> None:
    for i in range(rounds):
        key = SigningKey.generate()
        pub = key.public_key
        w = Warrant(text)
        _ = w.tools, w.holder, w.issuer, str(w), w.to_bytes()
        sig = w.sign(root, "read", {"path": f"/data/{i}"}, NOW)
        auth = Authorizer(trusted_roots=[root.public_key, pub])
        auth.authorize(w, "read", {"path": f"/data/{i}"}, sig, now=NOW)
        chain = WarrantChain([w])
        _ = chain[0]
        w.why_denied("read", {"path": "/etc"}, now=NOW)
        try:  # a denial handle is created and must be freed
            bad = {"path": "/etc"}
            auth.authorize(w, "read", bad, w.sign(root, "read", bad, NOW), now=NOW)
        except ConstraintViolation:
            pass
        minted = Warrant.mint_builder().capability("read", path=Pattern("/data/*")) \
            .holder(pub).mint(root, now=NOW)
        child = minted.grant(to=root.public_key, allow="read", key=key, ttl=60, now=NOW)
        try:
            Warrant.from_bytes(child.to_bytes()[:-1])
        except TenuoError:
            pass
        del key, pub, w, sig, auth, chain, minted, child


@pytest.mark.slow
def test_rss_stays_flat():
    root = SigningKey.from_bytes(b"\x05" * 32)
    text = str(Warrant.mint_builder().capability("read", path=Pattern("/data/*")).mint(root, now=NOW))
    churn(1000, root, text)          # warm up allocator pools and caches
    gc.collect()
    before = rss_kib()
    churn(4000, root, text)          # ~60k native objects created and dropped
    gc.collect()
    after = rss_kib()
    # A leak of even 100 bytes per object would add ~6 MB.
    assert after - before < 4096, f"RSS grew by {after - before} KiB"


def test_context_managers_free_immediately(root_key):
    with SigningKey.generate() as key:
        with Warrant.mint_builder().tool("x").mint(key, now=NOW) as w:
            assert w.tools == ["x"]
        assert w.closed
    assert key.closed


def test_finalizer_runs_on_collection():
    key = SigningKey.generate()
    finalizer = key._finalizer
    assert finalizer.alive
    del key
    gc.collect()
    assert not finalizer.alive
