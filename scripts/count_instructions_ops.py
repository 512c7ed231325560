"""Operations for scripts/count_instructions.sh: runs one named op N times after setup (not a test)."""
import sys, time, ctypes
op, N = sys.argv[1], int(sys.argv[2])
from tenuo import Authorizer, Pattern, SigningKey, Warrant
from tenuo import _native as n
now = int(time.time())
issuer, agent = SigningKey.generate(), SigningKey.generate()
w = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
     .capability("fetch", url=Pattern("https://*")).capability("read_file", path=Pattern("/tmp/*"))
     .holder(agent.public_key).ttl(3600).mint(issuer))
good = {"query": "weather NYC"}
pop = w.sign(agent, "search", good, now)
auth = Authorizer(trusted_roots=[issuer.public_key])
auth.authorize(w, "search", good, pop)
fn = n.lib.tenuo_authorizer_check_warrants
out = ctypes.c_char_p() if getattr(fn.argtypes[-1], "_type_", None) is ctypes.c_char_p else ctypes.c_void_p()
oref = ctypes.byref(out); core = auth._core._handle; wref = ctypes.byref(w._handle)
body = b'{"query":"weather NYC"}'; sig = bytes(pop)
def deny(f):
    def r():
        try: f()
        except Exception: return
        raise SystemExit("allowed")
    return r
def c_tool():
    if fn(core, wref, 1, b"delete", 6, body, len(body), sig, 64, None, 0, now, oref) == 0: raise SystemExit("allowed")
ops = {
 "c_deny_tool": c_tool,
 "py_deny_tool": deny(lambda: auth.authorize(w, "delete", good, pop)),
 "py_deny_nopop": deny(lambda: auth.authorize(w, "search", good, None)),
 "py_sign": lambda: w.sign(agent, "search", good, now),
 "py_authorize": lambda: auth.authorize(w, "search", good, pop),
}
# Warrant(text) first time (the bench's parse rows: 1 tool, 1 Pattern, holder; cache off). A fixed
# warrant (seeded keys), so that Ed25519's variable-time verify costs the same in every process.
ptext = ("gwFYpKoAAQFQAaJG1nMIfoSoK2Df25JSOgIAA6Fmc2VhcmNooWtjb25zdHJhaW50c6FlcXVlcnmCAqFncGF0dGVybml3ZWF0aGVyICoE"
         "ggFYIAtROtm0kkAVygkC7QeQRNOsXb7CMG8GlIwQ2o62458tBYIBWCBmvn4zLHpFMzK9nQp_fbBV9cXvGgatpm2Ys5-2gQxHOgYaaxQu"
         "tQcaaxQ8xQgYQBIAggFYQD8mNYdVnTs2QD_1e6d-o_ApieH7Lr_4sl4cexed_sXkaY3wsTyNf2FnnCBNCBKgf4egySmgclNkcriipNgZRwI")
pdata = ptext.encode()
parse_fn = n.lib.tenuo_warrant_parse; pfree = n.lib.tenuo_warrant_free
def c_parse():
    o = n.WarrantP()
    if parse_fn(pdata, len(pdata), ctypes.byref(o)) != 0: raise SystemExit("parse failed")
    pfree(o)
if op in ("py_parse_off", "c_parse_off"):
    from tenuo import verify_cache
    verify_cache.disable()
ops["py_parse_off"] = lambda: Warrant(ptext)
def py_parse_cleared():
    from tenuo import verify_cache
    verify_cache.clear()
    Warrant(ptext)
ops["py_parse_cleared"] = py_parse_cleared
ops["c_parse_off"] = c_parse
# Added for the authorization path (issue 9): chains, expiry, explicit now, raw C chain call.
chain, keys = [w], [agent]
for _ in range(3):
    k = SigningKey.generate()
    chain.append(chain[-1].grant_builder().capability("search", query=Pattern("weather *"))
                 .holder(k.public_key).ttl(600).grant(keys[-1]))
    keys.append(k)
leaf_pop = chain[-1].sign(keys[-1], "search", good, now)
auth.check_chain(chain, "search", good, leaf_pop)
chain1 = [w]
short = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
         .holder(agent.public_key).ttl(1).mint(issuer))
if op == "py_deny_expired":
    time.sleep(2.1)
    now = int(time.time())
short_pop = short.sign(agent, "search", good, now)
carr = (n.WarrantP * 4)(*[x._handle for x in chain]); lsig = bytes(leaf_pop)
def c_chain4():
    if fn(core, carr, 4, b"search", 6, body, len(body), lsig, 64, None, 0, int(time.time()), oref) != 0: raise SystemExit("denied")
