"""The binding's layering: ctypes is used by _native.py (and the generated _abi.py) only."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "tenuo"

ALLOWED = {"_native.py", "_abi.py"}


def _imports_ctypes(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] == "ctypes" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "ctypes":
            return True
    return False


def test_only_native_imports_ctypes() -> None:
    users = {p.name for p in PACKAGE.glob("*.py") if _imports_ctypes(p)}
    assert "_native.py" in users  # the check can fail: it sees the one module that must import it
    assert users <= ALLOWED, f"ctypes imported outside _native.py: {sorted(users - ALLOWED)}"
