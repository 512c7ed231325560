#!/usr/bin/env python3
"""Differential cases for three constraint families: the value sets Contains (10) and Subset (11),
the composites All (12), Any (13) and Not (14), and the paths Subpath (17) and Shlex (128).

Every expected outcome is the reference runtime's decision (tenuo 0.3.3, run with
TENUO_REF_PYTHON, default /tmp/refvenv/bin/python; the script re-executes itself there):
- evaluation: the constraint is spliced on the wire into a reference-minted warrant as the only
  constraint `a` of tool `t`, the warrant re-signed and parsed by the reference, and
  `check_constraints_detailed("t", {"a": value})` called (None = match; a mismatch or a raised
  evaluation error = no match);
- attenuation: a root-signed parent and a holder-signed child (parent_hash linked) carry the two
  constraints, and `Authorizer.verify_chain([parent, child])` decides (0 or the exception's wire
  code).
Where libtenuo deliberately decides otherwise, the case's "expect" is libtenuo's decision, with
"reference" and "divergence" beside it (see docs/constraints-sets-composites-paths.md).

Output, one file per family, deterministic (fixed seed; commit them): Tests/Vectors/
constraints-value-sets.json, constraints-composites.json and constraints-paths.json (OUT_DIR
instead of Tests/Vectors when given). A case belongs to the family of the type it is about
(nesting-depth cases to the composites; a constructor case to its constraint's family); ids read
`<family>/<part>/<eval|att|wire>/<n>`, numbered per family and part.
"cases" use the JSON form and the kinds of Tests/Vectors/vectors.json (the first case of each
constraint also carries "wire_hex", the reference's encoding of it); "extra_cases" are wire-level cases the
JSON constructors cannot express (raw Subpath roots, empty All, nesting depth, decode errors) and
constructor decisions.
Usage: scripts/gen_constraint_cases_sets_composites_paths.py [OUT_DIR]
"""
import json
import os
import random
import sys

REF_PYTHON = os.environ.get("TENUO_REF_PYTHON", "/tmp/refvenv/bin/python")
try:
    import tenuo  # noqa: F401
    import tenuo_core
    from tenuo import Warrant, Wildcard
except ImportError:
    if os.environ.get("_GEN_SCP_REEXEC"):
        raise
    os.environ["_GEN_SCP_REEXEC"] = "1"
    os.execv(REF_PYTHON, [REF_PYTHON] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "Tests", "Vectors")
SEED = 0x5EED_0004
TYPE_IDS = {"Exact": 1, "Pattern": 2, "Range": 3, "OneOf": 4, "NotOneOf": 7, "Contains": 10, "Subset": 11,
            "All": 12, "Any": 13, "Not": 14, "Wildcard": 16, "Subpath": 17, "Shlex": 128}

# The reference's CBOR dialect and the splice-and-ask harness are shared with the network generator.
sys.path.insert(0, HERE)
from refcases.cbor import enc_float, enc_struct, enc_text, enc_value, head  # noqa: E402,F401
from refcases.harness import (HOLDER, ROOT, payload_of, ref_attenuation, ref_decodes,  # noqa: E402
                              ref_warrant, tools_bytes)


def subpath_root(j):
    """The root the reference's constructor stores (normalised, lowercased if not case-sensitive)."""
    return tenuo.Subpath(j["root"], case_sensitive=j.get("case_sensitive", True),
                         allow_equal=j.get("allow_equal", True)).root


def to_wire(j):
    """JSON form -> `[type_id, value]` bytes, as the reference would encode that constraint."""
    t = j["type"]
    body = {
        "Exact": lambda: enc_struct([("value", enc_value(j["value"]))]),
        "Pattern": lambda: enc_struct([("pattern", enc_text(j["pattern"]))]),
        "Range": lambda: enc_struct([
            ("min", b"\xf6" if j.get("min") is None else enc_float(float(j["min"]))),
            ("max", b"\xf6" if j.get("max") is None else enc_float(float(j["max"]))),
            ("min_inclusive", enc_value(j.get("min_inclusive", True))),
            ("max_inclusive", enc_value(j.get("max_inclusive", True)))]),
        "OneOf": lambda: enc_struct([("values", enc_value(j["values"]))]),
        "NotOneOf": lambda: enc_struct([("excluded", enc_value(j["excluded"]))]),
        "Contains": lambda: enc_struct([("required", enc_value(j["required"]))]),
        "Subset": lambda: enc_struct([("allowed", enc_value(j["allowed"]))]),
        "All": lambda: enc_struct([("constraints", head(4, len(j["constraints"]))
                                    + b"".join(to_wire(c) for c in j["constraints"]))]),
        "Any": lambda: enc_struct([("constraints", head(4, len(j["constraints"]))
                                    + b"".join(to_wire(c) for c in j["constraints"]))]),
        "Not": lambda: enc_struct([("constraint", to_wire(j["constraint"]))]),
        "Wildcard": lambda: b"\xf6",
        "Subpath": lambda: enc_struct([("root", enc_text(subpath_root(j))),
                                       ("case_sensitive", enc_value(j.get("case_sensitive", True))),
                                       ("allow_equal", enc_value(j.get("allow_equal", True)))]),
        "Shlex": lambda: enc_struct([("allow", enc_value(j["allow"]))]),
    }[t]()
    return b"\x82" + head(0, TYPE_IDS[t]) + body