def c_authorize():
    if fn(core, wref, 1, b"search", 6, body, len(body), sig, 64, None, 0, int(time.time()), oref) != 0: raise SystemExit("denied")
def c_nopop():
    if fn(core, wref, 1, b"search", 6, body, len(body), None, 0, None, 0, now, oref) == 0: raise SystemExit("allowed")
ops.update({
 "py_deny_expired": deny(lambda: auth.authorize(short, "search", good, short_pop)),
 "py_chain1": lambda: auth.check_chain(chain1, "search", good, pop),
 "py_chain4": lambda: auth.check_chain(chain, "search", good, leaf_pop),
 "py_authorize_now": lambda: auth.authorize(w, "search", good, pop, now=now),
 "c_chain4": c_chain4,
 "c_authorize": c_authorize,
 "c_deny_nopop": c_nopop,
})
# Fixed-time variants (the clock can cross a PoP window under valgrind, adding a verify).
def c_chain4_now():
    if fn(core, carr, 4, b"search", 6, body, len(body), lsig, 64, None, 0, now, oref) != 0: raise SystemExit("denied")
def c_authorize_now():
    if fn(core, wref, 1, b"search", 6, body, len(body), sig, 64, None, 0, now, oref) != 0: raise SystemExit("denied")
ops.update({
 "py_chain4_now": lambda: auth.check_chain(chain, "search", good, leaf_pop, now=now),
 "py_chain1_now": lambda: auth.check_chain(chain1, "search", good, pop, now=now),
 "c_chain4_now": c_chain4_now,
 "c_authorize_now": c_authorize_now,
})
def py_mint():
    (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
     .holder(agent.public_key).ttl(3600).mint(issuer))
ops["py_mint"] = py_mint
if op in ("c_mint", "c_sign"):
    # The native work alone, through ctypes with prepared arguments: a reused builder's mint (and
    # the warrant's free), and tenuo_warrant_sign_call.
    mb = Warrant.mint_builder().capability("search", query=Pattern("weather *")).holder(agent.public_key).ttl(3600)
    mfn, wfree = n.lib.tenuo_mint_builder_mint, n.lib.tenuo_warrant_free
    wout = n.WarrantP(); wo = ctypes.byref(wout); mbp = mb._ptr; ik = issuer._handle
    def c_mint():
        mfn(mbp, ik, now, wo); wfree(wout)
    sfn = n.lib.tenuo_warrant_sign_call
    sbuf = ctypes.create_string_buffer(64); ak = agent._handle; wh = w._handle
    def c_sign():
        if sfn(wh, ak, b"search", 6, body, len(body), now, 0, sbuf, 64) != 0: raise SystemExit("sign failed")
    ops["c_mint"], ops["c_sign"] = c_mint, c_sign
# First sight of a warrant (issue 9): the i-th call parses the i-th of 3000 distinct warrants, read
# from a file minted once by an untraced child process (valgrind does not follow children), so the
# setup is the same for N=1000 and N=3000. *_fresh: cache on, cleared first (every call a miss and
# an insert); *_fresh_off: the same warrants, cache off; the difference is the cache's cost of a miss.
if op == "mkfresh":
    import os
    with open(os.environ["TENUO_FRESH_OUT"] + ".tmp", "w") as out:
        for _ in range(3000):
            out.write(str(Warrant.mint_builder().capability("search", query=Pattern("weather *"))
                          .holder(agent.public_key).ttl(3600).mint(issuer)) + "\n")
    os.replace(os.environ["TENUO_FRESH_OUT"] + ".tmp", os.environ["TENUO_FRESH_OUT"])
    raise SystemExit(0)
if op in ("c_parse_fresh", "py_parse_fresh", "c_parse_fresh_off", "py_parse_fresh_off"):
    import os, subprocess
    from tenuo import verify_cache
    fpath = os.environ.get("TENUO_FRESH_WARRANTS", "/tmp/tenuo_fresh_warrants.txt")
    if not os.path.exists(fpath):
        subprocess.run([sys.executable, __file__, "mkfresh", "0"], check=True, env=dict(os.environ, TENUO_FRESH_OUT=fpath))
    fresh = open(fpath).read().split()
    if len(fresh) < N: raise SystemExit("not enough fresh warrants")
    fresh_b = [t.encode() for t in fresh]
    if op.endswith("_off"):
        verify_cache.disable()
    else:
        verify_cache.set_capacity(4096)
        verify_cache.clear()
    fi = [0]
    def c_fresh():
        t = fresh_b[fi[0]]; fi[0] += 1
        o = n.WarrantP()
        if parse_fn(t, len(t), ctypes.byref(o)) != 0: raise SystemExit("parse failed")
        pfree(o)
    def py_fresh():
        t = fresh[fi[0]]; fi[0] += 1
        Warrant(t)
    ops["c_parse_fresh"] = ops["c_parse_fresh_off"] = c_fresh
    ops["py_parse_fresh"] = ops["py_parse_fresh_off"] = py_fresh
