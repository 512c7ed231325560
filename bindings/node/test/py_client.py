"""HTTP client for the example-server test: runs under the reference (tenuo==0.3.3) or our
Python package. It mints warrants with the given root seed, makes the SDK's headers
(BoundWarrant.headers; by hand, with the same encodings, for calls the SDK refuses to sign
because its own pre-flight check denies them) and reports each HTTP status and error class.

stdin: {"url", "root_seed", "agent_seed", "calls": [{"tool", "args_json", "pop": "ok"|"none"|"other_args"}]}
"""
import base64
import json
import sys
import time
import urllib.error
import urllib.request
import warnings

warnings.simplefilter("ignore")
_out, sys.stdout = sys.stdout, sys.stderr

from tenuo import Pattern, SigningKey, Warrant  # noqa: E402

req = json.load(sys.stdin)
root = SigningKey.from_bytes(bytes.fromhex(req["root_seed"]))
agent = SigningKey.from_bytes(bytes.fromhex(req["agent_seed"]))
w = (Warrant.mint_builder().capability("read_file", {"path": Pattern("/data/*")})
     .holder(agent.public_key).ttl(600).mint(root))
bound = w.bind(agent)
out = []
for call in req["calls"]:
    args = json.loads(call["args_json"])
    try:
        headers = bound.headers(call["tool"], args, trusted_roots=[root.public_key])
        sdk = True
    except Exception:
        sdk = False
        sig = w.sign(agent, call["tool"], args, int(time.time()))
        headers = {"X-Tenuo-Warrant": w.to_base64(),
                   "X-Tenuo-PoP": base64.b64encode(bytes(sig)).decode("ascii")}
    if call["pop"] == "none":
        del headers["X-Tenuo-PoP"]
    elif call["pop"] == "other_args":
        sig = w.sign(agent, call["tool"], {"path": "/data/other"}, int(time.time()))
        headers["X-Tenuo-PoP"] = base64.b64encode(bytes(sig)).decode("ascii")
    r = urllib.request.Request(req["url"] + "/tools/" + call["tool"], data=call["args_json"].encode(),
                               headers={**headers, "content-type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(r, timeout=30) as resp:
            body = json.loads(resp.read())
            out.append({"http": resp.status, "error": None, "sdk_headers": sdk})
    except urllib.error.HTTPError as e:
        body = json.loads(e.read())
        out.append({"http": e.code, "error": body.get("error"), "sdk_headers": sdk})
_out.write(json.dumps(out))
