#!/usr/bin/env python3
"""Merges libFuzzer `-print_coverage=1` reports of several targets into one coverage table of the
library's own code (Sources/TenuoCore, Sources/Tenuo, Sources/CRE2Shim), per source directory.

Usage: fuzz_coverage.py REPORT...   (scripts/fuzz.sh coverage makes the reports)

A function counts as covered when any target reached it; its covered edges are the most any one
target reached (a lower bound of the union, since libFuzzer reports counts, not edge sets).
Functions the compiler generated inside the library (specializations, thunks; file
"<compiler-generated>") are grouped by their Swift module.
"""
import collections
import re
import sys

LINE = re.compile(r"^(UN)?COVERED_FUNC: hits: (\d+) edges: (\d+)/(\d+) (.*) (\S+):(\d+)$")


def group_of(name, path):
    m = re.search(r"/Sources/([^/]+)/(?:([^/]+)/)?", path)
    if m:
        module, sub = m.group(1), m.group(2)
        if sub and not sub.endswith((".swift", ".cpp", ".c")):
            return "%s/%s" % (module, sub)
        return module
    if path.startswith("<compiler-generated>") or path == "/<compiler-generated>":
        if "9TenuoCore" in name:
            return "TenuoCore (generated)"
        if re.search(r"\$s5Tenuo", name):
            return "Tenuo (generated)"
    return None


def main(paths):
    funcs = {}  # (group, name, path) -> [max covered edges, total edges]
    for p in paths:
        with open(p, errors="replace") as f:
            for line in f:
                m = LINE.match(line.strip())
                if not m:
                    continue
                covered, total, name, path = int(m.group(3)), int(m.group(4)), m.group(5), m.group(6)
                g = group_of(name, path)
                if g is None:
                    continue
                key = (g, name, path)
                cur = funcs.setdefault(key, [0, total])
                cur[0] = max(cur[0], covered)
    rows = collections.OrderedDict()
    for (g, _, _), (cov, tot) in sorted(funcs.items()):
        r = rows.setdefault(g, [0, 0, 0, 0])
        r[0] += 1 if cov else 0
        r[1] += 1
        r[2] += cov
        r[3] += tot
    print("%-30s %16s %18s" % ("code", "functions hit", "edges hit"))
    all_ = [0, 0, 0, 0]
    for g, r in rows.items():
        for i in range(4):
            all_[i] += r[i]
        print("%-30s %7d/%-6d %3.0f%% %8d/%-7d %3.0f%%" % (g, r[0], r[1], 100.0 * r[0] / max(r[1], 1),
                                                       r[2], r[3], 100.0 * r[2] / max(r[3], 1)))
    print("%-30s %7d/%-6d %3.0f%% %8d/%-7d %3.0f%%" % ("all library code", all_[0], all_[1],
                                                   100.0 * all_[0] / max(all_[1], 1), all_[2], all_[3],
                                                   100.0 * all_[2] / max(all_[3], 1)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
