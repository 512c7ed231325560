"""Constraints made of other constraints: ``All`` (AND), ``AnyOf`` (OR) and ``Not``, with the
reference SDK's constructor arguments.

As for the other constraints, a class is a description (its JSON form); libtenuo decides what
matches and what narrows.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable, List

from . import exceptions as _exc
from .constraints import Constraint

__all__ = ["All", "AnyOf", "Not"]


def _constraint_list(items: Any, cls_name: str) -> List[Constraint]:
    if isinstance(items, (str, bytes, Constraint)) or not isinstance(items, Iterable):
        raise _exc.ArgumentTypeError(f"{cls_name} takes a list of constraints, not {type(items).__name__}")
    out = list(items)
    for index, c in enumerate(out):
        if not isinstance(c, Constraint):
            raise _exc.ArgumentTypeError(f"{cls_name} item [{index}] is {type(c).__name__}, not a constraint")
    return out


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


def from_json(kind: str, data: Dict[str, Any]) -> "Constraint | None":
    """Rebuilds a constraint of this module from the JSON form the library printed (no
    re-check: the library already accepted it). ``None`` for another type."""
    from .constraints import constraint_from_json

    if kind in ("all", "any"):
        cls = All if kind == "all" else AnyOf
        group = cls.__new__(cls)
        group.constraints = [constraint_from_json(c) for c in data.get("constraints", [])]
        return group
    if kind == "not":
        inner = Not.__new__(Not)
        inner.constraint = constraint_from_json(data["constraint"])
        return inner
    return None
