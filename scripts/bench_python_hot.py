#!/usr/bin/env python3
"""Hot-path timings of the Python binding against the reference SDK (tenuo==0.3.3), interleaved
in one run. A benchmark, not a test.

Usage (from the repository root, after `make lib`):
  python3 scripts/bench_python_hot.py [--ref /work/refvenv/bin/python] [--quick]

Two worker processes are started, one importing the reference package (with the --ref
interpreter) and one importing this repository's binding (bindings/python against
build/lib/libtenuo.so). The driver asks them for one row at a time, alternating which goes first,
so both see the same machine load. Each row is the median of 5 batches (µs per call). The
threads row runs authorizations in 1 and then 2 threads and prints throughput(2) / throughput(1).
The "raw ctypes" row calls the native function behind Authorizer.authorize straight through ctypes
with prepared arguments (tenuo_authorizer_check_warrants with the same JSON; a checkout without it
uses tenuo_authorizer_check with an args handle): authorize minus this row is the Python overhead.
With --base DIR (another checkout with its own build/lib, e.g. the main branch) a third worker runs
that checkout's binding in the same interleaved run ("before" column).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

BATCHES = 5
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def median_us(fn, target):
    clock = time.perf_counter_ns
    n, t0 = 0, clock()
    while clock() - t0 < target * 0.1e9:
        fn()
        n += 1
    per = (clock() - t0) / n
    iters = max(1, int(target * 1e9 / BATCHES / per))
    times = []
    for _ in range(BATCHES):
        s = clock()
        for _ in range(iters):
            fn()
        times.append((clock() - s) / iters / 1000.0)
    return statistics.median(times)


def threads_ratio(fn, target):
    import threading

    def run(nthreads):
        stop = time.perf_counter() + target
        counts = [0] * nthreads

        def body(i):
            c = 0
            while time.perf_counter() < stop:
                for _ in range(50):
                    fn()
                c += 50
            counts[i] = c

        ts = [threading.Thread(target=body, args=(i,)) for i in range(nthreads)]
        start = time.perf_counter()
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        return sum(counts) / (time.perf_counter() - start)

    one = statistics.median(run(1) for _ in range(3))
    two = statistics.median(run(2) for _ in range(3))
    return two / one


def worker():
    import tenuo
    from tenuo import Authorizer, Pattern, SigningKey, Warrant

    ours = "tenuo._native" in sys.modules or hasattr(tenuo, "_native")
    now = int(time.time())
    issuer, agent = SigningKey.generate(), SigningKey.generate()

    def mint():
        return (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
                .holder(agent.public_key).ttl(3600).mint(issuer))

    w = mint()
    text = w.to_base64()
    good = {"query": "weather NYC"}
    pop = w.sign(agent, "search", good, now)
    auth = Authorizer(trusted_roots=[issuer.public_key])
    auth.authorize(w, "search", good, pop)
    chain, keys = [w], [agent]
    for _ in range(3):
        k = SigningKey.generate()
        chain.append(chain[-1].grant_builder().capability("search", query=Pattern("weather *"))
                     .holder(k.public_key).ttl(600).grant(keys[-1]))
        keys.append(k)
    leaf_pop = chain[-1].sign(keys[-1], "search", good, now)
    auth.check_chain(chain, "search", good, leaf_pop)
    short = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
             .holder(agent.public_key).ttl(1).mint(issuer))
    time.sleep(2.1)
    now = int(time.time())  # both sides use the clock (the reference takes no now=)
    pop = w.sign(agent, "search", good, now)
    leaf_pop = chain[-1].sign(keys[-1], "search", good, now)
    short_pop = short.sign(agent, "search", good, now)

    def denied(fn):
        def run():
            try:
                fn()
            except Exception:
                return
            raise SystemExit("a denial was allowed")
        try:
            run()
        except SystemExit:
            return None  # this implementation does not deny the case: row skipped
        return run

    rows = {
        "mint": mint,
        "parse": lambda: Warrant(text),
        "sign": lambda: w.sign(agent, "search", good, now),
        "authorize_1": lambda: auth.authorize(w, "search", good, pop),
        "check_chain_1": lambda: auth.check_chain([w], "search", good, pop),
        "check_chain_parse": lambda: auth.check_chain([Warrant(text)], "search", good, pop),
        "check_chain_4": lambda: auth.check_chain(chain, "search", good, leaf_pop),
        "deny_tool": denied(lambda: auth.authorize(w, "delete", good, pop)),
        "deny_expired": denied(lambda: auth.authorize(short, "search", good, short_pop)),
        "deny_no_pop": denied(lambda: auth.authorize(w, "search", good, None)),
    }
    if ours:
        import ctypes

        from tenuo import _native as n

        sig = bytes(pop)
        core = auth._core._handle
        out = ctypes.c_void_p()
        oref = ctypes.byref(out)
        if hasattr(n.lib, "tenuo_authorizer_check_warrants"):
            # The same native work as Authorizer.authorize (args as JSON): ours - raw = Python.
            fn = n.lib.tenuo_authorizer_check_warrants
            if getattr(fn.argtypes[-1], "_type_", None) is ctypes.c_char_p:
                out = ctypes.c_char_p()  # the denial record's out-parameter (borrowed string)
                oref = ctypes.byref(out)
            wref = ctypes.byref(w._handle)
            body = b'{"query":"weather NYC"}'

            def raw():
                if fn(core, wref, 1, b"search", 6, body, len(body), sig, 64, None, 0,
                      int(time.time()), oref) != 0:
                    raise SystemExit("raw check failed")
        else:
            a = n.call_handle(n.lib.tenuo_args_from_json, n.ArgsP, b'{"query":"weather NYC"}', 23)
            fn = n.lib.tenuo_authorizer_check
            wh = w._handle
            denial = n.DenialP()
            dref = ctypes.byref(denial)

            def raw():
                if fn(core, wh, b"search", 6, a, sig, 64, int(time.time()), dref) != 0:
                    raise SystemExit("raw check failed")
        rows["raw_ctypes"] = raw
    for line in sys.stdin:
        req = json.loads(line)
        name, target = req["row"], req["target"]
        if name == "threads":
            value = threads_ratio(rows["authorize_1"], target)
        elif rows.get(name) is not None:
            value = median_us(rows[name], target)
        else:
            value = None
        sys.stdout.write(json.dumps({"row": name, "value": value}) + "\n")
        sys.stdout.flush()


ROWS = [
    ("mint", "Warrant.mint_builder()...mint(key)"),
    ("parse", "Warrant(text)"),
    ("sign", "warrant.sign(key, tool, args, ts)"),
    ("authorize_1", "Authorizer.authorize(w, ...)"),
    ("check_chain_1", "check_chain([w], tool, args, pop)"),
    ("check_chain_parse", "check_chain([Warrant(text)], ...)"),
    ("check_chain_4", "check_chain(chain_of_4, ...)"),
    ("deny_tool", "denial, wrong tool (raises)"),
    ("deny_expired", "denial, expired (raises)"),
    ("deny_no_pop", "denial, missing PoP (raises)"),
    ("raw_ctypes", "raw ctypes call behind authorize"),
    ("threads", "2-thread / 1-thread authorize throughput"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ref", default=os.environ.get("TENUO_REF_PYTHON", "/work/refvenv/bin/python"))
    ap.add_argument("--lib", default=os.path.join(ROOT, "build", "lib", "libtenuo.so"))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--base", metavar="DIR", help="another checkout to time as a 'before' column")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    opts = ap.parse_args()
    if opts.worker:
        return worker()
    target = 0.1 if opts.quick else 0.5
    me = os.path.abspath(__file__)
    ref_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TENUO_LIBRARY")}
    our_env = dict(ref_env, PYTHONPATH=os.path.join(ROOT, "bindings", "python"), TENUO_LIBRARY=opts.lib)
    procs = {
        "ref": subprocess.Popen([opts.ref, me, "--worker"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                env=ref_env, text=True, cwd="/"),
        "ours": subprocess.Popen([sys.executable, me, "--worker"], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, env=our_env, text=True, cwd="/"),
    }
    if opts.base:
        base = os.path.abspath(opts.base)
        base_env = dict(ref_env, PYTHONPATH=os.path.join(base, "bindings", "python"),
                        TENUO_LIBRARY=os.path.join(base, "build", "lib", "libtenuo.so"))
        procs["base"] = subprocess.Popen([sys.executable, me, "--worker"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, env=base_env, text=True, cwd="/")

    def ask(who, row, t):
        p = procs[who]
        p.stdin.write(json.dumps({"row": row, "target": t}) + "\n")
        p.stdin.flush()
        return json.loads(p.stdout.readline())["value"]

    print(f"load average before: {os.getloadavg()}")
    who_all = list(procs)
    head = f"{'operation':<44} {'reference':>10}"
    if "base" in procs:
        head += f" {'before':>10} {'ratio':>7}"
    print(head + f" {'libtenuo':>10} {'ratio':>7}")

    def cell(v):
        return f"{v:10.2f}" if v is not None else f"{'-':>10}"

    def ratio(v, r):
        return f"{v / r:7.2f}" if r and v else f"{'-':>7}"

    for i, (row, label) in enumerate(ROWS):
        order = who_all[i % len(who_all):] + who_all[:i % len(who_all)]
        vals = {who: ask(who, row, target) for who in order}
        r = vals["ref"]
        line = f"{label:<44} {cell(r)}"
        if "base" in vals:
            line += f" {cell(vals['base'])} {ratio(vals['base'], r)}"
        unit = "x" if row == "threads" else "µs"
        print(line + f" {cell(vals['ours'])} {ratio(vals['ours'], r)}  ({unit})")
    print(f"load average after: {os.getloadavg()}")
    for p in procs.values():
        p.stdin.close()
        p.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
