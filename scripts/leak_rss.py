#!/usr/bin/env python3
"""Flat-RSS test of the Python binding: LEAK_CALLS (default 10^6) real calls through
bindings/python into libtenuo, in a fixed mix, with the process's resident set size printed at
every tenth and the growth after warm-up checked against a small bound.

The mix per round of 8 calls (each a real library call with real work behind it):
  Warrant.from_bytes (decode + signature check), Warrant.why_denied on an allowed and on a denied
  call, Warrant.sign (PoP signature), Authorizer.authorize with that signature (allowed), and
  with a wrong one (raises), WarrantChain.parse of a two-link stack, Warrant.to_base64.
Arguments are fresh Python dicts each time (the binding builds and frees an argument set per
call), and the denied/raising paths build denial objects, so a leak in any of those paths
shows up as growth.

Usage: leak_rss.py [--calls N] [--warmup-fraction F] [--max-growth-kb K]
Environment: TENUO_LIBRARY (the library to load; `make leak-python` passes build/lib's).
Exit status 1 if RSS after warm-up grew by more than --max-growth-kb (default 2048 KiB).
Prints "N passed, M failed" (1 check) for scripts/run_tests.sh.
"""
import argparse
import gc
import os
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bindings" / "python"))

from tenuo import Authorizer, Pattern, Range, SigningKey, Warrant, WarrantChain  # noqa: E402
from tenuo import exceptions as exc  # noqa: E402

NOW = 1_767_225_600


def rss_kb() -> int:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=int(os.environ.get("LEAK_CALLS", 1_000_000)))
    ap.add_argument("--warmup-fraction", type=float, default=0.2)
    ap.add_argument("--max-growth-kb", type=int, default=2048)
    opts = ap.parse_args()

    root = SigningKey.from_bytes(bytes([1]) * 32)
    agent = SigningKey.from_bytes(bytes([2]) * 32)
    worker = SigningKey.from_bytes(bytes([3]) * 32)
    warrant = (Warrant.mint_builder()
               .capability("read_file", path=Pattern("/data/*"))
               .capability("deploy", cluster=Pattern("staging-*"), replicas=Range.max_value(15))
               .holder(agent.public_key).ttl(3600).mint(root, now=NOW))
    child = warrant.grant(to=worker.public_key, allow="read_file", key=agent, now=NOW)
    stack = WarrantChain([warrant, child]).to_base64()
    raw = warrant.to_bytes()
    auth = Authorizer(trusted_roots=[root.public_key])
    bad_sig = bytes(64)

    per_round = 8
    rounds = max(1, opts.calls // per_round)
    checkpoints = 10
    every = max(1, rounds // checkpoints)
    warm_rounds = int(rounds * opts.warmup_fraction)
    print(f"leak_rss: {rounds * per_round} calls ({rounds} rounds of {per_round}), "
          f"warm-up {warm_rounds * per_round} calls, bound {opts.max_growth_kb} KiB")
    gc.collect()
    start = time.monotonic()
    base = None
    samples = []
    denied = 0
    for i in range(rounds):
        w = Warrant.from_bytes(raw)
        ok = w.why_denied("read_file", {"path": "/data/report.pdf"}, now=NOW)
        no = w.why_denied("deploy", {"cluster": "prod-1", "replicas": 99}, now=NOW)
        if ok.denied or not no.denied:
            print("leak_rss: wrong decision", file=sys.stderr)
            return 1
        args = {"path": f"/data/{i % 97}.txt"}
        sig = w.sign(agent, "read_file", args, now=NOW)
        auth.authorize(w, "read_file", args, signature=bytes(sig), now=NOW)
        try:
            auth.authorize(w, "read_file", args, signature=bad_sig, now=NOW)
            print("leak_rss: a zero signature was accepted", file=sys.stderr)
            return 1
        except exc.TenuoError:
            denied += 1
        if len(WarrantChain.parse(stack)) != 2 or not w.to_base64():
            print("leak_rss: round trip failed", file=sys.stderr)
            return 1
        del w, ok, no, sig
        if i == warm_rounds:
            gc.collect()
            base = rss_kb()
        if (i + 1) % every == 0 or i + 1 == rounds:
            gc.collect()
            r = rss_kb()
            samples.append(r)
            print(f"  {(i + 1) * per_round:>9} calls  rss {r:>7} KiB"
                  f"{'' if base is None else f'  (+{r - base} KiB since warm-up)'}"
                  f"  {time.monotonic() - start:6.1f}s", flush=True)
    gc.collect()
    end = rss_kb()
    if base is None:
        base = samples[0]
    growth = end - base
    secs = time.monotonic() - start
    print(f"leak_rss: {rounds * per_round} calls in {secs:.1f}s ({rounds * per_round / secs:,.0f} calls/s), "
          f"{denied} denials raised; RSS after warm-up {base} KiB, at the end {end} KiB: growth {growth} KiB "
          f"(bound {opts.max_growth_kb} KiB)")
    ok = growth <= opts.max_growth_kb
    print("leak_rss: " + ("flat" if ok else "GROWING: a leak per call?"))
    print(f"{1 if ok else 0} passed, {0 if ok else 1} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
