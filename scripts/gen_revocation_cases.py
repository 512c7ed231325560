#!/usr/bin/env python3
"""Differential cases for revocation lists (SRL) and clearance requirements.

Every expected outcome is the reference runtime's (tenuo 0.3.3, run with TENUO_REF_PYTHON,
default /work/refvenv/bin/python; the script re-executes itself there):

- "srl" cases: a list encoded here from (ids, version, issued_at, issuer seed) in the reference's
  layout and signed with the reference's raw Ed25519 (`sign_raw`) over
  "tenuo-warrant-v1" || "tenuo-srl-v1" || payload. The reference must parse it, re-serialize it
  to the same bytes (`to_bytes()`), verify it against the issuer and report the same fields.
  Consumers rebuild the list with their own builder and must produce these bytes.
- "srl_parse" cases: damaged or non-canonical bytes with the reference's verdict on parsing and
  on verification. Where libtenuo refuses at parsing what the reference parses (the safe
  direction), "expect" is libtenuo's verdict and "reference" the reference's.
- "install" cases: a sequence of `Authorizer.set_revocation_list` calls (one-argument form:
  the issuer must be a trusted root) with each call's outcome.
- "decision" cases: a fixed three-link chain (root -> mid -> leaf, clearances 40/30/30) and a
  root warrant without clearance, all minted by the reference and then spliced to fixed ids and
  times (re-signed, parent hashes recomputed), decided by `check_chain(..., as_of=NOW)` (or
  `verify_chain` when "tool" is null) under an installed SRL and clearance requirements.
- "clearance_pattern" cases: `require_clearance(pattern, level)` accepted or refused.

Outcomes: {"allow": true} or {"class": <exception class>, "code": <wire code>}, plus for denials
of a decision libtenuo's "deny_code". Output is deterministic (fixed keys, ids and times);
commit it. Usage: scripts/gen_revocation_cases.py [OUT]
"""
import hashlib
import json
import os
import sys

REF_PYTHON = os.environ.get("TENUO_REF_PYTHON", "/work/refvenv/bin/python")
try:
    import tenuo  # noqa: F401
    from tenuo import Authorizer, SignedRevocationList, SigningKey, Warrant
    from tenuo_core import Clearance
except ImportError:
    if os.environ.get("_GEN_REVOKE_REEXEC"):
        raise
    os.environ["_GEN_REVOKE_REEXEC"] = "1"
    os.execv(REF_PYTHON, [REF_PYTHON] + sys.argv)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "Tests", "Vectors", "revocation.json")
sys.path.insert(0, HERE)
from refcases.cbor import enc_text, head  # noqa: E402
from refcases.harness import payload_of, splice  # noqa: E402

# Fixed inputs: every key is a seed, every id and time a constant.
SEEDS = {name: bytes([b]) * 32 for name, b in
         (("root", 0x31), ("a", 0x32), ("b", 0x33), ("c", 0x34), ("other", 0x35), ("root2", 0x36))}
KEYS = {n: SigningKey.from_bytes(s) for n, s in SEEDS.items()}
PK = {n: bytes(k.public_key.to_bytes()) for n, k in KEYS.items()}
T0 = 1767225600            # 2026-01-01T00:00:00Z: issued_at of the root
NOW = T0 + 600             # the decision time of every case
SRL_TIME = "2026-01-01T00:05:00.123456789Z"


def wid(n):
    """A fixed 16-byte warrant id (UUIDv7-shaped)."""
    return bytes.fromhex("019b7680000070008000") + n.to_bytes(6, "big")


def id_text(n):
    return "tnu_wrt_" + wid(n).hex()


def uint(n):
    return head(0, n)


def hash_uints(h):
    return head(4, 32) + b"".join(head(0, x) for x in h)


def envelope_bytes(w):
    return bytes(w.to_bytes())


def stack(ws):
    return head(4, len(ws)) + b"".join(envelope_bytes(w) for w in ws)


# ---- the chain ---------------------------------------------------------------------------------