def ref_object(j):
    """The reference SDK object for a JSON form, or None where the SDK cannot build it."""
    t = j["type"]
    if t == "Exact":
        return tenuo.Exact(j["value"]) if isinstance(j["value"], str) else None
    if t == "Pattern":
        return tenuo.Pattern(j["pattern"])
    if t == "Wildcard":
        return Wildcard()
    if t in ("Contains", "Subset"):
        return getattr(tenuo, t)(j["required" if t == "Contains" else "allowed"])
    if t == "Subpath":
        return tenuo.Subpath(j["root"], case_sensitive=j.get("case_sensitive", True),
                             allow_equal=j.get("allow_equal", True))
    if t == "Shlex":
        return tenuo_core.Shlex(j["allow"])
    if t in ("All", "Any"):
        kids = [ref_object(c) for c in j["constraints"]]
        return None if None in kids else (tenuo.All if t == "All" else tenuo.AnyOf)(kids)
    if t == "Not":
        inner = ref_object(j["constraint"])
        return None if inner is None else tenuo.Not(inner)
    return None


# ---------------------------------------------------------------------------------------------
# Warrants: splice a tools map into reference-minted warrants and re-sign them.


def ref_eval(w, value):
    """(match, raised) as the reference decides."""
    try:
        r = w.check_constraints_detailed("t", {"a": value})
    except Exception:  # noqa: BLE001 - any raise is a deny
        return False, True
    if r is None:
        return True, False
    return False, r[1] != "value does not match constraint"


def check_encoding(j, wire):
    """Where the SDK can build the constraint, its own encoding must equal ours."""
    obj = ref_object(j)
    if obj is None:
        return
    w = Warrant.mint_builder().capability("t", a=obj).holder(HOLDER.public_key).ttl(60).mint(ROOT)
    p = payload_of(w)
    assert tools_bytes(wire) in p, (j, wire.hex())


# ---------------------------------------------------------------------------------------------
# libtenuo's deliberate divergences, as a model on top of the reference's own decisions.

def identical(a, b):
    return to_wire(a) == to_wire(b)


_GLOB_RAISES = {}


def never_raises(j):
    """libtenuo's NestedConstraints.neverRaises on a JSON form: kinds with no evaluation error path,
    a Pattern whose glob compiles (asked of the reference: does it raise on a string?), a non-empty
    All and any Any or Not made of such."""
    t = j["type"]
    if t in ("Exact", "Range", "OneOf", "NotOneOf", "Wildcard", "Contains", "Subset", "Subpath", "Shlex"):
        return True
    if t == "Pattern":
        pat = j["pattern"]
        if pat not in _GLOB_RAISES:
            _GLOB_RAISES[pat] = ref_eval(ref_warrant(to_wire(j)), "x")[1]
        return not _GLOB_RAISES[pat]
    if t == "All":
        return bool(j["constraints"]) and all(never_raises(c) for c in j["constraints"])
    if t == "Any":
        return all(never_raises(c) for c in j["constraints"])
    if t == "Not":
        return never_raises(j["constraint"])
    return False


def raises_only_outside(a, b):
    """libtenuo's NestedConstraints.raisesOnlyOutside: `a` raises only on values `b` does not allow."""
    if never_raises(a):
        return True
    if a["type"] == b["type"] and a["type"] in ("Cidr", "UrlPattern"):
        return True
    if b["type"] == "Exact":
        return not ref_eval(ref_warrant(to_wire(a)), b["value"])[1]
    return False


def our_attenuation(p, c, reasons):
    """libtenuo's decision for JSON forms: the reference's, except that Any -> Any and Not -> Not also
    need the parent branches they rely on to be unable to raise, and an empty All parent is never
    narrowed. `reasons` collects why we differ where we refuse what the reference might accept."""
    pt, ct = p["type"], c["type"]
    if pt == "Wildcard":
        return 0
    if ct == "Wildcard":
        return 1503
    if pt == "All" and ct == "All":
        if not p["constraints"] or not c["constraints"]:
            return 1502
        for pc in p["constraints"]:
            if not any(our_attenuation(pc, cc, reasons) == 0 for cc in c["constraints"]):
                return 1502
        return 0
    if pt == "All" and ct == "Exact" and not p["constraints"]:
        reasons.add("empty-all-to-exact")
        return 1502
    if pt == "Any" and ct == "Any":
        for cb in c["constraints"]:
            covered = False
            for pb in p["constraints"]:
                if our_attenuation(pb, cb, reasons) == 0:
                    covered = True
                    break
                if not raises_only_outside(pb, cb):
                    if any(our_attenuation(q, cb, set()) == 0 for q in p["constraints"]):
                        reasons.add("any-to-any")
                    break
            if not covered:
                return 1502
        return 0
    if pt == "Not" and ct == "Not":
        if our_attenuation(c["constraint"], p["constraint"], reasons) != 0:
            return 1502
        a, b = p["constraint"], c["constraint"]
        if not never_raises(a) and not identical(a, b) and not (a["type"] == b["type"] and a["type"] in ("Cidr", "UrlPattern")):
            reasons.add("not-to-not")
            return 1502
        return 0
    return ref_attenuation(to_wire(p), to_wire(c))[0]


DIVERGENCE_TEXT = {
    "any-to-any": "Any -> Any: a child branch narrows only a parent branch behind one that may raise; libtenuo "
                  "refuses (the parent denies where the earlier branch raises, the child would allow), the "
                  "reference accepts",
    "not-to-not": "Not(A) -> Not(B) with B -> A valid but A able to raise: libtenuo refuses (the parent denies where "
                  "A raises, the child would allow), the reference accepts",
    "empty-all-to-exact": "an empty All denies every call (it raises), so libtenuo refuses to narrow it to an Exact "
                          "value; the reference accepts",
}


# ---------------------------------------------------------------------------------------------
# Case builders.

CASES, EXTRA = [], []
_seen = set()
COUNTS = {}  # family -> part -> counters

