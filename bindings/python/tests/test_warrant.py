"""Warrant: minting, parsing, fields, PoP, logic checks, headers, delegation, chains."""

from __future__ import annotations

import base64
import copy
import hashlib
import pickle
import re
from datetime import timedelta

import time

import pytest

import tenuo
from tenuo import (Clearance, Exact, Pattern, Range, Signature, Warrant, WarrantChain,
                   WarrantType, Wildcard)
from tenuo import exceptions as exc

from helpers import NOW, forge_pop, seed_key

B64URL = re.compile(r"^[A-Za-z0-9_-]+$")


# -- minting and fields ---------------------------------------------------------------------------

def test_fields_of_a_minted_warrant(warrant, root_key, agent_key):
    assert re.fullmatch(r"tnu_wrt_[0-9a-f]{32}", warrant.id)
    assert warrant.warrant_type is WarrantType.Execution == warrant.type
    assert warrant.tools == ["deploy", "ping", "read_file"]
    assert warrant.depth == 0
    assert warrant.parent_hash is None
    assert warrant.holder == agent_key.public_key == warrant.authorized_holder
    assert warrant.issuer == root_key.public_key
    assert warrant.issued_at == NOW
    assert warrant.expires_at == NOW + 3600
    assert warrant.expires_at() == "2026-01-01T01:00:00+00:00"
    assert warrant.clearance is None and warrant.session_id is None
    assert warrant.capabilities == {
        "deploy": {"cluster": Pattern("staging-*"), "replicas": Range.max_value(15)},
        "ping": {},
        "read_file": {"path": Pattern("/data/*")},
    }
    assert warrant.version == 1


def test_time_properties(warrant):
    assert warrant.ttl_seconds(now=NOW) == 3600
    assert warrant.ttl_seconds(now=NOW + 3599) == 1
    assert warrant.ttl_seconds(now=NOW + 3600) == 0
    assert warrant.ttl_seconds(now=NOW + 99999) == 0
    assert warrant.is_expired_at(NOW) is False
    assert warrant.is_expired_at(NOW + 3599) is False
    assert warrant.is_expired_at(NOW + 3600) is True
    # Against the real clock (2026-01-01 is in the past for these tests' runs, or not):
    assert isinstance(warrant.ttl_remaining, timedelta) and warrant.ttl == warrant.ttl_remaining
    # Plain bool properties, as the seed README shows them (`warrant.is_expired  # bool`).
    assert type(warrant.is_expired) is bool and warrant.is_expired == warrant.expired
    assert warrant.is_expired == warrant.is_expired_at(int(time.time()))
    assert type(warrant.is_terminal) is bool and warrant.is_terminal is False
    assert warrant.terminal is False


def test_builder_options(root_key, agent_key):
    w = (Warrant.mint_builder()
         .tools(["b", "a"])
         .tool("c")
         .constraint("path", Pattern("/x/*"))
         .holder(agent_key.public_key)
         .ttl(60)
         .max_depth(2)
         .clearance(Clearance.INTERNAL)
         .session_id("sess-1")
         .mint(root_key, now=NOW))
    assert w.tools == ["a", "b", "c"]
    assert w.capabilities["a"] == {"path": Pattern("/x/*")}
    assert w.expires_at == NOW + 60 and w.max_depth == 2
    assert w.clearance == 30 and repr(w.clearance) == "Internal"
    assert w.session_id == "sess-1"
    t = Warrant.mint_builder().tool("x").terminal().mint(root_key, now=NOW)
    assert t.is_terminal and t.terminal
    assert Warrant.mint_builder().tool("x").clearance(7).mint(root_key, now=NOW).clearance == 7


def test_default_holder_is_issuer_and_default_ttl(root_key):
    w = Warrant.mint_builder().tool("x").mint(root_key, now=NOW)
    assert w.holder == root_key.public_key
    assert w.expires_at - w.issued_at == 3600


