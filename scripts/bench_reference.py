#!/usr/bin/env python3
"""Times the reference implementation (tenuo 0.3.3 from PyPI: Rust core behind a Python SDK) on
the operations bindings/c/bench/tenuo_bench.c times for libtenuo, so both can be compared in one
run. A benchmark, not a test.

Usage: TENUO_REF_PYTHON scripts/bench_reference.py [--quick] [--compare C_RESULTS.tsv]
  e.g. /tmp/refvenv/bin/python scripts/bench_reference.py --compare build/bench/c.tsv
`make bench` runs it after the C benchmark when a reference Python is available.

Same scenario as the C side: an issuer mints for an agent a warrant for `search` with
query = Pattern("weather *"); the agent signs PoPs; an Authorizer trusts the issuer. The chain
rows decode a root-first WarrantStack (base64, the reference's stack decoder) and verify it.
Timing: a warm-up, then 5 batches sized for ~0.3 s per row; ns/op is the fastest batch.
With --compare, prints one table: libtenuo (C) vs the reference (Python SDK over Rust) per row.
"""
import argparse
import platform
import sys
import time

try:
    import tenuo
    from tenuo import Authorizer, Pattern, SigningKey, Warrant, decode_warrant_stack_base64, encode_warrant_stack
except ImportError as e:  # pragma: no cover - only when run with the wrong interpreter
    sys.exit(f"bench_reference: the reference package is not importable with {sys.executable}: {e}\n"
             "install it with `pip install tenuo==0.3.3` or set TENUO_REF_PYTHON")

BATCHES = 5


def measure(fn, target_secs):
    """Fastest of BATCHES batches, in ns per call."""
    clock = time.perf_counter_ns
    n, t0 = 0, clock()
    while clock() - t0 < target_secs * 0.05e9:  # warm-up and calibration
        fn()
        n += 1
    per = (clock() - t0) / n
    iters = max(1, int(target_secs * 1e9 / BATCHES / per))
    best = None
    for _ in range(BATCHES):
        s = clock()
        for _ in range(iters):
            fn()
        t = (clock() - s) / iters
        best = t if best is None or t < best else best
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="~0.05 s per row instead of ~0.3 s")
    ap.add_argument("--compare", metavar="TSV", help="C results written by tenuo_bench --tsv")
    opts = ap.parse_args()
    target = 0.05 if opts.quick else 0.3

    now = int(time.time())
    issuer, agent = SigningKey.generate(), SigningKey.generate()

    def mint():
        return (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
                .holder(agent.public_key).ttl(3600).mint(issuer))

    w = mint()
    raw, b64 = w.to_bytes(), w.to_base64()
    good, bad = {"query": "weather NYC"}, {"query": "stock prices"}
    good_pop = w.sign(agent, "search", good, timestamp=now)
    bad_pop = w.sign(agent, "search", bad, timestamp=now)
    auth = Authorizer(trusted_roots=[issuer.public_key])
    auth.authorize(w, "search", good, good_pop)  # raises if the fixture is wrong

    def denied():
        try:
            auth.authorize(w, "search", bad, bad_pop)
        except Exception:  # the reference raises ConstraintViolation
            return
        raise SystemExit("bench_reference: the denied call was allowed")

    denied()
    # Chains: the root alone, and root + 3 grants (4 warrants), each as an encoded WarrantStack.
    chain, keys = [w], [agent]
    for _ in range(3):
        k = SigningKey.generate()
        chain.append(chain[-1].grant_builder().capability("search", query=Pattern("weather *"))
                     .holder(k.public_key).ttl(600).grant(keys[-1]))
        keys.append(k)
    stack1, stack4 = encode_warrant_stack([w]), encode_warrant_stack(chain)
    leaf_pop = chain[-1].sign(keys[-1], "search", good, timestamp=now)
    auth.verify_chain(decode_warrant_stack_base64(stack4))
    # A typical two-clause CEL constraint on an object argument (tenuo_bench.c's cel_eval row).
    cel, cel_arg = tenuo.CEL("amount < 10000 && currency == 'USD'"), {"amount": 5000, "currency": "USD"}
    assert cel.matches(cel_arg)

    rows = [
        ("mint", "mint (builder + mint)", mint),
        ("parse_bytes", "Warrant.from_bytes", lambda: Warrant.from_bytes(raw)),
        ("parse_base64", "Warrant.from_base64", lambda: Warrant.from_base64(b64)),
        ("sign_pop", "warrant.sign (PoP)", lambda: w.sign(agent, "search", good, timestamp=now)),
        ("authorize_valid", "Authorizer.authorize, allowed", lambda: auth.authorize(w, "search", good, good_pop)),
        ("authorize_denied", "Authorizer.authorize, denied (raises)", denied),
        ("why_denied", "warrant.why_denied", lambda: w.why_denied("search", bad)),
        ("verify_chain_1", "decode stack of 1 + verify_chain", lambda: auth.verify_chain(decode_warrant_stack_base64(stack1))),
        ("verify_chain_4", "decode stack of 4 + verify_chain", lambda: auth.verify_chain(decode_warrant_stack_base64(stack4))),
        ("check_chain_4", "check_chain, 4 warrants (decoded)", lambda: auth.check_chain(chain, "search", good, leaf_pop)),
        ("cel_eval", "CEL(2 clauses).matches(dict)", lambda: cel.matches(cel_arg)),
    ]
    results = {}
    for key, label, fn in rows:
        results[key] = measure(fn, target)

    ver = getattr(tenuo, "__version__", "?")
    print(f"reference tenuo {ver} (Python {platform.python_version()} SDK over the Rust core), {platform.machine()}")
    print(f"command: {sys.executable} {' '.join(sys.argv)}   (fastest of {BATCHES} batches, ~{target:.2f} s per row)")
    print()
    c = {}
    if opts.compare:
        with open(opts.compare, encoding="utf-8") as f:
            for line in f:
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 2:
                    c[parts[0]] = float(parts[1])
    base = c.get("ed25519_verify")
    if c:
        print(f"{'operation':<40} {'reference ns/op':>16} {'libtenuo C ns/op':>17} {'C speed-up':>11} {'ref x verify':>13}")
    else:
        print(f"{'operation':<40} {'ns/op':>12} {'ops/s':>12}")
    for key, label, _ in rows:
        ns = results[key]
        if c:
            cn = c.get(key)
            speed = f"{ns / cn:10.1f}x" if cn else f"{'-':>11}"
            ratio = f"{ns / base:13.2f}" if base else f"{'-':>13}"
            print(f"{label:<40} {ns:16.0f} {cn if cn else float('nan'):17.0f} {speed} {ratio}")
        else:
            print(f"{label:<40} {ns:12.0f} {1e9 / ns:12.0f}")
    if c:
        print(f"\nC speed-up = reference ns/op / libtenuo ns/op; ref x verify = reference ns/op / one libsodium"
              f" verify ({base:.0f} ns, from the C run)." if base else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
