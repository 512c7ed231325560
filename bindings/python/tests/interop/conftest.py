"""The reference implementation (``tenuo==0.3.3`` from PyPI) in its own virtual environment.

It has the same import name as this package, so it never runs in this interpreter: a helper
process (``ref_helper.py``) runs under the reference venv's Python and answers JSON requests.

Which Python runs it:
1. ``TENUO_REF_PYTHON`` (path to a Python that has ``tenuo==0.3.3``), else
2. ``bindings/python/.venv-ref/bin/python``, created on first use with
   ``python3 -m venv .venv-ref && .venv-ref/bin/pip install tenuo==0.3.3`` (gitignored).
When that is impossible (no network) the interop tests are skipped, or fail when
``TENUO_REQUIRE_INTEROP=1``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parents[1]
VENV = PACKAGE_ROOT / ".venv-ref"
REFERENCE_VERSION = "0.3.3"


def _unavailable(reason: str) -> None:
    if os.environ.get("TENUO_REQUIRE_INTEROP") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _clean_env() -> Dict[str, str]:
    """The reference must never see this package: drop PYTHONPATH (``make test-python`` sets it
    to bindings/python) and our library settings; the helper also runs with ``-I``."""
    drop = {"PYTHONPATH", "PYTHONHOME", "TENUO_LIBRARY", "TENUO_ALLOW_PARTIAL_ABI"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _version_of(python: str) -> str:
    proc = subprocess.run(
        [python, "-I", "-c", "import tenuo_core; from importlib.metadata import version; "
                             "print(version('tenuo'))"],
        capture_output=True, text=True, timeout=60, env=_clean_env(),
    )
    return proc.stdout.strip() if proc.returncode == 0 else ""


def reference_python() -> str:
    override = os.environ.get("TENUO_REF_PYTHON")
    if override:
        if _version_of(override) != REFERENCE_VERSION:
            _unavailable(f"TENUO_REF_PYTHON={override} has no tenuo=={REFERENCE_VERSION}")
        return override
    python = VENV / "bin" / "python"
    if python.exists() and _version_of(str(python)) == REFERENCE_VERSION:
        return str(python)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True,
                       capture_output=True, timeout=300)
        subprocess.run([str(python), "-m", "pip", "install", "-q",
                        f"tenuo=={REFERENCE_VERSION}"], check=True, capture_output=True,
                       timeout=900, env=_clean_env())
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as err:
        detail = getattr(err, "stderr", b"") or b""
        _unavailable(f"cannot create the reference venv at {VENV}: {err} "
                     f"{detail.decode(errors='replace')[-500:]}")
    if _version_of(str(python)) != REFERENCE_VERSION:
        _unavailable(f"{VENV} does not provide tenuo=={REFERENCE_VERSION}")
    return str(python)


class Reference:
    """A running ``ref_helper.py``: ``batch([op, ...])`` → results, in order."""

    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, "-I", "-W", "ignore", str(HERE / "ref_helper.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=_clean_env(),
        )
        self.calls = 0

    def batch(self, ops: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"ops": ops}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the reference helper exited")
        self.calls += 1
        return json.loads(line)["results"]

    def one(self, op: str, **fields: Any) -> Dict[str, Any]:
        return self.batch([dict(op=op, **fields)])[0]

    def ok(self, op: str, **fields: Any) -> Dict[str, Any]:
        result = self.one(op, **fields)
        assert result["ok"], result
        return result

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()


@pytest.fixture(scope="session")
def ref():
    helper = Reference(reference_python())
    version = helper.ok("version")["version"]
    assert version == REFERENCE_VERSION
    yield helper
    helper.close()