def test_mint_builder_settings_that_meet_defaults_or_each_other(root_key, agent_key):
    # ttl back to the default after another value; expires_at wins over ttl in either order.
    w = Warrant.mint_builder().tool("x").ttl(60).ttl(3600).mint(root_key, now=NOW)
    assert w.expires_at - w.issued_at == 3600 and w.issued_at == NOW
    for b in (Warrant.mint_builder().tool("x").ttl(60).expires_at(NOW + 500),
              Warrant.mint_builder().tool("x").expires_at(NOW + 500).ttl(60)):
        assert b.mint(root_key, now=NOW).expires_at == NOW + 500
    # Issuer-only settings on an execution builder are ignored, as the reference SDK does.
    w = (Warrant.mint_builder().tool("x").constraint_bound("a", Pattern("*"))
         .max_issue_depth(2).holder(agent_key.public_key).mint(root_key, now=NOW))
    assert w.warrant_type is WarrantType.Execution and w.tools == ["x"]
    assert w.holder == agent_key.public_key


def test_capability_dict_and_allow_unknown(root_key):
    w = (Warrant.mint_builder()
         .capability("t", {"path": Exact("/a"), "_allow_unknown": True})
         .mint(root_key, now=NOW))
    assert w.capabilities == {"t": {"path": Exact("/a")}}
    assert w.allows("t", {"path": "/a", "extra": 1})
    strict = Warrant.mint_builder().capability("t", path=Exact("/a")).mint(root_key, now=NOW)
    assert not strict.allows("t", {"path": "/a", "extra": 1})
    with pytest.raises(exc.ValidationError):
        Warrant.mint_builder().capability("t", {"p": Wildcard()}, q=Wildcard())


def test_builder_type_errors(root_key):
    b = Warrant.mint_builder()
    for call in [lambda: b.tool(5), lambda: b.ttl("60"), lambda: b.ttl(-1), lambda: b.holder(root_key),
                 lambda: b.holder("abc"), lambda: b.capability("t", path="/x"),
                 lambda: b.max_depth(1.5), lambda: b.clearance(256), lambda: b.clearance("high"),
                 lambda: b.tools(5), lambda: b.session_id(None)]:
        with pytest.raises((TypeError, ValueError)):
            call()
    with pytest.raises(TypeError):
        Warrant.mint_builder().tool("x").mint(root_key.public_key)


def test_mint_failures_from_the_library(root_key):
    with pytest.raises(exc.TenuoError):
        Warrant.mint_builder().mint(root_key, now=NOW)                       # no tools
    with pytest.raises(exc.ValidationError):
        Warrant.mint_builder().tool("tenuo:internal").mint(root_key, now=NOW)  # reserved
    with pytest.raises(exc.TenuoError):
        Warrant.mint_builder().tool("x").ttl(7_776_001).mint(root_key, now=NOW)


# -- serialisation --------------------------------------------------------------------------------

def test_round_trips(warrant):
    text = str(warrant)
    assert text == warrant.to_base64() and B64URL.match(text)
    assert Warrant(text) == warrant
    assert Warrant.from_base64(text).id == warrant.id
    assert Warrant.from_str(text).to_bytes() == warrant.to_bytes()
    raw = warrant.to_bytes()
    assert bytes(warrant) == raw and raw[0] == 0x83
    assert Warrant.from_bytes(raw) == warrant
    assert Warrant.from_bytes(bytearray(raw)) == warrant
    pem = warrant.to_pem()
    assert "BEGIN" in pem and Warrant(pem) == warrant
    assert warrant.payload_bytes in raw
    assert pickle.loads(pickle.dumps(warrant)) == warrant
    assert copy.copy(warrant) is warrant
    assert hash(Warrant(text)) == hash(warrant)


def test_parse_errors():
    with pytest.raises(exc.DeserializationError):
        Warrant("garbage!")
    with pytest.raises(exc.TenuoError):
        Warrant("")
    with pytest.raises(exc.TenuoError):
        Warrant.from_bytes(b"\x83\x01")
    with pytest.raises(TypeError):
        Warrant(b"bytes are not text")
    with pytest.raises(TypeError):
        Warrant(None)


def test_tampered_signature_is_refused(warrant):
    raw = bytearray(warrant.to_bytes())
    raw[-1] ^= 0x01
    with pytest.raises(exc.TenuoError) as info:
        Warrant.from_bytes(bytes(raw))
    assert isinstance(info.value, (exc.SignatureInvalid, exc.DeserializationError))


