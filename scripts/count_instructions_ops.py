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
f = ops[op]
for _ in range(N): f()