def build_warrants():
    live0 = (Warrant.mint_builder().capability("read").capability("admin_users").capability("admin_reset")
             .holder(KEYS["a"].public_key).ttl(3600).clearance(Clearance.PRIVILEGED).mint(KEYS["root"]))
    live1 = (live0.grant_builder().capability("read").capability("admin_users").capability("admin_reset")
             .holder(KEYS["b"].public_key).ttl(3000).clearance(Clearance.INTERNAL).grant(KEYS["a"]))
    live2 = (live1.grant_builder().capability("read").capability("admin_users").capability("admin_reset")
             .holder(KEYS["c"].public_key).ttl(2400).clearance(Clearance.INTERNAL).grant(KEYS["b"]))
    plain = Warrant.mint_builder().capability("read").holder(KEYS["c"].public_key).ttl(3600).mint(KEYS["root"])
    w0 = splice(live0, KEYS["root"], {b"\x01": head(2, 16) + wid(1), b"\x06": uint(T0), b"\x07": uint(T0 + 86400)})
    w1 = splice(live1, KEYS["a"], {b"\x01": head(2, 16) + wid(2), b"\x06": uint(T0 + 10), b"\x07": uint(T0 + 80000),
                                   b"\x09": hash_uints(hashlib.sha256(payload_of(w0)).digest())})
    w2 = splice(live2, KEYS["b"], {b"\x01": head(2, 16) + wid(3), b"\x06": uint(T0 + 20), b"\x07": uint(T0 + 70000),
                                   b"\x09": hash_uints(hashlib.sha256(payload_of(w1)).digest())})
    p = splice(plain, KEYS["root"], {b"\x01": head(2, 16) + wid(4), b"\x06": uint(T0), b"\x07": uint(T0 + 86400)})
    for w, n in ((w0, 1), (w1, 2), (w2, 3), (p, 4)):
        assert w.id == id_text(n), (w.id, n)
    return w0, w1, w2, p


W0, W1, W2, PLAIN = build_warrants()
CHAINS = {"full": [W0, W1, W2], "root_only": [W0], "plain": [PLAIN]}
HOLDERS = {"full": "c", "root_only": "a", "plain": "c"}

# ---- SRL encoding -------------------------------------------------------------------------------


def srl_payload(ids, version, issued_at, issuer):
    return (head(5, 4) + enc_text("revoked_ids") + head(4, len(ids)) + b"".join(enc_text(i) for i in ids)
            + enc_text("version") + uint(version) + enc_text("issued_at") + enc_text(issued_at)
            + enc_text("issuer") + b"\x82\x01" + head(2, 32) + PK[issuer])


def srl_sign(payload, signer):
    return bytes(KEYS[signer].sign_raw(b"tenuo-warrant-v1" + b"tenuo-srl-v1" + payload))


def srl_envelope(payload, sig):
    return head(5, 2) + enc_text("payload") + payload + enc_text("signature") + b"\x82\x01" + head(2, 64) + sig


def srl(ids, version, issuer="root", issued_at=SRL_TIME):
    p = srl_payload(ids, version, issued_at, issuer)
    return srl_envelope(p, srl_sign(p, issuer))


def outcome(fn):
    try:
        fn()
        return {"allow": True}
    except Exception as e:  # noqa: BLE001
        return {"class": type(e).__name__, "code": e.get_wire_code() if hasattr(e, "get_wire_code") else -1}


def srl_cases():
    out = []
    specs = [
        ("empty_v0", [], 0, "2026-01-01T00:00:00Z"),
        ("one_id", [id_text(3)], 1, SRL_TIME),
        ("three_ids", [id_text(1), id_text(2), id_text(3)], 7, "2026-01-01T00:05:00.500Z"),
        ("micros", ["tnu_wrt_00000000000000000000000000000000"], 2, "2026-01-01T00:05:00.123456Z"),
        ("duplicates_kept", [id_text(2), id_text(2)], 3, SRL_TIME),
        ("free_text_ids", ["tnu_wrt_compromised_123", "caf\u00e9", ""], 24, SRL_TIME),
        ("version_2_63", [id_text(1)], 1 << 63, SRL_TIME),
        ("version_max", [id_text(1)], (1 << 64) - 1, "9999-12-31T23:59:59.999999999Z"),
        ("epoch", [id_text(1)], 5, "1970-01-01T00:00:00Z"),
        ("by_root2", [id_text(2)], 4, SRL_TIME),
    ]
    for name, ids, version, when in specs:
        issuer = "root2" if name == "by_root2" else "root"
        b = srl(ids, version, issuer, when)
        ref = SignedRevocationList.from_bytes(b)
        assert bytes(ref.to_bytes()) == b, name
        ref.verify(KEYS[issuer].public_key)
        assert ref.revoked_ids == ids and ref.version == version, name
        assert ref.issued_at.replace("+00:00", "Z") == when, (ref.issued_at, when)
        out.append({"id": f"srl/{name}", "kind": "srl", "ids": ids, "version": str(version),
                    "issued_at": when, "issued_at_offset": ref.issued_at, "issuer": issuer,
                    "srl_hex": b.hex(), "expect": {"allow": True}})
    return out