# -- proof of possession --------------------------------------------------------------------------

ARGS = {"cluster": "staging-web", "replicas": 5}


def test_sign_forms(warrant, agent_key):
    a = warrant.sign(agent_key, "deploy", ARGS, NOW)
    b = warrant.sign(agent_key, "deploy", ARGS, timestamp=NOW)
    c = warrant.sign(agent_key, "deploy", ARGS, now=NOW)
    d = warrant.sign(agent_key, "deploy", ARGS, NOW + 29 - NOW % 30)  # same 30 s window
    assert isinstance(a, Signature) and isinstance(a, bytes) and len(a) == 64
    assert a == b == c == d and bytes(a) == a.to_bytes()
    assert warrant.sign(agent_key, "deploy", ARGS, NOW + 30) != a
    assert len(warrant.sign(agent_key, "deploy", ARGS)) == 64     # the seed README's form
    assert warrant.verify_pop("deploy", ARGS, a, now=NOW)
    assert warrant.verify_pop("deploy", ARGS, a, now=NOW + 60)
    assert not warrant.verify_pop("deploy", ARGS, a, now=NOW + 90)
    assert not warrant.verify_pop("deploy", {"cluster": "staging-web", "replicas": 6}, a, now=NOW)
    challenge = warrant.pop_challenge("deploy", ARGS, NOW)
    assert challenge[:1] == b"\x84"  # a 4-element CBOR array
    assert forge_pop(warrant, agent_key, "deploy", ARGS, NOW) == a   # the helper is faithful
    with pytest.raises(exc.SignatureMismatch):                     # only the holder signs
        warrant.sign(seed_key(9), "deploy", ARGS, NOW)
    with pytest.raises(TypeError):
        warrant.sign(agent_key.public_key, "deploy", ARGS, NOW)
    with pytest.raises(TypeError):
        warrant.sign(agent_key, 5, ARGS, NOW)
    with pytest.raises(TypeError):
        warrant.sign(agent_key, "deploy", ARGS, "now")


def test_authorize_seed_form(warrant, agent_key, stranger_key):
    sig = warrant.sign(agent_key, "deploy", ARGS, NOW)
    assert warrant.authorize(tool="deploy", args=ARGS, signature=bytes(sig), now=NOW) is True
    assert warrant.authorize("deploy", ARGS, sig, now=NOW) is True
    with pytest.raises(exc.ConstraintViolation) as info:
        bad = {"cluster": "prod-web", "replicas": 5}
        warrant.authorize("deploy", bad, warrant.sign(agent_key, "deploy", bad, NOW), now=NOW)
    assert info.value.field == "cluster" and info.value.get_wire_code() == 1501
    with pytest.raises(exc.ToolNotAuthorized):
        warrant.authorize("delete", {}, warrant.sign(agent_key, "delete", {}, NOW), now=NOW)
    with pytest.raises(exc.SignatureInvalid):
        warrant.authorize("deploy", ARGS, forge_pop(warrant, stranger_key, "deploy", ARGS, NOW),
                          now=NOW)
    with pytest.raises(exc.MissingSignature):
        warrant.authorize("deploy", ARGS, None, now=NOW)
    with pytest.raises(exc.ExpiredError):
        warrant.authorize("deploy", ARGS, warrant.sign(agent_key, "deploy", ARGS, NOW + 3600),
                          now=NOW + 3600)
    with pytest.raises(exc.UntrustedRoot):
        warrant.authorize("deploy", ARGS, sig, now=NOW, trusted_roots=[stranger_key.public_key])
    with pytest.raises(TypeError):
        warrant.authorize("deploy", ARGS, base64.b64encode(sig).decode(), now=NOW)


def test_range_accepts_ints_and_floats(warrant, agent_key):
    for replicas in [0, 15, 15.0, 7.5, -3]:
        args = {"cluster": "staging-a", "replicas": replicas}
        assert warrant.allows("deploy", args), replicas
    for replicas in [16, 15.5, "5", True, None, [5]]:
        args = {"cluster": "staging-a", "replicas": replicas}
        assert not warrant.allows("deploy", args), replicas


# -- logic-only checks ----------------------------------------------------------------------------

