"""Revocation lists, revocation requests and clearance requirements, both ways with the
reference (tenuo 0.3.3):

- a list built by the reference (its real clock, nanoseconds) parses and verifies here, our
  builder reproduces its bytes exactly from the same ids, version, time and key, and our
  authorizer enforces it;
- a list built here parses, verifies and re-serializes byte for byte in the reference, and the
  reference enforces it on chains minted here (cascade: leaf, middle link, root);
- revocation requests cross both ways (identical bytes for identical inputs);
- clearance requirements decide alike on both sides.
"""

from __future__ import annotations

import calendar
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tenuo import (Authorizer, Clearance, RevocationRequest, SignedRevocationList,  # noqa: E402
                   SigningKey, SrlBuilder, Warrant)
from tenuo import exceptions as exc  # noqa: E402

pytestmark = pytest.mark.interop

ROOT = SigningKey.from_bytes(b"\x51" * 32)
MID = SigningKey.from_bytes(b"\x52" * 32)
LEAF = SigningKey.from_bytes(b"\x53" * 32)
OTHER = SigningKey.from_bytes(b"\x54" * 32)


def seed(k: SigningKey) -> str:
    return k.secret_key_bytes().hex()


def pub(k: SigningKey) -> str:
    return k.public_key.to_hex()


def instant(text: str) -> Tuple[int, int]:
    """(seconds, nanoseconds) of the reference's RFC 3339 text (``...+00:00``)."""
    base, _, frac = text.replace("+00:00", "").partition(".")
    date, _, clock = base.partition("T")
    y, mo, d = (int(x) for x in date.split("-"))
    h, mi, s = (int(x) for x in clock.split(":"))
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)), int((frac + "0" * 9)[:9]) if frac else 0


def chain(now: int, clearance: Optional[int] = None) -> List[Warrant]:
    b = Warrant.mint_builder().capability("read").capability("admin_users").holder(MID.public_key).ttl(600)
    if clearance is not None:
        b = b.clearance(clearance)
    w0 = b.mint(ROOT, now=now)
    g = w0.grant_builder().capability("read").capability("admin_users").holder(LEAF.public_key).ttl(500)
    if clearance is not None:
        g = g.clearance(clearance)
    return [w0, g.grant(MID, now=now)]


def ours(ws: List[Warrant], srls: List[bytes], now: int, tool: Optional[str] = "read",
         clearance: List[Tuple[str, int]] = ()) -> str:
    a = Authorizer(trusted_roots=[ROOT.public_key])
    for p, lvl in clearance:
        a.require_clearance(p, Clearance(lvl))
    try:
        for s in srls:
            a.set_revocation_list(SignedRevocationList.from_bytes(s))
        if tool is None:
            a.verify_chain(ws, now=now)
        else:
            a.check_chain(ws, tool, {}, signature=bytes(ws[-1].sign(LEAF, tool, {}, now)), now=now)
        return "allow"
    except exc.TenuoError as err:
        return f"{type(err).__name__}/{err.get_wire_code()}"


def theirs(ref, ws: List[Warrant], srls: List[bytes], now: int, tool: Optional[str] = "read",
           clearance: List[Tuple[str, int]] = ()) -> str:
    sig = bytes(ws[-1].sign(LEAF, tool, {}, now)).hex() if tool else None
    r = ref.one("srl_decide", roots=[pub(ROOT)], srls=[s.hex() for s in srls], chain=[str(w) for w in ws],
                tool=tool, args={}, sig=sig, as_of=now, clearance=[list(c) for c in clearance])
    return "allow" if r["ok"] else f"{r['error']}/{r['wire']}"


def test_reference_list_parsed_rebuilt_and_enforced_here(ref):
    now = int(time.time())
    ws = chain(now)
    agree = 0
    for ids, version in [([ws[1].id], 1), ([ws[0].id, "tnu_wrt_unrelated"], 7), ([], 0), (["x", "caf\u00e9"], 2**63)]:
        r = ref.ok("srl_build", seed=seed(ROOT), ids=ids, version=version)
        raw = bytes.fromhex(r["bytes"])
        srl = SignedRevocationList.from_bytes(raw)
        srl.verify(ROOT.public_key)
        assert (srl.revoked_ids, srl.version, srl.issued_at) == (ids, version, r["issued_at"])
        rebuilt = SrlBuilder().revoke_all(ids).version(version).build(ROOT, issued_at=instant(r["issued_at"]))
        assert rebuilt.to_bytes() == raw, "byte-identical to the reference's to_bytes()"
        want = "RevokedError/1800" if set(ids) & {w.id for w in ws} else "allow"
        assert ours(ws, [raw], now) == want == theirs(ref, ws, [raw], now)
        agree += 1
    assert agree == 4


