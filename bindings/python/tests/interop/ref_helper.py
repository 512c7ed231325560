"""Runs inside the REFERENCE venv (``tenuo==0.3.3``, Rust core), never inside ours.

Protocol: one JSON request per line on stdin, one JSON response per line on stdout.
A request is ``{"ops": [op, ...]}``; the response is ``{"results": [result, ...]}`` in order.
Each op is ``{"op": name, ...}``; each result is ``{"ok": true, ...}`` or
``{"ok": false, "error": <exception class>, "wire": <code>, "message": <text>}``.

Keys travel as 32-byte seeds / public keys in hex, warrants as base64url text, signatures and
byte strings as hex, arguments as JSON (so ints and floats stay distinct), constraints in the
libtenuo JSON form ``{"type": "Pattern", "pattern": "/data/*"}``.
"""

from __future__ import annotations

import json
import sys
import traceback
import warnings

warnings.simplefilter("ignore")

_OUT = sys.stdout
sys.stdout = sys.stderr  # anything the SDK prints must not corrupt the protocol

import tenuo_core  # noqa: E402,F401  (only the reference has it: fails fast on the wrong venv)
import tenuo  # noqa: E402
from tenuo import (Authorizer, Exact, NotOneOf, OneOf, Pattern, PublicKey, Range,  # noqa: E402
                   SigningKey, Warrant, Wildcard)

try:  # noqa: E402
    from tenuo_core import decode_warrant_stack_base64, encode_warrant_stack
except ImportError:  # pragma: no cover
    from tenuo import decode_warrant_stack_base64, encode_warrant_stack


def sk(seed_hex: str) -> SigningKey:
    return SigningKey.from_bytes(bytes.fromhex(seed_hex))


def pk(hex_key: str) -> PublicKey:
    return PublicKey.from_bytes(bytes.fromhex(hex_key))


def constraint(c: dict):
    kind = c["type"]
    if kind == "Exact":
        return Exact(c["value"])
    if kind == "Pattern":
        return Pattern(c["pattern"])
    if kind == "Range":
        if not c.get("min_inclusive", True) or not c.get("max_inclusive", True):
            raise ValueError("the reference SDK cannot set Range inclusivity")
        return Range(c.get("min"), c.get("max"))
    if kind == "OneOf":
        return OneOf(c["values"])
    if kind == "NotOneOf":
        return NotOneOf(c["excluded"])
    if kind == "Wildcard":
        return Wildcard()
    # The constraint types of issue 4, with the reference SDK's constructors.
    if kind == "Regex":
        return tenuo.Regex(c["pattern"])
    if kind == "Cidr":
        return tenuo.Cidr(c["network"])
    if kind == "UrlPattern":
        return tenuo.UrlPattern(c["pattern"])
    if kind == "UrlSafe":
        return tenuo.UrlSafe(allow_schemes=c.get("schemes"), allow_domains=c.get("allow_domains"),
                             deny_domains=c.get("deny_domains"), allow_ports=c.get("allow_ports"))
    if kind == "Contains":
        return tenuo.Contains(c["required"])
    if kind == "Subset":
        return tenuo.Subset(c["allowed"])
    if kind == "All":
        return tenuo.All([constraint(x) for x in c["constraints"]])
    if kind == "Any":
        return tenuo.AnyOf([constraint(x) for x in c["constraints"]])
    if kind == "Not":
        return tenuo.Not(constraint(c["constraint"]))
    if kind == "Subpath":
        return tenuo.Subpath(c["root"], case_sensitive=c.get("case_sensitive", True),
                             allow_equal=c.get("allow_equal", True))
    if kind == "Shlex":
        return tenuo_core.Shlex(allow=c["allow"])  # the warrant constraint (wire id 128)
    if kind == "CEL":
        return tenuo.CEL(c["expression"])
    raise ValueError(f"unsupported constraint {kind}")


def constraint_set(spec: dict) -> dict:
    out = {}
    for name, value in (spec or {}).items():
        out[name] = value if name == "_allow_unknown" else constraint(value)
    return out


