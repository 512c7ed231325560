"""Authorizer: trusted roots, chains, PoP windows, typed denials, thread safety."""

from __future__ import annotations

import pickle
import threading

import pytest

from tenuo import Authorizer, ChainVerificationResult, Pattern, Warrant, WarrantChain
from tenuo import exceptions as exc

from helpers import NOW, forge_pop

ARGS = {"path": "/data/report.txt"}


@pytest.fixture
def chain(warrant, agent_key, worker_key):
    child = warrant.grant(to=worker_key.public_key, allow="read_file", key=agent_key, ttl=600,
                          path=Pattern("/data/rep*"), now=NOW)
    return [warrant, child]


@pytest.fixture
def auth(root_key):
    return Authorizer(trusted_roots=[root_key.public_key])


def test_single_warrant(auth, warrant, agent_key):
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    assert auth.authorize(warrant, "read_file", ARGS, signature=sig, now=NOW) is None
    assert auth.authorize(warrant, "read_file", ARGS, sig, as_of=NOW) is None
    result = auth.authorize_one(warrant, "read_file", ARGS, signature=sig, now=NOW)
    assert isinstance(result, ChainVerificationResult) and result.chain_length == 1
    assert auth.verify(warrant, now=NOW).leaf_depth == 0


def test_chain(auth, chain, worker_key, root_key):
    leaf = chain[-1]
    sig = leaf.sign(worker_key, "read_file", ARGS, NOW)
    result = auth.check_chain(chain, "read_file", ARGS, signature=sig, now=NOW)
    assert result.chain_length == 2 and result.leaf_depth == 1
    assert result.root_issuer == root_key.public_key and result.steps == 2
    assert auth.verify_chain(chain, now=NOW).chain_length == 2
    assert auth.authorize(chain, "read_file", ARGS, sig, now=NOW) is None
    assert auth.authorize(WarrantChain(chain), "read_file", ARGS, sig, now=NOW) is None
    assert auth.check_chain(WarrantChain(chain).to_base64(), "read_file", ARGS, sig, now=NOW)
    # The child narrowed the pattern: the parent would allow /data/other, the chain does not.
    pdf = {"path": "/data/other.txt"}
    with pytest.raises(exc.ConstraintViolation):
        auth.check_chain(chain, "read_file", pdf, leaf.sign(worker_key, "read_file", pdf, NOW),
                         now=NOW)


