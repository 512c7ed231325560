#!/usr/bin/env python3
"""Worst cases for CEL evaluation, one row per construct: hostile expressions (the deepest and
largest the parser admits) and hostile arguments (about 1 MB, the C ABI's input cap), timed in
libtenuo (Python package over build/lib) and, in the same run, in the reference (tenuo 0.3.3).
A benchmark, not a test: it prints each side's decision and its slowest of 3 runs.

Usage: scripts/bench_cel_hostile.py [--library build/lib/libtenuo.so.X] [--quick]
  (TENUO_REF_PYTHON names the reference's Python; without it only libtenuo is timed)
`make bench` runs it last.
"""
import argparse
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
MB = 1_000_000  # the JSON text of an argument stays under the 1 MiB input cap

# (construct, expression, argument builder)
CASES = [
    ("nesting: 31 parentheses", "(" * 31 + "value" + ")" * 31 + " == 1", lambda: 1),
    ("chain: 150 terms of ||", " || ".join(["value == %d" % i for i in range(150)]), lambda: 149),
    ("string scan: contains, 1 MB", "value.contains('ba') && !value.contains('aa')", lambda: "ab" * (MB // 2)),
    ("regex: matches, 1 MB", "value.matches('^(ab)+$')", lambda: "ab" * (MB // 2)),
    ("size and compare, 1 MB", "size(value) > 0 && value > 'a'", lambda: "ab" * (MB // 2)),
    ("macro: all over 100k ints", "value.all(x, x >= 0)", lambda: list(range(100_000))),
    ("equality: list == itself, 100k", "value == value", lambda: list(range(100_000))),
    ("quadratic: all-in-exists, 3000 ints", "value.all(x, value.exists(y, y == x))", lambda: list(range(3000))),
    ("building: map to list + list, 3000", "value.map(x, value + value).size() > 0", lambda: list(range(3000))),
    ("string building: s + s, 1 MB", "size(value + value + value + value) > 0", lambda: "ab" * (MB // 2)),
    ("timestamp: 1 MB of fraction digits", "timestamp(value) > timestamp('2000-01-01T00:00:00Z')",
     lambda: "2023-05-28T10:20:30." + "1" * (MB - 40) + "Z"),
    ("duration: 1 MB of terms", "duration(value) > duration('1h')", lambda: "1h" * (MB // 2)),
    ("duration: 1 MB of digits", "duration(value) > duration('1h')", lambda: "7" * (MB - 10) + "s"),
    ("time_since: 1 MB non-time", "time_since(value) == 0", lambda: "2" * (MB - 10)),
    ("map macro: all over 20k keys", "m.all(k, m[k] >= 0)", lambda: {"m": {"k%d" % i: i for i in range(20_000)}}),
]

RUNNER = r'''
import json, sys, time
from tenuo import CEL
cases = json.load(sys.stdin)
out = []
for expr, arg in cases:
    c = CEL(expr)
    worst, decision = 0.0, None
    for _ in range(RUNS):
        t = time.perf_counter()
        try:
            decision = "allow" if c.matches(arg) else "deny"
        except BaseException as e:  # CelError, or a panic of the reference's Rust core
            decision = "deny (%s)" % type(e).__name__
        worst = max(worst, time.perf_counter() - t)
    out.append([decision, worst * 1e3])
print(json.dumps(out))
'''


def run(python, env, cases, runs, required=True):
    try:
        p = subprocess.run([python, "-c", RUNNER.replace("RUNS", str(runs))], input=json.dumps(cases),
                           capture_output=True, text=True, env=env)
    except OSError as e:
        p = subprocess.CompletedProcess([python], 1, "", str(e))
    if p.returncode != 0:
        if not required:
            print("bench_cel_hostile: the reference did not run (%s): its column is skipped" % python)
            return None
        sys.exit("bench_cel_hostile: %s failed:\n%s" % (python, p.stderr[-2000:]))
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--library", default=os.path.join(HERE, "..", "build", "lib", "libtenuo.so"))
    ap.add_argument("--quick", action="store_true", help="1 run per row instead of 3")
    opts = ap.parse_args()
    runs = 1 if opts.quick else 3
    cases = [(expr, build()) for _, expr, build in CASES]
    ours_env = dict(os.environ, PYTHONPATH=os.path.join(HERE, "..", "bindings", "python"),
                    TENUO_LIBRARY=os.path.abspath(opts.library))
    ours = run(sys.executable, ours_env, cases, runs)
    ref_python = os.environ.get("TENUO_REF_PYTHON")
    ref = run(ref_python, dict(os.environ), cases, runs, required=False) if ref_python else None
    load = os.getloadavg()
    print("CEL worst cases per construct: slowest of %d runs, ms per evaluation (load %.2f %.2f %.2f)"
          % (runs, *load))
    print("command: %s %s" % (sys.executable, " ".join(sys.argv)))
    print()
    head = "%-38s %-22s %10s" % ("construct", "libtenuo", "ms")
    if ref:
        head += "   %-22s %10s" % ("reference 0.3.3", "ms")
    print(head)
    for i, (name, _, _) in enumerate(CASES):
        line = "%-38s %-22s %10.2f" % (name, ours[i][0][:22], ours[i][1])
        if ref:
            line += "   %-22s %10.2f" % (ref[i][0][:22], ref[i][1])
        print(line)
    print("\nEach time includes handing the argument over (libtenuo: JSON text through the C ABI; the "
          "reference: a Python object through PyO3).\nlibtenuo's step budget (8M steps a call) denies the "
          "quadratic rows; every other row is linear in its argument.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
