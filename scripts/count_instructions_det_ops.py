"""Deterministic variants (fixed keys, ids, times): success-path Python overhead without Ed25519 verify-time noise."""
import sys, ctypes
op, N = sys.argv[1], int(sys.argv[2])
from tenuo import Authorizer, Pattern, SigningKey, Warrant
from tenuo import _native as n
T0 = 1_900_000_000
now = T0 + 10
issuer, agent = SigningKey.from_seed(bytes([1]) * 32), SigningKey.from_seed(bytes([2]) * 32)
w = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
     .capability("fetch", url=Pattern("https://*")).capability("read_file", path=Pattern("/tmp/*"))
     .holder(agent.public_key).ttl(3600).id(bytes([9]) * 16).mint(issuer, now=T0))
good = {"query": "weather NYC"}
pop = w.sign(agent, "search", good, now)
auth = Authorizer(trusted_roots=[issuer.public_key])
chain, keys = [w], [agent]
for i in range(3):
    k = SigningKey.from_seed(bytes([3 + i]) * 32)
    chain.append(chain[-1].grant_builder().capability("search", query=Pattern("weather *"))
                 .holder(k.public_key).ttl(600).id(bytes([20 + i]) * 16).grant(keys[-1], now=T0))
    keys.append(k)
leaf_pop = chain[-1].sign(keys[-1], "search", good, now)
chain1 = [w]
body = b'{"query":"weather NYC"}'
fn = n.lib.tenuo_authorizer_check_warrants
out = ctypes.c_char_p(); oref = ctypes.byref(out); core = auth._core._handle; wref = ctypes.byref(w._handle)
carr = (n.WarrantP * 4)(*[x._handle for x in chain]); lsig = bytes(leaf_pop); sig = bytes(pop)
call1 = b"\x40" + sig + b"search\xff" + body
call4 = b"\x40" + lsig + b"search\xff" + body
s1, s4 = n._SIZES[len(call1)], n._SIZES[len(call4)]
cnow = ctypes.c_uint64(now)
def raw_authorize():
    if n._decide_fast(core, wref, n._SIZES[1], call1, s1, cnow) is not None: raise SystemExit("denied")
def raw_chain4():
    if n._decide_fast(core, carr, n._SIZES[4], call4, s4, cnow) is not None: raise SystemExit("denied")
buf = n._SignatureBuffer(); wh, ah = w._handle, agent._handle; cnow64 = ctypes.c_int64(now); f0 = ctypes.c_int32(0)
def raw_sign():
    n._sign_call_fast(wh, ah, b"search", n._SIZES[6], body, n._SIZES[len(body)], cnow64, f0, buf, n._SIZES[64])
ops = {
 "py_authorize": lambda: auth.authorize(w, "search", good, pop, now=now),
 "py_chain4": lambda: auth.check_chain(chain, "search", good, leaf_pop, now=now),
 "py_chain1": lambda: auth.check_chain(chain1, "search", good, pop, now=now),
 "py_sign": lambda: w.sign(agent, "search", good, now),
 "raw_authorize": raw_authorize, "raw_chain4": raw_chain4, "raw_sign": raw_sign,
 "nop": lambda: None,
}
f = ops[op]
f()
for _ in range(N): f()
