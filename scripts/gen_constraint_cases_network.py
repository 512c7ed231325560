#!/usr/bin/env python3
"""Differential cases for the network and text constraint types: Regex (5), Cidr (8),
UrlPattern (9) and UrlSafe (18).

Every expected outcome is the reference runtime's decision (tenuo 0.3.3, run with
TENUO_REF_PYTHON, default /tmp/refvenv/bin/python; the script re-executes itself there):
- evaluation: the constraint is spliced on the wire into a reference-minted warrant as the only
  constraint `a` of tool `t`, the warrant re-signed and parsed by the reference, and
  `check_constraints_detailed("t", {"a": value})` called (None = match; a mismatch or a raised
  evaluation error = no match);
- attenuation: a root-signed parent and a holder-signed child (parent_hash linked) carry the two
  constraints, and `Authorizer.verify_chain([parent, child])` decides (0 or the exception's wire
  code);
- construction: whether the reference SDK's constructor (`Regex(p)`, `Cidr(n)`, `UrlPattern(p)`,
  `UrlSafe(...)`) accepts the parameters; decoding: whether the reference decodes the wire bytes.
Where libtenuo deliberately decides otherwise, the case's "expect" is libtenuo's decision, with
"reference" and "divergence" beside it (see docs/constraints-network.md). The divergences are
modelled here (`our_*` functions), so a case is marked only when its decision really differs.

Output: Tests/Vectors/constraints-network.json, deterministic (fixed seed); commit it. "cases" use
the JSON form and the kinds of Tests/Vectors/vectors.json (the first case of each constraint also
carries "wire_hex", the reference's encoding); "extra_cases" hold wire-level cases (decoding,
non-canonical maps) and constructor decisions; "unicode" holds the reference's \\d, \\s and \\w
as scalar ranges.
Usage: scripts/gen_constraint_cases_network.py [OUT]
"""
import json
import os
import random
import sys

REF_PYTHON = os.environ.get("TENUO_REF_PYTHON", "/tmp/refvenv/bin/python")
try:
    import tenuo
    from tenuo import Warrant, Wildcard
except ImportError:
    if os.environ.get("_GEN_NETWORK_REEXEC"):
        raise
    os.environ["_GEN_NETWORK_REEXEC"] = "1"
    os.execv(REF_PYTHON, [REF_PYTHON] + sys.argv)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from network_cases import pools  # noqa: E402  (the value and parameter pools)
from network_cases import model  # noqa: E402  (libtenuo's deliberate divergences)
from refcases.cbor import enc_struct, enc_text, enc_value, head  # noqa: E402
from refcases.harness import (HOLDER, ROOT, payload_of, ref_attenuation, ref_decodes,  # noqa: E402
                              ref_warrant, tools_bytes)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "Tests", "Vectors", "constraints-network.json")
SEED = 0x5EED_0005
TYPE_IDS = {"Exact": 1, "Pattern": 2, "OneOf": 4, "Regex": 5, "Cidr": 8, "UrlPattern": 9, "Wildcard": 16,
            "UrlSafe": 18}
URLSAFE_KEYS = ["schemes", "allow_domains", "deny_domains", "allow_ports", "block_private", "block_loopback",
                "block_metadata", "block_reserved", "block_internal_tlds"]
URLSAFE_DEFAULTS = {"schemes": ["http", "https"], "allow_domains": None, "deny_domains": None, "allow_ports": None,
                    "block_private": True, "block_loopback": True, "block_metadata": True, "block_reserved": True,
                    "block_internal_tlds": False}


def urlsafe_full(j):
    return {k: j.get(k, URLSAFE_DEFAULTS[k]) for k in URLSAFE_KEYS}


def to_wire(j):
    """JSON form -> `[type_id, value]` bytes, as the reference encodes that constraint."""
    t = j["type"]
    if t == "Exact":
        body = enc_struct([("value", enc_value(j["value"]))])
    elif t == "Pattern":
        body = enc_struct([("pattern", enc_text(j["pattern"]))])
    elif t == "Regex":
        body = enc_struct([("pattern", enc_text(j["pattern"]))])
    elif t == "OneOf":
        body = enc_struct([("values", enc_value(j["values"]))])
    elif t == "Cidr":
        body = enc_text(j["network"])
    elif t == "UrlPattern":
        body = enc_text(j["pattern"])
    elif t == "Wildcard":
        body = b"\xf6"
    elif t == "UrlSafe":
        full = urlsafe_full(j)
        body = enc_struct([(k, enc_value(full[k])) for k in URLSAFE_KEYS])
    else:
        raise ValueError(t)
    return b"\x82" + head(0, TYPE_IDS[t]) + body


