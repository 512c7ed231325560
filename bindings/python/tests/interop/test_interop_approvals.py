"""Two-way interop of multi-sig approvals with the reference (tenuo 0.3.3).

- A gated warrant minted by either side is denied by both without approvals
  (ApprovalGateTriggered), denied by both with too few (InsufficientApprovals) and allowed by both
  with enough.
- Approvals signed by the reference are accepted here and approvals signed here are accepted by
  the reference; a mix of both counts on both sides.
- The approval bytes and the request hash are identical for identical inputs.
"""

from __future__ import annotations

import time
from typing import Any, Dict, List, Optional

import pytest

from tenuo import (ApprovalPayload, Authorizer, OneOf, SignedApproval, SigningKey, Warrant,
                   compute_request_hash)
from tenuo import exceptions as exc

pytestmark = pytest.mark.interop

ISSUER = SigningKey.from_bytes(b"\x61" * 32)
AGENT = SigningKey.from_bytes(b"\x62" * 32)
LEAF = SigningKey.from_bytes(b"\x63" * 32)
A1, A2, A3 = (SigningKey.from_bytes(bytes([b]) * 32) for b in (0x64, 0x65, 0x66))
STRANGER = SigningKey.from_bytes(b"\x67" * 32)
CAPS = {"deploy": {"env": {"type": "OneOf", "values": ["staging", "prod"]}}, "read": {}}
GATES = {"deploy": {"args": None, "message": "two sign-offs"}}
ARGS = {"env": "prod"}


def seed(k: SigningKey) -> str:
    return k.secret_key_bytes().hex()


def pub(k: SigningKey) -> str:
    return k.public_key.to_hex()


def ours_mint(now: int) -> Warrant:
    return (Warrant.mint_builder().capability("deploy", env=OneOf(["staging", "prod"])).tool("read")
            .holder(AGENT.public_key).ttl(3600)
            .required_approvers([A1.public_key, A2.public_key, A3.public_key]).min_approvals(2)
            .approval_gates({"deploy": {"args": None, "message": "two sign-offs"}}).mint(ISSUER, now=now))


def ref_mint(ref) -> Warrant:
    r = ref.ok("mint_gated", issuer_seed=seed(ISSUER), holder=pub(AGENT), capabilities=CAPS,
               approvers=[pub(A1), pub(A2), pub(A3)], min_approvals=2, gates=GATES)
    return Warrant.from_base64(r["warrant"])


def ours_approval(signer: SigningKey, w: Warrant, tool: str, args: Dict[str, Any], now: int,
                  nonce: bytes = b"\x01" * 16) -> SignedApproval:
    h = compute_request_hash(w.id, tool, args, w.holder)
    return SignedApproval.create(ApprovalPayload(h, nonce, "ours@example.com", now - 5, now + 300), signer)


def ref_approval(ref, signer: SigningKey, w: Warrant, tool: str, args: Dict[str, Any], now: int,
                 nonce: bytes = b"\x02" * 16) -> bytes:
    r = ref.ok("sign_approval", seed=seed(signer), warrant=w.to_base64(), tool=tool, args=args,
               nonce=nonce.hex(), external_id="ref@example.com", approved_at=now - 5, expires_at=now + 300)
    return bytes.fromhex(r["approval"])


def ours_decide(chain: List[Warrant], tool: str, args: Dict[str, Any], approvals: List[bytes], now: int) -> str:
    holder = AGENT if chain[-1].holder == AGENT.public_key else LEAF
    sig = bytes(chain[-1].sign(holder, tool, args, now=now))
    try:
        Authorizer(trusted_roots=[ISSUER.public_key]).check_chain(
            chain, tool, args, signature=sig, approvals=[SignedApproval.from_bytes(a) for a in approvals], now=now)
        return ""
    except exc.TenuoError as err:
        return type(err).__name__


def ref_decide(ref, chain: List[Warrant], tool: str, args: Dict[str, Any], approvals: List[bytes], now: int) -> str:
    holder = AGENT if chain[-1].holder == AGENT.public_key else LEAF
    sig = bytes(chain[-1].sign(holder, tool, args, now=now))
    r = ref.one("check_chain_approvals", roots=[pub(ISSUER)], chain=[w.to_base64() for w in chain], tool=tool,
                args=args, sig=sig.hex(), approvals=[a.hex() for a in approvals], as_of=now)
    return "" if r["ok"] else r["error"]


def both(ref, chain, tool, args, approvals, now) -> str:
    ours = ours_decide(chain, tool, args, approvals, now)
    theirs = ref_decide(ref, chain, tool, args, approvals, now)
    assert ours == theirs, f"{tool} with {len(approvals)} approvals: libtenuo {ours or 'allowed'}, reference {theirs or 'allowed'}"
    return ours


