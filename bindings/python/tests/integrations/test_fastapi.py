"""tenuo.fastapi end to end over HTTP (FastAPI's TestClient, no mocks): the seed README's
snippet, and every answer of TenuoGuard with the audit event behind it."""

from __future__ import annotations

import base64
import time

from integ_env import require_frameworks

require_frameworks()

import pytest  # noqa: E402
from fastapi import Depends, FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import tenuo.fastapi as tf  # noqa: E402
from tenuo import Pattern, Range, SigningKey, Warrant, encode_warrant_stack  # noqa: E402

from fastapi_app import build_app  # noqa: E402

ISSUER = SigningKey.from_bytes(b"\x01" * 32)
AGENT = SigningKey.from_bytes(b"\x02" * 32)
STRANGER = SigningKey.from_bytes(b"\x09" * 32)


def mint(issuer=ISSUER, ttl=600, now=None, **caps):
    b = Warrant.mint_builder()
    for tool, constraints in (caps or {"search": {"query": Pattern("weather *")}}).items():
        b.capability(tool, constraints) if constraints else b.tool(tool)
    return b.holder(AGENT.public_key).ttl(ttl).mint(issuer, now=now)


def hdrs(warrant, tool, args, timestamp=None):
    pop = warrant.sign(AGENT, tool, args, timestamp)
    return {tf.X_TENUO_WARRANT: warrant.to_base64(),
            tf.X_TENUO_POP: base64.b64encode(bytes(pop)).decode()}


@pytest.fixture
def client():
    return TestClient(build_app(tf, [ISSUER.public_key]))


def test_seed_readme_snippet(audit_events):
    # The README's "FastAPI Integration" block, with `issuer_pubkey` and a results list.
    issuer_pubkey = ISSUER.public_key
    app = FastAPI()
    tf.configure_tenuo(app, trusted_issuers=[issuer_pubkey])
    SecurityContext, TenuoGuard = tf.SecurityContext, tf.TenuoGuard

    @app.get("/search")
    async def search(query: str, ctx: SecurityContext = Depends(TenuoGuard("search"))):
        assert ctx.warrant.id and ctx.args == {"query": query}
        return {"results": [query.upper()]}

    c = TestClient(app)
    w = mint(search={"query": Pattern("weather *")})
    bound = w.bind(AGENT)
    ok = c.get("/search", params={"query": "weather NYC"},
               headers=bound.headers("search", {"query": "weather NYC"}))
    assert ok.status_code == 200 and ok.json() == {"results": ["WEATHER NYC"]}
    denied = c.get("/search", params={"query": "stock prices"},
                   headers=hdrs(w, "search", {"query": "stock prices"}))
    assert denied.status_code == 403
    server_side = [e for e in audit_events if e.get("tool") == "search"]
    assert [e["action"] for e in server_side][-2:] == ["authorized", "denied"]


LIMITED = {"query": Pattern("weather *"), "limit": Range.max_value(10)}


def test_allowed_typed_query_args(client, audit_events):
    w = mint(search=LIMITED)
    r = client.get("/search", params={"query": "weather NYC", "limit": 3},
                   headers=hdrs(w, "search", {"query": "weather NYC", "limit": 3}))
    assert r.status_code == 200, r.text
    assert r.json()["args"] == {"query": "weather NYC", "limit": 3}   # limit typed as int
    assert r.json()["warrant"] == w.id
    assert audit_events[-1]["action"] == "authorized" and audit_events[-1]["tool"] == "search"


def test_constraint_denied_is_opaque_with_the_audit_ref(client, audit_events):
    w = mint(search=LIMITED)
    r = client.get("/search", params={"query": "weather NYC", "limit": 50},
                   headers=hdrs(w, "search", {"query": "weather NYC", "limit": 50}))
    assert r.status_code == 403
    detail = r.json()["detail"]
    assert detail["error"] == "authorization_denied" and detail["message"] == "Authorization denied"
    assert set(detail) == {"error", "message", "request_id"}      # no reason, no values
    event = audit_events[-1]
    assert event["action"] == "denied" and event["ref"] == detail["request_id"]
    # Neither the value nor the bound leaks (checked outside the random request id, which may
    # contain the digits "50" by chance).
    assert "50" not in r.text.replace(detail["request_id"], "")
    assert "limit" not in r.text


def test_wrong_tool(client, audit_events):
    w = mint()   # search only
    r = client.get("/files/data/a.txt", headers=hdrs(w, "read_file", {"path": "data/a.txt"}))
    assert r.status_code == 403
    assert audit_events[-1]["tool"] == "read_file" and audit_events[-1]["action"] == "denied"


def test_path_params_and_body(client):
    w = mint(read_file={"path": Pattern("data/*")},
             deploy={"cluster": Pattern("staging-*"), "replicas": Range.max_value(5)})
    ok = client.get("/files/data/a.txt", headers=hdrs(w, "read_file", {"path": "data/a.txt"}))
    assert ok.status_code == 200 and ok.json()["args"] == {"path": "data/a.txt"}
    bad = client.get("/files/etc/passwd", headers=hdrs(w, "read_file", {"path": "etc/passwd"}))
    assert bad.status_code == 403
    body = {"cluster": "staging-1", "replicas": 3}
    ok = client.post("/deploy", json=body, headers=hdrs(w, "deploy", body))
    assert ok.status_code == 200 and ok.json()["args"] == body
    body2 = {"cluster": "prod-1", "replicas": 3}
    assert client.post("/deploy", json=body2, headers=hdrs(w, "deploy", body2)).status_code == 403
    # The PoP covers the arguments: a proof for staging sent with a prod body is refused.
    assert client.post("/deploy", json=body2, headers=hdrs(w, "deploy", body)).status_code == 403