def ref_object(j):
    """The reference SDK object for a JSON form (raises where the SDK refuses the parameters)."""
    t = j["type"]
    if t == "Regex":
        return tenuo.Regex(j["pattern"])
    if t == "Cidr":
        return tenuo.Cidr(j["network"])
    if t == "UrlPattern":
        return tenuo.UrlPattern(j["pattern"])
    if t == "UrlSafe":
        f = urlsafe_full(j)
        return tenuo.UrlSafe(allow_schemes=f["schemes"], allow_domains=f["allow_domains"],
                             deny_domains=f["deny_domains"], allow_ports=f["allow_ports"],
                             block_private=f["block_private"], block_loopback=f["block_loopback"],
                             block_metadata=f["block_metadata"], block_reserved=f["block_reserved"],
                             block_internal_tlds=f["block_internal_tlds"])
    if t == "Exact":
        return tenuo.Exact(j["value"])
    if t == "Pattern":
        return tenuo.Pattern(j["pattern"])
    if t == "Wildcard":
        return Wildcard()
    raise ValueError(t)


def ref_constructs(j):
    try:
        ref_object(j)
        return True
    except Exception:  # noqa: BLE001 - any refusal
        return False


# ---------------------------------------------------------------------------------------------
# Warrants: splice a tools map into reference-minted warrants and re-sign them.


def ref_eval(cons_wire, value):
    """(match, raised) as the reference decides."""
    try:
        r = ref_warrant(cons_wire).check_constraints_detailed("t", {"a": value})
    except Exception:  # noqa: BLE001 - any raise is a deny
        return False, True
    if r is None:
        return True, False
    return False, r[1] != "value does not match constraint"


def check_encoding(j, wire):
    """Where the SDK builds the constraint, its own encoding must equal ours."""
    try:
        obj = ref_object(j)
    except Exception:  # noqa: BLE001 - the SDK refuses these parameters (wire-only case)
        return
    w = Warrant.mint_builder().capability("t", a=obj).holder(HOLDER.public_key).ttl(60).mint(ROOT)
    assert tools_bytes(wire) in payload_of(w), (j, wire.hex())


# ---------------------------------------------------------------------------------------------
# Case builders.

CASES, EXTRA = [], []
_seen = set()
COUNTS = {}


def count(part, what, diverged=False):
    c = COUNTS.setdefault(part, {"constraint": 0, "attenuation": 0, "extra": 0, "divergences": 0, "agree": 0})
    c[what] += 1
    if diverged:
        c["divergences"] += 1
    else:
        c["agree"] += 1


def next_id(part, what):
    key = {"constraint": "eval", "attenuation": "att", "extra": "wire"}[what]
    return f"network/{part}/{key}/{COUNTS.get(part, {}).get(what, 0):04d}"


def add_eval(part, j, values, note=None):
    wire = to_wire(j)
    if not model.constructible(j):
        # libtenuo's JSON constructor refuses these parameters: evaluate the signed bytes instead.
        for v in values:
            extra_eval(part, j, wire, v)
        return
    check_encoding(j, wire)
    for v in values:
        vj = json.dumps(v, ensure_ascii=False)
        key = ("e", wire, vj)
        if key in _seen:
            continue
        _seen.add(key)
        match, raised = ref_eval(wire, v)
        ours, why = model.our_match(j, v, match)
        case = {"id": next_id(part, "constraint"), "kind": "constraint", "constraint": j, "value_json": vj,
                "expect": {"match": ours}}
        if ("w", wire) not in _seen:
            _seen.add(("w", wire))
            case["wire_hex"] = wire.hex()
        if raised:
            case["note"] = "the reference raises (a deny)"
        elif note:
            case["note"] = note
        diverged = ours != match
        if diverged:
            case["reference"] = {"match": match}
            case["divergence"] = why
        CASES.append(case)
        count(part, "constraint", diverged)


def extra_eval(part, j, wire, v):
    key = ("e", wire, json.dumps(v, ensure_ascii=False))
    if key in _seen:
        return
    _seen.add(key)
    match, raised = ref_eval(wire, v)
    ours, why = model.our_match(j, v, match)
    case = {"kind": "wire_constraint", "wire_hex": wire.hex(), "value_json": json.dumps(v, ensure_ascii=False),
            "expect": {"match": ours}, "constraint": j}
    if raised:
        case["note"] = "the reference raises (a deny)"
    if ours != match:
        case["reference"] = {"match": match}
        case["divergence"] = why
    add_extra(part, case, ours != match)