def test_chain_failures(auth, chain, warrant, worker_key, root_key, agent_key, stranger_key):
    leaf = chain[-1]
    sig = leaf.sign(worker_key, "read_file", ARGS, NOW)
    with pytest.raises(exc.UntrustedRoot) as info:
        Authorizer(trusted_roots=[stranger_key.public_key]).check_chain(chain, "read_file", ARGS,
                                                                        sig, now=NOW)
    assert info.value.get_wire_code() == 1406
    other_root = (Warrant.mint_builder().capability("read_file", path=Pattern("/data/*"))
                  .holder(agent_key.public_key).mint(root_key, now=NOW))
    with pytest.raises(exc.ChainError):
        auth.check_chain([other_root, leaf], "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ChainError):
        auth.check_chain([leaf, warrant], "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ChainError):
        auth.verify_chain([other_root, leaf], now=NOW)
    with pytest.raises(exc.TenuoError):
        auth.verify_chain([], now=NOW)


def test_denial_classes(auth, warrant, agent_key, stranger_key):
    def sign(tool, args, key=agent_key, when=NOW):
        return forge_pop(warrant, key, tool, args, when)

    with pytest.raises(exc.ToolNotAuthorized) as info:
        auth.authorize(warrant, "delete", {}, sign("delete", {}), now=NOW)
    assert info.value.status == 1500 and info.value.tool == "delete"
    bad = {"path": "/etc/passwd"}
    with pytest.raises(exc.ConstraintViolation) as info:
        auth.authorize(warrant, "read_file", bad, sign("read_file", bad), now=NOW)
    assert info.value.field == "path" and info.value.status_name == "CONSTRAINT_VIOLATION"
    with pytest.raises(exc.SignatureInvalid):
        auth.authorize(warrant, "read_file", ARGS, sign("read_file", ARGS, stranger_key), now=NOW)
    with pytest.raises(exc.SignatureInvalid):
        auth.authorize(warrant, "read_file", ARGS, b"\x00" * 64, now=NOW)
    with pytest.raises(exc.MissingSignature):
        auth.authorize(warrant, "read_file", ARGS, now=NOW)
    with pytest.raises(exc.ExpiredError):
        auth.authorize(warrant, "read_file", ARGS, sign("read_file", ARGS, when=NOW + 3600),
                       now=NOW + 3600)
    # Order of checks (as the reference): an unknown tool is reported whatever the PoP.
    with pytest.raises(exc.ToolNotAuthorized):
        auth.authorize(warrant, "delete", {}, b"\x00" * 64, now=NOW)


def test_pop_time_window(auth, warrant, agent_key):
    signed_at = NOW + 300                     # the warrant was issued at NOW
    sig = warrant.sign(agent_key, "read_file", ARGS, signed_at)
    for offset in (-60, -30, 0, 29, 30, 60, 89):
        auth.authorize(warrant, "read_file", ARGS, sig, now=signed_at + offset)
    for offset in (-90, -61, 90, 120):
        with pytest.raises(exc.SignatureInvalid):
            auth.authorize(warrant, "read_file", ARGS, sig, now=signed_at + offset)


def test_settings_and_type_errors(root_key, stranger_key, warrant, agent_key):
    a = Authorizer(trusted_roots=[stranger_key.public_key], clock_tolerance_secs=10,
                   pop_max_windows=3)
    assert a.clock_tolerance_secs == 10 and a.pop_max_windows == 3 and a.trusted_root_count() == 1
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    with pytest.raises(exc.UntrustedRoot):
        a.authorize(warrant, "read_file", ARGS, sig, now=NOW)
    a.add_trusted_root(root_key.public_key)
    assert a.authorize(warrant, "read_file", ARGS, sig, now=NOW) is None
    assert "trusted_roots=2" in repr(a)
    b = pickle.loads(pickle.dumps(a))
    assert b.authorize(warrant, "read_file", ARGS, sig, now=NOW) is None
    with pytest.raises(TypeError):
        Authorizer(trusted_roots=root_key.public_key)
    with pytest.raises(TypeError):
        Authorizer(trusted_roots=[root_key])
    with pytest.raises(ValueError):
        Authorizer(trusted_roots=[root_key.public_key], pop_window_secs=15)
    with pytest.raises(TypeError):
        a.authorize(5, "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.DeserializationError):     # text is taken as a warrant stack
        a.authorize("not a warrant", "read_file", ARGS, sig, now=NOW)
    with pytest.raises(TypeError):
        a.authorize(warrant, "read_file", ["not", "a", "dict"], sig, now=NOW)
    with pytest.raises(ValueError):
        a.authorize(warrant, "read_file", ARGS, sig, now=NOW, as_of=NOW + 1)
    with pytest.raises(TypeError):                      # approvals must be SignedApproval objects
        a.authorize(warrant, "read_file", ARGS, sig, approvals=["x"], now=NOW)
    with Authorizer(trusted_roots=[root_key.public_key]) as scoped:
        scoped.authorize(warrant, "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ClosedHandleError):
        scoped.authorize(warrant, "read_file", ARGS, sig, now=NOW)


def test_threads_share_one_authorizer(auth, warrant, agent_key):
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    bad_args = {"path": "/etc"}
    bad_sig = warrant.sign(agent_key, "read_file", bad_args, NOW)
    errors = []

    def work():
        try:
            for _ in range(150):
                auth.authorize(warrant, "read_file", ARGS, sig, now=NOW)
                try:
                    auth.authorize(warrant, "read_file", bad_args, bad_sig, now=NOW)
                    errors.append("bad call allowed")
                except exc.ConstraintViolation as err:
                    if err.field != "path":  # the message belongs to this thread's call
                        errors.append(f"wrong field {err.field}")
        except Exception as err:  # pragma: no cover - reported below
            errors.append(repr(err))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_denial_record_is_per_thread_and_keeps_every_byte(auth, warrant, agent_key):
    # Each thread's refusal names its own tool: the record the library lends is per thread, and
    # the exception keeps a copy (read later, after other denials on the thread).
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    errors = []

    def work(n):
        tool = f"tool\0{n}\u00e9"  # a NUL and non-ASCII text survive the record
        kept = []
        for _ in range(100):
            try:
                auth.authorize(warrant, tool, ARGS, sig, now=NOW)
                errors.append("allowed")
            except exc.ToolNotAuthorized as err:
                kept.append(err)
        for err in kept:
            if (err.tool, str(err)) != (tool, f"Tool '{tool}' is not authorized"):
                errors.append((n, err.tool))
            if err.details.get("reason") != f"warrant does not authorize tool '{tool}'":
                errors.append((n, err.details))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with pytest.raises(exc.MissingSignature) as missing:
        auth.authorize(warrant, "read_file", ARGS, None, now=NOW)
    assert missing.value.status == exc.ErrorCode.SIGNATURE_INVALID
    assert str(missing.value).startswith("Missing signature: ")


def test_decide_record_and_misuse_errors(auth, warrant, agent_key, chain, worker_key):
    # The refusal record of tenuo_authorizer_decide: status digits, 0xFF, the denial record;
    # the status alone for errors that are not denials (the class then comes from the status
    # and the library's kind, the text from its message).
    err = exc.refusal(b"1503\xffExclusionRemoved\xffCAPABILITY_EXPANSION\xfft\xff\xfe\xffwhy\xff", True)
    assert type(err) is exc.ExclusionRemoved and err.status == 1503 and err.reason == "why"
    assert exc.refusal(b"1100\xff\xffSIGNATURE_INVALID\xfft\xff\xfe\xffr\xff", False).__class__ \
        is exc.MissingSignature
    assert exc.refusal(b"0002", True) is None and exc.refusal(b"1404", True) is None
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    with pytest.raises(exc.ChainError) as too_long:  # 66 links: refused before any decision
        auth.check_chain([warrant] * 66, "read_file", ARGS, sig, now=NOW)
    assert too_long.value.status == exc.ErrorCode.CHAIN_TOO_LONG
    assert "65" in str(too_long.value)
    # A signature too long for the packed call's length byte takes the unpacked path: refused
    # as a PoP like any other wrong-length signature, with the same class and text.
    for bad in (sig + b"x", sig * 5):
        with pytest.raises(exc.SignatureInvalid) as info:
            auth.authorize(warrant, "read_file", ARGS, bad, now=NOW)
        assert type(info.value) is exc.SignatureInvalid
        assert str(info.value) == ("Signature verification failed: "
                                   "proof-of-possession verification failed")
        leaf_bad = chain[-1].sign(worker_key, "read_file", ARGS, NOW) + bad[64:]
        with pytest.raises(exc.SignatureInvalid) as info:
            auth.check_chain(chain, "read_file", ARGS, leaf_bad, now=NOW)
        assert type(info.value) is exc.SignatureInvalid


def test_chain_handle_array_reuse(auth, chain, worker_key, root_key, agent_key):
    # The handle array of the last list is reused only for the same objects in the same order,
    # and never for a closed warrant.
    leaf = chain[-1]
    sig = leaf.sign(worker_key, "read_file", ARGS, NOW)
    assert auth.check_chain(chain, "read_file", ARGS, sig, now=NOW).chain_length == 2
    assert auth.check_chain(chain, "read_file", ARGS, sig, now=NOW).leaf_depth == 1
    with pytest.raises(exc.ToolNotAuthorized):
        auth.check_chain(chain, "deploy", ARGS, sig, now=NOW)  # same array, denied
    other = leaf.grant(to=agent_key.public_key, allow="read_file", key=worker_key, ttl=60,
                       path=Pattern("/data/rep*"), now=NOW)
    chain.append(other)  # the same list object, mutated: a new array
    osig = other.sign(agent_key, "read_file", ARGS, NOW)
    assert auth.check_chain(chain, "read_file", ARGS, osig, now=NOW).chain_length == 3
    chain[1] = Warrant(leaf.to_base64())  # an equal warrant, another object: a new array
    assert auth.check_chain(chain, "read_file", ARGS, osig, now=NOW).verified_steps == [
        w.id for w in chain]
    chain[1].close()
    with pytest.raises(exc.ClosedHandleError):
        auth.check_chain(chain, "read_file", ARGS, osig, now=NOW)
    with pytest.raises(exc.UntrustedRoot):  # a wrong root in the same positions
        auth.check_chain([other, leaf], "read_file", ARGS, osig, now=NOW)


def test_chain_handle_array_is_matched_by_identity(auth, chain, worker_key, root_key,
                                                  agent_key, stranger_key):
    # The kept array is found by the identity of the warrant objects themselves: objects of
    # the same length that are not those warrants (keys have handles too, other warrants,
    # equal copies) never reuse it, and a closed warrant anywhere raises ClosedHandleError.
    leaf = chain[-1]
    sig = leaf.sign(worker_key, "read_file", ARGS, NOW)
    auth.check_chain(chain, "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ArgumentTypeError):
        auth.check_chain([root_key.public_key, worker_key.public_key], "read_file", ARGS, sig,
                         now=NOW)
    with pytest.raises(exc.ArgumentTypeError):
        auth.check_chain([chain[0], "not a warrant"], "read_file", ARGS, sig, now=NOW)
    foreign = (Warrant.mint_builder().capability("read_file", path=Pattern("/data/*"))
               .holder(agent_key.public_key).ttl(3600).mint(stranger_key, now=NOW))
    with pytest.raises(exc.UntrustedRoot):  # same length, another root: not the kept array
        auth.check_chain([foreign, leaf], "read_file", ARGS, sig, now=NOW)
    copies = [Warrant(w.to_base64()) for w in chain]
    assert auth.check_chain(copies, "read_file", ARGS, sig, now=NOW).chain_length == 2
    assert auth.check_chain(chain, "read_file", ARGS, sig, now=NOW).chain_length == 2
    chain[-1].close()
    with pytest.raises(exc.ClosedHandleError):
        auth.check_chain(chain, "read_file", ARGS, sig, now=NOW)
    copies[0].close()
    with pytest.raises(exc.ClosedHandleError):
        auth.check_chain(copies, "read_file", ARGS, sig, now=NOW)


def test_denial_status_is_read_from_the_record(auth, warrant, agent_key):
    # A raised denial keeps the library's record; ``status`` comes from its digits without
    # rendering the texts, which still render on first use.
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    with pytest.raises(exc.ToolNotAuthorized) as info:
        auth.authorize(warrant, "delete", ARGS, sig, now=NOW)
    err = info.value
    assert err.status == exc.ErrorCode.TOOL_NOT_AUTHORIZED and "_record" in err.__dict__
    assert err.tool == "delete" and "_record" not in err.__dict__
    assert err.status == exc.ErrorCode.TOOL_NOT_AUTHORIZED and "delete" in str(err)
    assert pickle.loads(pickle.dumps(err)).status == err.status


def test_a_warrant_closed_after_use_raises(auth, warrant, agent_key, root_key):
    # A decision keeps the warrant's handle by reference (Warrant._ref) for the next one; a
    # close drops it with the handle, so the next decision raises instead of reaching a freed
    # handle, for authorize and for a chain of one.
    sig = warrant.sign(agent_key, "read_file", ARGS, NOW)
    auth.authorize(warrant, "read_file", ARGS, sig, now=NOW)
    auth.check_chain([warrant], "read_file", ARGS, sig, now=NOW)
    assert "_ref" in warrant.__dict__
    warrant.close()
    assert "_ref" not in warrant.__dict__
    with pytest.raises(exc.ClosedHandleError):
        auth.authorize(warrant, "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ClosedHandleError):
        auth.check_chain([warrant], "read_file", ARGS, sig, now=NOW)
    with pytest.raises(exc.ClosedHandleError):
        warrant._ref


def test_any_close_retires_the_kept_chain_array(auth, chain, worker_key, agent_key):
    # The kept array is matched by the identity of the warrant objects and retired by any
    # Warrant.close (the close count changes): a close elsewhere costs one rebuild, and the
    # same chain is then decided exactly as before.
    leaf = chain[-1]
    sig = leaf.sign(worker_key, "read_file", ARGS, NOW)
    auth.check_chain(chain, "read_file", ARGS, sig, now=NOW)
    kept = auth._last_chain
    assert auth._cached_array(chain) is kept[1]
    assert auth._cached_array(list(chain)) is kept[1]  # another list of the same objects
    assert auth._cached_array([Warrant(w.to_base64()) for w in chain]) is None  # equal copies
    Warrant(chain[0].to_base64()).close()  # not in the chain
    assert auth._cached_array(chain) is None
    assert auth.check_chain(chain, "read_file", ARGS, sig, now=NOW).chain_length == len(chain)
    assert auth._last_chain is not kept and auth._cached_array(chain) is auth._last_chain[1]
