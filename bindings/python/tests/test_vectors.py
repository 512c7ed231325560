"""The repository's shared vectors (Tests/Vectors/vectors.json), case by case, through the
Python API: the same cases the Swift suite and the C runner run ("parity").

Kinds: decode, mint, grant, chain, authorize, stack, pop, pop_verify, constraint, attenuation.
Cases marked "pending" are skipped (with their reason). Constraint and attenuation cases run
through the constraint entry points and, as a cross-check, through a one-argument warrant
(match = the call is allowed) and a grant (attenuation = the grant's status).
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

import pytest

from tenuo import Authorizer, SigningKey, PublicKey, Warrant, WarrantChain
from tenuo import exceptions as exc
from tenuo.constraints import UnknownConstraint, constraint_from_json

from helpers import REPO

VECTORS = REPO / "Tests" / "Vectors" / "vectors.json"
CASES: List[Dict[str, Any]] = (json.loads(VECTORS.read_text())["cases"]
                               if VECTORS.is_file() else [])
H = bytes.fromhex


def status_of(call) -> int:
    try:
        call()
        return 0
    except exc.TenuoError as err:
        return err.status


def constraint_set(spec: Dict[str, Any]) -> Dict[str, Any]:
    return {k: (v if k == "_allow_unknown" else constraint_from_json(v)) for k, v in spec.items()}


def run_decode(c: Dict[str, Any]) -> None:
    box: Dict[str, Warrant] = {}
    code = status_of(lambda: box.setdefault("w", Warrant.from_bytes(H(c["envelope_hex"]))))
    assert code == c["expect"]["code"]
    if code:
        return
    w, e = box["w"], c["expect"]
    assert w.payload_bytes.hex() == e["payload_hex"]
    assert w.to_bytes().hex() == c["envelope_hex"]
    for field in ("id", "depth", "max_depth", "expires_at"):
        if field in e:
            assert getattr(w, field) == e[field], field
    if "type" in e:
        assert w.warrant_type.name.lower() == e["type"]


def run_mint_or_grant(c: Dict[str, Any]) -> None:
    key = SigningKey.from_bytes(H(c["issuer_seed"]))
    holder = PublicKey.from_bytes(H(c["holder"]))
    box: Dict[str, Warrant] = {}

    def build() -> None:
        if c["kind"] == "mint":
            b = Warrant.mint_builder()
            for tool, spec in c["tools"].items():
                b.capability(tool, constraint_set(spec))
        else:
            b = Warrant.from_bytes(H(c["parent_envelope_hex"])).grant_builder()
            for tool, spec in c["tools"].items():
                b.capability(tool, constraint_set(spec))
        b.holder(holder).id(H(c["warrant_id"])).expires_at(c["expires_at"]).max_depth(c["max_depth"])
        if c.get("clearance") is not None:
            b.clearance(c["clearance"])
        if c["kind"] == "mint":
            box["w"] = b.mint(key, now=c["issued_at"])
        else:
            box["w"] = b.grant(key, now=c["issued_at"])

    assert status_of(build) == c["expect"]["code"]
    if c["expect"]["code"] == 0:
        assert box["w"].to_bytes().hex() == c["expect"]["envelope_hex"]


def run_chain_or_authorize(c: Dict[str, Any]) -> None:
    roots = [PublicKey.from_bytes(H(r)) for r in c["trusted_roots"]]
    auth = Authorizer(trusted_roots=roots)
    chain: List[Warrant] = []
    code = status_of(lambda: chain.extend(Warrant.from_bytes(H(e)) for e in c["envelopes_hex"]))
    if code:
        assert code == c["expect"]["code"], "at decode"
        return
    now = c["now"]
    if c["kind"] == "chain":
        assert status_of(lambda: auth.verify_chain(chain, now=now)) == c["expect"]["code"]
        return
    args = json.loads(c["args_json"])
    sig: Optional[bytes] = None
    if c.get("pop", {}).get("holder_seed"):
        sig = bytes(chain[-1].sign(SigningKey.from_bytes(H(c["pop"]["holder_seed"])), c["tool"],
                                   args, now))
    error: Optional[exc.TenuoError] = None
    try:
        auth.check_chain(chain, c["tool"], args, signature=sig, now=now)
    except exc.TenuoError as err:
        error = err
    assert (error.status if error else 0) == c["expect"]["code"]
    if c["expect"].get("field") is not None:
        assert error is not None and error.field == c["expect"]["field"]


def run_stack(c: Dict[str, Any]) -> None:
    chain = WarrantChain.from_bytes(H(c["stack_hex"]))
    assert len(chain) == c["expect"]["count"]
    assert [w.to_bytes().hex() for w in chain] == c["expect"]["envelopes_hex"]
    assert chain.to_bytes().hex() == c["stack_hex"]
    assert len(WarrantChain.parse(c["base64url"])) == len(chain)


def run_pop(c: Dict[str, Any]) -> None:
    w = Warrant.from_bytes(H(c["envelope_hex"]))
    args = json.loads(c["args_json"])
    prefixed = c.get("id_form") == "prefixed"
    if c["kind"] == "pop":
        assert w.pop_challenge(c["tool"], args, c["window"], prefixed_id=prefixed).hex() == \
            c["expect"]["challenge_hex"]
        key = SigningKey.from_bytes(H(c["holder_seed"]))
        sig = w.sign(key, c["tool"], args, c["window"], prefixed_id=prefixed)
        assert sig.hex() == c["expect"]["signature_hex"]
        sig_hex = c["expect"]["signature_hex"]
    else:
        sig_hex = c["signature_hex"]
    sig = H(sig_hex)
    assert w.verify_pop(c["tool"], args, sig, now=c["now"], prefixed_id=prefixed) == \
        c["expect"]["valid"]
    # The reference signs bare hex: a prefixed-form proof fails the default verifier.
    assert not w.verify_pop(c["tool"], args, sig, now=c["now"])


_KEY = SigningKey.from_bytes(b"\x07" * 32)
_HOLDER = SigningKey.from_bytes(b"\x08" * 32)
_T0 = 1_767_225_600


def run_constraint(c: Dict[str, Any]) -> None:
    raw = UnknownConstraint(c["constraint"])      # the case's JSON, exactly as written
    value = json.loads(c["value_json"])
    try:
        matched = raw.satisfies(value)
    except exc.TenuoError:
        matched = False
    assert matched is c["expect"]["match"]
    # The same decision through a warrant (one constrained argument), when it can be minted.
    try:
        w = Warrant.mint_builder().capability("t", v=raw).mint(_KEY, now=_T0)
    except exc.TenuoError:
        assert c["expect"]["match"] is False
        return
    assert w.allows("t", {"v": value}) is c["expect"]["match"]


def run_attenuation(c: Dict[str, Any]) -> None:
    parent, child = UnknownConstraint(c["parent"]), UnknownConstraint(c["child"])
    assert status_of(lambda: parent.validate_attenuation(child)) == c["expect"]["code"]
    # The same decision through a grant.
    w = Warrant.mint_builder().capability("t", v=parent).holder(_HOLDER.public_key) \
        .mint(_KEY, now=_T0)
    code = status_of(lambda: w.grant_builder().capability("t", v=child).grant(_HOLDER, now=_T0))
    assert code == c["expect"]["code"]


RUNNERS = {
    "decode": run_decode,
    "mint": run_mint_or_grant,
    "grant": run_mint_or_grant,
    "chain": run_chain_or_authorize,
    "authorize": run_chain_or_authorize,
    "stack": run_stack,
    "pop": run_pop,
    "pop_verify": run_pop,
    "constraint": run_constraint,
    "attenuation": run_attenuation,
}


@pytest.mark.skipif(not CASES, reason="Tests/Vectors/vectors.json not present")
@pytest.mark.parametrize("case", CASES, ids=[c.get("id", "?") for c in CASES])
def test_vector(case: Dict[str, Any]) -> None:
    if "pending" in case:
        pytest.skip(f"pending: {case['pending']}")
    runner = RUNNERS.get(case["kind"])
    assert runner is not None, f"unknown case kind {case['kind']}"
    runner(case)


def test_vector_file_is_present_in_a_full_checkout():
    if not VECTORS.is_file():
        pytest.skip("Tests/Vectors/vectors.json not present yet")
    assert len(CASES) > 100


# The differential constraint files (Tests/Vectors/constraints-*.json), generated against the
# reference: every constraint and attenuation case through the constraint entry points.
CONSTRAINT_FILES = sorted((REPO / "Tests" / "Vectors").glob("constraints-*.json"))


@pytest.mark.parametrize("path", CONSTRAINT_FILES, ids=[p.name for p in CONSTRAINT_FILES])
def test_constraint_file(path) -> None:
    cases = json.loads(path.read_text())["cases"]
    failures = []
    for c in cases:
        try:
            if c["kind"] == "constraint":
                raw = UnknownConstraint(c["constraint"])
                value = json.loads(c["value_json"])
                try:
                    got: Any = raw.satisfies(value) is True
                except exc.TenuoError:
                    got = False
                want: Any = c["expect"]["match"]
            elif c["kind"] == "attenuation":
                parent, child = UnknownConstraint(c["parent"]), UnknownConstraint(c["child"])
                got = status_of(lambda: parent.validate_attenuation(child))
                want = c["expect"]["code"]
            else:
                continue
        except exc.TenuoError as err:
            got = f"error {err.status}"
            want = c.get("expect")
        if got != want:
            failures.append(f"{c['id']}: expected {want!r}, got {got!r}")
    assert not failures, f"{len(failures)} of {len(cases)} cases differ:\n" + "\n".join(failures[:20])
