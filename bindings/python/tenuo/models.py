"""Small value types shared by the warrant classes: results, signatures, enums."""

from __future__ import annotations

import datetime as _dt
import enum
from dataclasses import dataclass, field
from typing import Any, Callable, ClassVar, Dict, List, Optional, Union

from . import exceptions as _exc

__all__ = [
    "WarrantType",
    "Clearance",
    "Signature",
    "WhyDenied",
    "DenyCode",
    "ValidationResult",
    "ChainVerificationResult",
    "Timestamp",
    "Flag",
]


class WarrantType(enum.Enum):
    """Execution warrants call tools; issuer warrants issue execution warrants."""

    Execution = 0
    Issuer = 1

    def __str__(self) -> str:
        return f"WarrantType.{self.name}"

    @property
    def is_issuer(self) -> bool:
        return self is WarrantType.Issuer


class Clearance(int):
    """A clearance level 0–255. Named levels as in the SDK: ``Clearance.INTERNAL`` (30), …"""

    UNTRUSTED: ClassVar["Clearance"]
    EXTERNAL: ClassVar["Clearance"]
    PARTNER: ClassVar["Clearance"]
    INTERNAL: ClassVar["Clearance"]
    PRIVILEGED: ClassVar["Clearance"]
    SYSTEM: ClassVar["Clearance"]
    _NAMES: ClassVar[Dict[int, str]] = {0: "Untrusted", 10: "External", 20: "Partner",
                                        30: "Internal", 40: "Privileged", 50: "System"}

    def __new__(cls, level: Any) -> "Clearance":
        if isinstance(level, bool) or not isinstance(level, int):
            raise _exc.ArgumentTypeError(
                f"clearance must be an int 0–255 or a Clearance, not {type(level).__name__}"
            )
        if not 0 <= int(level) <= 255:
            raise _exc.ValidationError(f"clearance must be between 0 and 255, got {int(level)}")
        return super().__new__(cls, int(level))

    @classmethod
    def custom(cls, level: int) -> "Clearance":
        return cls(level)

    @property
    def level(self) -> int:
        return int(self)

    def value(self) -> int:
        return int(self)

    def meets(self, required: Union[int, "Clearance"]) -> bool:
        return int(self) >= int(required)

    def __repr__(self) -> str:
        name = self._NAMES.get(int(self))
        return name if name else f"Level({int(self)})"

    __str__ = __repr__


Clearance.UNTRUSTED = Clearance(0)
Clearance.EXTERNAL = Clearance(10)
Clearance.PARTNER = Clearance(20)
Clearance.INTERNAL = Clearance(30)
Clearance.PRIVILEGED = Clearance(40)
Clearance.SYSTEM = Clearance(50)


class Signature(bytes):
    """A 64-byte Ed25519 signature (e.g. a proof-of-possession). It *is* ``bytes``, so
    ``bytes(sig)``, ``len(sig)``, comparison and base64 encoding all work directly."""

    @classmethod
    def from_bytes(cls, data: Union[bytes, bytearray, memoryview]) -> "Signature":
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise _exc.ArgumentTypeError(
                f"signature must be bytes-like, not {type(data).__name__}"
            )
        raw = bytes(data)
        if len(raw) != 64:
            raise _exc.ValidationError(f"a signature is 64 bytes, got {len(raw)}")
        return cls(raw)

    def to_bytes(self) -> bytes:
        return bytes(self)

    def __repr__(self) -> str:
        return f"Signature({bytes(self).hex()[:16]}...)"


class Timestamp(int):
    """Unix seconds that can also be called, giving the RFC 3339 text the SDK's
    ``expires_at()`` method returns (``"2026-01-01T00:00:00+00:00"``)."""

    def __call__(self) -> str:
        return self.isoformat()

    def isoformat(self) -> str:
        moment = _dt.datetime.fromtimestamp(int(self), tz=_dt.timezone.utc)
        return moment.isoformat()

    def datetime(self) -> _dt.datetime:
        return _dt.datetime.fromtimestamp(int(self), tz=_dt.timezone.utc)

    def __repr__(self) -> str:
        return int.__repr__(self)


class Flag:
    """A boolean that can also be called (optionally with ``now=``), so both the property
    form (``w.is_expired``) and the SDK's method form (``w.is_expired()``) work."""

    __slots__ = ("_value", "_at")

    def __init__(self, value: bool, at: Optional[Callable[[Any], bool]] = None) -> None:
        self._value = bool(value)
        self._at = at

    def __bool__(self) -> bool:
        return self._value

    def __call__(self, now: Any = None) -> bool:
        if now is None or self._at is None:
            return self._value
        return bool(self._at(now))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Flag):
            return self._value == other._value
        if isinstance(other, (bool, int)):
            return self._value == bool(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._value)

    def __repr__(self) -> str:
        return repr(self._value)


