"""Argument constraints: ``Exact``, ``Pattern``, ``Range``, ``OneOf``, ``NotOneOf``, ``Wildcard``.

A constraint here is only a description: its JSON form (``to_json()``) goes to the library,
which decides what matches and what counts as a narrowing. Construction checks Python types
(and the few things the reference SDK refuses at construction, such as a NaN range bound).
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring as _json_str  # the encoder's own, non-ASCII kept
from typing import Any, ClassVar, Dict, Iterable, List, Mapping, Optional, Type

from . import _native as _n
from . import _values
from . import exceptions as _exc

__all__ = [
    "Constraint",
    "Exact",
    "Pattern",
    "Range",
    "OneOf",
    "NotOneOf",
    "Wildcard",
    "AnyValue",
    "UnknownConstraint",
    "constraint_from_json",
    "constraints_json",
]


class Constraint:
    """Base class of every constraint. Equal constraints have equal JSON forms.

    ``satisfies(value)`` evaluates a value and ``validate_attenuation(child)`` checks a
    narrowing; both are decided by libtenuo, exactly as inside a warrant.
    """

    type_name: ClassVar[str] = ""

    def to_json(self) -> Dict[str, Any]:
        """The JSON form the C API reads: ``{"type": <name>, <fields as on the wire>}``."""
        raise NotImplementedError

    def _json_text(self) -> str:
        data = self.to_json()
        try:
            return _values.encode_json(data)  # values were checked at construction
        except (TypeError, ValueError, UnicodeError):
            return _values.dumps(data)

    def satisfies(self, value: Any) -> bool:
        """Whether one argument value satisfies this constraint (any JSON-able value)."""
        from . import _native

        _values.check_value(value, "value")
        return _native.constraint_matches(self._json_text(), _values.dumps(value))

    def validate_attenuation(self, child: "Constraint") -> None:
        """Return None when ``child`` is a valid narrowing of this constraint; otherwise raise
        the SDK's :class:`~tenuo.exceptions.MonotonicityError` subclass (``PatternExpanded``,
        ``RangeExpanded``, ``WildcardExpansion``, ...)."""
        from . import _native

        if not isinstance(child, Constraint):
            raise _exc.ArgumentTypeError(
                f"validate_attenuation takes a constraint, not {type(child).__name__}"
            )
        _native.constraint_check_attenuation(self._json_text(), child._json_text())

    def _check_with_library(self, error: Any) -> None:
        """Let the library refuse a definition it cannot build (e.g. a glob that does not
        compile), raising ``error`` as the SDK does at construction."""
        from . import _native

        try:
            _native.constraint_check(self._json_text())
        except _exc.TenuoError as err:
            raise error(f"{err.message}", status=err.status, status_name=err.status_name) from None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Constraint):
            return NotImplemented
        return _values.dumps(self.to_json()) == _values.dumps(other.to_json())

    def __hash__(self) -> int:
        return hash(_values.dumps(self.to_json()))

    def __str__(self) -> str:
        return repr(self)


def _scalar_value(value: Any, what: str) -> Any:
    """Values an Exact/OneOf/NotOneOf may hold: str (as the SDK) or any JSON value."""
    _values.check_value(value, what)
    return value


class Exact(Constraint):
    """The argument must equal ``value`` exactly (type-strict: ``"5"`` does not match ``5``).

    The Tenuo SDK takes strings only; the wire format (and this class) also allows ints,
    floats, bools, None, lists and dicts.
    """

    type_name = "Exact"

    def __init__(self, value: Any) -> None:
        self.value = _scalar_value(value, "Exact value")

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Exact", "value": self.value}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Exact({self.value!r})"


class Pattern(Constraint):
    """A glob the whole string must match: ``*`` any run of characters (``/`` included),
    ``?`` one character, ``[abc]`` a set. Case-sensitive; ``\\`` is not an escape.
    """

    type_name = "Pattern"

    def __init__(self, pattern: str) -> None:
        if type(pattern) is str:
            cached = _PATTERN_CACHE.get(pattern)  # a text checked and compiled before
            if cached is not None:
                self.pattern = pattern
                self._native = cached
                return
        if not isinstance(pattern, str):
            raise _exc.ArgumentTypeError(
                f"Pattern takes a str, not {type(pattern).__name__}"
            )
        _values.check_value(pattern, "Pattern")
        self.pattern = pattern
        # The library alone knows which globs compile (one home per rule): it builds the
        # constraint now, so an invalid pattern raises InvalidPattern at construction, as in
        # the reference, and the builders use the compiled constraint without any JSON.
        self._native = _NativeConstraint.pattern(pattern)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Pattern", "pattern": self.pattern}

    def _json_text(self) -> str:
        # The same text as encoding to_json(), without the general encoder's per-call set-up.
        if type(self.pattern) is str:
            return '{"type":"Pattern","pattern":' + _json_str(self.pattern) + "}"
        return super()._json_text()

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Pattern({self.pattern!r})"


class _NativeConstraint:
    """Owns one library constraint handle. Copies of the constraint share it; pickling
    rebuilds it from the pattern text."""

    __slots__ = ("ptr", "_text")

    def __init__(self, ptr: Any, text: str) -> None:
        self.ptr = ptr
        self._text = text

    @classmethod
    def pattern(cls, text: str) -> "_NativeConstraint":
        # Handles are immutable and shared, so a glob built before is reused: an application
        # that mints with the same Pattern("...") each time pays for one library call per
        # distinct text, not one to build plus one to free per warrant. Bounded; a race between
        # threads only builds a handle twice.
        cached = _PATTERN_CACHE.get(text)
        if cached is not None and type(text) is str:
            return cached
        made = cls._build_pattern(text)
        if type(text) is str:
            if len(_PATTERN_CACHE) >= _PATTERN_CACHE_MAX:
                _PATTERN_CACHE.clear()
            _PATTERN_CACHE[text] = made
        return made

    @classmethod
    def _build_pattern(cls, text: str) -> "_NativeConstraint":
        data = text.encode("utf-8")
        out = _n.ConstraintP()
        try:
            _pattern_new(data, len(data), _n.byref(out))
        except _exc.TenuoError as err:
            raise _exc.InvalidPattern(err.message, status=err.status,
                                      status_name=err.status_name) from None
        return cls(out, text)

    def __del__(self) -> None:
        ptr, self.ptr = self.ptr, None
        if ptr:
            try:
                _free_constraint(ptr)
            except Exception:  # pragma: no cover - interpreter shutdown
                pass

    def __copy__(self) -> "_NativeConstraint":
        return self

    def __deepcopy__(self, memo: Any) -> "_NativeConstraint":
        return self

    def __reduce__(self) -> Any:
        return (_NativeConstraint.pattern, (self._text,))


_pattern_new = _n.lib.tenuo_constraint_pattern
#: Pattern text -> its library handle (see _NativeConstraint.pattern).
_PATTERN_CACHE: Dict[str, _NativeConstraint] = {}
_PATTERN_CACHE_MAX = 256
# Keeps the GIL (a free is short and never blocks: _native.gil_keeping_function); it is only
# ever given a handle the library returned, so the raw function's missing argtypes cost nothing.
_free_constraint = _n.gil_keeping_function("tenuo_constraint_free", None)


def _bound(value: Any, what: str) -> Optional[float]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _exc.ArgumentTypeError(f"Range {what} must be a number, not {type(value).__name__}")
    number = float(value)
    if math.isnan(number):
        raise _exc.InvalidRange(f"Range {what} must not be NaN")
    return number


def _flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise _exc.ArgumentTypeError(f"Range {what} must be a bool, not {type(value).__name__}")
    return value


class Range(Constraint):
    """A numeric range; ints and floats both match, bools and strings never do.

    ``Range(min=None, max=None, *, min_inclusive=True, max_inclusive=True)``. Bounds are kept
    as floats (as the reference does). ``Range.max_value(15)`` and ``Range.min_value(0)``
    are the one-sided forms. Inclusivity flags exist on the wire; the reference SDK cannot
    set them from Python, this class can.
    """

    type_name = "Range"

    def __init__(
        self,
        min: Optional[float] = None,
        max: Optional[float] = None,
        *,
        min_inclusive: bool = True,
        max_inclusive: bool = True,
    ) -> None:
        self.min = _bound(min, "min")
        self.max = _bound(max, "max")
        self.min_inclusive = _flag(min_inclusive, "min_inclusive")
        self.max_inclusive = _flag(max_inclusive, "max_inclusive")

    @classmethod
    def max_value(cls, value: float, *, inclusive: bool = True) -> "Range":
        """Values up to ``value``."""
        return cls(None, value, max_inclusive=inclusive)

    @classmethod
    def min_value(cls, value: float, *, inclusive: bool = True) -> "Range":
        """Values from ``value`` up."""
        return cls(value, None, min_inclusive=inclusive)

    @classmethod
    def between(cls, low: float, high: float) -> "Range":
        return cls(low, high)

    def contains(self, value: Any) -> bool:
        return self.satisfies(value)

    def to_json(self) -> Dict[str, Any]:
        return {
            "type": "Range",
            "min": self.min,
            "max": self.max,
            "min_inclusive": self.min_inclusive,
            "max_inclusive": self.max_inclusive,
        }

    def __repr__(self) -> str:
        parts = [f"min={self.min!r}", f"max={self.max!r}"]
        if not self.min_inclusive:
            parts.append("min_inclusive=False")
        if not self.max_inclusive:
            parts.append("max_inclusive=False")
        return f"Range({', '.join(parts)})"


def _value_list(values: Any, cls_name: str) -> List[Any]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise _exc.ArgumentTypeError(
            f"{cls_name} takes a list of values, not {type(values).__name__}"
        )
    out = list(values)
    for index, item in enumerate(out):
        _scalar_value(item, f"{cls_name} value [{index}]")
    return out


class OneOf(Constraint):
    """The argument must equal one of ``values``."""

    type_name = "OneOf"

    def __init__(self, values: Iterable[Any]) -> None:
        self.values = _value_list(values, "OneOf")

    def to_json(self) -> Dict[str, Any]:
        return {"type": "OneOf", "values": list(self.values)}

    def contains(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"OneOf({self.values!r})"


class NotOneOf(Constraint):
    """The argument must not equal any of ``excluded`` (anything else passes)."""

    type_name = "NotOneOf"

    def __init__(self, excluded: Iterable[Any]) -> None:
        self.excluded = _value_list(excluded, "NotOneOf")

    @property
    def values(self) -> List[Any]:
        return self.excluded

    def to_json(self) -> Dict[str, Any]:
        return {"type": "NotOneOf", "excluded": list(self.excluded)}

    def allows(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"NotOneOf({self.excluded!r})"


class Wildcard(Constraint):
    """Any value (the argument must still be present; zero-trust rules apply)."""

    type_name = "Wildcard"

    def __init__(self) -> None:
        pass

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Wildcard"}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return "Wildcard()"


#: The SDK's other name for :class:`Wildcard`.
AnyValue = Wildcard


class UnknownConstraint(Constraint):
    """A constraint type this package has no class for, kept as its JSON form so it can be
    read back from a warrant and passed through (e.g. when granting)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        if not isinstance(data, Mapping) or not isinstance(data.get("type"), str):
            raise _exc.ArgumentTypeError("UnknownConstraint needs a JSON object with a 'type'")
        _values.check_value(dict(data), "constraint")
        self.data = dict(data)
        self.type_name = str(data["type"])  # type: ignore[misc]

    def to_json(self) -> Dict[str, Any]:
        return dict(self.data)

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={v!r}" for k, v in self.data.items() if k != "type")
        return f"{self.data['type']}({fields})"