def parse_case(name, b, verify_with, ours=None, note=None):
    """The reference's verdict on parsing `b` and then verifying it against `verify_with`."""
    try:
        s = SignedRevocationList.from_bytes(b)
    except Exception as e:  # noqa: BLE001
        ref = {"stage": "parse", "class": type(e).__name__, "code": e.get_wire_code()}
    else:
        ref = dict(outcome(lambda: s.verify(KEYS[verify_with].public_key)), stage="verify")
    case = {"id": f"srl_parse/{name}", "kind": "srl_parse", "srl_hex": b.hex(), "verify_with": verify_with,
            "expect": ours or ref}
    if ours is not None:
        case["reference"] = ref
        case["divergence"] = note
    return case


def srl_parse_cases():
    good = srl([id_text(3)], 2)
    tampered_sig = bytearray(good)
    tampered_sig[-1] ^= 1
    p = srl_payload([id_text(3)], 2, SRL_TIME, "root")
    tampered_payload = srl_envelope(srl_payload([id_text(3)], 3, SRL_TIME, "root"), srl_sign(p, "root"))
    ms = srl_payload([id_text(3)], 2, "2026-01-01T00:05:00.000Z", "root")
    offset = srl_payload([id_text(3)], 2, "2026-01-01T00:05:00+00:00", "root")
    extra = head(5, 3) + good[1:] + enc_text("note") + enc_text("x")
    swapped = (head(5, 2) + enc_text("signature") + b"\x82\x01" + head(2, 64) + srl_sign(p, "root")
               + enc_text("payload") + p)
    nc = "libtenuo accepts only the canonical encoding; the reference parses this and then fails to verify it"
    nc_ok = "libtenuo accepts only the canonical encoding; the reference ignores the unsigned outer difference"
    refused = {"stage": "parse", "class": "DeserializationError", "code": 1202}
    return [
        parse_case("valid", good, "root"),
        parse_case("wrong_key", good, "other"),
        parse_case("tampered_signature", bytes(tampered_sig), "root"),
        parse_case("tampered_payload", tampered_payload, "root"),
        parse_case("garbage", b"\x01\x02\x03", "root"),
        parse_case("truncated", good[:-10], "root"),
        parse_case("empty", b"", "root"),
        parse_case("issued_at_zero_fraction", srl_envelope(ms, srl_sign(ms, "root")), "root", refused, nc),
        parse_case("issued_at_offset_form", srl_envelope(offset, srl_sign(offset, "root")), "root", refused, nc),
        parse_case("unknown_outer_key", extra, "root", refused, nc_ok),
        parse_case("outer_keys_swapped", swapped, "root", refused, nc_ok),
    ]


# ---- installs ----------------------------------------------------------------------------------

