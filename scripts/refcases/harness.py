"""Asks the reference runtime (tenuo 0.3.3) to decide about one constraint on the wire.

A constraint's `[type_id, value]` bytes are spliced into a reference-minted warrant as the only
constraint `a` of tool `t`; the payload is re-signed and parsed by the reference. Attenuation
pairs become a root-signed parent and a holder-signed child linked by parent_hash, judged by
`Authorizer.verify_chain`. Import only inside the reference's Python.
"""

import hashlib

from tenuo import Authorizer, SigningKey, Warrant, Wildcard

from .cbor import enc_struct, head

ROOT = SigningKey.from_bytes(bytes([7]) * 32)
HOLDER = SigningKey.from_bytes(bytes([8]) * 32)
LEAF = SigningKey.from_bytes(bytes([9]) * 32)


def skip(b, i):
    """The offset just past the CBOR item starting at `i`."""
    ib = b[i]
    major, ai = ib >> 5, ib & 31
    i += 1
    if major == 7:
        return i + {24: 1, 25: 2, 26: 4, 27: 8}.get(ai, 0)
    n = ai
    if ai >= 24:
        w = {24: 1, 25: 2, 26: 4, 27: 8}[ai]
        n = int.from_bytes(b[i:i + w], "big")
        i += w
    if major in (0, 1):
        return i
    if major in (2, 3):
        return i + n
    for _ in range(n if major in (4, 6) else 2 * n):
        i = skip(b, i)
    return i


def payload_of(w):
    """The payload bytes of a warrant's envelope `[1, bstr payload, [1, bstr sig]]`."""
    b = w.to_bytes()
    assert b[:2] == b"\x83\x01"
    end = skip(b, 2)
    i = 2
    ai = b[i] & 31
    i += 1
    if ai >= 24:
        width = {24: 1, 25: 2}[ai]
        n = int.from_bytes(b[i:i + width], "big")
        i += width
    else:
        n = ai
    assert i + n == end
    return b[i:i + n]


def splice(w, key, replacements):
    """Re-signs `w`'s payload with the given top-level keys replaced (raw CBOR bytes)."""
    p = payload_of(w)
    assert p[0] >> 5 == 5
    ai = p[0] & 31
    i = 1 if ai < 24 else 2
    count = ai if ai < 24 else p[1]
    out = bytearray(p[:i])
    for _ in range(count):
        ks = i
        i = skip(p, i)
        kb = p[ks:i]
        vs = i
        i = skip(p, i)
        out += kb + replacements.get(kb, p[vs:i])
    payload = bytes(out)
    sig = key.sign_raw(b"tenuo-warrant-v1" + b"\x01" + payload)
    return Warrant.from_bytes(b"\x83\x01" + head(2, len(payload)) + payload + b"\x82\x01" + head(2, 64) + sig)


def tools_bytes(cons_wire):
    """The tools map `{"t": {"constraints": {"a": <constraint>}}}`."""
    return enc_struct([("t", enc_struct([("constraints", enc_struct([("a", cons_wire)]))]))])


PARENT0 = Warrant.mint_builder().capability("t", a=Wildcard()).holder(HOLDER.public_key).ttl(7200).mint(ROOT)
CHILD0 = PARENT0.grant(to=LEAF.public_key, allow=["t"], ttl=3600, key=HOLDER)
AUTH = Authorizer(trusted_roots=[ROOT.public_key])
_warrants = {}
_att_memo = {}


def ref_warrant(cons_wire):
    """The reference's warrant carrying the constraint (raises where the reference refuses it)."""
    if cons_wire not in _warrants:
        _warrants[cons_wire] = splice(PARENT0, ROOT, {b"\x03": tools_bytes(cons_wire)})
    return _warrants[cons_wire]


def ref_attenuation(parent_wire, child_wire):
    """(code, exception name): 0 when the reference verifies the parent -> child chain, else the
    exception's wire code."""
    k = (parent_wire, child_wire)
    if k not in _att_memo:
        parent = splice(PARENT0, ROOT, {b"\x03": tools_bytes(parent_wire)})
        ph = hashlib.sha256(payload_of(parent)).digest()
        ph_cbor = head(4, 32) + b"".join(head(0, x) for x in ph)
        try:
            child = splice(CHILD0, HOLDER, {b"\x03": tools_bytes(child_wire), b"\x09": ph_cbor})
            AUTH.verify_chain([parent, child])
            _att_memo[k] = (0, "")
        except Exception as e:  # noqa: BLE001
            code = e.get_wire_code() if hasattr(e, "get_wire_code") else -1
            _att_memo[k] = (code, type(e).__name__)
    return _att_memo[k]


def ref_decodes(cons_wire):
    """Whether the reference decodes a warrant carrying the constraint."""
    try:
        ref_warrant(cons_wire)
        return True
    except Exception:  # noqa: BLE001
        return False