def test_why_denied(warrant):
    ok = warrant.why_denied("read_file", {"path": "/data/x"}, now=NOW)
    assert not ok.denied and ok.deny_code == "ALLOWED"
    tool = warrant.why_denied("delete", {}, now=NOW)
    assert tool.denied and tool.deny_code == "TOOL_NOT_FOUND" and tool.tool == "delete"
    cons = warrant.why_denied("read_file", {"path": "/etc/passwd"}, now=NOW)
    assert cons.denied and cons.deny_code == "CONSTRAINT_MISMATCH" and cons.field == "path"
    assert cons.suggestion and cons.code == 1501
    old = warrant.why_denied("read_file", {"path": "/data/x"}, now=NOW + 7200)
    assert old.denied and old.deny_code == "WARRANT_EXPIRED"
    assert "CONSTRAINT_MISMATCH" in repr(cons) and "ALLOWED" in repr(ok)


def test_check_constraints_detailed(warrant):
    assert warrant.check_constraints_detailed("read_file", {"path": "/data/x"}) is None
    field, reason = warrant.check_constraints_detailed("nope", {})
    assert field == "tool" and reason
    assert warrant.check_constraints_detailed("read_file", {"path": "/etc"})[0] == "path"
    assert warrant.check_constraints_detailed("deploy", {"cluster": "staging-a"})[0] == "replicas"
    extra = warrant.check_constraints_detailed("read_file", {"path": "/data/x", "zz": 1})
    assert extra[0] == "zz"
    assert warrant.check_constraints("read_file", {"path": "/etc"}).startswith("Constraint 'path'")
    assert warrant.check_constraints("read_file", {"path": "/data/a"}) is None


def test_allows(warrant):
    assert warrant.allows("read_file") and warrant.allows("ping")
    assert not warrant.allows("delete")
    assert warrant.allows("read_file", {"path": "/data/a/b"})     # '*' crosses '/'
    assert not warrant.allows("read_file", {"path": "/data"})
    assert warrant.allows("ping", {"anything": [1, 2]})           # no constraints: any args
    assert not warrant.allows("read_file", {})                    # missing argument
    with pytest.raises(TypeError):
        warrant.allows(None)


def test_validate_logic_only(warrant, agent_key):
    assert warrant.validate(agent_key, "read_file", {"path": "/data/x"}, now=NOW)
    result = warrant.validate(agent_key, "read_file", {"path": "/etc"}, now=NOW)
    assert not result and result.reason


def test_headers(warrant, agent_key):
    headers = warrant.headers(agent_key, "read_file", {"path": "/data/x"}, now=NOW)
    assert set(headers) == {"X-Tenuo-Warrant", "X-Tenuo-PoP"}
    assert headers["X-Tenuo-Warrant"] == str(warrant)
    pop = base64.b64decode(headers["X-Tenuo-PoP"], validate=True)
    assert pop == warrant.sign(agent_key, "read_file", {"path": "/data/x"}, NOW)
    assert warrant.authorize("read_file", {"path": "/data/x"}, pop, now=NOW)
    with pytest.raises(RuntimeError) as info:
        warrant.headers(agent_key, "read_file", {"path": "/etc"}, now=NOW)
    assert isinstance(info.value, exc.AuthorizationDenied)
    assert str(info.value).startswith("Authorization failed")
    assert tenuo.WARRANT_HEADER == "X-Tenuo-Warrant" and tenuo.POP_HEADER == "X-Tenuo-PoP"


# -- delegation -----------------------------------------------------------------------------------

def test_grant_seed_form(warrant, agent_key, worker_key):
    child = warrant.grant(to=worker_key.public_key, allow="read_file", path=Pattern("/data/pub/*"),
                          ttl=300, key=agent_key, now=NOW)
    assert child.tools == ["read_file"]
    assert child.capabilities == {"read_file": {"path": Pattern("/data/pub/*")}}
    assert child.holder == worker_key.public_key and child.issuer == agent_key.public_key
    assert child.depth == 1 and child.expires_at == NOW + 300
    assert child.parent_hash == hashlib.sha256(warrant.payload_bytes).hexdigest()


