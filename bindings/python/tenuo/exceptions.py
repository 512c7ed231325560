"""Exceptions raised by the tenuo package.

The class names and their wire codes follow the Tenuo Python SDK, so code written against it
catches the same things here. Every class derives from :class:`TenuoError`. A few also derive
from a builtin where the failure is naturally one (bad input → ``ValueError``; a wrong Python
type → ``TypeError``).

Two numbers travel with each exception:

* ``get_wire_code()`` / ``wire_code``: the class's code from the wire-format spec's error table,
  the same number the reference SDK reports for that class (e.g. ``SignatureInvalid`` → 1100).
* ``status``: the exact code libtenuo returned (e.g. 1401 for a parent-hash mismatch, reported
  as ``ChainError`` whose wire code is 1405). ``status_name`` is its upper-snake name.
"""

from __future__ import annotations

import builtins

from . import _abi
from typing import Any, ClassVar, Dict, List, Optional, Tuple, Type

__all__ = [
    "ErrorCode", "TenuoError", "CryptoError", "SignatureInvalid", "MissingSignature",
    "ScopeViolation", "ToolNotAuthorized", "ToolMismatch", "ConstraintViolation",
    "ExpiredError", "Unauthorized", "AuthorizationDenied", "MonotonicityError",
    "IncompatibleConstraintTypes", "WildcardExpansion", "EmptyResultSet", "ExclusionRemoved",
    "ValueNotInParentSet", "RangeExpanded", "RangeInclusivityExpanded", "ValueNotInRange",
    "PatternExpanded", "RequiredValueRemoved", "ExactValueMismatch", "ClearanceViolation",
    "ClearanceLevelExceeded", "IssuanceError", "UnauthorizedToolIssuance",
    "SelfIssuanceProhibited", "IssueDepthExceeded", "InvalidWarrantType", "IssuerChainTooLong",
    "PopError", "MissingSigningKey", "SignatureMismatch", "PopExpired", "ChainError",
    "BrokenChain", "CycleDetected", "UntrustedRoot", "ParentRequired",
    "DelegationAuthorityError", "LimitError", "DepthExceeded", "ConstraintDepthExceeded",
    "PayloadTooLarge", "RevokedError", "SrlVersionRollback", "SrlContentChanged",
    "ValidationError", "MissingField", "InvalidWarrantId", "InvalidTtl", "ArgumentTypeError",
    "ConstraintSyntaxError", "InvalidPattern", "InvalidRange", "InvalidRegex", "CelError",
    "SerializationError", "DeserializationError", "UnsupportedVersion", "ApprovalError",
    "ApprovalExpired", "InsufficientApprovals", "InvalidApproval", "ApprovalGateTriggered",
    "UnknownProvider", "ConfigurationError", "FeatureNotEnabled", "ClosedHandleError",
    "RuntimeError", "from_status",
]


# ---------------------------------------------------------------------------------------------
# Numeric codes
# ---------------------------------------------------------------------------------------------

#: Protocol status codes (1000 and up) and their names, from the generated ABI module.
_CODES: Tuple[Tuple[int, str], ...] = tuple(
    (code, name) for code, name in sorted(_abi.STATUS_NAMES.items()) if code >= 1000)

_HTTP_BY_CATEGORY = {10: 400, 11: 401, 12: 400, 13: 401, 14: 403, 15: 403, 16: 401, 17: 403,
                     18: 401, 19: 413, 20: 400, 21: 400}