def add_att(part, p, c):
    pw, cw = to_wire(p), to_wire(c)
    key = ("a", pw, cw)
    if key in _seen:
        return
    _seen.add(key)
    ref_code, ref_kind = ref_attenuation(pw, cw)
    ours, why = model.our_attenuation(p, c, ref_code)
    if model.constructible(p) and model.constructible(c):
        case = {"id": next_id(part, "attenuation"), "kind": "attenuation", "parent": p, "child": c,
                "expect": {"code": ours}}
    else:
        case = {"kind": "wire_attenuation", "parent_hex": pw.hex(), "child_hex": cw.hex(), "parent": p, "child": c,
                "expect": {"code": ours}}
        if ref_kind:
            case["reference_error"] = ref_kind
        if ours != ref_code:
            case["reference"] = {"code": ref_code}
            case["divergence"] = why
        add_extra(part, case, ours != ref_code)
        return
    if ref_kind:
        case["reference_error"] = ref_kind
    diverged = ours != ref_code
    if diverged:
        case["reference"] = {"code": ref_code}
        case["divergence"] = why
    CASES.append(case)
    count(part, "attenuation", diverged)


def add_extra(part, case, diverged=False):
    case["id"] = next_id(part, "extra")
    EXTRA.append(case)
    count(part, "extra", diverged)


def extra_decode(part, wire, note, canonical=True, values=(), ours=None, why=None):
    """`ours`: libtenuo's decision where it deliberately differs (with `why`)."""
    ok = ref_decodes(wire)
    decides = ok if ours is None else ours
    case = {"kind": "wire_decode", "wire_hex": wire.hex(), "expect": {"decodes": decides}, "note": note}
    if not canonical:
        case["canonical"] = False
    if decides != ok:
        case["reference"] = {"decodes": ok}
        case["divergence"] = why
    add_extra(part, case, decides != ok)
    if ok and decides:
        for v in values:
            match, raised = ref_eval(wire, v)
            c = {"kind": "wire_constraint", "wire_hex": wire.hex(), "value_json": json.dumps(v, ensure_ascii=False),
                 "expect": {"match": match}}
            if not canonical:
                c["canonical"] = False
            if raised:
                c["note"] = "the reference raises (a deny)"
            add_extra(part, c)


def extra_construct(part, j):
    ref_ok = ref_constructs(j)
    ours, why = model.our_construct(j, ref_ok)
    case = {"kind": "construct", "constraint": j, "expect": {"ok": ours}}
    diverged = ours != ref_ok
    if diverged:
        case["reference"] = {"ok": ref_ok}
        case["divergence"] = why
    add_extra(part, case, diverged)


# ---------------------------------------------------------------------------------------------
# The reference's Unicode classes, as ranges (found by bisection with anchored searches).

def classes_as_ranges(cls, neg):
    inside = tenuo.Regex("(?s)^%s*$" % cls)
    outside = tenuo.Regex("(?s)^%s*$" % neg)
    ranges = []

    def text(lo, hi):
        return "".join(chr(c) for c in range(lo, hi + 1) if not 0xD800 <= c <= 0xDFFF)

    def walk(lo, hi):
        t = text(lo, hi)
        if not t:
            return
        if inside.matches(t):
            if ranges and ranges[-1][1] >= lo - 1 - (0x800 if lo == 0xE000 else 0):
                ranges[-1][1] = hi
            else:
                ranges.append([lo, hi])
            return
        if outside.matches(t):
            return
        mid = (lo + hi) // 2
        walk(lo, mid)
        walk(mid + 1, hi)

    walk(0, 0x10FFFF)
    return ranges


def unicode_tables():
    return {"digit": classes_as_ranges(r"\d", r"\D"), "space": classes_as_ranges(r"\s", r"\S"),
            "word": classes_as_ranges(r"\w", r"\W")}


def main():
    model.ref_constructs = ref_constructs
    rnd = random.Random(SEED)
    pools.generate(rnd, add_eval, add_att, extra_decode, extra_construct, to_wire)
    doc = {"format": "libtenuo constraint cases v1", "part": "network",
           "generated_by": "scripts/gen_constraint_cases_network.py against tenuo %s" % tenuo.__version__,
           "seed": SEED, "counts": COUNTS, "unicode": unicode_tables()}
    head_text = json.dumps(doc, ensure_ascii=False, sort_keys=True)[:-1]
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(head_text + ",\n\"cases\": [\n")
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in CASES))
        f.write("\n],\n\"extra_cases\": [\n")
        f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in EXTRA))
        f.write("\n]}\n")
    for part, c in sorted(COUNTS.items()):
        print("%-10s eval %4d  attenuation %4d  wire/ctor %3d  agree %4d  divergences %3d" % (
            part, c["constraint"], c["attenuation"], c["extra"], c["agree"], c["divergences"]))


if __name__ == "__main__":
    main()
