"""FastAPI interop: the same requests, with headers made by the reference SDK (tenuo==0.3.3)
or by ours, are decided by our ``tenuo.fastapi`` app and by the reference's own
``tenuo.fastapi`` app (the same routes, fastapi_app.py, in the reference venv) with the same
HTTP status. Keys are fixed seeds; warrants are minted by the side that makes the headers."""

from __future__ import annotations

import base64
import time

from integ_env import require_frameworks

require_frameworks()

import pytest  # noqa: E402

import tenuo.fastapi as tf  # noqa: E402
from tenuo import Pattern, Range, SigningKey, Warrant, encode_warrant_stack  # noqa: E402

from fastapi_app import build_app, send_all  # noqa: E402

pytestmark = pytest.mark.interop

ISSUER, AGENT, STRANGER = "01" * 32, "02" * 32, "09" * 32


def key(seed: str) -> SigningKey:
    return SigningKey.from_bytes(bytes.fromhex(seed))


def pub(seed: str) -> str:
    return key(seed).public_key.to_hex()


SEARCH = {"search": {"query": {"type": "Pattern", "pattern": "weather *"},
                     "limit": {"type": "Range", "max": 10}},
          "deploy": {"cluster": {"type": "Pattern", "pattern": "staging-*"}}}


def b64(sig_hex: str) -> str:
    return base64.b64encode(bytes.fromhex(sig_hex)).decode()


def tamper(text: str) -> str:
    mid = len(text) // 2
    return text[:mid] + ("A" if text[mid] != "A" else "B") + text[mid + 1:]


def requests_for(make) -> list:
    """The scenarios, given ``make(kind) -> dict`` producing warrants/headers on one side."""
    ok_args = {"query": "weather NYC", "limit": 3}
    h = make("headers", tool="search", args=ok_args)
    stale = make("stale", tool="search", args=ok_args)
    denied = make("sign", tool="search", args={"query": "stocks", "limit": 3})
    over = make("sign", tool="search", args={"query": "weather NYC", "limit": 50})
    wrong_tool = make("sign", tool="read_file", args={"path": "data/a.txt"})
    expired = make("expired", tool="search", args=ok_args)
    stranger = make("stranger", tool="search", args=ok_args)
    stack = make("stack", tool="search", args=ok_args)
    body = {"cluster": "staging-1"}
    deploy = make("headers", tool="deploy", args=body)
    q = {"query": "weather NYC", "limit": 3}
    W, P = tf.X_TENUO_WARRANT, tf.X_TENUO_POP
    return [
        ("allowed", dict(path="/search", params=q, headers=h)),
        ("constraint pattern", dict(path="/search", params={"query": "stocks", "limit": 3},
                                    headers=denied)),
        ("constraint range", dict(path="/search", params={"query": "weather NYC", "limit": 50},
                                  headers=over)),
        ("args differ from the PoP", dict(path="/search", params={"query": "weather LA", "limit": 3},
                                          headers=h)),
        ("wrong tool", dict(path="/files/data/a.txt", headers=wrong_tool)),
        ("missing PoP", dict(path="/search", params=q, headers={W: h[W]})),
        ("missing warrant", dict(path="/search", params=q, headers={P: h[P]})),
        ("no headers", dict(path="/search", params=q)),
        ("expired", dict(path="/search", params=q, headers=expired)),
        ("replayed too late", dict(path="/search", params=q, headers=stale)),
        ("tampered warrant", dict(path="/search", params=q, headers={**h, W: tamper(h[W])})),
        ("garbage warrant", dict(path="/search", params=q, headers={**h, W: "not a warrant!"})),
        ("tampered PoP", dict(path="/search", params=q, headers={**h, P: tamper(h[P])})),
        ("PoP not base64", dict(path="/search", params=q, headers={**h, P: "abc"})),
        ("untrusted issuer", dict(path="/search", params=q, headers=stranger)),
        ("delegated stack", dict(path="/search", params=q, headers=stack)),
        ("body allowed", dict(method="POST", path="/deploy", json=body, headers=deploy)),
        ("body denied", dict(method="POST", path="/deploy", json={"cluster": "prod"},
                             headers=deploy)),
    ]


