"""A FastAPI service whose routes require a warrant: TenuoGuard checks the request's
X-Tenuo-Warrant / X-Tenuo-PoP headers before the route runs.

    pip install "tenuo[fastapi]"
    python examples/fastapi_integration.py

Runs offline: FastAPI's TestClient stands in for the network. Exits 0 when every answer is
the one printed.
"""

from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from tenuo import Pattern, Range, SigningKey, Warrant
from tenuo.audit import audit_logger
from tenuo.fastapi import SecurityContext, TenuoGuard, configure_tenuo

issuer = SigningKey.generate()     # the control plane
agent = SigningKey.generate()      # the caller, holder of the warrant

app = FastAPI()
configure_tenuo(app, trusted_issuers=[issuer.public_key])
events = []
audit_logger.configure(handler=events.append)   # one event per decision


@app.get("/search")
async def search(query: str, limit: int = 10,
                 ctx: SecurityContext = Depends(TenuoGuard("search"))):
    return {"results": [f"{query} #{i}" for i in range(limit)], "authorized_as": ctx.args}


warrant = (Warrant.mint_builder()
           .capability("search", query=Pattern("weather *"), limit=Range.max_value(5))
           .holder(agent.public_key)
           .ttl(300)
           .mint(issuer))
bound = warrant.bind(agent)
client = TestClient(app)


def get(query, limit, signed_for=None):
    args = signed_for or {"query": query, "limit": limit}
    try:
        headers = bound.headers("search", args)           # what a well-behaved client sends
    except Exception:
        pop = warrant.sign(agent, "search", args)          # a client trying anyway
        import base64
        headers = {"X-Tenuo-Warrant": str(warrant),
                   "X-Tenuo-PoP": base64.b64encode(bytes(pop)).decode()}
    return client.get("/search", params={"query": query, "limit": limit}, headers=headers)


r = get("weather NYC", 3)
print("allowed:        ", r.status_code, r.json()["authorized_as"])
assert r.status_code == 200 and len(r.json()["results"]) == 3

r = get("stock prices", 3)
print("outside warrant:", r.status_code, r.json()["detail"])
assert r.status_code == 403 and r.json()["detail"]["message"] == "Authorization denied"
ref = r.json()["detail"]["request_id"]      # the audit event of this denial has the same ref

r = get("weather NYC", 50)
print("limit too high: ", r.status_code)
assert r.status_code == 403

r = client.get("/search", params={"query": "weather NYC", "limit": 3})
print("no headers:     ", r.status_code, r.json()["detail"]["error"])
assert r.status_code == 401

# The client's own headers() check and the server both log their decisions.
denied = {e["ref"]: e for e in events if e["action"] == "denied"}
print(f"audit: {len(events)} events, {len(denied)} denials; the 403's event:",
      denied[ref]["tool"], denied[ref]["error_code"])
assert ref in denied

print("fastapi_integration: OK")