def test_grant_variants(warrant, agent_key, worker_key):
    inherited = warrant.grant(to=worker_key.public_key, allow=["read_file", "ping"], key=agent_key,
                              ttl=60, now=NOW)
    assert inherited.capabilities == {"ping": {}, "read_file": {"path": Pattern("/data/*")}}
    exact = warrant.grant(to=worker_key.public_key, allow="read_file", key=agent_key, ttl=60,
                          now=NOW, path="/data/report.pdf")
    assert exact.capabilities["read_file"] == {"path": Exact("/data/report.pdf")}
    default_ttl = warrant.grant(to=worker_key.public_key, allow="ping", key=agent_key, now=NOW)
    assert default_ttl.expires_at <= warrant.expires_at


def test_grant_refusals(warrant, agent_key, worker_key, stranger_key):
    with pytest.raises(exc.MonotonicityError) as info:
        warrant.grant(to=worker_key.public_key, allow="read_file", path=Pattern("/*"),
                      key=agent_key, ttl=60, now=NOW)
    assert info.value.get_wire_code() in (1502, 1503)
    with pytest.raises(exc.MonotonicityError):
        warrant.grant(to=worker_key.public_key, allow="read_file", path=Wildcard(), key=agent_key,
                      ttl=60, now=NOW)
    with pytest.raises(exc.MonotonicityError):
        warrant.grant(to=worker_key.public_key, allow="deploy", cluster=Pattern("staging-*"),
                      replicas=Range.max_value(20), key=agent_key, ttl=60, now=NOW)
    with pytest.raises(exc.TenuoError):
        warrant.grant(to=worker_key.public_key, allow="delete", key=agent_key, ttl=60, now=NOW)
    with pytest.raises(exc.DelegationAuthorityError):
        warrant.grant(to=worker_key.public_key, allow="ping", key=stranger_key, ttl=60, now=NOW)
    with pytest.raises(TypeError):
        warrant.grant(to=worker_key, allow="ping", key=agent_key)
    with pytest.raises(TypeError):
        warrant.grant(to=worker_key.public_key, allow=5, key=agent_key)


def test_terminal_child_cannot_delegate(warrant, agent_key, worker_key):
    child = warrant.grant_builder().tool("ping").terminal().holder(worker_key.public_key) \
        .grant(agent_key, now=NOW)
    assert child.is_terminal and child.max_depth == child.depth
    with pytest.raises(exc.TenuoError) as info:
        child.grant(to=agent_key.public_key, allow="ping", key=worker_key, ttl=60, now=NOW)
    assert isinstance(info.value, (exc.DepthExceeded, exc.ChainError))


def test_grant_builder(warrant, agent_key, worker_key):
    with pytest.raises(exc.ValidationError):
        warrant.grant_builder().holder(worker_key.public_key).grant(agent_key, now=NOW)
    everything = warrant.grant_builder().inherit_all().grant(agent_key, now=NOW)
    assert everything.tools == warrant.tools and everything.holder == warrant.holder
    some = (warrant.grant_builder().inherit_all().retain_tools(["ping", "deploy"])
            .capability("deploy", cluster=Exact("staging-1"), replicas=Range(1, 3))
            .holder(worker_key.public_key).ttl(120).grant(agent_key, now=NOW))
    assert some.tools == ["deploy", "ping"]
    assert some.capabilities["deploy"] == {"cluster": Exact("staging-1"), "replicas": Range(1, 3)}
    b = warrant.grant_builder().tool("read_file").ttl(10).holder(worker_key.public_key)
    assert b.ttl() == 10 and b.holder() == worker_key.public_key and b.parent() is warrant
    # As the reference: a tool kept with tool() shows the parent's constraints it will get.
    assert b.capabilities == {"read_file": {"path": Pattern("/data/*")}}
    b.intent("for the nightly report")
    assert b.intent() == "for the nightly report"
    narrow_first = warrant.grant_builder().capability("read_file", path=Exact("/data/a")) \
        .tool("read_file").grant(agent_key, now=NOW)
    assert narrow_first.capabilities["read_file"] == {"path": Exact("/data/a")}
    with pytest.raises(exc.ValidationError):
        warrant.grant_builder().inherit_all().tool("ping")