def install_cases():
    tam = bytearray(srl([id_text(3)], 9))
    tam[-1] ^= 0x40
    seqs = [
        ("valid", ["root"], [("root", srl([id_text(3)], 1))]),
        ("untrusted_signer", ["root"], [("other", srl([id_text(3)], 1, "other"))]),
        ("second_root_signer", ["root", "root2"], [("root2", srl([id_text(3)], 1, "root2"))]),
        ("tampered_signature", ["root"], [("root", bytes(tam))]),
        ("newer_version", ["root"], [("root", srl([id_text(3)], 1)), ("root", srl([id_text(3), id_text(2)], 2))]),
        ("stale_version", ["root"], [("root", srl([id_text(3)], 5)), ("root", srl([], 3))]),
        ("same_version_same_set", ["root"], [("root", srl([id_text(3), id_text(2)], 5)),
                                             ("root", srl([id_text(2), id_text(3), id_text(2)], 5, issued_at="2026-01-01T00:06:00Z"))]),
        ("same_version_new_set", ["root"], [("root", srl([id_text(3)], 5)), ("root", srl([id_text(2)], 5))]),
        ("rollback_across_issuers", ["root", "root2"], [("root", srl([id_text(3)], 5)), ("root2", srl([], 4, "root2"))]),
        ("rejected_keeps_old", ["root"], [("root", srl([id_text(3)], 5)), ("other", srl([], 9, "other")),
                                          ("root", srl([id_text(1)], 6))]),
        ("version_zero_first", ["root"], [("root", srl([], 0))]),
    ]
    out = []
    for name, roots, steps in seqs:
        a = Authorizer(trusted_roots=[KEYS[r].public_key for r in roots])
        rec = []
        for signer, b in steps:
            o = outcome(lambda b=b: a.set_revocation_list(SignedRevocationList.from_bytes(b)))
            rec.append({"signer": signer, "srl_hex": b.hex(), "expect": o})
        out.append({"id": f"install/{name}", "kind": "install", "roots": roots, "steps": rec})
    return out


# ---- decisions ---------------------------------------------------------------------------------

DENY_CODES = {"RevokedError": "WARRANT_REVOKED", "Unauthorized": "CLEARANCE_INSUFFICIENT",
              "ToolNotAuthorized": "TOOL_NOT_FOUND", "MissingSignature": "SIGNATURE_INVALID",
              "SignatureInvalid": "SIGNATURE_INVALID", "UntrustedRoot": "UNTRUSTED_ROOT"}


def decision(name, chain="full", srl_bytes=None, clearance=(), tool="read", args=None, roots=("root",),
             pop=True):
    ws = CHAINS[chain]
    args = args or {}
    a = Authorizer(trusted_roots=[KEYS[r].public_key for r in roots])
    for pattern, level in clearance:
        a.require_clearance(pattern, Clearance.custom(level))
    if srl_bytes is not None:
        a.set_revocation_list(SignedRevocationList.from_bytes(srl_bytes))
    sig = None
    if tool is not None and pop:
        sig = bytes(ws[-1].sign(KEYS[HOLDERS[chain]], tool, args, NOW))
    if tool is None:
        o = outcome(lambda: a.verify_chain(ws, as_of=NOW))
    else:
        o = outcome(lambda: a.check_chain(ws, tool, args, signature=sig, as_of=NOW))
    if "class" in o:
        o["deny_code"] = DENY_CODES.get(o["class"], "")
    return {"id": f"decision/{name}", "kind": "decision", "roots": list(roots), "chain_hex": stack(ws).hex(),
            "srl_hex": srl_bytes.hex() if srl_bytes is not None else None,
            "clearance": [[p, lvl] for p, lvl in clearance], "tool": tool, "args": args,
            "pop_hex": sig.hex() if sig is not None else None, "now": NOW, "expect": o}


