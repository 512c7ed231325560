"""Tests/Vectors/approvals.json (generated against the reference tenuo 0.3.3 by
scripts/gen_approval_cases.py) through the Python API, plus the binding's approval surface.

Each case must reach the reference's verdict: for "authorize" the same status and the
reference's exception class (ApprovalGateTriggered, InsufficientApprovals, InvalidApproval, ...).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List

import pytest

from tenuo import (ApprovalPayload, ApprovalRequest, Authorizer, PublicKey, SignedApproval, SigningKey,
                   Warrant, compute_request_hash, sign_approval)
from tenuo import exceptions as exc

from helpers import REPO

CASES: List[Dict[str, Any]] = json.loads((REPO / "Tests" / "Vectors" / "approvals.json").read_text())["cases"]
H = bytes.fromhex


def run(case: Dict[str, Any]) -> int:
    kind = case["kind"]
    if kind == "authorize":
        auth = Authorizer(trusted_roots=[PublicKey.from_bytes(H(r)) for r in case["trusted_roots"]])
        chain = [Warrant.from_bytes(H(e)) for e in case["envelopes_hex"]]
        approvals = [SignedApproval.from_bytes(H(a)) for a in case["approvals_hex"]]
        try:
            auth.check_chain(chain, case["tool"], json.loads(case["args_json"]), signature=H(case["pop_hex"]),
                             approvals=approvals, now=case["now"])
            return 0
        except exc.TenuoError as err:
            want_class = case["expect"]["class"]
            assert type(err).__name__ == want_class, f"{case['id']}: {type(err).__name__} != {want_class}"
            if "message" in case["expect"]:
                assert str(err) == case["expect"]["message"]
            return err.status
    if kind == "approval_parse":
        try:
            a = SignedApproval.from_bytes(H(case["approval_hex"]))
        except exc.ValidationError as err:  # the reference's class for undecodable bytes
            return err.status
        try:
            p = a.verify(now=1704067800)
        except exc.TenuoError as err:
            return err.status
        e = case["expect"]
        assert a.to_bytes().hex() == case["approval_hex"]
        assert p.request_hash.hex() == e["request_hash_hex"] and p.nonce.hex() == e["nonce_hex"]
        assert (p.external_id, p.approved_at, p.expires_at) == (e["external_id"], e["approved_at"], e["expires_at"])
        assert a.approver_key.to_bytes().hex() == e["approver_key_hex"]
        return 0
    if kind == "approval_sign":
        key = SigningKey.from_bytes(bytes([case["approver_seed"]]) * 32)
        p = ApprovalPayload(H(case["request_hash_hex"]), H(case["nonce_hex"]), case["external_id"],
                            case["approved_at"], case["expires_at"])
        return 0 if SignedApproval.create(p, key).to_bytes().hex() == case["expect"]["approval_hex"] else -2
    if kind == "request_hash":
        holder = PublicKey.from_bytes(H(case["holder_hex"])) if case["holder_hex"] else None
        h = compute_request_hash(case["warrant_id"], case["tool"], json.loads(case["args_json"]), holder)
        return 0 if h.hex() == case["expect"]["hash_hex"] else -2
    raise AssertionError(f"unknown kind {kind}")


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_reference_verdict(case: Dict[str, Any]) -> None:
    assert run(case) == case["expect"]["status"]


def test_agreement_count(capsys: Any) -> None:
    agree = sum(1 for c in CASES if _safe(c) == c["expect"]["status"])
    with capsys.disabled():
        print(f"\napprovals.json: {agree} of {len(CASES)} cases agree with the reference")
    assert len(CASES) >= 80 and agree == len(CASES)


def _safe(case: Dict[str, Any]) -> int:
    try:
        return run(case)
    except AssertionError:
        return -9


# -- the binding's surface --------------------------------------------------------------------

ISSUER, AGENT, A1, A2 = (SigningKey.from_bytes(bytes([b]) * 32) for b in (0x71, 0x72, 0x73, 0x74))
NOW = 1_800_000_000


def gated(**gates: Any) -> Warrant:
    return (Warrant.mint_builder().tool("deploy").tool("read").holder(AGENT.public_key).ttl(3600)
            .required_approvers([A1.public_key, A2.public_key]).min_approvals(1)
            .approval_gates(gates or {"deploy": None}).mint(ISSUER, now=NOW))


def test_plain_authorize_denies_a_gated_tool() -> None:
    w = gated()
    pop = bytes(w.sign(AGENT, "deploy", {}, now=NOW))
    auth = Authorizer(trusted_roots=[ISSUER.public_key])
    with pytest.raises(exc.ApprovalGateTriggered) as info:
        auth.authorize(w, "deploy", {}, signature=pop, now=NOW)
    assert info.value.get_wire_code() == 1707
    assert info.value.request_hash == w.request_hash("deploy", {}).hex()
    assert info.value.min_approvals == "1" and info.value.tool == "deploy"
    assert info.value.details["message"] == "Approval required for tool 'deploy'"
    auth.authorize(w, "read", {}, signature=bytes(w.sign(AGENT, "read", {}, now=NOW)), now=NOW)


def test_sign_approval_for_a_request() -> None:
    w = gated(deploy={"args": None, "message": "  ship it?  "})
    req = ApprovalRequest.for_warrant_gate("deploy", {}, w)
    assert req.message == "ship it?" and req.min_approvals == 1 and req.request_hash == w.request_hash("deploy", {})
    ap = sign_approval(req, A2, external_id="bob", now=NOW)
    payload = ap.verify(now=NOW)
    assert payload.external_id == "bob"
    # The lifetime rule is the library's: default 300 s, an explicit ttl, never 0.
    assert (payload.approved_at, payload.expires_at) == (NOW, NOW + 300)
    assert sign_approval(req, A2, ttl_seconds=60, now=NOW).verify(now=NOW).expires_at == NOW + 60
    with pytest.raises(exc.ValidationError):
        sign_approval(req, A2, ttl_seconds=0, now=NOW)
    pop = bytes(w.sign(AGENT, "deploy", {}, now=NOW))
    Authorizer(trusted_roots=[ISSUER.public_key]).authorize(w, "deploy", {}, signature=pop, approvals=[ap], now=NOW)
    assert w.bind(AGENT).validate("deploy", {}, approvals=[ap], trusted_roots=[ISSUER.public_key], now=NOW)
    assert not w.bind(AGENT).validate("deploy", {}, trusted_roots=[ISSUER.public_key], now=NOW)
    assert w.authorize("deploy", {}, pop, [ap], now=NOW)


def test_approvers_without_gates_refused_and_gate_json() -> None:
    with pytest.raises(exc.TenuoError):
        (Warrant.mint_builder().tool("deploy").holder(AGENT.public_key)
         .required_approvers([A1.public_key]).mint(ISSUER, now=NOW))
    from tenuo import Range
    w = gated(deploy={"n": Range(10, None)}, read={"path": {"exempt": Range(0, 1)}})
    assert w.approval_gates["deploy"]["args"]["n"]["type"] == "Range"
    assert "exempt" in w.approval_gates["read"]["args"]["path"]


def test_bad_approvals_argument() -> None:
    w = gated()
    pop = bytes(w.sign(AGENT, "deploy", {}, now=NOW))
    with pytest.raises(exc.ArgumentTypeError):
        Authorizer(trusted_roots=[ISSUER.public_key]).authorize(w, "deploy", {}, signature=pop, approvals=[42], now=NOW)
    with pytest.raises(exc.ValidationError):
        SignedApproval.from_bytes(b"\xa0")


def test_readme_example_runs() -> None:
    """The README's Python approvals example runs as written."""
    import re

    text = (REPO / "README.md").read_text()
    section = text[text.index("## Multi-sig approvals"):]
    code = re.findall(r"```python\n(.*?)```", section, re.S)[0]
    exec(compile(code, "README.md (approvals)", "exec"), {})


def test_grant_adds_approvers_only_with_a_higher_threshold() -> None:
    w = gated()
    extra = SigningKey.from_bytes(b"\x75" * 32)
    with pytest.raises(exc.TenuoError):       # one more approver at the same threshold: weaker
        w.grant_builder().inherit_all().required_approvers([extra.public_key]).grant(AGENT, now=NOW)
    child = (w.grant_builder().inherit_all().required_approvers([extra.public_key]).min_approvals(2)
             .grant(AGENT, now=NOW))
    assert child.approval_threshold() == 2 and len(child.required_approvers or []) == 3
    assert child.approval_gates == w.approval_gates
    assert SignedApproval.from_bytes(sign_approval(ApprovalRequest.for_warrant_gate("deploy", {}, child), A1,
                                                   now=NOW).to_bytes()).approval_version == 1