def test_issuer_warrant(root_key, agent_key):
    issuer = (Warrant.mint_builder().issuer().issuable_tools(["read_file", "search"])
              .constraint_bound("path", Pattern("/data/*")).max_issue_depth(2)
              .holder(agent_key.public_key).mint(root_key, now=NOW))
    assert issuer.warrant_type is WarrantType.Issuer
    assert issuer.issuable_tools == ["read_file", "search"]
    assert issuer.max_issue_depth == 2
    assert issuer.constraint_bounds == {"path": Pattern("/data/*")}
    assert issuer.tools == []
    sig = issuer.sign(agent_key, "read_file", {"path": "/data/x"}, NOW)
    with pytest.raises(exc.InvalidWarrantType):
        issuer.authorize("read_file", {"path": "/data/x"}, sig, now=NOW)
    # Issuing execution warrants from it (the SDK's issue_execution()/build()).
    worker = seed_key(3)
    execution = (issuer.issue_execution().capability("read_file", path=Pattern("/data/pub/*"))
                 .holder(worker.public_key).ttl(60).build(agent_key, now=NOW))
    assert execution.warrant_type is WarrantType.Execution and execution.depth == 1
    assert execution.capabilities == {"read_file": {"path": Pattern("/data/pub/*")}}
    args = {"path": "/data/pub/a"}
    assert execution.bind(worker, trusted_roots=[root_key.public_key]).validate(
        "read_file", args, warrant_chain=[issuer], now=NOW)
    with pytest.raises(exc.PatternExpanded):           # outside the constraint bound
        issuer.issue_execution().capability("read_file", path=Pattern("/etc/*")) \
            .holder(worker.public_key).build(agent_key, now=NOW)
    with pytest.raises(exc.MonotonicityError):         # not an issuable tool
        issuer.issue_execution().capability("delete", path=Pattern("/data/*")) \
            .holder(worker.public_key).build(agent_key, now=NOW)
    with pytest.raises(exc.SelfIssuanceProhibited):
        issuer.issue_execution().capability("read_file", path=Pattern("/data/a*")) \
            .holder(agent_key.public_key).build(agent_key, now=NOW)


def test_grant_builder_selection_rules(warrant, agent_key, worker_key):
    # Answers of the reference SDK (tenuo 0.3.3) for the same calls.
    with pytest.raises(exc.MonotonicityError):      # raised by tool(), before grant()
        warrant.grant_builder().tool("delete")
    b = warrant.grant_builder().inherit_all().retain_tools(["ping", "read_file"])
    b.retain_tools(["read_file"])
    assert b.capabilities == {"read_file": {"path": Pattern("/data/*")}}
    assert warrant.grant_builder().tool("ping").retain_tools(["deploy"]).capabilities == {}
    narrowed = (warrant.grant_builder().inherit_all().capability("read_file", path=Pattern("/data/x"))
                .retain_tool("read_file"))
    assert narrowed.capabilities == {"read_file": {"path": Pattern("/data/x")}}
    with pytest.raises(exc.ValidationError):        # nothing left to grant
        warrant.grant_builder().inherit_all().retain_tool("nope").grant(agent_key, now=NOW)
    wide = warrant.grant_builder().capability("read_file", path=Pattern("/*"))  # not yet checked
    with pytest.raises(exc.PatternExpanded):
        wide.grant(agent_key, now=NOW)
    assert warrant.grant_builder().holder() == warrant.holder
    dropped = warrant.grant_builder().inherit_all().drop_tools(["ping"])
    assert sorted(dropped.capabilities) == ["deploy", "read_file"]


def test_mint_builder_defers_errors_to_mint(root_key):
    # The reference raises these at mint(), not at the setter.
    b = Warrant.mint_builder().capability("tenuo:x")
    with pytest.raises(exc.ValidationError):
        b.mint(root_key, now=NOW)
    b = Warrant.mint_builder().tool("ok").ttl(10 ** 9)
    with pytest.raises(exc.TenuoError):
        b.mint(root_key, now=NOW)


