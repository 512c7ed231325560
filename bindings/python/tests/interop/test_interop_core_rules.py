"""Builder rules that moved into the core, checked against the reference (tenuo 0.3.3).

- Approval gates added to a grant builder in several calls merge as the reference merges them
  (stricter gate wins: whole-tool beats per-argument, per-argument gates unite, the first gate
  of an argument stays, a later message replaces an earlier one).
- Granting with a key that is not the parent's holder raises DelegationAuthorityError on both
  sides (here chosen from the library's error kind, not by the Python package).
"""

from __future__ import annotations

from typing import Any, Dict, List

import pytest

from tenuo import Pattern, SigningKey, Warrant
from tenuo import exceptions as exc

pytestmark = pytest.mark.interop

ISSUER = SigningKey.from_bytes(b"\x71" * 32)
AGENT = SigningKey.from_bytes(b"\x72" * 32)
STRANGER = SigningKey.from_bytes(b"\x73" * 32)
NOW = 1_767_225_600

GATE_CALLS: List[List[Dict[str, Any]]] = [
    [{"deploy": None}, {"deploy": {"env": None}}],                       # whole-tool stays
    [{"deploy": {"env": None}}, {"deploy": None}],                       # whole-tool wins later too
    [{"deploy": {"env": None}}, {"deploy": {"region": None}}],           # union of arguments
    [{"deploy": {"env": {"type": "Pattern", "pattern": "prod*"}}},
     {"deploy": {"env": None}}],                                         # the first gate of env stays
    [{"deploy": {"args": None, "message": "first"}},
     {"deploy": {"args": {"env": None}, "message": "second"}}],          # the later message wins
    [{"deploy": {"env": None}}, {"read": None}],                         # different tools
]


def _parent() -> Warrant:
    # Minted here with the clock (the reference's grant uses its own clock).
    return (Warrant.mint_builder().capability("deploy", env=Pattern("*"), region=Pattern("*"))
            .tool("read").holder(AGENT.public_key).ttl(3600).mint(ISSUER))


def _ours(parent: Warrant, calls: List[Dict[str, Any]]) -> Warrant:
    b = parent.grant_builder().tools(["deploy", "read"])
    for gates in calls:
        b = b.approval_gates({t: _sdk_gate(g) for t, g in gates.items()})
    return b.grant(AGENT)


def _sdk_gate(g: Any) -> Any:
    """The helper's gate JSON in this package's SDK form."""
    from tenuo.constraints import constraint_from_json

    def arg(x: Any) -> Any:
        return None if x is None else constraint_from_json(x)

    if g is None:
        return None
    if "args" in g or "message" in g:
        args = g.get("args")
        return {"args": None if args is None else {a: arg(x) for a, x in args.items()},
                "message": g.get("message")}
    return {a: arg(x) for a, x in g.items()}


@pytest.mark.parametrize("calls", GATE_CALLS, ids=[str(i) for i in range(len(GATE_CALLS))])
def test_gates_added_in_several_calls_merge_as_the_reference(ref, calls) -> None:
    parent = _parent()
    theirs = ref.ok("grant_gates", parent=parent.to_base64(), allow=["deploy", "read"],
                    gate_calls=calls, key_seed=AGENT.secret_key_bytes().hex())
    assert Warrant.from_base64(theirs["warrant"]).approval_gates == _ours(parent, calls).approval_gates


def test_grant_by_a_stranger_is_a_delegation_authority_error_on_both_sides(ref) -> None:
    parent = _parent()
    theirs = ref.one("grant_gates", parent=parent.to_base64(), allow=["read"], gate_calls=[],
                     key_seed=STRANGER.secret_key_bytes().hex())
    assert not theirs["ok"] and theirs["error"] == "DelegationAuthorityError" and theirs["wire"] == 1400
    with pytest.raises(exc.DelegationAuthorityError) as info:
        parent.grant_builder().tool("read").grant(STRANGER)
    assert info.value.get_wire_code() == 1400 and info.value.status == 1400
