"""BoundWarrant: headers, validate (truthy result with .reason), no serialisation."""

from __future__ import annotations

import base64
import copy
import json
import pickle

import pytest

from tenuo import BoundWarrant, Pattern, ValidationResult
from tenuo import exceptions as exc

from helpers import NOW

ARGS = {"path": "/data/x"}


def test_headers_and_validate(warrant, agent_key):
    bound = warrant.bind(agent_key)
    assert isinstance(bound, BoundWarrant) and bound.warrant is warrant
    headers = bound.headers("read_file", ARGS, now=NOW)
    assert headers["X-Tenuo-Warrant"] == str(warrant)
    assert len(base64.b64decode(headers["X-Tenuo-PoP"])) == 64
    ok = bound.validate("read_file", ARGS, now=NOW)
    assert isinstance(ok, ValidationResult) and ok and ok.reason == ""
    bad = bound.validate("read_file", {"path": "/etc/passwd"}, now=NOW)
    assert not bad and bad.reason and "path" in bad.reason
    tool = bound.validate("delete", {}, now=NOW)
    assert not tool and tool.reason
    with pytest.raises(RuntimeError):
        bound.headers("read_file", {"path": "/etc/passwd"}, now=NOW)
    # Every authorization failure is a falsy result, never an exception (seed README,
    # "allows() vs validate()"); headers() raises the server's exception for it.
    expired = bound.validate("read_file", ARGS, now=NOW + 7200)
    assert not expired and expired.reason and isinstance(expired.error, exc.ExpiredError)
    with pytest.raises(exc.ExpiredError):
        bound.headers("read_file", ARGS, now=NOW + 7200)


def test_trust_anchor(warrant, agent_key, root_key, stranger_key, worker_key):
    assert warrant.bind(agent_key, trusted_roots=[root_key.public_key]).validate(
        "read_file", ARGS, now=NOW)
    untrusted = warrant.bind(agent_key, trusted_roots=[stranger_key.public_key]).validate(
        "read_file", ARGS, now=NOW)
    assert not untrusted and isinstance(untrusted.error, exc.UntrustedRoot)
    child = warrant.grant(to=worker_key.public_key, allow="read_file", key=agent_key, ttl=60,
                          now=NOW)
    bound_child = child.bind(worker_key, trusted_roots=[root_key.public_key])
    assert not bound_child.validate("read_file", ARGS, now=NOW)           # parents missing
    assert bound_child.validate("read_file", ARGS, warrant_chain=[warrant], now=NOW)
    headers = bound_child.headers("read_file", ARGS, warrant_chain=[warrant], now=NOW)
    assert headers["X-Tenuo-Warrant"] != str(child)                        # the whole stack


def test_wrong_key_is_a_signature_failure(warrant, stranger_key):
    result = warrant.bind(stranger_key).validate("read_file", ARGS, now=NOW)
    assert not result and "holder" in result.reason
    assert isinstance(result.error, exc.SignatureInvalid)
    with pytest.raises(exc.SignatureInvalid):
        warrant.bind(stranger_key).headers("read_file", ARGS, now=NOW)


def test_preview_and_forwarding(warrant, agent_key, worker_key):
    bound = warrant.bind(agent_key)
    assert bound.allows("read_file") and bound.allows("read_file", ARGS)
    assert not bound.allows("read_file", {"path": "/etc"})
    assert bound.why_denied("read_file", {"path": "/etc"}, now=NOW).field == "path"
    assert bound.id == warrant.id and bound.tools == warrant.tools
    assert bound.depth == 0 and bound.max_depth == warrant.max_depth
    assert bound.holder_key == agent_key.public_key
    assert bound.expires_at == warrant.expires_at and bound.ttl == bound.ttl_remaining
    assert bound.unbind() is warrant
    child = bound.grant(to=worker_key.public_key, allow="read_file", ttl=60, now=NOW,
                        path=Pattern("/data/a/*"))
    assert child.issuer == agent_key.public_key
    assert "KEY_BOUND=True" in repr(bound)


def test_not_serializable(warrant, agent_key):
    bound = warrant.bind(agent_key)
    with pytest.raises(TypeError):
        pickle.dumps(bound)
    with pytest.raises(TypeError):
        json.dumps(bound)
    with pytest.raises(TypeError):
        bound.__getstate__()
    assert copy.copy(bound).warrant is warrant
    # The supported way to store it:
    assert str(bound.warrant) == str(warrant)


def test_type_errors(warrant, agent_key):
    with pytest.raises(TypeError):
        warrant.bind(agent_key.public_key)
    with pytest.raises(TypeError):
        BoundWarrant("text", agent_key)
    with pytest.raises(TypeError):
        warrant.bind(agent_key).headers(None, ARGS)