# The family (output file) of each part; "construct" goes by the constructed type instead.
FAMILY_OF_PART = {"contains": "value-sets", "subset": "value-sets", "all": "composites", "any": "composites",
                  "not": "composites", "depth": "composites", "subpath": "paths", "shlex": "paths"}
FAMILY_OF_TYPE = {"Contains": "value-sets", "Subset": "value-sets", "All": "composites", "Any": "composites",
                  "Not": "composites", "Subpath": "paths", "Shlex": "paths"}
FAMILIES = ("value-sets", "composites", "paths")


def counters(family, part):
    return COUNTS.setdefault(family, {}).setdefault(
        part, {"constraint": 0, "attenuation": 0, "extra": 0, "divergences": 0})


def case_id(family, part, key, what):
    return f"{family}/{part}/{key}/{counters(family, part)[what]:04d}"


def count(family, part, what, diverged=False):
    c = counters(family, part)
    c[what] += 1
    if diverged:
        c["divergences"] += 1


def add_eval(part, j, values, note=None):
    wire = to_wire(j)
    check_encoding(j, wire)
    w = ref_warrant(wire)
    for v in values:
        vj = json.dumps(v, ensure_ascii=False)
        key = ("e", wire, vj)
        if key in _seen:
            continue
        _seen.add(key)
        match, raised = ref_eval(w, v)
        case = {"id": case_id(FAMILY_OF_PART[part], part, "eval", "constraint"), "kind": "constraint",
                "constraint": j, "value_json": vj, "expect": {"match": match}}
        if ("w", wire) not in _seen:  # the encoding is recorded once per constraint
            _seen.add(("w", wire))
            case["wire_hex"] = wire.hex()
        if raised:
            case["note"] = "the reference raises (a deny)"
        elif note:
            case["note"] = note
        CASES.append(case)
        count(FAMILY_OF_PART[part], part, "constraint")


def add_att(part, p, c):
    pw, cw = to_wire(p), to_wire(c)
    key = ("a", pw, cw)
    if key in _seen:
        return
    _seen.add(key)
    ref_code, ref_kind = ref_attenuation(pw, cw)
    reasons = set()
    ours = our_attenuation(p, c, reasons)
    case = {"id": case_id(FAMILY_OF_PART[part], part, "att", "attenuation"), "kind": "attenuation",
            "parent": p, "child": c, "expect": {"code": ours}}
    if ref_kind:
        case["reference_error"] = ref_kind
    diverged = ours != ref_code
    if diverged:
        assert reasons, (p, c, ours, ref_code)
        case["reference"] = {"code": ref_code}
        case["divergence"] = "; ".join(DIVERGENCE_TEXT[r] for r in sorted(reasons))
    CASES.append(case)
    count(FAMILY_OF_PART[part], part, "attenuation", diverged)


def add_extra(part, case, diverged=False):
    family = FAMILY_OF_TYPE[case["constraint"]["type"]] if part == "construct" else FAMILY_OF_PART[part]
    case["id"] = case_id(family, part, "wire", "extra")
    EXTRA.append(case)
    count(family, part, "extra", diverged)


def extra_eval(part, wire, values, canonical=True):
    """`canonical` False: the bytes are not the reference's own encoding (a field it defaults is
    missing), so re-encoding them legitimately differs."""
    w = ref_warrant(wire)
    for v in values:
        match, raised = ref_eval(w, v)
        case = {"kind": "wire_constraint", "wire_hex": wire.hex(), "value_json": json.dumps(v, ensure_ascii=False),
                "expect": {"match": match}}
        if not canonical:
            case["canonical"] = False
        if raised:
            case["note"] = "the reference raises (a deny)"
        add_extra(part, case)


def extra_att(part, pw, cw, ours=None, why=None):
    ref_code, ref_kind = ref_attenuation(pw, cw)
    case = {"kind": "wire_attenuation", "parent_hex": pw.hex(), "child_hex": cw.hex(),
            "expect": {"code": ref_code if ours is None else ours}}
    if ref_kind:
        case["reference_error"] = ref_kind
    diverged = ours is not None and ours != ref_code
    if diverged:
        case["reference"] = {"code": ref_code}
        case["divergence"] = why
    add_extra(part, case, diverged)


def extra_decode(part, wire, note, canonical=True):
    case = {"kind": "wire_decode", "wire_hex": wire.hex(), "expect": {"decodes": ref_decodes(wire)}, "note": note}
    if not canonical:
        case["canonical"] = False
    add_extra(part, case)


def extra_construct(part, j, ref_ok, ours_ok=None, why=None):
    """A JSON constructor decision; `ref_ok` is whether the reference SDK's constructor accepts."""
    case = {"kind": "construct", "constraint": j, "expect": {"ok": ref_ok if ours_ok is None else ours_ok}}
    diverged = ours_ok is not None and ours_ok != ref_ok
    if diverged:
        case["reference"] = {"ok": ref_ok}
        case["divergence"] = why
    add_extra(part, case, diverged)


# ---------------------------------------------------------------------------------------------
# Pools.

R = random.Random(SEED)


def P(s): return {"type": "Pattern", "pattern": s}
def E(v): return {"type": "Exact", "value": v}
def O(vs): return {"type": "OneOf", "values": vs}
def N(vs): return {"type": "NotOneOf", "excluded": vs}
def RG(lo, hi): return {"type": "Range", "min": lo, "max": hi}
def C(vs): return {"type": "Contains", "required": vs}
def S(vs): return {"type": "Subset", "allowed": vs}
def ALL(cs): return {"type": "All", "constraints": cs}
def ANY(cs): return {"type": "Any", "constraints": cs}
def NOT(c): return {"type": "Not", "constraint": c}
def SP(root, cs=True, ae=True): return {"type": "Subpath", "root": root, "case_sensitive": cs, "allow_equal": ae}
def SH(allow): return {"type": "Shlex", "allow": allow}
W = {"type": "Wildcard"}