_BY_NAME: Dict[str, Type[Constraint]] = {
    "exact": Exact,
    "pattern": Pattern,
    "range": Range,
    "oneof": OneOf,
    "notoneof": NotOneOf,
    "wildcard": Wildcard,
}


def constraint_from_json(data: Mapping[str, Any]) -> Constraint:
    """The constraint object for a JSON form the library printed."""
    kind = str(data.get("type", "")).lower()
    try:
        if kind == "exact":
            return Exact(data.get("value"))
        if kind == "pattern":
            return Pattern(data["pattern"])
        if kind == "range":
            c = Range.__new__(Range)
            c.min = _json_bound(data.get("min"))
            c.max = _json_bound(data.get("max"))
            c.min_inclusive = bool(data.get("min_inclusive", True))
            c.max_inclusive = bool(data.get("max_inclusive", True))
            return c
        if kind == "oneof":
            return OneOf(data.get("values", []))
        if kind == "notoneof":
            return NotOneOf(data.get("excluded", []))
        if kind == "wildcard":
            return Wildcard()
        from . import cel, composites, network, paths, value_sets

        more = (value_sets.from_json(kind, dict(data)) or composites.from_json(kind, dict(data))
                or paths.from_json(kind, dict(data)) or network.from_json(kind, dict(data))
                or cel.from_json(kind, dict(data)))
        if more is not None:
            return more
    except (KeyError, TypeError, _exc.TenuoError):
        pass
    return UnknownConstraint(data)