def constraint_json(c) -> dict:
    name = type(c).__name__
    if name == "Exact":
        return {"type": "Exact", "value": c.value}
    if name == "Pattern":
        return {"type": "Pattern", "pattern": c.pattern}
    if name == "Range":
        return {"type": "Range", "min": c.min, "max": c.max}
    if name == "OneOf":
        return {"type": "OneOf", "values": list(c.values)}
    if name == "NotOneOf":
        return {"type": "NotOneOf", "excluded": list(c.excluded)}
    if name == "Wildcard":
        return {"type": "Wildcard"}
    return {"type": name, "repr": repr(c)}


def warrant_info(w: Warrant) -> dict:
    return {
        "id": w.id,
        "tools": list(w.tools or []),
        "depth": w.depth,
        "max_depth": w.max_depth,
        "holder": w.authorized_holder.to_bytes().hex(),
        "issuer": w.issuer.to_bytes().hex(),
        "parent_hash": w.parent_hash,
        "expires_at": w.expires_at(),
        "terminal": w.is_terminal(),
        "clearance": None if w.clearance is None else w.clearance.level,
        "session_id": w.session_id,
        "capabilities": {t: {k: constraint_json(v) for k, v in cs.items()}
                         for t, cs in (w.capabilities or {}).items()},
        "base64": w.to_base64(),
        "bytes": w.to_bytes().hex(),
        "payload": w.payload_bytes.hex(),
    }


def chain_of(texts):
    return [Warrant(t) for t in texts]


def op_mint(req: dict) -> dict:
    b = Warrant.mint_builder()
    for tool, spec in req["capabilities"].items():
        b = b.capability(tool, constraint_set(spec))
    if req.get("holder"):
        b = b.holder(pk(req["holder"]))
    b = b.ttl(req.get("ttl", 3600))
    if req.get("session_id"):
        b = b.session_id(req["session_id"])
    w = b.mint(sk(req["issuer_seed"]))
    return {"warrant": w.to_base64(), "info": warrant_info(w)}


def op_mint_issuer(req: dict) -> dict:
    from tenuo_core import Clearance

    b = Warrant.mint_builder().issuer().issuable_tools(req["issuable_tools"])
    for name, spec in (req.get("bounds") or {}).items():
        b = b.constraint_bound(name, constraint(spec))
    if req.get("max_issue_depth") is not None:
        b = b.max_issue_depth(req["max_issue_depth"])
    if req.get("clearance") is not None:
        b = b.clearance(Clearance(req["clearance"]))
    if req.get("holder"):
        b = b.holder(pk(req["holder"]))
    w = b.ttl(req.get("ttl", 3600)).mint(sk(req["issuer_seed"]))
    info = warrant_info(w)
    info["type"] = str(w.warrant_type)
    info["issuable_tools"] = list(w.issuable_tools or [])
    info["max_issue_depth"] = w.max_issue_depth
    return {"warrant": w.to_base64(), "info": info}


def op_parse(req: dict) -> dict:
    return {"info": warrant_info(Warrant(req["warrant"]))}


def op_parse_bytes(req: dict) -> dict:
    return {"info": warrant_info(Warrant.from_bytes(bytes.fromhex(req["bytes"])))}


def op_sign(req: dict) -> dict:
    w = Warrant(req["warrant"])
    sig = w.sign(sk(req["seed"]), req["tool"], req["args"], req["timestamp"])
    return {"sig": bytes(sig).hex()}


def op_check_chain(req: dict) -> dict:
    auth = Authorizer(trusted_roots=[pk(r) for r in req["roots"]])
    sig = bytes.fromhex(req["sig"]) if req.get("sig") else None
    result = auth.check_chain(chain_of(req["chain"]), req["tool"], req["args"], signature=sig,
                              as_of=req["as_of"])
    return {"chain_length": result.chain_length}


def op_verify_chain(req: dict) -> dict:
    auth = Authorizer(trusted_roots=[pk(r) for r in req["roots"]])
    result = auth.verify_chain(chain_of(req["chain"]), as_of=req["as_of"])
    return {"chain_length": result.chain_length}


def op_grant(req: dict) -> dict:
    parent = Warrant(req["parent"])
    b = parent.grant_builder()
    for tool in req["allow"]:
        spec = (req.get("constraints") or {}).get(tool)
        b = b.capability(tool, constraint_set(spec)) if spec is not None else b.tool(tool)
    if req.get("to"):
        b = b.holder(pk(req["to"]))
    if req.get("ttl"):
        b = b.ttl(req["ttl"])
    if req.get("terminal"):
        b = b.terminal()
    child = b.grant(sk(req["key_seed"]))
    return {"warrant": child.to_base64(), "info": warrant_info(child)}


