#!/usr/bin/env python3
"""Interleaved A/B of two checkouts' Python binding on the same-bytes fixture. A benchmark, not a test.

Usage: python3 scripts/bench_python_ab.py BASE_REPO NEW_REPO [ROUNDS]
Each REPO needs bindings/python and build/lib/libtenuo.so (a copy of both is enough, e.g. taken
before a change). One worker process per checkout builds bench_python.py's same_fixture (seeded
keys, fixed ids and time: the same bytes in both, so the Ed25519 work is identical) and times
one row at a time on request, the two workers alternating which goes first; each figure is the
best of 3 batches, and the printed value the median over ROUNDS (default 9), in µs per call.
AB_ROWS=parse_fresh,authorize (comma-separated) picks the rows; parse_fresh is first sight of
512 distinct warrants with the cache on (the same bytes in both workers).
"""
import os, sys, json, subprocess, statistics, time
SCRIPTS = os.path.dirname(os.path.abspath(__file__))
WORKER = f"SCRIPTS = {SCRIPTS!r}\n" + r'''
import sys, time, json
sys.path.insert(0, SCRIPTS)
import bench_python as bp
from tenuo import Warrant
rows, _ = bp.same_fixture()
cl = {c.cell_contents.__class__.__name__: c.cell_contents for c in rows["authorize_same"].__closure__}
auth, w, pop, good = cl["Authorizer"], cl["Warrant"], cl["Signature"], cl["dict"]
T0 = bp.SAME_NOW
def deny():
    try: auth.authorize(w, "delete", good, pop, now=T0)
    except Exception: return
from tenuo import SigningKey
ag = SigningKey.from_seed(b"\x02"*32)
text = w.to_base64()
# First sight with the cache on: the next of 512 distinct warrants (seeded issuer, ids 0..511:
# the same bytes in both workers), the cache cleared once per cycle.
from tenuo import Pattern, SigningKey as _SK, verify_cache
_iss = _SK.from_seed(b"\x01" * 32)
fresh = [(Warrant.mint_builder().capability("search", query=Pattern("weather *"))
          .holder(ag.public_key).ttl(3600).id(i.to_bytes(16, "big")).mint(_iss, now=T0)).to_base64()
         for i in range(512)]
cur = [len(fresh)]
def parse_fresh():
    i = cur[0]
    if i == len(fresh):
        verify_cache.clear(); i = 0
    cur[0] = i + 1
    Warrant(fresh[i])
R = {"authorize": rows["authorize_same"], "chain4": rows["check_chain_4_same"],
     "chain1": lambda: auth.check_chain([w], "search", good, pop, now=T0),
     "deny_tool": deny, "sign": lambda: w.sign(ag, "search", good, timestamp=T0),
     "parse_hit": lambda: Warrant(text), "parse_fresh": parse_fresh}
for line in sys.stdin:
    k = line.strip(); f = R[k]
    for _ in range(200): f()
    n = 2000 if k in ("deny_tool", "parse_hit") else 512 if k == "parse_fresh" else 400
    best = 1e9
    for _ in range(3):
        t = time.perf_counter_ns()
        for _ in range(n): f()
        best = min(best, (time.perf_counter_ns() - t) / n)
    print(json.dumps(best / 1000), flush=True)
'''
def start(repo):
    env = dict(os.environ, PYTHONPATH=repo + "/bindings/python", TENUO_LIBRARY=repo + "/build/lib/libtenuo.so")
    return subprocess.Popen([sys.executable, "-c", WORKER], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
base, new = start(sys.argv[1]), start(sys.argv[2])
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 9
keys = os.environ.get("AB_ROWS", "authorize,chain1,chain4,deny_tool,sign,parse_hit,parse_fresh").split(",")
res = {k: ([], []) for k in keys}
for r in range(rounds):
    for k in keys:
        order = [(0, base), (1, new)] if r % 2 == 0 else [(1, new), (0, base)]
        for i, p in order:
            p.stdin.write(k + "\n"); p.stdin.flush()
            res[k][i].append(json.loads(p.stdout.readline()))
for k in keys:
    b, n = statistics.median(res[k][0]), statistics.median(res[k][1])
    print(f"{k:10} base {b:7.2f}  new {n:7.2f}  diff {n-b:+.2f} us")
base.stdin.close(); new.stdin.close()