def test_missing_headers(client, audit_events):
    w = mint()
    h = hdrs(w, "search", {"query": "weather NYC"})
    no_pop = client.get("/search", params={"query": "weather NYC"},
                        headers={tf.X_TENUO_WARRANT: h[tf.X_TENUO_WARRANT]})
    assert no_pop.status_code == 401 and no_pop.json()["detail"]["error"] == "missing_pop"
    assert audit_events[-1]["error_code"] == "MISSING_POP"
    no_warrant = client.get("/search", params={"query": "weather NYC"},
                            headers={tf.X_TENUO_POP: h[tf.X_TENUO_POP]})
    assert no_warrant.status_code == 401
    assert no_warrant.json()["detail"]["error"] == "missing_warrant"
    assert no_warrant.headers["www-authenticate"] == "Tenuo"
    assert audit_events[-1]["error_code"] == "MISSING_WARRANT"


def test_expired_warrant(client, audit_events):
    past = int(time.time()) - 3600
    w = mint(ttl=60, now=past)
    r = client.get("/search", params={"query": "weather NYC"},
                   headers=hdrs(w, "search", {"query": "weather NYC"}))
    assert r.status_code == 401 and r.json()["detail"]["error"] == "warrant_expired"
    assert audit_events[-1]["action"] == "denied"


def test_replayed_too_late(client, audit_events):
    w = mint()
    old = hdrs(w, "search", {"query": "weather NYC"}, timestamp=int(time.time()) - 600)
    r = client.get("/search", params={"query": "weather NYC"}, headers=old)
    assert r.status_code == 403
    assert audit_events[-1]["action"] == "denied"
    fresh = hdrs(w, "search", {"query": "weather NYC"})
    assert client.get("/search", params={"query": "weather NYC"}, headers=fresh).status_code == 200


def test_tampered_headers(client, audit_events):
    w = mint()
    h = hdrs(w, "search", {"query": "weather NYC"})
    text = h[tf.X_TENUO_WARRANT]
    garbage = client.get("/search", params={"query": "weather NYC"},
                         headers={**h, tf.X_TENUO_WARRANT: "not a warrant!"})
    assert garbage.status_code == 400
    # One character changed in the middle of a valid warrant: it decodes or not, never passes.
    mid = len(text) // 2
    flipped = text[:mid] + ("A" if text[mid] != "A" else "B") + text[mid + 1:]
    r = client.get("/search", params={"query": "weather NYC"},
                   headers={**h, tf.X_TENUO_WARRANT: flipped})
    assert r.status_code in (400, 403)
    pop = bytearray(base64.b64decode(h[tf.X_TENUO_POP]))
    pop[10] ^= 1
    r = client.get("/search", params={"query": "weather NYC"},
                   headers={**h, tf.X_TENUO_POP: base64.b64encode(bytes(pop)).decode()})
    assert r.status_code == 403
    bad_b64 = client.get("/search", params={"query": "weather NYC"},
                         headers={**h, tf.X_TENUO_POP: "abc"})
    assert bad_b64.status_code == 400 and bad_b64.json()["detail"]["error"] == "invalid_pop"
    assert all(e["action"] == "denied" for e in audit_events)


def test_untrusted_issuer_and_stack(client):
    w = mint(issuer=STRANGER)
    r = client.get("/search", params={"query": "weather NYC"},
                   headers=hdrs(w, "search", {"query": "weather NYC"}))
    assert r.status_code == 403
    # A delegated warrant presented as a stack (root first) in the warrant header.
    root = Warrant.mint_builder().capability("search", query=Pattern("weather *")) \
        .holder(STRANGER.public_key).ttl(600).mint(ISSUER)
    leaf = root.grant(to=AGENT.public_key, allow="search", ttl=300, key=STRANGER,
                      query=Pattern("weather NYC*"))
    h = hdrs(leaf, "search", {"query": "weather NYC"})
    alone = client.get("/search", params={"query": "weather NYC"}, headers=h)
    assert alone.status_code == 403       # the leaf alone does not root in the issuer
    h[tf.X_TENUO_WARRANT] = encode_warrant_stack([root, leaf])
    ok = client.get("/search", params={"query": "weather NYC"}, headers=h)
    assert ok.status_code == 200, ok.text


def test_no_trusted_issuers_fails_closed():
    app = FastAPI()
    tf.configure_tenuo(app)     # no issuers, tenuo not configured

    @app.get("/search")
    def search(query: str, ctx: tf.SecurityContext = Depends(tf.TenuoGuard("search"))):
        return {}

    w = mint()
    r = TestClient(app).get("/search", params={"query": "weather NYC"},
                            headers=hdrs(w, "search", {"query": "weather NYC"}))
    assert r.status_code == 403
