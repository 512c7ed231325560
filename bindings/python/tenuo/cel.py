"""The CEL constraint: ``CEL(expression)``, the reference SDK's class name.

The expression is in the reference's CEL dialect: a dict argument's keys are variables, any
other argument is ``value`` (``CEL("value < 10000")``, ``CEL("amount < 10000 && currency ==
'USD'")``). libtenuo parses it once and evaluates it; an error or a non-bool result denies.
Delegation narrows a CEL only to ``(<parent>) && (<predicate>)``.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from . import exceptions as _exc
from .constraints import Constraint

__all__ = ["CEL"]


class CEL(Constraint):
    """A CEL predicate over the argument, e.g. ``CEL("value.startsWith('staging-')")``."""

    type_name = "CEL"

    def __init__(self, expression: str, parent_expression: Optional[str] = None) -> None:
        if not isinstance(expression, str):
            raise _exc.ArgumentTypeError(f"CEL expression must be a str, not {type(expression).__name__}")
        if parent_expression is not None and not isinstance(parent_expression, str):
            raise _exc.ArgumentTypeError("CEL parent_expression must be a str or None")
        self.expression = expression
        self.parent_expression = parent_expression
        self._check_with_library(_exc.ValidationError)

    def to_json(self) -> Dict[str, Any]:
        out: Dict[str, Any] = {"type": "CEL", "expression": self.expression}
        if self.parent_expression is not None:
            out["parent_expression"] = self.parent_expression
        return out

    def attenuate(self, predicate: str) -> "CEL":
        """The child ``(<expression>) && (<predicate>)``, as the reference's ``CelConstraint::attenuate``."""
        if not isinstance(predicate, str):
            raise _exc.ArgumentTypeError("CEL predicate must be a str")
        return CEL(f"({self.expression}) && ({predicate})", parent_expression=self.expression)

    def matches(self, value: Any) -> bool:
        """True when the expression yields true for ``value``, False when it yields false.

        As the reference's ``CEL.matches``, raises :class:`~tenuo.exceptions.CelError` when the
        expression does not compile, fails to evaluate, or yields a non-bool (``satisfies``
        returns False for those: every failure denies).
        """
        from . import _native

        if self.satisfies(value):
            return True
        message = _native.last_error_message()
        for prefix in ("evaluation failed: CelError: ", "CelError: "):
            if message.startswith(prefix):
                text = message[len(prefix):]
                lead = "CEL expression error: "
                reason = text[len(lead):] if text.startswith(lead) else text
                raise _exc.CelError(text, details={"reason": reason})
        return False

    def __repr__(self) -> str:
        return f"CEL({self.expression!r})"


def from_json(kind: str, data: Dict[str, Any]) -> Optional[Constraint]:
    """The CEL class for a library JSON form (``kind`` lowercased), or None."""
    if kind != "cel":
        return None
    return CEL(data["expression"], data.get("parent_expression"))