def test_our_list_verified_and_enforced_by_reference(ref):
    now = int(time.time())
    ws = chain(now)
    cases = [
        ([ws[1].id], "read", "RevokedError/1800"),          # leaf
        ([ws[0].id], "read", "RevokedError/1800"),          # root: cascades to the leaf
        ([ws[0].id], None, "RevokedError/1800"),            # verify_chain too
        ([ws[1].id[8:]], "read", "allow"),                  # bare hex never matches
        (["tnu_wrt_" + "0" * 32], "read", "allow"),
        ([], "read", "allow"),
    ]
    for ids, tool, want in cases:
        srl = SignedRevocationList.builder().revoke_all(ids).version(3).build(ROOT)
        raw = srl.to_bytes()
        info = ref.ok("srl_inspect", bytes=raw.hex(), issuer=pub(ROOT))
        assert info["bytes"] == raw.hex(), "the reference re-serializes our list to the same bytes"
        assert (info["ids"], info["version"], info["issued_at"]) == (ids, 3, srl.issued_at)
        assert ours(ws, [raw], now, tool) == want == theirs(ref, ws, [raw], now, tool), (ids, tool)


def test_install_rules_agree(ref):
    now = int(time.time())
    ws = chain(now)
    mk = lambda ids, v, k=ROOT: SignedRevocationList.builder().revoke_all(ids).version(v).build(k).to_bytes()  # noqa: E731
    seqs = [
        [mk([ws[1].id], 5), mk([], 4)],                 # rollback
        [mk([ws[1].id], 5), mk([ws[0].id], 5)],         # same version, other ids
        [mk([ws[1].id], 5), mk([ws[1].id], 5)],         # re-sign of the same set
        [mk([ws[1].id], 1, OTHER)],                      # untrusted signer
        [mk([], 1), mk([ws[1].id], 2)],                  # newer list replaces
    ]
    for seq in seqs:
        assert ours(ws, seq, now) == theirs(ref, ws, seq, now)


def test_revocation_requests_both_ways(ref):
    r = ref.ok("revocation_request", seed=seed(LEAF), warrant_id="tnu_wrt_" + "ab" * 16, reason="key leaked")
    theirs_req = RevocationRequest.from_bytes(bytes.fromhex(r["bytes"]))
    theirs_req.verify_signature()
    assert (theirs_req.warrant_id, theirs_req.reason, theirs_req.requested_at) == (
        "tnu_wrt_" + "ab" * 16, "key leaked", r["requested_at"])
    again = RevocationRequest.new("tnu_wrt_" + "ab" * 16, "key leaked", LEAF, requested_at=instant(r["requested_at"]))
    assert again.to_bytes().hex() == r["bytes"]
    mine = RevocationRequest.new("tnu_wrt_" + "cd" * 16, "surrender \u2713", MID)
    info = ref.ok("revocation_request_inspect", bytes=mine.to_bytes().hex())
    assert (info["warrant_id"], info["reason"], info["requestor"], info["bytes"]) == (
        mine.warrant_id, mine.reason, pub(MID), mine.to_bytes().hex())


@pytest.mark.parametrize("reqs,tool", [
    ([], "read"), ([("read", 30)], "read"), ([("read", 31)], "read"), ([("*", 50)], "read"),
    ([("*", 50), ("read", 10)], "read"), ([("admin_*", 50)], "admin_users"), ([("admin_*", 50)], "read"),
    ([("adm*", 10), ("admin_*", 40)], "admin_users"), ([("adm*", 40), ("admin_*", 10)], "admin_users"),
    ([("*", 50)], "nope"), ([("*", 0)], "read"),
])
def test_clearance_agrees(ref, reqs, tool):
    now = int(time.time())
    for level in (None, 30):
        ws = chain(now, clearance=level)
        assert ours(ws, [], now, tool, reqs) == theirs(ref, ws, [], now, tool, reqs), (level, reqs, tool)