class DenyCode:
    """Values of :attr:`WhyDenied.deny_code`."""

    ALLOWED = "ALLOWED"
    TOOL_NOT_FOUND = "TOOL_NOT_FOUND"
    WARRANT_EXPIRED = "WARRANT_EXPIRED"
    CONSTRAINT_MISMATCH = "CONSTRAINT_MISMATCH"
    CLEARANCE_INSUFFICIENT = "CLEARANCE_INSUFFICIENT"


_DENY_PATHS = {
    "TOOL_NOT_FOUND": "tool.not_found",
    "WARRANT_EXPIRED": "warrant.expired",
    "CONSTRAINT_MISMATCH": "constraints.violation",
    "CLEARANCE_INSUFFICIENT": "clearance.insufficient",
}


@dataclass
class WhyDenied:
    """Why a call would be denied by the warrant's own logic (no PoP, no chain)."""

    denied: bool
    deny_code: str
    deny_path: Optional[str] = None
    tool: str = ""
    field: Optional[str] = None
    constraint: Any = None
    value: Any = None
    suggestion: str = ""
    explorer_url: str = ""
    reason: str = ""
    code: int = 0
    code_name: str = ""

    @classmethod
    def from_json(cls, data: Dict[str, Any]) -> "WhyDenied":
        deny_code = str(data.get("deny_code") or ("ALLOWED" if not data.get("denied") else ""))
        return cls(
            denied=bool(data.get("denied")),
            deny_code=deny_code,
            deny_path=_DENY_PATHS.get(deny_code),
            tool=str(data.get("tool") or ""),
            field=data.get("field"),
            suggestion=str(data.get("suggestion") or ""),
            reason=str(data.get("reason") or ""),
            code=int(data.get("code") or 0),
            code_name=str(data.get("code_name") or ""),
        )

    def __repr__(self) -> str:
        if not self.denied:
            return f"<WhyDenied ALLOWED tool={self.tool!r}>"
        return f"<WhyDenied {self.deny_code} tool={self.tool!r} field={self.field!r}>"


class ValidationResult:
    """Outcome of ``validate()``: truthy when authorized; ``reason`` says why not."""

    def __init__(self, success: bool, reason: Optional[str] = None,
                 suggestions: Optional[List[str]] = None,
                 error: Optional[BaseException] = None) -> None:
        self.success = bool(success)
        self.reason = reason or ""
        self.suggestions = list(suggestions or [])
        self.error = error

    @classmethod
    def ok(cls) -> "ValidationResult":
        return cls(True)

    @classmethod
    def fail(cls, reason: str, suggestions: Optional[List[str]] = None,
             error: Optional[BaseException] = None) -> "ValidationResult":
        return cls(False, reason, suggestions, error)

    def __bool__(self) -> bool:
        return self.success

    def __repr__(self) -> str:
        if self.success:
            return "ValidationResult(success=True)"
        return f"ValidationResult(success=False, reason={self.reason!r})"


class ChainVerificationResult:
    """What a successful chain check covered.

    Built from the warrants the call already holds; the fields are read from them only when
    asked for (a successful check costs nothing extra).
    """

    __slots__ = ("_warrants", "_chain_length", "_leaf_depth", "_root_issuer", "_steps",
                 "verified_approvals")

    def __init__(self, chain_length: int = 0, leaf_depth: int = 0, root_issuer: Any = None,
                 verified_steps: Optional[List[str]] = None, verified_approvals: int = 0) -> None:
        self._warrants: Optional[List[Any]] = None
        self._chain_length = chain_length
        self._leaf_depth = leaf_depth
        self._root_issuer = root_issuer
        self._steps = list(verified_steps or [])
        self.verified_approvals = verified_approvals

    @classmethod
    def _of(cls, warrants: List[Any], approvals: int = 0) -> "ChainVerificationResult":
        obj = cls.__new__(cls)
        obj._warrants = warrants
        obj.verified_approvals = approvals
        return obj

    @property
    def chain_length(self) -> int:
        return len(self._warrants) if self._warrants is not None else self._chain_length

    @property
    def leaf_depth(self) -> int:
        return self._warrants[-1].depth if self._warrants else self._leaf_depth

    @property
    def root_issuer(self) -> Any:
        return self._warrants[0].issuer if self._warrants else self._root_issuer

    @property
    def verified_steps(self) -> List[str]:
        if self._warrants is not None:
            return [w.id for w in self._warrants]
        return list(self._steps)

    @property
    def steps(self) -> int:
        return self.chain_length

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ChainVerificationResult):
            return NotImplemented
        return (self.chain_length, self.leaf_depth, self.verified_steps,
                self.verified_approvals) == (other.chain_length, other.leaf_depth,
                                             other.verified_steps, other.verified_approvals)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (f"ChainVerificationResult(chain_length={self.chain_length}, "
                f"leaf_depth={self.leaf_depth}, steps={self.steps}, "
                f"verified_approvals={self.verified_approvals})")
