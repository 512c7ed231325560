"""Constraints over collections of values: ``Contains`` (the list argument must hold every
required value) and ``Subset`` (every element must be allowed), with the reference SDK's
constructor arguments.

As for the other constraints, a class is a description (its JSON form); libtenuo decides what
matches and what narrows.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable

from .constraints import Constraint, _value_list

__all__ = ["Contains", "Subset"]


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


def from_json(kind: str, data: Dict[str, Any]) -> "Constraint | None":
    """Rebuilds a constraint of this module from the JSON form the library printed (no
    re-check: the library already accepted it). ``None`` for another type."""
    if kind == "contains":
        return Contains(data.get("required", []))
    if kind == "subset":
        return Subset(data.get("allowed", []))
    return None