SCALARS = ["a", "b", "c", "A", "", "caf\u00e9", "cafe\u0301", "\U0001F600", 0, 1, 2, -1, 1.0, 0.0, -0.0, 2.5,
           True, False, None, 2 ** 53 + 1]
ELEMS = SCALARS + [[1], ["a"], [], {"k": 1}, {"k": 1.0}, {}]
NON_LISTS = ["a", "", 1, 1.0, None, True, {}, {"k": 1}, "[\"a\"]"]


def rlist(n_max, pool=ELEMS):
    return [R.choice(pool) for _ in range(R.randint(0, n_max))]


def variant(v):
    """A value of another kind that a loose comparison would confuse with v (1 -> 1.0 -> True ...)."""
    if v is True or v is False:
        return int(v)
    if isinstance(v, int):
        return float(v)
    if isinstance(v, float):
        return True if v == 1.0 else int(v) if v.is_integer() else v
    if isinstance(v, str):
        return {"caf\u00e9": "cafe\u0301", "a": "A"}.get(v, v)
    return v


# ---------------------------------------------------------------------------------------------
# Contains and Subset.

def gen_list_type(part, make, other):
    fixed = [[], ["a"], [1], [1.0], [True], [None], [[1]], [{"k": 1}], ["a", "a"], [-0.0], [0.0], ["cafe\u0301"]]
    consts = fixed + [rlist(4) for _ in range(16)]
    for vs in consts:
        values = [rlist(5) for _ in range(8)] + NON_LISTS[:4] + [
            list(vs), vs + [R.choice(ELEMS)], vs[1:], list(reversed(vs)), [vs], [variant(x) for x in vs],
            vs + vs, [R.choice(vs)] if vs else [None]]
        add_eval(part, make(vs), values)
    for _ in range(90):
        p = rlist(4)
        roll = R.random()
        if roll < 0.25:
            c = p + [R.choice(ELEMS)]
        elif roll < 0.45:
            c = p[1:] if p else [R.choice(ELEMS)]
        elif roll < 0.55:
            c = [variant(x) for x in p]
        elif roll < 0.65:
            c = list(reversed(p))
        else:
            c = rlist(4)
        add_att(part, make(p), make(c))
    for p in [["a"], [1], []]:
        add_att(part, make(p), other(p))
        add_att(part, make(p), E(p))
        add_att(part, make(p), W)
        add_att(part, W, make(p))
        add_att(part, make(p), ALL([make(p)]))
        add_att(part, ALL([make(p)]), E(p))


# ---------------------------------------------------------------------------------------------
# All, Any, Not.

LEAVES = [P("a*"), P("*z"), P("ab*"), P("*"), E("a"), E("ab"), E(1), E(5.0), O(["a", "b", "ab"]), N(["b"]),
          RG(0, 10), RG(5, None), W, C(["a"]), S(["a", "b"]), SP("/data"), SH(["ls"])]
NARROWER = {
    "a*": [P("ab*"), E("ab"), E("b"), P("*")], "*z": [P("*yz"), E("az"), P("a*")], "ab*": [P("abc*"), P("a*")],
    "*": [P("a*"), E("q"), P("*z")],
}
EVAL_VALUES = ["a", "ab", "abz", "az", "b", "z", "", 5, 5.0, 11, -1, None, True, ["a"], ["a", "b"], ["c"],
               "/data/x", "/etc", "ls -l", {"k": 1}, "A"]


def narrower(c):
    """Candidate children of a leaf: narrower, equal or wider ones."""
    t = c["type"]
    if t == "Pattern":
        return NARROWER.get(c["pattern"], [c])
    if t == "OneOf":
        return [O(["a"]), E("a"), O(["c"]), O(["a", "b", "ab", "c"])]
    if t == "NotOneOf":
        return [N(["b", "c"]), N([]), E("a")]
    if t == "Range":
        return [RG(2, 8), RG(0, 20), E(5), RG(None, 10)]
    if t == "Contains":
        return [C(["a", "b"]), C([])]
    if t == "Subset":
        return [S(["a"]), S(["c"]), S([])]
    if t == "Subpath":
        return [SP("/data/x"), SP("/etc"), E("/data/f")]
    if t == "Shlex":
        return [SH(["ls"]), SH(["ls", "cat"]), E("ls -l")]
    if t == "Exact":
        return [c, E("b")]
    if t == "Wildcard":
        return [P("a*"), E("a"), W]
    return [c]


def rtree(depth, kinds=("All", "Any", "Not")):
    if depth == 0 or R.random() < 0.45:
        return R.choice(LEAVES)
    k = R.choice(kinds)
    if k == "Not":
        return NOT(rtree(depth - 1))
    n = R.randint(1, 3) if k == "All" else R.randint(0, 3)
    kids = [rtree(depth - 1) for _ in range(n)]
    return ALL(kids) if k == "All" else ANY(kids)


def mutate(c):
    """A child derived from c: mostly narrowings, sometimes widenings or unrelated shapes."""
    t = c["type"]
    if t == "All":
        cs = list(c["constraints"])
        roll = R.random()
        if roll < 0.3 and cs:
            i = R.randrange(len(cs))
            cs[i] = mutate(cs[i])
        elif roll < 0.5:
            cs.insert(R.randint(0, len(cs)), R.choice(LEAVES))
        elif roll < 0.6 and len(cs) > 1:
            cs.pop(R.randrange(len(cs)))
        elif roll < 0.7:
            R.shuffle(cs)
        elif roll < 0.8 and cs:
            i = R.randrange(len(cs))
            cs[i] = ALL([cs[i]])
        return ALL(cs)
    if t == "Any":
        cs = list(c["constraints"])
        roll = R.random()
        if roll < 0.3 and cs:
            i = R.randrange(len(cs))
            cs[i] = mutate(cs[i])
        elif roll < 0.5 and cs:
            cs.pop(R.randrange(len(cs)))
        elif roll < 0.6:
            cs.append(R.choice(LEAVES))
        return ANY(cs)
    if t == "Not":
        return NOT(mutate(c["constraint"])) if R.random() < 0.6 else c
    return R.choice(narrower(c))