def decision_cases():
    leaf, mid, root, plain = id_text(3), id_text(2), id_text(1), id_text(4)
    S = srl
    return [
        decision("no_srl"),
        decision("empty_srl", srl_bytes=S([], 1)),
        decision("revoked_leaf", srl_bytes=S([leaf], 1)),
        decision("revoked_middle", srl_bytes=S([mid], 1)),
        decision("revoked_root", srl_bytes=S([root], 1)),
        decision("revoked_root_alone", chain="root_only", srl_bytes=S([root], 1)),
        decision("revoked_leaf_not_in_this_chain", chain="root_only", srl_bytes=S([leaf], 1)),
        decision("unrelated_ids", srl_bytes=S([plain, "tnu_wrt_00000000000000000000000000000000"], 1)),
        decision("bare_hex_id_does_not_match", srl_bytes=S([wid(3).hex()], 1)),
        decision("uppercase_id_does_not_match", srl_bytes=S(["tnu_wrt_" + wid(3).hex().upper()], 1)),
        decision("dashed_uuid_does_not_match", srl_bytes=S(["019b7680-0000-7000-8000-000000000003"], 1)),
        decision("revoked_by_second_root_list", roots=("root", "root2"), srl_bytes=S([mid], 1, "root2")),
        decision("revoked_beats_untrusted_root", roots=("root2",), srl_bytes=S([leaf], 1, "root2")),
        decision("revoked_verify_chain", srl_bytes=S([mid], 1), tool=None),
        decision("revoked_no_pop", srl_bytes=S([leaf], 1), pop=False),
        decision("revoked_unknown_tool", srl_bytes=S([leaf], 1), tool="unknown", pop=False),
        decision("revoked_and_clearance", srl_bytes=S([leaf], 1), clearance=[("*", 50)]),
        # clearance (leaf clearance 30)
        decision("clearance_none"),
        decision("clearance_exact_met", clearance=[("read", 30)]),
        decision("clearance_exact_not_met", clearance=[("read", 40)]),
        decision("clearance_other_tool_only", clearance=[("admin_users", 50)]),
        decision("clearance_star_met", clearance=[("*", 10)]),
        decision("clearance_star_not_met", clearance=[("*", 50)]),
        decision("clearance_exact_beats_star", clearance=[("*", 50), ("read", 20)]),
        decision("clearance_prefix_not_met", clearance=[("admin_*", 50)], tool="admin_users"),
        decision("clearance_prefix_other_tool", clearance=[("admin_*", 50)], tool="read"),
        decision("clearance_longest_prefix_denies", clearance=[("adm*", 10), ("admin_*", 50)], tool="admin_users"),
        decision("clearance_longest_prefix_allows", clearance=[("adm*", 50), ("admin_*", 10)], tool="admin_users"),
        decision("clearance_exact_beats_prefix", clearance=[("admin_*", 50), ("admin_users", 10)], tool="admin_users"),
        decision("clearance_prefix_beats_star", clearance=[("*", 50), ("admin_*", 10)], tool="admin_reset"),
        decision("clearance_prefix_equal_tool", clearance=[("read*", 50)], tool="read"),
        decision("clearance_before_tool_check", clearance=[("*", 50)], tool="unknown", pop=False),
        decision("unknown_tool_no_clearance", tool="unknown", pop=False),
        decision("clearance_before_pop", clearance=[("read", 40)], pop=False),
        decision("clearance_met_then_pop_missing", clearance=[("read", 30)], pop=False),
        decision("clearance_root_alone", chain="root_only", clearance=[("read", 40)]),
        decision("clearance_root_alone_not_met", chain="root_only", clearance=[("read", 41)]),
        decision("no_clearance_vs_zero", chain="plain", clearance=[("*", 0)]),
        decision("no_clearance_vs_one", chain="plain", clearance=[("*", 1)]),
        decision("clearance_255", clearance=[("read", 255)]),
        decision("clearance_verify_chain_ignores", clearance=[("*", 50)], tool=None),
    ]


def clearance_pattern_cases():
    out = []
    for pattern in ["read", "*", "admin_*", "a*", "", "**", "*admin", "a*b", "*admin*", "admin_**", " ", "ü*"]:
        a = Authorizer(trusted_roots=[KEYS["root"].public_key])
        out.append({"id": f"clearance_pattern/{pattern!r}", "kind": "clearance_pattern", "pattern": pattern,
                    "expect": outcome(lambda p=pattern: a.require_clearance(p, Clearance.INTERNAL))})
    return out


def main():
    cases = srl_cases() + srl_parse_cases() + install_cases() + decision_cases() + clearance_pattern_cases()
    counts = {}
    for c in cases:
        counts[c["kind"]] = counts.get(c["kind"], 0) + 1
    doc = {
        "format": "libtenuo revocation and clearance cases v1",
        "generated_by": "scripts/gen_revocation_cases.py (reference tenuo 0.3.3)",
        "keys": {n: s.hex() for n, s in SEEDS.items()},
        "public_keys": {n: pk.hex() for n, pk in PK.items()},
        "now": NOW,
        "counts": counts,
        "cases": cases,
    }
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False, sort_keys=False)
        f.write("\n")
    print(f"{OUT}: {len(cases)} cases {counts}")


if __name__ == "__main__":
    main()
