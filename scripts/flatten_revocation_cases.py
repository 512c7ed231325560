#!/usr/bin/env python3
"""Flattens Tests/Vectors/revocation.json into tab-separated lines for the C runner
(Tests/CTests/revocation.c), which has no JSON parser. Text fields are hex of their UTF-8 bytes,
"-" marks an absent field, lists are comma-separated. One line per case:

  srl       ID SEED VERSION SECS NANOS SRL_HEX N IDHEX,IDHEX,...
  parse     ID SRL_HEX VERIFY_PK STAGE CODE
  install   ID ROOTS_HEX STEP,STEP,...            (STEP = SRL_HEX:CODE)
  decision  ID ROOTS_HEX SRL_HEX|- CLEAR|- CHAIN_HEX TOOLHEX|- ARGSHEX POP|- NOW CODE DENYHEX|-
            (CLEAR = PATTERNHEX:LEVEL,...)
  pattern   ID PATTERNHEX|- CODE

Usage: scripts/flatten_revocation_cases.py IN OUT
"""
import calendar
import json
import sys


def hx(s):
    return s.encode("utf-8").hex() or "-"


def secs_nanos(stamp):
    base, _, frac = stamp[:-1].partition(".")
    date, _, clock = base.partition("T")
    y, mo, d = (int(x) for x in date.split("-"))
    h, mi, s = (int(x) for x in clock.split(":"))
    return calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)), int((frac + "000000000")[:9]) if frac else 0


def main(src, dst):
    doc = json.load(open(src))
    keys, pks = doc["keys"], doc["public_keys"]
    lines = []
    for c in doc["cases"]:
        k, cid = c["kind"], c["id"]
        code = lambda e: str(e.get("code", 0))  # noqa: E731
        if k == "srl":
            s, n = secs_nanos(c["issued_at"])
            ids = ",".join(i.encode().hex() for i in c["ids"]) or "-"
            row = [k, cid, keys[c["issuer"]], c["version"], str(s), str(n), c["srl_hex"], str(len(c["ids"])), ids]
        elif k == "srl_parse":
            row = [k.replace("srl_", ""), cid, c["srl_hex"] or "-", pks[c["verify_with"]], c["expect"]["stage"],
                   code(c["expect"])]
        elif k == "install":
            steps = ",".join(f"{st['srl_hex']}:{code(st['expect'])}" for st in c["steps"])
            row = [k, cid, "".join(pks[r] for r in c["roots"]), steps]
        elif k == "decision":
            clear = ",".join(f"{p.encode().hex()}:{lvl}" for p, lvl in c["clearance"]) or "-"
            e = c["expect"]
            row = [k, cid, "".join(pks[r] for r in c["roots"]), c["srl_hex"] or "-", clear, c["chain_hex"],
                   hx(c["tool"]) if c["tool"] is not None else "-", hx(json.dumps(c["args"])), c["pop_hex"] or "-",
                   str(c["now"]), code(e), hx(e.get("deny_code", ""))]
        elif k == "clearance_pattern":
            row = ["pattern", cid, hx(c["pattern"]), code(c["expect"])]
        else:
            raise SystemExit(f"unknown kind {k}")
        assert all(f and "\t" not in f for f in row), row
        lines.append("\t".join(row))
    with open(dst, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