# Deterministic variants (h-abi): seeded keys, fixed warrant ids and a fixed time, so that the PoP
# verify (variable-time Ed25519) costs the same in both processes count_instructions.sh runs; the
# *_now rows above use fresh random keys and ids, and differ by several thousand instructions per
# call between runs of the same library.
if op.endswith("_fixed"):
    FNOW = 1_767_225_600
    fi, fa = SigningKey.from_seed(bytes([1]) * 32), SigningKey.from_seed(bytes([2]) * 32)
    fw = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
          .capability("fetch", url=Pattern("https://*")).capability("read_file", path=Pattern("/tmp/*"))
          .holder(fa.public_key).ttl(3600).id(bytes(range(16))).mint(fi, now=FNOW))
    fauth = Authorizer(trusted_roots=[fi.public_key])
    fchain, fkeys = [fw], [fa]
    for i in range(3):
        k = SigningKey.from_seed(bytes([3 + i]) * 32)
        fchain.append(fchain[-1].grant_builder().capability("search", query=Pattern("weather *"))
                      .holder(k.public_key).ttl(600).id(bytes([16 + i] * 16)).grant(fkeys[-1], now=FNOW))
        fkeys.append(k)
    fpop = fw.sign(fa, "search", good, FNOW)
    fleaf = fchain[-1].sign(fkeys[-1], "search", good, FNOW)
    fauth.authorize(fw, "search", good, fpop, now=FNOW)
    fauth.check_chain(fchain, "search", good, fleaf, now=FNOW)
    fcore, fwref, fsig, flsig = fauth._core._handle, ctypes.byref(fw._handle), bytes(fpop), bytes(fleaf)
    fcarr = (n.WarrantP * 4)(*[x._handle for x in fchain])
    def c_authorize_fixed():
        if fn(fcore, fwref, 1, b"search", 6, body, len(body), fsig, 64, None, 0, FNOW, oref) != 0: raise SystemExit("denied")
    def c_chain4_fixed():
        if fn(fcore, fcarr, 4, b"search", 6, body, len(body), flsig, 64, None, 0, FNOW, oref) != 0: raise SystemExit("denied")
    ops.update({
     "py_authorize_fixed": lambda: fauth.authorize(fw, "search", good, fpop, now=FNOW),
     "py_chain4_fixed": lambda: fauth.check_chain(fchain, "search", good, fleaf, now=FNOW),
     "c_authorize_fixed": c_authorize_fixed,
     "c_chain4_fixed": c_chain4_fixed,
    })
# Mint builder setup alone (no mint): c_set_tool is the raw ctypes call of
# tenuo_mint_builder_set_tool_constraint with prepared arguments (fresh, so the builder does not
# grow); py_mint_setup is the Python chain up to mint (a new builder, capability, holder, ttl).
if op in ("c_set_tool", "py_mint_setup"):
    stb = Warrant.mint_builder(); stp = stb._ptr; spat = Pattern("weather *")
    sfn2 = n.raw_function("tenuo_mint_builder_set_tool_constraint"); sch = spat._native.ptr
    s6, s5 = ctypes.c_size_t(6), ctypes.c_size_t(5)
    def c_set_tool():
        if sfn2(stp, b"search", s6, b"query", s5, sch, n.C_TRUE) != 0: raise SystemExit("set failed")
    ops["c_set_tool"] = c_set_tool
    ops["py_mint_setup"] = lambda: Warrant.mint_builder().capability("search", query=spat).holder(agent.public_key).ttl(3600)
# h-sign: tenuo_warrant_sign_call_z, the seven-argument PoP sign Warrant.sign uses for the bare-hex
# id (c_sign times the ten-argument tenuo_warrant_sign_call with the same call).
if op == "c_sign_z":
    zfn, zbuf = n._sign_call_z, ctypes.create_string_buffer(64)
    zw, zk, znow = w._handle, agent._handle, ctypes.c_int64(now)
    def c_sign_z():
        if zfn(zw, zk, b"search", n._SIZES[6], body, znow, zbuf) != 0: raise SystemExit("sign failed")
    ops["c_sign_z"] = c_sign_z
f = ops[op]
for _ in range(N): f()
