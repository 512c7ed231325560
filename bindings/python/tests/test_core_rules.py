"""Rules the Python package and the C ABI no longer apply themselves (they live in TenuoCore),
seen through the public API: the PoP window count of verify_pop, approval gates added in
several calls, and the class of a grant made with the wrong key (from the error kind)."""

from __future__ import annotations

import pytest

from tenuo import Pattern, Warrant, _native
from tenuo import exceptions as exc

from helpers import NOW, seed_key

ISSUER, AGENT, STRANGER = seed_key(0x81), seed_key(0x82), seed_key(0x83)


@pytest.fixture(scope="module")
def parent() -> Warrant:
    return (Warrant.mint_builder().capability("deploy", env=Pattern("*"), region=Pattern("*"))
            .tool("read").holder(AGENT.public_key).ttl(3600).mint(ISSUER, now=NOW))


def test_verify_pop_window_count_default_and_range(parent) -> None:
    sig = parent.sign(AGENT, "read", {}, now=NOW - 60)  # two windows back
    assert parent.verify_pop("read", {}, sig, now=NOW)  # default: 5 windows (0, -1, +1, -2, +2)
    assert parent.verify_pop("read", {}, sig, now=NOW, max_windows=0)  # 0 selects the default
    assert parent.verify_pop("read", {}, sig, now=NOW, max_windows=4)
    assert not parent.verify_pop("read", {}, sig, now=NOW, max_windows=3)
    for bad in (1, 11):
        with pytest.raises(exc.TenuoError) as info:
            parent.verify_pop("read", {}, sig, now=NOW, max_windows=bad)
        assert info.value.status == 2 and str(bad) in str(info.value)


def test_gates_added_twice_keep_the_stricter(parent) -> None:
    child = (parent.grant_builder().tool("deploy").approval_gates({"deploy": None})
             .approval_gates({"deploy": {"env": None}}).grant(AGENT, now=NOW))
    assert child.approval_gates == {"deploy": {"args": None}}
    child = (parent.grant_builder().tool("deploy").approval_gates({"deploy": {"env": None}})
             .approval_gates({"deploy": {"region": None}}).grant(AGENT, now=NOW))
    assert child.approval_gates == {"deploy": {"args": {"env": "all", "region": "all"}}}


def test_grant_by_a_stranger_is_chosen_from_the_error_kind(parent) -> None:
    with pytest.raises(exc.DelegationAuthorityError) as info:
        parent.grant_builder().tool("read").grant(STRANGER, now=NOW)
    assert info.value.status == 1400 and _native.last_error_kind() == "DelegationAuthorityError"
    assert exc.class_for_status(1400) is exc.ChainError  # without the kind: a chain link's I1 failure