def _json_bound(value: Any) -> Optional[float]:
    # Bounds come back from the library; NaN cannot occur but is kept rather than refused.
    return None if value is None else float(value)


def _as_constraint(value: Any, field: str, *, strings_are_exact: bool) -> Constraint:
    if isinstance(value, Constraint):
        return value
    if isinstance(value, type) and issubclass(value, Constraint):
        raise _exc.ArgumentTypeError(
            f"constraint for {field!r} is the class {value.__name__}; call it: {value.__name__}(...)"
        )
    if strings_are_exact and isinstance(value, str):
        return Exact(value)
    raise _exc.ArgumentTypeError(
        f"constraint for {field!r} must be a constraint (Exact, Pattern, Range, OneOf, NotOneOf, "
        f"Wildcard), not {type(value).__name__}"
    )


def constraints_json(
    constraints: Optional[Mapping[str, Any]], *, strings_are_exact: bool = False
) -> Optional[str]:
    """JSON text of one tool's constraint set for the C API, or None when unconstrained.

    ``constraints`` maps argument names to constraints; the key ``_allow_unknown`` (a bool)
    turns off zero-trust for unknown arguments. With ``strings_are_exact`` a plain string is
    taken as ``Exact(string)`` (what the SDK's ``grant(**constraints)`` does).
    """
    if constraints is None:
        return None
    if type(constraints) is dict:
        # Common case: a plain dict of str names to constraints, written piece by piece from
        # each constraint's JSON text (the same text the general path below produces).
        # Anything unusual (a non-str name, a bad value, a lone surrogate) falls through to the
        # general path, which raises the error it always raised.
        parts: List[str] = []
        try:
            for field, value in constraints.items():
                if type(field) is not str:
                    break
                if field == "_allow_unknown":
                    if type(value) is not bool:
                        break
                    parts.append('"_allow_unknown":' + ("true" if value else "false"))
                    continue
                c = _as_constraint(value, field, strings_are_exact=strings_are_exact)
                parts.append(_json_str(field) + ":" + c._json_text())
            else:
                text = "{" + ",".join(parts) + "}"
                text.encode("utf-8")
                return text
        except (TypeError, ValueError, UnicodeError):
            pass
    return _constraints_json_general(constraints, strings_are_exact)


def _constraints_json_general(constraints: Any, strings_are_exact: bool) -> str:
    if not isinstance(constraints, Mapping):
        raise _exc.ArgumentTypeError(
            f"constraints must be a dict of argument name to constraint, not "
            f"{type(constraints).__name__}"
        )
    out: Dict[str, Any] = {}
    for field, value in constraints.items():
        if not isinstance(field, str):
            raise _exc.ArgumentTypeError(
                f"constraint names must be str, not {type(field).__name__}"
            )
        if field == "_allow_unknown":
            if not isinstance(value, bool):
                raise _exc.ArgumentTypeError("_allow_unknown must be True or False")
            out["_allow_unknown"] = value
            continue
        out[field] = _as_constraint(value, field, strings_are_exact=strings_are_exact).to_json()
    try:
        # The values inside were checked when each constraint was constructed.
        return _values.encode_json(out)
    except (TypeError, ValueError, UnicodeError):
        _values.check_value(out, "constraints")
        return _values.dumps(out)