def test_mint_builder_settings_live_in_the_library(root_key, agent_key):
    b = (Warrant.mint_builder().tool("a").constraint("x", Exact("1")).capability("b")
         .holder(agent_key.public_key).ttl(60))
    preview = b.preview()
    assert preview["tools"] == ["a"] and preview["capabilities"] == {"b": {}}
    assert preview["constraints"] == {"x": Exact("1")} and preview["ttl_seconds"] == 60
    assert preview["holder"] == agent_key.public_key and preview["type"] == "execution"
    w = b.mint(root_key, now=NOW)
    assert w.capabilities == {"a": {"x": Exact("1")}, "b": {}}
    # constraint() after tool() still applies to it; capability() wins for its tool.
    w = (Warrant.mint_builder().tool("a").capability("a", x=Exact("2")).constraint("x", Exact("1"))
         .tool("c").mint(root_key, now=NOW))
    assert w.capabilities == {"a": {"x": Exact("2")}, "c": {"x": Exact("1")}}
    # The builder stays usable; switching to an issuer drops the execution settings (as the SDK).
    issuer = b.issuable_tools(["a"]).mint(root_key, now=NOW)
    assert issuer.tools == [] and issuer.issuable_tools == ["a"]


# -- chains ---------------------------------------------------------------------------------------

def test_chain_object(warrant, agent_key, worker_key):
    child = warrant.grant(to=worker_key.public_key, allow="ping", key=agent_key, ttl=60, now=NOW)
    chain = WarrantChain([warrant, child])
    assert len(chain) == 2 and chain[0] == warrant and chain[-1] == child
    assert [w.id for w in chain] == [warrant.id, child.id]
    with pytest.raises(IndexError):
        chain[2]
    text = chain.to_base64()
    again = WarrantChain.parse(text)
    assert again.warrants == [warrant, child]
    assert WarrantChain.parse(chain.to_pem()).warrants == [warrant, child]
    assert WarrantChain.from_bytes(chain.to_bytes()).warrants == [warrant, child]
    assert tenuo.decode_warrant_stack_base64(tenuo.encode_warrant_stack([warrant, child])) == [
        warrant, child]
    assert pickle.loads(pickle.dumps(chain)).warrants == [warrant, child]
    with pytest.raises(TypeError):
        WarrantChain([warrant, "not a warrant"])
    with pytest.raises(TypeError):
        WarrantChain("text")


# -- presentation ---------------------------------------------------------------------------------

def test_diagnose_prints_the_essentials(warrant, capsys):
    text = tenuo.diagnose(warrant, now=NOW)
    out = capsys.readouterr().out
    assert out.strip() == text.strip()
    for needle in [warrant.id, "execution", "1:00:00", "Depth 0/", "read_file", "Pattern('/data/*')",
                   "replicas", "Range(min=None, max=15.0)", "ping: any arguments"]:
        assert needle in text, needle
    expired = tenuo.diagnose(warrant, now=NOW + 7200, file=None)
    assert "Expired" in expired
    assert "Warrant" in warrant.explain()
    assert repr(warrant).startswith("<Warrant id=tnu_wrt_")
    with pytest.raises(TypeError):
        tenuo.diagnose("not a warrant")


def test_pattern_handles_are_shared_by_copies_and_rebuilt_by_pickle(root_key):
    import copy
    import gc
    import pickle

    p = Pattern("/data/*")
    clones = [copy.copy(p), copy.deepcopy(p), pickle.loads(pickle.dumps(p))]
    del p
    gc.collect()
    for c in clones:  # each still usable after the original is gone
        w = Warrant.mint_builder().capability("t", path=c).mint(root_key, now=NOW)
        assert w.capabilities == {"t": {"path": Pattern("/data/*")}}
    # Several handles, and a mix with a constraint that has none (JSON path), agree.
    w = Warrant.mint_builder().capability("t", a=Pattern("x*"), b=Pattern("y*")).mint(root_key, now=NOW)
    assert w.capabilities == {"t": {"a": Pattern("x*"), "b": Pattern("y*")}}
    w = (Warrant.mint_builder().capability("t", a=Pattern("x*"), b=Exact("y"))
         .capability("t", a=Pattern("z*")).mint(root_key, now=NOW))
    assert w.capabilities == {"t": {"a": Pattern("z*")}}
    with pytest.raises(exc.InvalidPattern):
        Pattern("[")