def gen_composites():
    for part, kinds in (("all", ("All",)), ("any", ("Any",)), ("not", ("Not",))):
        trees = []
        while len(trees) < 30:
            t = rtree(2 if len(trees) % 3 else 3, kinds + ("All", "Any", "Not"))
            top = {"all": "All", "any": "Any", "not": "Not"}[part]
            if t["type"] != top:
                t = ALL([t]) if top == "All" else ANY([t]) if top == "Any" else NOT(t)
            trees.append(t)
        trees += {"all": [ALL([P("a*"), P("*z")]), ALL([RG(0, 10), N([5])]), ALL([ALL([ALL([E("a")])])])],
                  "any": [ANY([]), ANY([E("a"), E(1)]), ANY([ANY([])]), ANY([C(["a"]), E("a")])],
                  "not": [NOT(ANY([])), NOT(W), NOT(NOT(E("a"))), NOT(RG(0, 10))]}[part]
        for t in trees:
            add_eval(part, t, R.sample(EVAL_VALUES, 10))
        for t in trees:
            for _ in range(4):
                add_att(part, t, mutate(t))
            add_att(part, t, t)
        for t in trees[:12]:
            for v in R.sample(EVAL_VALUES, 3):
                add_att(part, t, E(v))
            add_att(part, t, R.choice(LEAVES))
            add_att(part, R.choice(LEAVES), t)
            add_att(part, W, t)
            add_att(part, t, W)


# ---------------------------------------------------------------------------------------------
# Subpath.

ROOTS = ["/data", "/data/", "/data/../etc", "/Data", "/", "C:\\data", "c:/Data/", "/data/./x/..", "//srv//share",
         "/\u03a3\u0391\u03a3", "/\u0130", "/caf\u00e9", "/cafe\u0301", "/a b", "/data/%2e%2e", "/data\\sub", "D:\\",
         "/.../x", "/\u0391\u03a3", "/K\u212a"]
PREFIXES = ["/", "/", "/", "//", "C:\\", "c:/", "C:/", "", "\\", "./", "D:\\", "c:\\"]
COMPONENTS = ["data", "Data", "DATA", "x", "sub", "..", ".", "...", "%2e%2e", "", "caf\u00e9", "cafe\u0301",
              "\u03a3", "\u03c3", "\u03c2", "\u03a3\u0391\u03a3", "\u03c3\u03b1\u03c2", "\u0391\u03a3",
              "\u03b1\u03c2", "\u0130", "i\u0307", "\u212a", "k", "etc", "srv", "share", " ", "a b",
              "\u0391\u03a3\u0301", "\u0391'\u03a3", "\u0391\u03a3\u00ad", "\u03a3\u0391"]


def rpath():
    sep = R.choice(["/", "/", "\\"])
    comps = [R.choice(COMPONENTS) for _ in range(R.randint(0, 5))]
    s = R.choice(PREFIXES) + sep.join(comps)
    if R.random() < 0.15:
        s += sep
    return s


def gen_subpath():
    consts = []
    for r in ROOTS:
        for cs, ae in R.sample([(True, True), (False, True), (True, False), (False, False)], 2):
            consts.append(SP(r, cs, ae))
    for j in consts:
        norm = subpath_root(j)
        values = [rpath() for _ in range(7)] + [
            j["root"], norm, norm + "/f", norm + "/../f", norm.upper() + "/F", norm + "x", norm + "/\x00",
            "/" + norm + "/./f", norm.replace("/", "\\") + "\\f", 1, None, [norm + "/f"]]
        add_eval("subpath", j, values)
    for _ in range(110):
        p = R.choice(consts)
        norm = subpath_root(p)
        roll = R.random()
        if roll < 0.55:
            root = R.choice([norm + "/x", norm, norm + "/../y", norm.upper() + "/x", norm + "x", "/etc", "/",
                             norm + "/./x/", norm + "\\x", rpath()])
            if not tenuo_ok(root):
                root = norm + "/z"
            c = SP(root, R.random() < 0.6, R.random() < 0.6)
        elif roll < 0.85:
            c = E(R.choice([norm + "/f", norm, "/etc/passwd", rpath(), norm + "/../x", 7]))
        else:
            c = R.choice([P(norm + "/*"), W, SH(["ls"]), ALL([p])])
        add_att("subpath", p, c)
    add_att("subpath", P("/data/*"), SP("/data"))
    add_att("subpath", W, SP("/data"))


def tenuo_ok(root):
    try:
        tenuo.Subpath(root)
        return "\x00" not in root
    except Exception:  # noqa: BLE001
        return False


# ---------------------------------------------------------------------------------------------
# Shlex.

BINARIES = ["ls", "/bin/ls", "git", "/usr/bin/git", "npm", "../ls", "./ls", "bin/ls", "LS", "caf\u00e9",
            "cafe\u0301", "a..b", "/usr/../bin/ls", "ls/", "//ls", "x/ls", "..ls"]
SEPARATORS = [" ", "\t", "\u00a0", "\u3000", "\u2028", "\u200b", "\x1c", "\u0085", "  ", "\u2003", "\u202f"]
ARGS = ["-la", "x", "'a;b'", "\"x\"", "$HOME", "`id`", "a|b", "a&b", "a>b", "a<b", "(x)", "#x", "*", "~", "!x",
        "\\x", "{a,b}", "--", "caf\u00e9", "\x00", "\n", "\r", "\x0b", "\x0c", "\x07", "\x08", "\x7f", "\x1b"]
