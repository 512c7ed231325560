"""Interop driver for the Node tests: runs under the reference (tenuo==0.3.3) or our Python
package alike, using only the API both share. Reads one JSON request on stdin, writes one JSON
response on stdout.

Request: {"mint": [{"issuer_seed", "holder", "tool", "arg", "pattern", "ttl"}...],
          "sign": [{"warrant", "seed", "tool", "args_json"}...] (signed at "now", default the current time),
          "check": [{"roots": [hex], "chain": [base64], "tool", "args_json", "sig": hex|null}...]}
Response: {"mint": [base64...], "sign": [hex...], "check": ["ok" | exception class name...]}
"""
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")
_out, sys.stdout = sys.stdout, sys.stderr

from tenuo import Authorizer, Pattern, PublicKey, SigningKey, Warrant  # noqa: E402


def sk(h):
    return SigningKey.from_bytes(bytes.fromhex(h))


def pk(h):
    return PublicKey.from_bytes(bytes.fromhex(h))


req = json.load(sys.stdin)
res = {"mint": [], "sign": [], "check": []}
for m in req.get("mint", []):
    w = (Warrant.mint_builder().capability(m["tool"], {m["arg"]: Pattern(m["pattern"])})
         .holder(pk(m["holder"])).ttl(m["ttl"]).mint(sk(m["issuer_seed"])))
    res["mint"].append(w.to_base64())
for s in req.get("sign", []):
    w = Warrant(s["warrant"])
    ts = int(s.get("now") or time.time())
    sig = w.sign(sk(s["seed"]), s["tool"], json.loads(s["args_json"]), ts)
    res["sign"].append(bytes(sig).hex())
for c in req.get("check", []):
    auth = Authorizer(trusted_roots=[pk(r) for r in c["roots"]])
    sig = bytes.fromhex(c["sig"]) if c.get("sig") else None
    try:
        auth.check_chain([Warrant(t) for t in c["chain"]], c["tool"], json.loads(c["args_json"]),
                         signature=sig)
        res["check"].append("ok")
    except Exception as err:  # the class name is the verdict
        res["check"].append(type(err).__name__)
_out.write(json.dumps(res))
