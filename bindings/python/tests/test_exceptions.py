"""The exception hierarchy: SDK names, wire codes, builtin bases, status mapping."""

from __future__ import annotations

import pickle

import pytest

import tenuo
from tenuo import exceptions as exc

from helpers import NOW

# (class, wire code, parent) as in the Tenuo SDK 0.3.3.
SDK_CLASSES = [
    ("CryptoError", 1100, "TenuoError"),
    ("SignatureInvalid", 1100, "CryptoError"),
    ("MissingSignature", 1100, "CryptoError"),
    ("ScopeViolation", 1501, "TenuoError"),
    ("ToolNotAuthorized", 1500, "ScopeViolation"),
    ("ToolMismatch", 1502, "ScopeViolation"),
    ("ConstraintViolation", 1501, "ScopeViolation"),
    ("ExpiredError", 1300, "ScopeViolation"),
    ("Unauthorized", 1500, "ScopeViolation"),
    ("AuthorizationDenied", 1500, "ScopeViolation"),
    ("MonotonicityError", 1502, "TenuoError"),
    ("IncompatibleConstraintTypes", 1502, "MonotonicityError"),
    ("WildcardExpansion", 1503, "MonotonicityError"),
    ("EmptyResultSet", 1502, "MonotonicityError"),
    ("ExclusionRemoved", 1503, "MonotonicityError"),
    ("ValueNotInParentSet", 1503, "MonotonicityError"),
    ("RangeExpanded", 1503, "MonotonicityError"),
    ("RangeInclusivityExpanded", 1503, "MonotonicityError"),
    ("ValueNotInRange", 1501, "MonotonicityError"),
    ("PatternExpanded", 1503, "MonotonicityError"),
    ("RequiredValueRemoved", 1503, "MonotonicityError"),
    ("ExactValueMismatch", 1502, "MonotonicityError"),
    ("ClearanceViolation", 1500, "TenuoError"),
    ("ClearanceLevelExceeded", 1500, "ClearanceViolation"),
    ("IssuanceError", 1400, "TenuoError"),
    ("UnauthorizedToolIssuance", 1500, "IssuanceError"),
    ("SelfIssuanceProhibited", 1400, "IssuanceError"),
    ("IssueDepthExceeded", 1402, "IssuanceError"),
    ("InvalidWarrantType", 1201, "IssuanceError"),
    ("IssuerChainTooLong", 1404, "IssuanceError"),
    ("PopError", 1600, "TenuoError"),
    ("MissingSigningKey", 1600, "PopError"),
    ("SignatureMismatch", 1600, "PopError"),
    ("PopExpired", 1601, "PopError"),
    ("ChainError", 1405, "TenuoError"),
    ("BrokenChain", 1405, "ChainError"),
    ("CycleDetected", 1405, "ChainError"),
    ("UntrustedRoot", 1406, "ChainError"),
    ("ParentRequired", 1204, "ChainError"),
    ("DelegationAuthorityError", 1400, "ChainError"),
    ("LimitError", 1900, "TenuoError"),
    ("DepthExceeded", 1402, "LimitError"),
    ("ConstraintDepthExceeded", 1903, "LimitError"),
    ("PayloadTooLarge", 1900, "LimitError"),
    ("RevokedError", 1800, "TenuoError"),
    ("SrlVersionRollback", 1802, "TenuoError"),
    ("SrlContentChanged", 1803, "TenuoError"),
    ("ValidationError", 1204, "TenuoError"),
    ("MissingField", 1204, "ValidationError"),
    ("InvalidWarrantId", 1201, "ValidationError"),
    ("InvalidTtl", 1303, "ValidationError"),
    ("ConstraintSyntaxError", 1501, "TenuoError"),
    ("InvalidPattern", 1501, "ConstraintSyntaxError"),
    ("InvalidRange", 1501, "ConstraintSyntaxError"),
    ("InvalidRegex", 1501, "ConstraintSyntaxError"),
    ("CelError", 1501, "ConstraintSyntaxError"),
    ("SerializationError", 1202, "TenuoError"),
    ("DeserializationError", 1202, "SerializationError"),
    ("UnsupportedVersion", 1200, "SerializationError"),
    ("ApprovalError", 1701, "TenuoError"),
    ("ApprovalExpired", 1703, "ApprovalError"),
    ("InsufficientApprovals", 1700, "ApprovalError"),
    ("InvalidApproval", 1701, "ApprovalError"),
    ("ApprovalGateTriggered", 1707, "ApprovalError"),
    ("UnknownProvider", 1701, "ApprovalError"),
    ("ConfigurationError", 1201, "TenuoError"),
    ("FeatureNotEnabled", 1504, "TenuoError"),
]