ALLOWS = [["ls"], ["/bin/ls"], ["ls", "git"], ["/usr/bin/git", "npm"], [""], ["bin/ls"], ["ls -la"], ["caf\u00e9"],
          ["..", "ls"], ["a..b"], ["LS", "git"], ["ls", "ls"]]


def rcommand():
    s = R.choice(["", "", " ", "\t", "\u00a0"]) + R.choice(BINARIES)
    for _ in range(R.randint(0, 3)):
        s += R.choice(SEPARATORS) + R.choice(ARGS)
    return s


def gen_shlex():
    for allow in ALLOWS:
        values = [rcommand() for _ in range(30)] + [
            allow[0], allow[0] + " -l", " " + allow[0], allow[0] + ";x", "", "   ", 1, None, [allow[0]]]
        add_eval("shlex", SH(allow), values)
    for _ in range(80):
        p = R.choice(ALLOWS)
        roll = R.random()
        if roll < 0.5:
            c = SH(R.choice([p[:1], p + ["cat"], list(reversed(p)), R.choice(ALLOWS), [p[0].upper()]]))
        elif roll < 0.85:
            c = E(R.choice([rcommand(), p[0] + " x", p[0], 5]))
        else:
            c = R.choice([P("ls*"), W, SP("/bin"), ALL([SH(p)])])
        add_att("shlex", SH(p), c)
    add_att("shlex", W, SH(["ls"]))


# ---------------------------------------------------------------------------------------------
# Wire-level and constructor cases.

def nest(n, inner):
    for _ in range(n):
        inner = NOT(inner)
    return inner


def raw(type_id, body):
    return b"\x82" + head(0, type_id) + body


def raw_subpath(root, cs=True, ae=True):
    return raw(17, enc_struct([("root", enc_text(root)), ("case_sensitive", enc_value(cs)),
                               ("allow_equal", enc_value(ae))]))


def ref_construct(j):
    try:
        obj = ref_object(j)
        if obj is None:
            return False
        Warrant.mint_builder().capability("t", a=obj).holder(HOLDER.public_key).ttl(60).mint(ROOT)
        return True
    except Exception:  # noqa: BLE001
        return False


STRICT_KEYS = "libtenuo refuses unknown keys in constraint maps (the reference ignores them; it never writes them)"


