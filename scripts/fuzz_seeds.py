#!/usr/bin/env python3
"""Extracts per-target seed corpora for the libFuzzer targets of Tests/Fuzz/ from Tests/Vectors.

Usage: fuzz_seeds.py OUT_DIR [VECTOR_FILE ...]   (default: every Tests/Vectors/*.json)

Writes OUT_DIR/<target>/<sha1 of content> for the targets decode, payload, pop, authorize,
constraint, match and keys, in the input formats documented at the top of each
Tests/Fuzz/fuzz_<target>.c, plus the hand-written seeds committed in Tests/Fuzz/seeds/<target>/.
Deterministic: the same vectors give the same files. Prints how many seeds each target got.
"""
import base64
import hashlib
import json
import os
import pathlib
import struct
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGETS = ("decode", "payload", "pop", "authorize", "constraint", "match", "keys")
# Typed-constructor kinds of fuzz_match.c (kind byte % 7).
MATCH_KIND = {"UrlPattern": 0, "Cidr": 1, "Pattern": 2, "Regex": 3, "Subpath": 4, "Shlex": 5, "UrlSafe": 6}
# Tool of fuzz_authorize.c holding a constraint of each type on the named argument.
AUTH_TOOL = {"Pattern": ("read_file", "path"), "Subpath": ("subpath", "path"), "Range": ("range", "count"),
             "OneOf": ("oneof", "env"), "NotOneOf": ("notoneof", "env"), "Exact": ("exact", "value"),
             "Contains": ("contains", "tags"), "Subset": ("subset", "perms"), "All": ("all", "n"),
             "Any": ("any", "p"), "Not": ("not", "p"), "Shlex": ("shell", "cmd"), "Regex": ("regex", "name"),
             "Cidr": ("cidr", "ip"), "UrlPattern": ("fetch", "url"), "UrlSafe": ("urlsafe", "url"),
             "Wildcard": ("wild", "x")}
MAX_PER_TARGET = 1500


def cbor_head(b, i):
    """(major, argument, next index) of the CBOR item head at b[i]."""
    ib = b[i]
    major, info = ib >> 5, ib & 31
    if info < 24:
        return major, info, i + 1
    n = {24: 1, 25: 2, 26: 4, 27: 8}[info]
    return major, int.from_bytes(b[i + 1:i + 1 + n], "big"), i + 1 + n


def envelope_payload(env):
    """The payload bstr of an envelope [1, bstr, [1, bstr]] (None when the shape differs)."""
    try:
        if env[0] != 0x83 or env[1] != 0x01:
            return None
        major, n, i = cbor_head(env, 2)
        return env[i:i + n] if major == 2 else None
    except (IndexError, KeyError):
        return None


def pem(label, der):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + 64] for i in range(0, len(b), 64)]
    return ("-----BEGIN %s-----\n%s\n-----END %s-----\n" % (label, "\n".join(lines), label)).encode()


class Seeds:
    def __init__(self):
        self.by_target = {t: {} for t in TARGETS}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode()
        self.by_target[target][hashlib.sha1(data).hexdigest()] = data

    def chosen(self, target):
        """At most MAX_PER_TARGET seeds, evenly spread over the cases (deterministic)."""
        items = list(self.by_target[target].items())
        if len(items) <= MAX_PER_TARGET:
            return items
        step = len(items) / MAX_PER_TARGET
        return [items[int(i * step)] for i in range(MAX_PER_TARGET)]


def match_text(v):
    """The raw text a JSON string value stands for in fuzz_match.c (None for non-strings)."""
    return v if isinstance(v, str) else None