@pytest.mark.parametrize("name,code,parent", SDK_CLASSES)
def test_sdk_class_names_codes_and_parents(name, code, parent):
    cls = getattr(exc, name)
    assert issubclass(cls, getattr(exc, parent))
    assert issubclass(cls, exc.TenuoError)
    err = cls("boom")
    assert err.get_wire_code() == code == err.wire_code
    assert err.code == exc.ErrorCode.to_name(code)
    assert str(err) == "boom" and err.message == "boom"


def test_builtin_bases():
    assert issubclass(exc.ValidationError, ValueError)
    assert issubclass(exc.DeserializationError, ValueError)
    assert issubclass(exc.MonotonicityError, ValueError)
    assert issubclass(exc.ArgumentTypeError, TypeError)
    assert issubclass(exc.ArgumentTypeError, ValueError)
    assert issubclass(exc.ClosedHandleError, ValueError)
    assert issubclass(exc.RuntimeError, RuntimeError)
    assert not issubclass(exc.SignatureInvalid, ValueError)


def test_top_level_exports():
    for name in ["TenuoError", "AuthorizationDenied", "ConstraintViolation", "ToolNotAuthorized",
                 "ExpiredError", "SignatureInvalid", "UntrustedRoot", "ChainError",
                 "MonotonicityError", "ValidationError", "ConfigurationError"]:
        assert getattr(tenuo, name) is getattr(exc, name)


@pytest.mark.parametrize("status,cls", [
    (1100, "SignatureInvalid"), (1600, "SignatureInvalid"), (1601, "SignatureInvalid"),
    (1202, "DeserializationError"), (1300, "ExpiredError"), (1303, "InvalidTtl"),
    (1400, "ChainError"), (1401, "ChainError"), (1402, "DepthExceeded"),
    (1405, "ChainError"), (1406, "UntrustedRoot"), (1500, "ToolNotAuthorized"),
    (1501, "ConstraintViolation"), (1502, "MonotonicityError"), (1503, "MonotonicityError"),
    (1800, "RevokedError"), (1900, "PayloadTooLarge"), (2, "ValidationError"),
    (5, "ValidationError"), (8, "ConfigurationError"), (99, "RuntimeError"), (4242, "TenuoError"),
])
def test_status_mapping(status, cls):
    err = exc.from_status(status, "msg", status_name="X")
    assert type(err) is getattr(exc, cls)
    assert err.status == status and err.status_name == "X"


def test_class_comes_from_the_kind_not_the_message():
    assert type(exc.from_status(1503, "x", kind="PatternExpanded")) is exc.PatternExpanded
    assert type(exc.from_status(1503, "x", kind="RangeExpanded")) is exc.RangeExpanded
    assert type(exc.from_status(1502, "x", kind="IncompatibleConstraintTypes")) \
        is exc.IncompatibleConstraintTypes
    assert type(exc.from_status(1501, "x", kind="ValueNotInRange")) is exc.ValueNotInRange
    # The text is never searched: a class name in the message alone changes nothing.
    assert type(exc.from_status(1503, "PatternExpanded: child widens")) is exc.MonotonicityError
    assert type(exc.from_status(1501, "x", kind="NoSuchKind")) is exc.ConstraintViolation


def _kind_of(parent, child):
    from tenuo import _native

    with pytest.raises(exc.TenuoError) as info:
        _native.constraint_check_attenuation(parent, child)
    return info.value, _native.last_error_kind()