def gen_extra():
    # Nesting: at most 32 enclosing constraints; an empty All/Any counts as one more level.
    for n, inner in [(32, E("y")), (33, E("y")), (31, ALL([])), (32, ALL([])), (31, ANY([])), (32, ANY([]))]:
        extra_decode("depth", to_wire(nest(n, inner)), f"Not nested {n} deep around {inner['type']}")
    deep = E("y")
    for _ in range(32):
        deep = ALL([deep])
    extra_decode("depth", to_wire(deep), "All nested 32 deep around Exact")
    extra_decode("depth", to_wire(ALL([deep])), "All nested 33 deep around Exact")
    for n in (31, 32):
        extra_eval("depth", to_wire(nest(n, E("y"))), ["y", "x"])

    # Decoding shapes.
    shapes = [
        ("shlex", raw(128, enc_struct([("custom", enc_text("data"))])), "A.9.2 [128, {custom: data}]: missing allow"),
        ("shlex", raw(128, enc_struct([("allow", enc_text("ls"))])), "allow as text"),
        ("shlex", raw(128, enc_struct([("allow", enc_value([1]))])), "allow holding an int"),
        ("shlex", raw(128, b"\xf6"), "null value"),
        ("shlex", raw(128, enc_struct([("allow", enc_value([]))])), "empty allow list decodes"),
        ("subpath", raw(17, enc_struct([("root", enc_text("/data"))])), "flags missing: default true"),
        ("subpath", raw(17, enc_struct([("root", enc_text("/d")), ("case_sensitive", b"\xf5")])), "one flag"),
        ("subpath", raw(17, enc_struct([("case_sensitive", b"\xf5"), ("allow_equal", b"\xf5")])), "root missing"),
        ("subpath", raw(17, enc_struct([("root", b"\x01"), ("case_sensitive", b"\xf5"), ("allow_equal", b"\xf5")])),
         "root int"),
        ("subpath", raw(17, enc_struct([("root", enc_text("/d")), ("case_sensitive", b"\xf6"),
                                        ("allow_equal", b"\xf5")])), "flag null"),
        ("subpath", raw(17, enc_text("/data")), "bare text"),
        ("contains", raw(10, enc_struct([("required", enc_text("a"))])), "required as text"),
        ("contains", raw(10, enc_struct([])), "required missing"),
        ("subset", raw(11, enc_struct([("allowed", b"\xf6")])), "allowed null"),
        ("all", raw(12, enc_struct([("constraints", enc_struct([]))])), "constraints as a map"),
        ("all", raw(12, enc_struct([("constraints", enc_value([1]))])), "constraints holding an int"),
        ("any", raw(13, enc_struct([("constraint", to_wire(E("a")))])), "Any with Not's key"),
        ("not", raw(14, enc_struct([("constraint", enc_value([]))])), "Not of an empty array"),
        ("not", raw(14, enc_struct([("constraints", enc_value([]))])), "Not with All's key"),
        ("not", raw(14, enc_struct([("constraint", raw(128, enc_struct([("x", b"\x01")])))])),
         "Not of a Shlex without allow"),
    ]
    for part, wire, note in shapes:
        extra_decode(part, wire, note, canonical=not note.startswith(("flags missing", "one flag")))
    wire = raw(128, enc_struct([("allow", enc_value(["ls"])), ("x", b"\x01")]))
    add_extra("shlex", {"kind": "wire_decode", "wire_hex": wire.hex(), "expect": {"decodes": False},
                        "reference": {"decodes": ref_decodes(wire)}, "divergence": STRICT_KEYS,
                        "note": "an unknown key beside allow"}, diverged=ref_decodes(wire))

    # Evaluation that only the wire can express.
    vals = ["a", "b", "", 1, None, ["a"]]
    for part, j in [("all", ALL([])), ("all", ALL([P("a*"), ALL([])])), ("all", ALL([P("b*"), ALL([])])),
                    ("any", ANY([P("a*"), ALL([])])), ("any", ANY([ALL([]), P("a*")])), ("not", NOT(ALL([]))),
                    ("not", NOT(P("["))), ("any", ANY([P("["), P("a*")])), ("all", ALL([P("*"), P("[")]))]:
        extra_eval(part, to_wire(j), vals)
    paths = ["/x", "/", "/data", "/data/x", "/DATA/x", "C:\\x", "C:\\data\\x", "x", "/data/x/.."]
    for root, cs in [("", True), ("///", True), ("data", True), ("/data/", True), ("/DATA", False),
                     ("/data/../data", True), ("C:\\", True), ("/data//", True), ("/D\u0130R", False)]:
        extra_eval("subpath", raw_subpath(root, cs), paths)
    extra_eval("subpath", raw(17, enc_struct([("root", enc_text("/data"))])), paths, canonical=False)
    extra_eval("shlex", raw(128, enc_struct([("allow", enc_value([]))])), ["ls", "", "x"])

    # Attenuation that only the wire can express.
    w = to_wire
    extra_att("all", w(ALL([])), w(E("a")), ours=1502, why=DIVERGENCE_TEXT["empty-all-to-exact"])
    for p, c in [(ALL([]), ALL([])), (ALL([]), ALL([P("a*")])), (ALL([P("a*")]), ALL([])),
                 (ALL([ALL([])]), E("a")), (ALL([P("a*"), ALL([])]), E("a")), (ALL([P("a*"), ALL([])]), E("b")),
                 (ALL([P("a*")]), ALL([P("ab*"), ALL([])])), (ALL([ALL([])]), ALL([ALL([])])),
                 (ANY([ALL([])]), ANY([ALL([])])), (NOT(ALL([])), NOT(ALL([]))), (W, ALL([])),
                 (ALL([P("[")]), E("x")), (ALL([P("[")]), ALL([P("[")]))]:
        extra_att("any" if p["type"] == "Any" else "not" if p["type"] == "Not" else "all", w(p), w(c))
    extra_att("any", w(ANY([P("["), P("a*")])), w(ANY([P("a*")])), ours=1502, why=DIVERGENCE_TEXT["any-to-any"])
    extra_att("not", w(NOT(P("["))), w(NOT(P("*"))), ours=1502, why=DIVERGENCE_TEXT["not-to-not"])
    # Any -> Any and Not -> Not narrowings (issue 12): accepted where every parent branch ahead of the
    # one narrowed cannot raise on what the child branch allows; refused where it can.
    for p, c in [(ANY([P("a*"), RG(0, 10)]), ANY([P("ab*")])), (NOT(P("/etc/*")), NOT(P("/*"))),
                 (ANY([P("a*"), P("["), P("b*")]), ANY([P("ab*")])), (ANY([P("a*"), P("["), P("b*")]), ANY([P("bc*")])),
                 (ANY([P("["), P("a*")]), ANY([E("abc")])), (ANY([P("a*"), RG(0, 10)]), ANY([RG(2, 3), P("abc*")])),
                 (ANY([P("a*"), RG(0, 10)]), ANY([RG(2, 30)])), (ANY([P("a*")]), ANY([])), (ANY([]), ANY([P("a*")])),
                 (NOT(E("admin")), NOT(O(["admin", "root"]))), (NOT(O(["admin", "root"])), NOT(E("admin"))),
                 (NOT(NOT(P("a*"))), NOT(NOT(P("ab*")))), (NOT(NOT(P("ab*"))), NOT(NOT(P("a*")))),
                 (NOT(ANY([P("a*")])), NOT(ANY([P("a*"), P("b*")]))), (NOT(P("[")), NOT(P("["))),
                 (ANY([NOT(P("a*"))]), ANY([NOT(P("*"))]))]:
        part = "any" if p["type"] == "Any" else "not"
        if '"["' not in json.dumps([p, c]):
            add_att(part, p, c)
            continue
        # An invalid glob has no JSON form (its constructor refuses it): a wire case, same model.
        reasons = set()
        ours = our_attenuation(p, c, reasons)
        extra_att(part, to_wire(p), to_wire(c), ours=ours,
                  why="; ".join(DIVERGENCE_TEXT[r] for r in sorted(reasons)) or None)
    cidr = lambda t: raw(8, enc_text(t))  # noqa: E731
    url = lambda t: raw(9, enc_text(t))  # noqa: E731
    any_w = lambda items: raw(13, enc_struct([("constraints", head(4, len(items)) + b"".join(items))]))  # noqa: E731
    not_w = lambda item: raw(14, enc_struct([("constraint", item)]))  # noqa: E731
    raising = ("Any -> Any: the child branch narrows only a parent branch behind one that may raise on values it "
               "allows (a Cidr raises on a non-address string); libtenuo refuses, the reference accepts")
    extra_att("any", any_w([cidr("10.0.0.0/8"), cidr("192.168.0.0/16")]), any_w([cidr("192.168.1.0/24")]))
    extra_att("any", any_w([cidr("10.0.0.0/8"), w(P("a*"))]), any_w([w(P("ab*"))]), ours=1502, why=raising)
    extra_att("any", any_w([cidr("10.0.0.0/8"), w(E("x"))]), any_w([w(E("x"))]), ours=1502, why=raising)
    extra_att("any", any_w([cidr("10.0.0.0/8"), w(E("x"))]), any_w([w(E("10.1.2.3"))]))
    extra_att("any", any_w([cidr("10.0.0.0/8"), w(P("1*"))]), any_w([w(E("1.2.3.4"))]))
    extra_att("not", not_w(cidr("10.1.0.0/16")), not_w(cidr("10.0.0.0/8")))
    extra_att("not", not_w(cidr("10.0.0.0/8")), not_w(cidr("10.1.0.0/16")))
    extra_att("not", not_w(url("https://example.com/a/*")), not_w(url("https://example.com/*")))
    widening = ("the inner UrlPattern pair `https://example.com/exact` -> `https://example.com/exact/*` is a widening "
                "(the child allows deeper paths), refused as on its own (network/urlpattern divergences); the reference "
                "accepts")
    extra_att("any", any_w([url("https://example.com/exact")]), any_w([url("https://example.com/exact/*")]),
              ours=1502, why=widening)
    extra_att("not", not_w(url("https://example.com/exact/*")), not_w(url("https://example.com/exact")),
              ours=1502, why=widening)
    for (pr, pcs), (cr, ccs) in [(("", True), ("/x", True)), (("///", True), ("/x", True)),
                                 (("/data", True), ("", True)), (("/data", True), ("/data/x/..", True)),
                                 (("/data", True), ("/data\\x", True)), (("C:\\data", True), ("C:\\data\\x", True)),
                                 (("/DATA", False), ("/data/x", False)), (("/data", False), ("/DATA/x", False)),
                                 (("/data", True), ("data/x", True)), (("/data/", True), ("/data/x", True))]:
        extra_att("subpath", raw_subpath(pr, pcs), raw_subpath(cr, ccs))
    extra_att("shlex", w(SH(["ls"])), raw(128, enc_struct([("allow", enc_value([]))])))
    extra_att("shlex", raw(128, enc_struct([("allow", enc_value([]))])), w(SH(["ls"])))

    # Constructors (the JSON form goes through them).
    for j in [SH([]), SH(["ls"]), SH([""]), SP("data"), SP(""), SP("C:"), SP("C:x"), SP("1:/x"), SP("\\data"),
              SP("/data"), SP("C:\\data"), ANY([]), C([]), S([]), NOT(W), nest(32, E("y")), nest(33, E("y")),
              nest(31, ANY([])), nest(32, ANY([]))]:
        extra_construct("construct", j, ref_construct(j))
    extra_construct("construct", SP("/da\x00ta"), ref_construct(SP("/da\x00ta")), ours_ok=False,
                    why="libtenuo refuses a root holding NUL at construction (it could never match); "
                        "the reference builds it")
    extra_construct("construct", ALL([]), ref_construct(ALL([])), ours_ok=False,
                    why="libtenuo refuses an empty All at construction (it raises on every call); the reference "
                        "builds it (decoding still accepts it)")