def extract(path, seeds):
    doc = json.loads(pathlib.Path(path).read_text())
    for k in (doc.get("keys") or {}).values():
        # vectors.json: {"seed_hex", "public_key_hex"}; the approval and revocation case files
        # map a name to the seed's hex alone.
        seed_hex = k if isinstance(k, str) else k["seed_hex"]
        seed = bytes.fromhex(seed_hex)
        seeds.add("keys", seed_hex)
        seeds.add("keys", base64.b64encode(seed))
        seeds.add("keys", pem("PRIVATE KEY", bytes.fromhex("302e020100300506032b657004220420") + seed))
        if isinstance(k, dict):
            pub = bytes.fromhex(k["public_key_hex"])
            seeds.add("keys", k["public_key_hex"])
            seeds.add("keys", base64.b64encode(pub))
            seeds.add("keys", pub)
            # SubjectPublicKeyInfo framing of Ed25519 (RFC 8410), as PEM.
            seeds.add("keys", pem("PUBLIC KEY", bytes.fromhex("302a300506032b6570032100") + pub))
    cases = list(doc.get("cases", [])) + list(doc.get("extra_cases", []))
    for c in cases:
        kind = c.get("kind")
        envs = []
        if "envelope_hex" in c:
            envs.append(c["envelope_hex"])
        envs += c.get("envelopes_hex", [])
        if "parent_envelope_hex" in c:
            envs.append(c["parent_envelope_hex"])
        exp = c.get("expect") or {}
        if isinstance(exp, dict) and isinstance(exp.get("envelope_hex"), str):
            envs.append(exp["envelope_hex"])
        for h in envs:
            try:
                env = bytes.fromhex(h)
            except ValueError:
                continue
            seeds.add("decode", env)
            seeds.add("decode", base64.urlsafe_b64encode(env).rstrip(b"="))
            seeds.add("decode", pem("TENUO WARRANT", env))
            p = envelope_payload(env)
            if p is not None:
                seeds.add("payload", p)
        if "stack_hex" in c:
            seeds.add("decode", bytes.fromhex(c["stack_hex"]))
            if c.get("base64url"):
                seeds.add("decode", c["base64url"])
        if kind == "chain" and len(c.get("envelopes_hex", [])) > 1:
            # A stack: CBOR array of the envelopes.
            envs = [bytes.fromhex(h) for h in c["envelopes_hex"]]
            if len(envs) < 24:
                seeds.add("decode", bytes([0x80 + len(envs)]) + b"".join(envs))
        if "tool" in c and "args_json" in c:
            seeds.add("authorize", "%s\n%s" % (c["tool"], c["args_json"]))
            now = int(c.get("now", 1704067200))
            form = 1 if c.get("id_form") in (1, "prefixed") else 0
            hdr = struct.pack(">Q", (1 << 63) | ((now - 1704067200) & 0xFFFFFFFF)) + bytes([0, form, 0, 0, 0, 0, 0, 0])
            seeds.add("pop", hdr + ("%s\n%s" % (c["tool"], c["args_json"])).encode())
            seeds.add("pop", hdr[:10] + b"\xff\xc4\x01\x11\x00\x00" + ("%s\n%s" % (c["tool"], c["args_json"])).encode())
        if kind in ("constraint", "wire_constraint") and isinstance(c.get("constraint"), dict):
            con = c["constraint"]
            v = c.get("value_json", "null")
            seeds.add("constraint", "%s\n%s\n%s" % (json.dumps(con), json.dumps(con), v))
            t = con.get("type")
            if t in AUTH_TOOL:
                tool, arg = AUTH_TOOL[t]
                seeds.add("authorize", "%s\n{\"%s\": %s}" % (tool, arg, v))
            if t in MATCH_KIND:
                pat = {"UrlPattern": con.get("pattern"), "Cidr": con.get("network"), "Pattern": con.get("pattern"),
                       "Regex": con.get("pattern"), "Subpath": con.get("root"),
                       "Shlex": (con.get("allow") or [None])[0], "UrlSafe": (con.get("allow_domains") or [None])[0]}[t]
                try:
                    val = json.loads(v)
                except ValueError:
                    val = None
                if isinstance(pat, str) and isinstance(val, str) and "\n" not in pat + val:
                    flags = 0
                    if t == "Subpath":
                        flags = (0x10 if con.get("case_sensitive", True) else 0) | (0x20 if con.get("allow_equal", True) else 0)
                    # the first kind byte with that kind (mod 7) and those flag bits (0x30)
                    kb = next(b for b in range(256) if b % 7 == MATCH_KIND[t] and b & 0x30 == flags)
                    seeds.add("match", bytes([kb]) + ("%s\n%s" % (pat, val)).encode())
        if kind == "attenuation" and isinstance(c.get("parent"), dict) and isinstance(c.get("child"), dict):
            seeds.add("constraint", "%s\n%s\n\"x\"\n1" % (json.dumps(c["parent"]), json.dumps(c["child"])))


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = pathlib.Path(argv[1])
    files = argv[2:] or sorted(str(p) for p in (ROOT / "Tests" / "Vectors").glob("*.json"))
    seeds = Seeds()
    for f in files:
        extract(f, seeds)
    committed = ROOT / "Tests" / "Fuzz" / "seeds"
    for t in TARGETS:
        d = out / t
        d.mkdir(parents=True, exist_ok=True)
        for old in d.iterdir():
            old.unlink()
        chosen = seeds.chosen(t)
        if (committed / t).is_dir():   # hand-written seeds: always kept
            chosen += [(p.name, p.read_bytes()) for p in sorted((committed / t).iterdir()) if p.is_file()]
        for name, data in chosen:
            (d / name).write_bytes(data)
        print("seeds %-10s %5d (of %d)" % (t, len(chosen), len(seeds.by_target[t])))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