def test_library_reports_the_kind_for_one_code():
    pattern, kind = _kind_of('{"type":"Pattern","pattern":"/data/*"}',
                             '{"type":"Pattern","pattern":"/*"}')
    assert kind == "PatternExpanded" and type(pattern) is exc.PatternExpanded
    assert pattern.status == 1503
    ranged, kind = _kind_of('{"type":"Range","min":0,"max":10}', '{"type":"Range","min":0,"max":20}')
    assert kind == "RangeExpanded" and type(ranged) is exc.RangeExpanded and ranged.status == 1503
    wild, kind = _kind_of('{"type":"Pattern","pattern":"/data/*"}', '{"type":"Wildcard"}')
    assert kind == "WildcardExpansion" and type(wild) is exc.WildcardExpansion


def test_kind_is_never_read_from_library_message_text():
    """The library quotes caller text in its messages; a class name in that text must not become
    the kind (issue #9: the kind is data the core sets, not a parse of the message)."""
    from tenuo import _native

    with pytest.raises(exc.TenuoError) as info:
        _native.constraint_check('{"type":"PatternExpanded: x"}')
    assert "PatternExpanded: x" in str(info.value) and info.value.status == 1504
    assert _native.last_error_kind() is None
    assert type(info.value) is exc.class_for_status(1504) and type(info.value) is not exc.PatternExpanded


def test_denial_quoting_a_kind_name_keeps_its_own_class(root_key, warrant):
    from tenuo import Authorizer

    auth = Authorizer(trusted_roots=[root_key.public_key])
    with pytest.raises(exc.TenuoError) as info:
        auth.authorize(warrant, "PatternExpanded: x", {}, b"\x00" * 64, now=NOW)
    assert "PatternExpanded: x" in str(info.value)
    assert type(info.value) is exc.ToolNotAuthorized and info.value.status == 1500


def test_kind_survives_wrapping_and_is_cleared(warrant, agent_key, worker_key):
    from tenuo import Pattern, _native

    # The widening is found inside the argument set (the core adds the argument as context).
    with pytest.raises(exc.PatternExpanded) as info:
        warrant.grant(to=worker_key.public_key, allow="read_file", key=agent_key, ttl=600,
                      path=Pattern("/*"), now=NOW)
    assert info.value.status == 1503 and _native.last_error_kind() == "PatternExpanded"
    # The next failure without a kind clears it.
    with pytest.raises(exc.TenuoError):
        _native.constraint_check('{"type":"Range","min":"x"}')
    assert _native.last_error_kind() is None


def test_every_kind_the_core_produces_is_mapped():
    # The closed list of ErrorKind.names (Sources/TenuoCore/ErrorKind.swift).
    produced = {"MonotonicityError", "IncompatibleConstraintTypes", "ExactValueMismatch",
                "WildcardExpansion", "PatternExpanded", "RangeExpanded", "RangeInclusivityExpanded",
                "ValueNotInParentSet", "ExclusionRemoved", "ValueNotInRange", "RequiredValueRemoved",
                "ConstraintViolation", "ValidationError", "SelfIssuanceProhibited", "InvalidPattern",
                "DelegationAuthorityError", "SignatureMismatch"}
    assert {k: exc.class_for_status(1000, kind=k).__name__ for k in produced} == {k: k for k in produced}


def _record(kind, deny_code, tool="t", field=None, reason="anything", suggestion=""):
    # The compact denial record of tenuo_authorizer_check_warrants (see its header comment).
    enc = lambda t: t.encode("utf-8").replace(b"\0", b"\xc0\x80")
    return b"\xff".join([kind.encode(), deny_code.encode(), enc(tool),
                         b"\xfe" if field is None else enc(field), enc(reason), enc(suggestion)])