class ErrorCode:
    """The wire-format spec's numeric error codes (1000–2199) as constants.

    ``ErrorCode.SIGNATURE_INVALID == 1100``; ``ErrorCode.to_name(1100) == "signature-invalid"``.
    """

    # One constant per protocol code (ErrorCode.SIGNATURE_INVALID == 1100), set below from the
    # generated ABI module; APPROVAL_GATE_TRIGGERED is the SDK's name for 1707.
    APPROVAL_GATE_TRIGGERED = _abi.TENUO_E_APPROVAL_REQUIRED

    _NAMES: ClassVar[Dict[int, str]] = dict(_CODES)

    @staticmethod
    def to_name(code: int) -> str:
        """Kebab-case name of a code (``1100`` → ``"signature-invalid"``)."""
        name = ErrorCode._NAMES.get(code)
        return name.lower().replace("_", "-") if name else "unknown-error"

    @staticmethod
    def to_http_status(code: int) -> int:
        """The HTTP status conventionally used for a code's category (500 when unknown)."""
        return _HTTP_BY_CATEGORY.get(code // 100, 500)


for _code, _name in _CODES:
    setattr(ErrorCode, _name, _code)
del _code, _name


# ---------------------------------------------------------------------------------------------
# Base class
# ---------------------------------------------------------------------------------------------


class TenuoError(Exception):
    """Base class of every error raised by tenuo.

    Attributes:
        message: the human-readable text (also ``str(exc)``).
        details: extra structured data (``field``, ``tool``, ``reason`` when known).
        hint: an optional suggestion shown after the message.
        status: the libtenuo status code behind this error (the class's wire code when the
            error was raised by Python code).
        status_name: the upper-snake name of ``status`` (e.g. ``"PARENT_HASH_MISMATCH"``).
        field / tool / reason: what a denial was about, when known (else ``None``).
    """

    _wire: ClassVar[int] = 0
    error_code: ClassVar[str] = "tenuo_error"

    def __init__(
        self,
        message: str = "",
        details: Optional[Dict[str, Any]] = None,
        hint: Optional[str] = None,
        *,
        status: Optional[int] = None,
        status_name: Optional[str] = None,
        field: Optional[str] = None,
        tool: Optional[str] = None,
        reason: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.details: Dict[str, Any] = dict(details or {})
        self.hint = hint
        self.status = int(status) if status is not None else self.get_wire_code()
        self.status_name = status_name or ErrorCode._NAMES.get(self.status, "")
        self.field = field
        self.tool = tool
        self.reason = reason
        for key, value in (("field", field), ("tool", tool), ("reason", reason)):
            if value is not None:
                self.details.setdefault(key, value)

    def __str__(self) -> str:
        text = self.message
        return f"{text}\nHint: {self.hint}" if self.hint else text

    # A denial raised by the authorizer carries the library's compact record (``_record``)
    # instead of its text: the attributes below are rendered from it on first use (the class
    # is chosen when it is raised, from the record's structured fields; ``status`` is read
    # from the record's digits when first asked for).

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        if "_record" in d:
            if name == "status":  # the record's four status digits (nothing else rendered)
                status = d["status"] = int(d["_record"][:4])
                return status
            if name in _RENDERED:
                _render_denial(self)
                return d[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property  # type: ignore[override]
    def args(self) -> Any:
        if "_record" in self.__dict__:
            _render_denial(self)
        return BaseException.args.__get__(self)  # type: ignore[attr-defined]

    @args.setter
    def args(self, value: Any) -> None:
        BaseException.args.__set__(self, value)  # type: ignore[attr-defined]

    def __repr__(self) -> str:
        if "_record" in self.__dict__:
            _render_denial(self)
        return BaseException.__repr__(self)

    def __reduce__(self) -> Any:
        kwargs = {
            "status": self.status,
            "status_name": self.status_name,
            "field": self.field,
            "tool": self.tool,
            "reason": self.reason,
        }
        return (_rebuild, (type(self), self.message, self.details, self.hint, kwargs))

    @classmethod
    def get_class_wire_code(cls) -> int:
        return cls._wire

    def get_wire_code(self) -> int:
        """The class's canonical wire code (1000–2199), 0 for the bare base class."""
        return type(self)._wire

    @property
    def wire_code(self) -> int:
        """Same as :meth:`get_wire_code`."""
        return self.get_wire_code()

    def get_wire_name(self) -> str:
        code = self.get_wire_code()
        return ErrorCode.to_name(code) if code else self.error_code.replace("_", "-")

    @property
    def code(self) -> str:
        """Kebab-case name of the wire code (``"signature-invalid"``)."""
        return self.get_wire_name()

    def get_http_status(self) -> int:
        code = self.get_wire_code()
        return ErrorCode.to_http_status(code) if code else 500

    def to_dict(self) -> Dict[str, Any]:
        """A JSON-friendly summary for structured logs."""
        out: Dict[str, Any] = {
            "error_code": self.error_code,
            "type": type(self).__name__,
            "message": self.message,
            "details": dict(self.details),
            "status": self.status,
            "status_name": self.status_name,
        }
        if self.get_wire_code():
            out["wire_code"] = self.get_wire_code()
            out["wire_name"] = self.get_wire_name()
        return out


def _rebuild(cls: Type[TenuoError], message: str, details: Any, hint: Any, kwargs: Any) -> Any:
    return cls(message, details, hint, **kwargs)


#: The attributes a denial renders from its record on first use.
_RENDERED = frozenset({"message", "details", "hint", "status_name", "field", "tool", "reason"})


def _record_text(raw: bytes) -> str:
    # The record writes a NUL inside a text as C0 80 (never valid UTF-8, so unambiguous).
    return (raw.replace(b"\xc0\x80", b"\0") if b"\xc0" in raw else raw).decode("utf-8")


def _render_denial(err: TenuoError) -> None:
    """Fill a denial's text attributes from its record (``tool``, ``field``, ``reason``,
    ``suggestion`` after the kind and deny code; see tenuo_authorizer_check_warrants),
    worded as the reference SDK words them. Attributes already set (e.g. by
    ``describe_gate_error``) are kept."""
    d = err.__dict__
    record = d.pop("_record", None)
    if record is None:
        return
    parts = record.split(b"\xff")  # status digits, kind, deny code, tool, field, reason, hint
    status = d.setdefault("status", int(parts[0]))
    tool = _record_text(parts[3])
    field = None if parts[4] == b"\xfe" else _record_text(parts[4])
    name = ErrorCode._NAMES.get(status, "UNKNOWN")
    reason = _record_text(parts[5]) or name
    suggestion = _record_text(parts[6])
    details: Dict[str, Any] = {}
    if field is not None:
        details["field"] = field
    details["tool"] = tool
    details["reason"] = reason
    if suggestion:
        details["suggestion"] = suggestion
    message = denial_message(type(err), reason, field, tool)
    for key, value in (("message", message), ("details", details), ("hint", None),
                       ("status_name", name), ("field", field), ("tool", tool),
                       ("reason", reason)):
        d.setdefault(key, value)
    BaseException.args.__set__(err, (d["message"],))  # type: ignore[attr-defined]


def denial_message(cls: Any, reason: str, field: Optional[str], tool: Optional[str]) -> str:
    """The text of a denial, worded as the reference SDK words it."""
    if issubclass(cls, ConstraintViolation) and field:
        return f"Constraint '{field}' not satisfied: {reason}"
    if cls is ToolNotAuthorized and tool is not None:
        return f"Tool '{tool}' is not authorized"
    if cls is MissingSignature:
        return f"Missing signature: {reason}"
    if cls is SignatureInvalid:
        return f"Signature verification failed: {reason}"
    if cls is Unauthorized:
        return f"Unauthorized: {reason}"
    return reason


# ---------------------------------------------------------------------------------------------
# The hierarchy (names and wire codes as in the Tenuo Python SDK)
# ---------------------------------------------------------------------------------------------

# Signatures
class CryptoError(TenuoError):
    """A cryptographic check failed."""

    _wire = 1100
    error_code = "crypto_error"


class SignatureInvalid(CryptoError):
    """A signature (warrant or proof-of-possession) did not verify."""

    _wire = 1100
    error_code = "signature_invalid"


class MissingSignature(CryptoError):
    """A proof-of-possession signature was required but none was given."""

    _wire = 1100
    error_code = "missing_signature"


# Authorization scope
class ScopeViolation(TenuoError):
    """The call is outside what the warrant allows."""

    _wire = 1501
    error_code = "scope_violation"


class ToolNotAuthorized(ScopeViolation):
    """The warrant does not name this tool."""

    _wire = 1500
    error_code = "tool_not_authorized"


class ToolMismatch(ScopeViolation):
    """A child warrant names a tool its parent does not."""

    _wire = 1502
    error_code = "tool_mismatch"


class ConstraintViolation(ScopeViolation):
    """An argument does not satisfy the warrant's constraint."""

    _wire = 1501
    error_code = "constraint_violation"


class ExpiredError(ScopeViolation):
    """The warrant has expired."""

    _wire = 1300
    error_code = "expired"


class Unauthorized(ScopeViolation):
    """The call is not authorized."""

    _wire = 1500
    error_code = "unauthorized"


class AuthorizationDenied(ScopeViolation):
    """Authorization was denied."""

    _wire = 1500
    error_code = "authorization_denied"


# Attenuation (delegation must only narrow)
class MonotonicityError(TenuoError, ValueError):
    """A delegated warrant would widen its parent's authority."""

    _wire = 1502
    error_code = "monotonicity_violation"


class IncompatibleConstraintTypes(MonotonicityError):
    """The child's constraint type cannot narrow the parent's."""

    _wire = 1502
    error_code = "incompatible_constraint_types"


class WildcardExpansion(MonotonicityError):
    """A child may not replace a constraint with Wildcard."""

    _wire = 1503
    error_code = "wildcard_expansion"


class EmptyResultSet(MonotonicityError):
    """The narrowed constraint would allow nothing."""

    _wire = 1502
    error_code = "empty_result_set"


class ExclusionRemoved(MonotonicityError):
    """A child must keep every value its parent excludes."""

    _wire = 1503
    error_code = "exclusion_removed"


class ValueNotInParentSet(MonotonicityError):
    """A child allows a value outside the parent's set."""

    _wire = 1503
    error_code = "value_not_in_parent_set"


class RangeExpanded(MonotonicityError):
    """A child's range reaches beyond the parent's."""

    _wire = 1503
    error_code = "range_expanded"


class RangeInclusivityExpanded(MonotonicityError):
    """A child makes an exclusive parent bound inclusive."""

    _wire = 1503
    error_code = "range_inclusivity_expanded"


class ValueNotInRange(MonotonicityError):
    """A value lies outside the parent's range."""

    _wire = 1501
    error_code = "value_not_in_range"


class PatternExpanded(MonotonicityError):
    """A child's pattern matches more than the parent's."""

    _wire = 1503
    error_code = "pattern_expanded"


class RequiredValueRemoved(MonotonicityError):
    """A child drops a value the parent requires."""

    _wire = 1503
    error_code = "required_value_removed"


class ExactValueMismatch(MonotonicityError):
    """A child's exact value differs from the parent's."""

    _wire = 1502
    error_code = "exact_value_mismatch"


# Clearance
class ClearanceViolation(TenuoError):
    """The warrant's clearance is too low."""

    _wire = 1500
    error_code = "clearance_violation"


class ClearanceLevelExceeded(ClearanceViolation):
    """A child's clearance exceeds its parent's."""

    _wire = 1500
    error_code = "clearance_level_exceeded"


# Issuer warrants
class IssuanceError(TenuoError):
    """Issuing a warrant from an issuer warrant failed."""

    _wire = 1400
    error_code = "issuance_error"


class UnauthorizedToolIssuance(IssuanceError):
    """The issuer warrant may not issue this tool."""

    _wire = 1500
    error_code = "unauthorized_tool_issuance"


class SelfIssuanceProhibited(IssuanceError):
    """An issuer may not issue a warrant to itself."""

    _wire = 1400
    error_code = "self_issuance_prohibited"


class IssueDepthExceeded(IssuanceError):
    """The issuer warrant's max_issue_depth is exhausted."""

    _wire = 1402
    error_code = "issue_depth_exceeded"


class InvalidWarrantType(IssuanceError):
    """The operation needs the other warrant type."""

    _wire = 1201
    error_code = "invalid_warrant_type"


class IssuerChainTooLong(IssuanceError):
    """The issuer chain is too long."""

    _wire = 1404
    error_code = "issuer_chain_too_long"


# Proof of possession (kept for SDK compatibility; PoP failures are raised as SignatureInvalid)
class PopError(TenuoError):
    """Proof-of-possession failed."""

    _wire = 1600
    error_code = "pop_error"


class MissingSigningKey(PopError):
    """No signing key is available for the proof-of-possession."""

    _wire = 1600
    error_code = "missing_signing_key"


class SignatureMismatch(PopError):
    """The proof-of-possession was not made by the warrant's holder."""

    _wire = 1600
    error_code = "signature_mismatch"


class PopExpired(PopError):
    """The proof-of-possession's time window has passed."""

    _wire = 1601
    error_code = "pop_expired"


# Chains
class ChainError(TenuoError):
    """The delegation chain is not valid."""

    _wire = 1405
    error_code = "chain_error"


class BrokenChain(ChainError):
    """A link in the delegation chain does not connect to its parent."""

    _wire = 1405
    error_code = "broken_chain"


class CycleDetected(ChainError):
    """The delegation chain contains a cycle."""

    _wire = 1405
    error_code = "cycle_detected"


class UntrustedRoot(ChainError):
    """The chain's root issuer is not a trusted root."""

    _wire = 1406
    error_code = "untrusted_root"


class ParentRequired(ChainError):
    """A parent warrant is required."""

    _wire = 1204
    error_code = "parent_required"


class DelegationAuthorityError(ChainError):
    """Only the parent warrant's holder may delegate it."""

    _wire = 1400
    error_code = "delegation_authority_error"


# Limits
class LimitError(TenuoError):
    """A protocol size or depth limit was exceeded."""

    _wire = 1900
    error_code = "limit_error"


class DepthExceeded(LimitError):
    """The delegation depth limit was exceeded."""

    _wire = 1402
    error_code = "depth_exceeded"


class ConstraintDepthExceeded(LimitError):
    """Too many or too deeply nested constraints."""

    _wire = 1903
    error_code = "constraint_depth_exceeded"


class PayloadTooLarge(LimitError):
    """The warrant or chain is larger than allowed."""

    _wire = 1900
    error_code = "payload_too_large"


# Revocation
class RevokedError(TenuoError):
    """The warrant has been revoked."""

    _wire = 1800
    error_code = "revoked"


class SrlVersionRollback(TenuoError):
    """A revocation list older than the installed one was offered."""

    _wire = 1802
    error_code = "srl_version_rollback"


class SrlContentChanged(TenuoError):
    """A revocation list changed content without a new version."""

    _wire = 1803
    error_code = "srl_content_changed"


# Input validation
class ValidationError(TenuoError, ValueError):
    """An input value is invalid."""

    _wire = 1204
    error_code = "validation_error"


class MissingField(ValidationError):
    """A required field is missing."""

    _wire = 1204
    error_code = "missing_field"


class InvalidWarrantId(ValidationError):
    """A warrant id is malformed."""

    _wire = 1201
    error_code = "invalid_warrant_id"


class InvalidTtl(ValidationError):
    """The TTL is out of range."""

    _wire = 1303
    error_code = "invalid_ttl"


class ArgumentTypeError(ValidationError, TypeError):
    """A Python value of the wrong type was passed (also a TypeError)."""

    _wire = 1204
    error_code = "argument_type_error"


# Constraint definitions
class ConstraintSyntaxError(TenuoError, ValueError):
    """A constraint definition is invalid."""

    _wire = 1501
    error_code = "constraint_syntax_error"


class InvalidPattern(ConstraintSyntaxError):
    """A glob pattern is invalid."""

    _wire = 1501
    error_code = "invalid_pattern"


class InvalidRange(ConstraintSyntaxError):
    """A range's bounds are invalid."""

    _wire = 1501
    error_code = "invalid_range"


class InvalidRegex(ConstraintSyntaxError):
    """A regular expression is invalid."""

    _wire = 1501
    error_code = "invalid_regex"


class CelError(ConstraintSyntaxError):
    """A CEL expression could not be evaluated."""

    _wire = 1501
    error_code = "cel_error"


# Wire format
class SerializationError(TenuoError, ValueError):
    """Encoding or decoding failed."""

    _wire = 1202
    error_code = "serialization_error"


class DeserializationError(SerializationError):
    """The bytes or text are not a valid warrant, chain or key."""

    _wire = 1202
    error_code = "deserialization_error"


class UnsupportedVersion(SerializationError):
    """The envelope or payload version is unknown."""

    _wire = 1200
    error_code = "unsupported_version"


# Approvals (multi-signature)
class ApprovalError(TenuoError):
    """An approval check failed."""

    _wire = 1701
    error_code = "approval_error"


class ApprovalExpired(ApprovalError):
    """An approval has expired."""

    _wire = 1703
    error_code = "approval_expired"


class InsufficientApprovals(ApprovalError):
    """Not enough valid approvals."""

    _wire = 1700
    error_code = "insufficient_approvals"


class InvalidApproval(ApprovalError):
    """An approval is malformed or does not verify."""

    _wire = 1701
    error_code = "invalid_approval"


class ApprovalGateTriggered(ApprovalError):
    """Human approval is required for this call."""

    _wire = 1707
    error_code = "approval_required"


class UnknownProvider(ApprovalError):
    """An approval provider is unknown."""

    _wire = 1701
    error_code = "unknown_provider"


# Configuration and environment
class ConfigurationError(TenuoError):
    """Configuration (environment variable, key file, option) is invalid."""

    _wire = 1201
    error_code = "configuration_error"


class FeatureNotEnabled(TenuoError):
    """The loaded library does not provide this feature."""

    _wire = 1504
    error_code = "feature_not_enabled"


class RuntimeError(TenuoError, builtins.RuntimeError):
    """An unexpected failure inside the library."""

    _wire = 1201
    error_code = "runtime_error"


class ClosedHandleError(TenuoError, ValueError):
    """The object was closed and its native handle freed."""

    _wire = 0
    error_code = "closed_handle"


# ---------------------------------------------------------------------------------------------
# libtenuo status → exception
# ---------------------------------------------------------------------------------------------

_BY_STATUS: Dict[int, Type[TenuoError]] = {
    # API misuse (1–99)
    1: ArgumentTypeError,
    2: ValidationError,
    3: ValidationError,
    4: RuntimeError,
    5: ValidationError,
    6: ValidationError,
    7: DeserializationError,
    8: ConfigurationError,
    9: ValidationError,
    99: RuntimeError,
    # Envelope / signature / payload
    1000: UnsupportedVersion,
    1001: DeserializationError,
    1100: SignatureInvalid,
    1101: SignatureInvalid,
    1102: SignatureInvalid,
    1103: ValidationError,
    1104: ValidationError,
    1200: UnsupportedVersion,
    1201: DeserializationError,
    1202: DeserializationError,
    1203: DeserializationError,
    1204: ValidationError,
    # Time
    1300: ExpiredError,
    1301: ValidationError,
    1302: ValidationError,
    1303: InvalidTtl,
    # Chain
    1400: ChainError,  # a link's issuer is not its parent's holder (grant: kind DelegationAuthorityError)
    1401: ChainError,
    1402: DepthExceeded,
    1403: ChainError,
    1404: ChainError,
    1405: ChainError,
    1406: UntrustedRoot,
    # Capability
    1500: ToolNotAuthorized,
    1501: ConstraintViolation,
    1502: MonotonicityError,
    1503: MonotonicityError,
    1504: ConstraintViolation,
    # Proof of possession: the reference reports every PoP failure as SignatureInvalid
    1600: SignatureInvalid,
    1601: SignatureInvalid,
    1602: SignatureInvalid,
    # Approvals
    1700: InsufficientApprovals,
    1701: InvalidApproval,
    1702: InvalidApproval,
    1703: ApprovalExpired,
    1704: InvalidApproval,
    1705: InvalidApproval,
    1706: InvalidApproval,
    1707: ApprovalGateTriggered,
    # Revocation
    1800: RevokedError,
    1801: ValidationError,
    1802: SrlVersionRollback,
    1803: SrlContentChanged,
    # Limits
    1900: PayloadTooLarge,
    1901: PayloadTooLarge,
    1902: LimitError,
    1903: ConstraintDepthExceeded,
    1904: LimitError,
    1905: LimitError,
    # Extensions and reserved names
    2000: ValidationError,
    2001: ValidationError,
    2100: ValidationError,
}

#: Finer kinds the library reports by name (``tenuo_last_error_kind()``, a denial's ``"kind"``)
#: where one code stands for several SDK classes (1503: PatternExpanded, RangeExpanded, ...).
_BY_KIND: Dict[str, Type[TenuoError]] = {cls.__name__: cls for cls in (
    MonotonicityError, IncompatibleConstraintTypes, ExactValueMismatch, WildcardExpansion,
    PatternExpanded, RangeExpanded, RangeInclusivityExpanded, ValueNotInParentSet,
    ExclusionRemoved, ValueNotInRange, RequiredValueRemoved, ConstraintViolation,
    ValidationError, SelfIssuanceProhibited, InvalidPattern, DelegationAuthorityError,
    SignatureMismatch,
)}


_BY_KIND_BYTES: Dict[bytes, Type[TenuoError]] = {k.encode("ascii"): v for k, v in _BY_KIND.items()}


def denial_class(status: int, kind: bytes, deny_code: bytes, signature_given: bool
                 ) -> Type[TenuoError]:
    """The exception class of a refused decision, from its structured data only: the status,
    the finer kind and the deny code of the library's denial record (never its text)."""
    cls = (_BY_KIND_BYTES.get(kind) if kind else None) or _BY_STATUS.get(status, TenuoError)
    if deny_code == b"CLEARANCE_INSUFFICIENT":
        cls = Unauthorized  # the reference's class for a clearance below the requirement
    elif status == ErrorCode.INVALID_PAYLOAD_STRUCTURE:  # type: ignore[attr-defined]
        cls = InvalidWarrantType  # a decision on an issuer warrant, as the SDK reports it
    elif cls is SignatureInvalid and not signature_given:
        cls = MissingSignature
    return cls


def denial(status: int, record: bytes, signature_given: bool) -> TenuoError:
    """The exception for a refused decision, built from the library's compact denial record
    (kind, deny code, then the texts; see tenuo_authorizer_check_warrants): :func:`refusal` of
    the same record with its status in front."""
    err = refusal(b"%04d\xff" % status + record, signature_given)
    return err if err is not None else from_status(status, "refused (no denial record)")


#: Class per record head (status digits, kind, deny code), one table per "a signature was
#: given" (which turns a PoP failure into MissingSignature when none was).
_REFUSAL: Tuple[Dict[Tuple[bytes, bytes, bytes], Type[TenuoError]], ...] = ({}, {})
_new_exception = BaseException.__new__


def refusal(record: bytes, signature_given: bool) -> Optional[TenuoError]:
    """The exception for a call ``tenuo_authorizer_decide`` refused, from its record (the
    status as four digits, 0xFF, then the denial record of :func:`denial`), or None for an
    error that is not a denial (a bare status: the caller raises it with the library's
    message). The class comes from the status, kind and deny code only; ``status`` and the
    texts are read from the record when first used (see ``TenuoError.__getattr__``)."""
    head = record.split(b"\xff", 3)  # status digits, kind, deny code, the rest
    if len(head) < 3:
        return None  # "dddd" alone: not a denial
    key = (head[0], head[1], head[2])
    table = _REFUSAL[signature_given]
    cls = table.get(key)
    if cls is None:
        cls = denial_class(int(head[0]), head[1], head[2], signature_given)
        if len(table) < 4096:  # a small closed set of keys; bounded anyway
            table[key] = cls
    err = _new_exception(cls)
    err._record = record  # type: ignore[attr-defined]
    return err


def class_for_status(status: int, message: str = "", kind: Optional[str] = None
                     ) -> Type[TenuoError]:
    """The exception class for a libtenuo status code and, when the library gave one, the
    error's kind name (``tenuo_last_error_kind()``). The message text is never inspected."""
    if kind:
        named = _BY_KIND.get(kind)
        if named is not None:
            return named
    return _BY_STATUS.get(status, TenuoError)


def from_status(
    status: int,
    message: str,
    *,
    status_name: Optional[str] = None,
    field: Optional[str] = None,
    tool: Optional[str] = None,
    reason: Optional[str] = None,
    cls: Optional[Type[TenuoError]] = None,
    kind: Optional[str] = None,
) -> TenuoError:
    """Build (not raise) the exception for a libtenuo status code (and kind name, if any)."""
    chosen: Type[TenuoError] = cls or class_for_status(status, kind=kind)
    return chosen(message, status=status, status_name=status_name, field=field, tool=tool,
                  reason=reason)