@pytest.mark.parametrize("minted_by", ["libtenuo", "reference"])
def test_gated_warrant_decided_alike(ref, minted_by: str) -> None:
    now = int(time.time())
    w = ours_mint(now) if minted_by == "libtenuo" else ref_mint(ref)
    if minted_by == "libtenuo":
        assert ref.ok("parse", warrant=w.to_base64())
    assert w.approval_threshold() == 2
    chain = [w]
    assert both(ref, chain, "deploy", ARGS, [], now) == "ApprovalGateTriggered"
    assert both(ref, chain, "read", {}, [], now) == ""
    r1, r2 = ref_approval(ref, A1, w, "deploy", ARGS, now), ref_approval(ref, A2, w, "deploy", ARGS, now)
    o2, o3 = (ours_approval(k, w, "deploy", ARGS, now).to_bytes() for k in (A2, A3))
    stranger = ours_approval(STRANGER, w, "deploy", ARGS, now).to_bytes()
    assert both(ref, chain, "deploy", ARGS, [r1], now) == "InsufficientApprovals"
    assert both(ref, chain, "deploy", ARGS, [r1, r2], now) == ""          # reference-signed
    assert both(ref, chain, "deploy", ARGS, [o2, o3], now) == ""          # libtenuo-signed
    assert both(ref, chain, "deploy", ARGS, [r1, o3], now) == ""          # one of each
    assert both(ref, chain, "deploy", ARGS, [r1, r1], now) == "InsufficientApprovals"
    assert both(ref, chain, "deploy", ARGS, [r1, stranger], now) == "InsufficientApprovals"
    wrong = ours_approval(A3, w, "deploy", {"env": "staging"}, now).to_bytes()
    assert both(ref, chain, "deploy", ARGS, [r1, wrong], now) == "InsufficientApprovals"
    assert both(ref, chain, "deploy", ARGS, [o3], now) == "InsufficientApprovals"


def test_chain_gate_at_the_leaf(ref) -> None:
    now = int(time.time())
    root = ref_mint(ref)
    r = ref.ok("grant_keep", parent=root.to_base64(), to=pub(LEAF), allow=["deploy", "read"], key_seed=seed(AGENT))
    child = Warrant(r["warrant"])
    chain = [root, child]
    assert both(ref, chain, "deploy", ARGS, [], now) == "ApprovalGateTriggered"
    leaf_ok = [ours_approval(A1, child, "deploy", ARGS, now).to_bytes(), ref_approval(ref, A2, child, "deploy", ARGS, now)]
    assert both(ref, chain, "deploy", ARGS, leaf_ok, now) == ""
    for_root = [ref_approval(ref, k, root, "deploy", ARGS, now) for k in (A1, A2)]
    assert both(ref, chain, "deploy", ARGS, for_root, now) == "InsufficientApprovals"
    # A child granted here from the reference's root keeps the gate, and the reference agrees.
    ours_child = root.grant_builder().inherit_all().holder(LEAF.public_key).ttl(600).grant(AGENT, now=now)
    assert both(ref, [root, ours_child], "deploy", ARGS, [], now) == "ApprovalGateTriggered"
    approvals = [ours_approval(k, ours_child, "deploy", ARGS, now).to_bytes() for k in (A1, A3)]
    assert both(ref, [root, ours_child], "deploy", ARGS, approvals, now) == ""


def test_approval_bytes_and_request_hash_identical(ref) -> None:
    now = int(time.time())
    w = ours_mint(now)
    for tool, args in [("deploy", ARGS), ("read", {}), ("deploy", {"env": "staging", "n": 1.5, "k": [1, "x", None]})]:
        theirs = ref.ok("request_hash", warrant_id=w.id, tool=tool, args=args, holder=pub(AGENT))["hash"]
        assert compute_request_hash(w.id, tool, args, AGENT.public_key).hex() == theirs
        assert w.request_hash(tool, args).hex() == theirs
    mine = ours_approval(A1, w, "deploy", ARGS, now, nonce=b"\x02" * 16)
    h = compute_request_hash(w.id, "deploy", ARGS, w.holder)
    same = SignedApproval.create(ApprovalPayload(h, b"\x02" * 16, "ref@example.com", now - 5, now + 300), A1)
    assert same.to_bytes() == ref_approval(ref, A1, w, "deploy", ARGS, now)
    info = ref.ok("approval_info", approval=mine.to_bytes().hex())
    assert info["bytes"] == mine.to_bytes().hex()
    assert info["approver_key"] == pub(A1) and info["external_id"] == "ours@example.com"
    assert info["request_hash"] == h.hex()