def reference_maker(ref):
    issued = ref.ok("mint", capabilities=SEARCH, holder=pub(AGENT), issuer_seed=ISSUER,
                    ttl=600)["warrant"]
    short = ref.ok("mint", capabilities=SEARCH, holder=pub(AGENT), issuer_seed=ISSUER,
                   ttl=1)["warrant"]
    foreign = ref.ok("mint", capabilities=SEARCH, holder=pub(AGENT), issuer_seed=STRANGER,
                     ttl=600)["warrant"]
    mid = ref.ok("mint", capabilities=SEARCH, holder=pub(STRANGER), issuer_seed=ISSUER,
                 ttl=600)["warrant"]
    leaf = ref.ok("grant", parent=mid, allow=["search"], to=pub(AGENT), key_seed=STRANGER,
                  ttl=300)["warrant"]
    time.sleep(2.1)   # `short` is now expired

    def sig(warrant, tool, args, ts):
        return b64(ref.ok("sign", warrant=warrant, seed=AGENT, tool=tool, args=args,
                          timestamp=ts)["sig"])

    def make(kind, tool, args):
        now = int(time.time())
        if kind == "headers":
            return ref.ok("headers", warrant=issued, seed=AGENT, tool=tool, args=args)["headers"]
        warrant, ts = {"sign": (issued, now), "stale": (issued, now - 600),
                       "expired": (short, now), "stranger": (foreign, now),
                       "stack": (leaf, now)}[kind]
        text = (ref.ok("encode_stack", chain=[mid, leaf])["stack"] if kind == "stack"
                else warrant)
        return {tf.X_TENUO_WARRANT: text, tf.X_TENUO_POP: sig(warrant, tool, args, ts)}
    return make


def our_maker():
    caps = {"search": {"query": Pattern("weather *"), "limit": Range.max_value(10)},
            "deploy": {"cluster": Pattern("staging-*")}}

    def mint(issuer, holder, ttl, now=None):
        b = Warrant.mint_builder()
        for tool, c in caps.items():
            b.capability(tool, c)
        return b.holder(key(holder).public_key).ttl(ttl).mint(key(issuer), now=now)

    issued = mint(ISSUER, AGENT, 600)
    expired = mint(ISSUER, AGENT, 60, now=int(time.time()) - 3600)
    foreign = mint(STRANGER, AGENT, 600)
    mid = mint(ISSUER, STRANGER, 600)
    leaf = mid.grant(to=key(AGENT).public_key, allow="search", ttl=300, key=key(STRANGER))

    def make(kind, tool, args):
        now = int(time.time())
        if kind == "headers":
            return issued.bind(key(AGENT)).headers(tool, args)
        warrant, ts = {"sign": (issued, now), "stale": (issued, now - 600),
                       "expired": (expired, now), "stranger": (foreign, now),
                       "stack": (leaf, now)}[kind]
        pop = warrant.sign(key(AGENT), tool, args, ts)
        text = encode_warrant_stack([mid, leaf]) if kind == "stack" else warrant.to_base64()
        return {tf.X_TENUO_WARRANT: text, tf.X_TENUO_POP: base64.b64encode(bytes(pop)).decode()}
    return make


EXPECTED = {"allowed": 200, "constraint pattern": 403, "constraint range": 403,
            "args differ from the PoP": 403, "wrong tool": 403, "missing PoP": 401,
            "missing warrant": 401, "no headers": 401, "expired": 401,
            "replayed too late": 403, "garbage warrant": 400, "tampered PoP": 403,
            "PoP not base64": 400, "untrusted issuer": 403, "delegated stack": 200,
            "body allowed": 200, "body denied": 403}


def decide_both(ref_fastapi, cases):
    ours = send_all(build_app(tf, [key(ISSUER).public_key]), [r for _, r in cases])
    theirs = ref_fastapi.ok("fastapi_decide", roots=[pub(ISSUER)],
                            requests=[r for _, r in cases])["responses"]
    return ours, theirs


@pytest.mark.parametrize("maker", ["reference", "ours"])
def test_same_status_as_the_reference_app(ref_fastapi, maker):
    make = reference_maker(ref_fastapi) if maker == "reference" else our_maker()
    cases = requests_for(make)
    ours, theirs = decide_both(ref_fastapi, cases)
    table = [(name, o["status"], t["status"]) for (name, _), o, t in zip(cases, ours, theirs)]
    assert [row for row in table if row[1] != row[2]] == [], table
    for name, status, _ in table:
        if name in EXPECTED:
            assert status == EXPECTED[name], (name, status)
        else:   # the tampered warrant: undecodable (400) or refused (403), never allowed
            assert status in (400, 403), (name, status)
    # Allowed requests see the same typed arguments on both sides.
    assert ours[0]["body"]["args"] == theirs[0]["body"]["args"] == {"query": "weather NYC",
                                                                      "limit": 3}