def unicode_tables():
    """The reference's Unicode behaviour the Swift side must reproduce from its own tables: the
    lowercase mapping of every scalar (Subpath, case_sensitive=False; only those that change) and
    the scalars Shlex treats as separators (Rust's White_Space minus the refused controls)."""
    cps = [c for c in range(1, 0x110000) if not 0xD800 <= c <= 0xDFFF and chr(c) not in "/\\."]
    lower = []
    for i in range(0, len(cps), 5000):
        chunk = cps[i:i + 5000]
        parts = tenuo.Subpath("/" + "/".join(map(chr, chunk)), case_sensitive=False).root[1:].split("/")
        assert len(parts) == len(chunk)
        lower += [[c, [ord(x) for x in p]] for c, p in zip(chunk, parts) if p != chr(c)]
    w = ref_warrant(to_wire(SH(["ls"])))
    seps = [c for c in cps if w.check_constraints_detailed("t", {"a": "ls" + chr(c) + "x"}) is None]
    return {"lowercase": lower, "shlex_separators": seps}


def main():
    gen_list_type("contains", C, S)
    gen_list_type("subset", S, C)
    gen_composites()
    gen_subpath()
    gen_shlex()
    gen_extra()
    unicode = unicode_tables()
    for family in FAMILIES:
        doc = {"format": "libtenuo constraint cases v1", "part": family,
               "generated_by": "scripts/gen_constraint_cases_sets_composites_paths.py against tenuo %s"
               % tenuo.__version__, "seed": SEED, "counts": COUNTS[family]}
        if family == "paths":  # Subpath's lowercasing and Shlex's separators
            doc["unicode"] = unicode
        mine = lambda cases: [c for c in cases if c["id"].startswith(family + "/")]  # noqa: E731
        head_text = json.dumps(doc, ensure_ascii=False, sort_keys=True)[:-1]
        with open(os.path.join(OUT_DIR, f"constraints-{family}.json"), "w", encoding="utf-8") as f:
            f.write(head_text + ",\n\"cases\": [\n")
            f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in mine(CASES)))
            f.write("\n],\n\"extra_cases\": [\n")
            f.write(",\n".join(json.dumps(c, ensure_ascii=False, sort_keys=True) for c in mine(EXTRA)))
            f.write("\n]}\n")
        for part, c in sorted(COUNTS[family].items()):
            print("%-10s %-9s eval %4d  attenuation %4d  wire/ctor %3d  divergences %3d" % (
                family, part, c["constraint"], c["attenuation"], c["extra"], c["divergences"]))

if __name__ == "__main__":
    main()