def test_denial_class_comes_from_denial_data():
    def _raise_denial(status, record, signature_given):
        raise exc.denial(status, record, signature_given)

    with pytest.raises(exc.ExclusionRemoved):
        _raise_denial(1503, _record("ExclusionRemoved", "CAPABILITY_EXPANSION"), True)
    with pytest.raises(exc.Unauthorized):
        _raise_denial(1500, _record("", "CLEARANCE_INSUFFICIENT",
                                    reason="ToolNotAuthorized: text is not read"), True)
    with pytest.raises(exc.MissingSignature):
        _raise_denial(1100, _record("", "SIGNATURE_INVALID",
                                    reason="proof-of-possession required"), False)
    with pytest.raises(exc.SignatureInvalid) as bad:
        _raise_denial(1100, _record("", "SIGNATURE_INVALID", reason="bad"), True)
    assert type(bad.value) is exc.SignatureInvalid
    with pytest.raises(exc.ToolNotAuthorized):
        _raise_denial(1500, _record("", "TOOL_NOT_FOUND",
                                    reason="PatternExpanded: not a kind here"), True)
    with pytest.raises(exc.InvalidWarrantType):
        _raise_denial(1201, _record("", "INVALID_WARRANT_TYPE"), True)


def test_denial_text_is_rendered_from_the_record_on_first_use():
    err = exc.denial(1501, _record("", "CONSTRAINT_MISMATCH", tool="read", field="pa\0th",
                                   reason="value does not match", suggestion="Use /tmp"), True)
    assert type(err) is exc.ConstraintViolation and err.status == 1501
    assert "_record" in err.__dict__  # nothing rendered yet
    assert str(err) == "Constraint 'pa\0th' not satisfied: value does not match"
    assert "_record" not in err.__dict__
    assert (err.field, err.tool, err.reason, err.hint) == ("pa\0th", "read", "value does not match", None)
    assert err.details == {"field": "pa\0th", "tool": "read", "reason": "value does not match",
                           "suggestion": "Use /tmp"}
    assert err.status_name == "CONSTRAINT_VIOLATION"
    assert err.args == (err.message,)
    # Every attribute renders on its own, and repr/args/pickle see the text too.
    for read in (lambda e: e.details, lambda e: e.args, repr, lambda e: e.to_dict(),
                 lambda e: pickle.loads(pickle.dumps(e))):
        fresh = exc.denial(1500, _record("", "TOOL_NOT_FOUND", tool="delete", reason="no"), True)
        read(fresh)
        assert fresh.message == "Tool 'delete' is not authorized" and fresh.field is None
        assert repr(fresh) == "ToolNotAuthorized(\"Tool 'delete' is not authorized\")"
    with pytest.raises(AttributeError):
        exc.denial(1500, _record("", "TOOL_NOT_FOUND"), True).no_such_attribute
    # An empty reason reads as the status name, as before.
    assert exc.denial(1300, _record("", "WARRANT_EXPIRED", reason=""), True).reason == "WARRANT_EXPIRED"


def test_attributes_set_before_rendering_are_kept():
    err = exc.denial(1707, _record("", "APPROVAL_REQUIRED", tool="x", reason="needs approval"), True)
    assert type(err) is exc.ApprovalGateTriggered
    err.tool = "other"
    err.details = {"kept": True}
    assert str(err) == "needs approval" and err.tool == "other" and err.details == {"kept": True}


def test_details_fields_and_pickle():
    err = exc.from_status(1501, "Constraint 'path' not satisfied", field="path", tool="read",
                          reason="value does not match constraint", status_name="CONSTRAINT_VIOLATION")
    assert (err.field, err.tool, err.reason) == ("path", "read", "value does not match constraint")
    assert err.details["field"] == "path"
    d = err.to_dict()
    assert d["wire_code"] == 1501 and d["type"] == "ConstraintViolation" and d["status"] == 1501
    assert err.get_http_status() == 403
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is exc.ConstraintViolation and back.field == "path" and back.status == 1501
    hinted = exc.ValidationError("bad", hint="try again")
    assert str(hinted) == "bad\nHint: try again"


def test_error_code_table():
    assert exc.ErrorCode.SIGNATURE_INVALID == 1100
    assert exc.ErrorCode.to_name(1406) == "untrusted-root"
    assert exc.ErrorCode.to_name(1) == "unknown-error"
    assert exc.ErrorCode.to_http_status(1300) == 401
    assert exc.ErrorCode.to_http_status(99) == 500
