"""Structural constraints: ``Contains``, ``Subset``, ``All``, ``AnyOf``, ``Not``, ``Subpath``
and ``Shlex``, with the reference SDK's constructor arguments.

As for the other constraints, a class is a description (its JSON form); libtenuo decides what
matches and what narrows. ``Shlex`` here is the warrant constraint (wire type 128: whitespace
tokens, shell metacharacters refused, binary allow-list), the one a warrant can carry.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from . import _values
from . import exceptions as _exc
from .constraints import Constraint, _value_list

__all__ = ["Contains", "Subset", "All", "AnyOf", "Not", "Subpath", "Shlex"]


def _constraint_list(items: Any, cls_name: str) -> List[Constraint]:
    if isinstance(items, (str, bytes, Constraint)) or not isinstance(items, Iterable):
        raise _exc.ArgumentTypeError(f"{cls_name} takes a list of constraints, not {type(items).__name__}")
    out = list(items)
    for index, c in enumerate(out):
        if not isinstance(c, Constraint):
            raise _exc.ArgumentTypeError(f"{cls_name} item [{index}] is {type(c).__name__}, not a constraint")
    return out


class Contains(Constraint):
    """The argument must be a list containing every value of ``values``."""

    type_name = "Contains"

    def __init__(self, values: Iterable[Any]) -> None:
        self.required = _value_list(values, "Contains")

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Contains", "required": list(self.required)}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Contains({self.required!r})"


class Subset(Constraint):
    """The argument must be a list whose every element is one of ``values``."""

    type_name = "Subset"

    def __init__(self, values: Iterable[Any]) -> None:
        self.allowed = _value_list(values, "Subset")

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Subset", "allowed": list(self.allowed)}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Subset({self.allowed!r})"


class All(Constraint):
    """Every nested constraint must pass (AND). A child may add clauses."""

    type_name = "All"

    def __init__(self, constraints: Iterable[Constraint]) -> None:
        self.constraints = _constraint_list(constraints, "All")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "All", "constraints": [c.to_json() for c in self.constraints]}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"All({self.constraints!r})"


class AnyOf(Constraint):
    """At least one nested constraint must pass (OR). Not attenuable except to itself."""

    type_name = "Any"

    def __init__(self, constraints: Iterable[Constraint]) -> None:
        self.constraints = _constraint_list(constraints, "AnyOf")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Any", "constraints": [c.to_json() for c in self.constraints]}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"AnyOf({self.constraints!r})"


class Not(Constraint):
    """The nested constraint must fail. Not attenuable except to itself."""

    type_name = "Not"

    def __init__(self, constraint: Constraint) -> None:
        if not isinstance(constraint, Constraint):
            raise _exc.ArgumentTypeError(f"Not takes a constraint, not {type(constraint).__name__}")
        self.constraint = constraint
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Not", "constraint": self.constraint.to_json()}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Not({self.constraint!r})"


class Subpath(Constraint):
    """The argument must be a path inside ``root`` after lexical normalisation (``.``/``..``
    resolved, ``..`` stopping at the root), so traversal cannot escape it."""

    type_name = "Subpath"

    def __init__(self, root: str, case_sensitive: bool = True, allow_equal: bool = True) -> None:
        if not isinstance(root, str):
            raise _exc.ArgumentTypeError(f"Subpath root must be a str, not {type(root).__name__}")
        for name, flag in (("case_sensitive", case_sensitive), ("allow_equal", allow_equal)):
            if not isinstance(flag, bool):
                raise _exc.ArgumentTypeError(f"Subpath {name} must be a bool")
        self._given = (root, case_sensitive, allow_equal)
        self.case_sensitive = case_sensitive
        self.allow_equal = allow_equal
        # The library normalises the root at construction (as the reference does).
        from . import _native

        try:
            with _native.constraint_handle(_values.dumps(self._raw_json())) as handle:
                normalised = _native.constraint_json(handle)
        except _exc.TenuoError as err:
            raise _exc.ValidationError(err.message, status=err.status, status_name=err.status_name) from None
        self.root = str(normalised.get("root", root))

    def _raw_json(self) -> Dict[str, Any]:
        root, cs, ae = self._given
        return {"type": "Subpath", "root": root, "case_sensitive": cs, "allow_equal": ae}

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Subpath", "root": self.root, "case_sensitive": self.case_sensitive,
                "allow_equal": self.allow_equal}

    def contains(self, path: Any) -> bool:
        return self.satisfies(path)

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Subpath({self.root!r}, case_sensitive={self.case_sensitive}, allow_equal={self.allow_equal})"


class Shlex(Constraint):
    """A shell command line: whitespace-separated tokens, no shell metacharacters anywhere,
    and a binary (by full path or basename) from ``allow``."""

    type_name = "Shlex"

    def __init__(self, allow: Iterable[str]) -> None:
        if isinstance(allow, (str, bytes)) or not isinstance(allow, Iterable):
            raise _exc.ArgumentTypeError("Shlex allow must be a list of str")
        self.allow = list(allow)
        for index, a in enumerate(self.allow):
            if not isinstance(a, str):
                raise _exc.ArgumentTypeError(f"Shlex allow [{index}] must be a str")
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        return {"type": "Shlex", "allow": list(self.allow)}

    def matches(self, value: Any) -> bool:
        return self.satisfies(value)

    def __repr__(self) -> str:
        return f"Shlex(allow={self.allow!r})"


def from_json(kind: str, data: Dict[str, Any]) -> "Constraint | None":
    """Rebuilds a structural constraint from the JSON form the library printed (no re-check:
    the library already accepted it). ``None`` for another type."""
    from .constraints import constraint_from_json

    if kind == "contains":
        return Contains(data.get("required", []))
    if kind == "subset":
        return Subset(data.get("allowed", []))
    if kind in ("all", "any"):
        cls = All if kind == "all" else AnyOf
        group = cls.__new__(cls)
        group.constraints = [constraint_from_json(c) for c in data.get("constraints", [])]
        return group
    if kind == "not":
        inner = Not.__new__(Not)
        inner.constraint = constraint_from_json(data["constraint"])
        return inner
    if kind == "subpath":
        sp = Subpath.__new__(Subpath)
        sp.root = str(data["root"])
        sp.case_sensitive = bool(data.get("case_sensitive", True))
        sp.allow_equal = bool(data.get("allow_equal", True))
        sp._given = (sp.root, sp.case_sensitive, sp.allow_equal)
        return sp
    if kind == "shlex":
        sh = Shlex.__new__(Shlex)
        sh.allow = [str(a) for a in data.get("allow", [])]
        return sh
    return None