def op_why_denied(req: dict) -> dict:
    w = Warrant(req["warrant"])
    why = w.why_denied(req["tool"], req["args"])
    return {"denied": why.denied, "deny_code": str(why.deny_code), "field": why.field,
            "detail": w.check_constraints_detailed(req["tool"], req["args"])}


def op_encode_stack(req: dict) -> dict:
    return {"stack": encode_warrant_stack(chain_of(req["chain"]))}


def op_decode_stack(req: dict) -> dict:
    return {"chain": [w.to_base64() for w in decode_warrant_stack_base64(req["stack"])]}


def op_headers(req: dict) -> dict:
    w = Warrant(req["warrant"])
    return {"headers": w.headers(sk(req["seed"]), req["tool"], req["args"])}


def op_satisfies(req: dict) -> dict:
    return {"result": bool(constraint(req["constraint"]).satisfies(req["value"]))}


def op_attenuate(req: dict) -> dict:
    constraint(req["parent"]).validate_attenuation(constraint(req["child"]))
    return {}


def _srl_info(srl) -> dict:
    return {"bytes": bytes(srl.to_bytes()).hex(), "issued_at": srl.issued_at, "version": srl.version,
            "ids": list(srl.revoked_ids), "issuer": srl.issuer.to_bytes().hex()}


def op_srl_build(req: dict) -> dict:
    srl = tenuo.SignedRevocationList.builder().revoke_all(req["ids"]).version(req["version"]).build(
        sk(req["seed"]))
    return _srl_info(srl)


def op_srl_inspect(req: dict) -> dict:
    srl = tenuo.SignedRevocationList.from_bytes(bytes.fromhex(req["bytes"]))
    srl.verify(pk(req["issuer"]))
    return _srl_info(srl)


def op_srl_decide(req: dict) -> dict:
    """Installs lists and clearance requirements, then decides one call (or verifies the chain
    when "tool" is null)."""
    from tenuo_core import Clearance

    auth = Authorizer(trusted_roots=[pk(r) for r in req["roots"]])
    for pattern, level in req.get("clearance") or []:
        auth.require_clearance(pattern, Clearance.custom(level))
    for hex_srl in req.get("srls") or []:
        auth.set_revocation_list(tenuo.SignedRevocationList.from_bytes(bytes.fromhex(hex_srl)))
    if req.get("tool") is None:
        auth.verify_chain(chain_of(req["chain"]), as_of=req["as_of"])
    else:
        sig = bytes.fromhex(req["sig"]) if req.get("sig") else None
        auth.check_chain(chain_of(req["chain"]), req["tool"], req["args"], signature=sig, as_of=req["as_of"])
    return {}


def op_revocation_request(req: dict) -> dict:
    r = tenuo.RevocationRequest.new(req["warrant_id"], req["reason"], sk(req["seed"]))
    return {"bytes": bytes(r.to_bytes()).hex(), "requested_at": r.requested_at}


def op_revocation_request_inspect(req: dict) -> dict:
    r = tenuo.RevocationRequest.from_bytes(bytes.fromhex(req["bytes"]))
    r.verify_signature()
    return {"warrant_id": r.warrant_id, "reason": r.reason, "requestor": r.requestor.to_bytes().hex(),
            "requested_at": r.requested_at, "bytes": bytes(r.to_bytes()).hex()}
# -- approvals (issue 7) -------------------------------------------------------------------


def gate_spec(spec):
    """libtenuo's gate JSON -> the reference SDK's approval_gates dict."""
    def arg_gate(g):
        if g is None or g == "all":
            return None
        if isinstance(g, dict) and "exempt" in g:
            return {"exempt": constraint(g["exempt"])}
        return constraint(g)

    out = {}
    for tool, g in spec.items():
        if g is None:
            out[tool] = None
        elif "args" in g or "message" in g:
            args = g.get("args")
            out[tool] = {"args": None if args is None else {a: arg_gate(x) for a, x in args.items()},
                         "message": g.get("message") or ""}
        else:
            out[tool] = {a: arg_gate(x) for a, x in g.items()}
    return out


