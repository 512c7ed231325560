"""Constraints on file paths and shell commands: ``Subpath`` (the path must stay under a root,
after normalisation) and ``Shlex`` (the warrant constraint, wire type 128: whitespace tokens,
shell metacharacters refused, binary allow-list), with the reference SDK's constructor
arguments.

As for the other constraints, a class is a description (its JSON form); libtenuo decides what
matches and what narrows.
"""

from __future__ import annotations

from typing import Any, Dict, Iterable

from . import _values
from . import exceptions as _exc
from .constraints import Constraint

__all__ = ["Subpath", "Shlex"]


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
    """Rebuilds a constraint of this module from the JSON form the library printed (no
    re-check: the library already accepted it). ``None`` for another type."""
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