def op_mint_gated(req: dict) -> dict:
    b = Warrant.mint_builder()
    for tool, spec in req["capabilities"].items():
        b = b.capability(tool, constraint_set(spec))
    b = b.holder(pk(req["holder"])).ttl(req.get("ttl", 3600))
    if req.get("approvers") is not None:
        b = b.required_approvers([pk(k) for k in req["approvers"]])
    if req.get("min_approvals") is not None:
        b = b.min_approvals(req["min_approvals"])
    if req.get("gates") is not None:
        b = b.approval_gates(gate_spec(req["gates"]))
    w = b.mint(sk(req["issuer_seed"]))
    return {"warrant": w.to_base64(), "info": warrant_info(w)}


def op_sign_approval(req: dict) -> dict:
    from tenuo import ApprovalPayload, SignedApproval, compute_request_hash

    w = Warrant(req["warrant"])
    h = compute_request_hash(str(w.id), req["tool"], req["args"], w.authorized_holder)
    payload = ApprovalPayload(h, bytes.fromhex(req["nonce"]), req.get("external_id", ""),
                              req["approved_at"], req["expires_at"])
    return {"approval": SignedApproval.create(payload, sk(req["seed"])).to_bytes().hex(),
            "request_hash": bytes(h).hex()}


def op_request_hash(req: dict) -> dict:
    from tenuo import compute_request_hash

    holder = pk(req["holder"]) if req.get("holder") else None
    return {"hash": bytes(compute_request_hash(req["warrant_id"], req["tool"], req["args"], holder)).hex()}


def op_approval_info(req: dict) -> dict:
    from tenuo import SignedApproval

    a = SignedApproval.from_bytes(bytes.fromhex(req["approval"]))
    p = a.verify()
    return {"approver_key": a.approver_key.to_bytes().hex(), "request_hash": bytes(p.request_hash).hex(),
            "nonce": bytes(p.nonce).hex(), "external_id": p.external_id, "approved_at": p.approved_at,
            "expires_at": p.expires_at, "bytes": a.to_bytes().hex()}


def op_check_chain_approvals(req: dict) -> dict:
    from tenuo import SignedApproval

    auth = Authorizer(trusted_roots=[pk(r) for r in req["roots"]])
    sig = bytes.fromhex(req["sig"]) if req.get("sig") else None
    approvals = [SignedApproval.from_bytes(bytes.fromhex(a)) for a in req.get("approvals", [])]
    result = auth.check_chain(chain_of(req["chain"]), req["tool"], req["args"], signature=sig,
                              approvals=approvals, as_of=req["as_of"])
    return {"chain_length": result.chain_length}


def op_grant_keep(req: dict) -> dict:
    parent = Warrant(req["parent"])
    child = parent.grant(to=pk(req["to"]), allow=req["allow"], ttl=req.get("ttl", 600), key=sk(req["key_seed"]))
    return {"warrant": child.to_base64(), "info": warrant_info(child)}


def op_grant_gates(req: dict) -> dict:
    """A grant whose builder gets approval gates in several calls (each merged by the reference)."""
    parent = Warrant(req["parent"])
    b = parent.grant_builder()
    for tool in req["allow"]:
        b = b.tool(tool)
    for gates in req["gate_calls"]:
        b = b.approval_gates(gate_spec(gates))
    child = b.grant(sk(req["key_seed"]))
    return {"warrant": child.to_base64()}


def op_version(req: dict) -> dict:
    from importlib.metadata import version

    return {"version": version("tenuo")}


OPS = {name[3:]: fn for name, fn in globals().items() if name.startswith("op_")}


def run(op: dict) -> dict:
    try:
        fn = OPS[op["op"]]
        out = fn(op)
        out["ok"] = True
        return out
    except Exception as exc:  # every failure is data for the caller
        wire = exc.get_wire_code() if hasattr(exc, "get_wire_code") else 0
        return {"ok": False, "error": type(exc).__name__, "wire": wire, "message": str(exc)[:500],
                "trace": traceback.format_exc(limit=2)[-600:]}


def main() -> None:
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        request = json.loads(line)
        response = {"results": [run(op) for op in request["ops"]]}
        _OUT.write(json.dumps(response) + "\n")
        _OUT.flush()


if __name__ == "__main__":
    main()
