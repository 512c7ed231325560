"""The real frameworks (FastAPI, LangChain, LangGraph, MCP) for the integration tests.

They are not dependencies of ``tenuo``, so they live in a virtual environment of their own,
``bindings/python/.venv-integ`` (gitignored), created on first use with
``python3 -m venv --system-site-packages`` and ``pip install -r requirements-integrations.txt``
and reused while it imports them all. Its site-packages directory is put in front of this
interpreter's ``sys.path`` (same Python, so the same ABI); examples and the MCP server run
under the venv's own Python. When the venv cannot be made (no network) the tests skip, or
fail when ``TENUO_REQUIRE_INTEGRATIONS=1`` (set by ``.ci/run``).

The FastAPI interop tests also need the reference (``tenuo==0.3.3``) with FastAPI: the
``TENUO_REF_PYTHON`` interpreter when it has ``fastapi`` and ``httpx``, else
``bindings/python/.venv-ref-integ`` (made the same way with ``tenuo==0.3.3 fastapi httpx``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

import pytest

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parents[1]
VENV = PACKAGE_ROOT / ".venv-integ"
REF_VENV = PACKAGE_ROOT / ".venv-ref-integ"
REQUIREMENTS = PACKAGE_ROOT / "requirements-integrations.txt"
MODULES = ("fastapi", "httpx", "langchain_core", "langgraph", "mcp")

_problem: Optional[str] = None


def _clean_env() -> dict:
    drop = {"PYTHONPATH", "PYTHONHOME", "TENUO_LIBRARY"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def _imports(python: Path, modules) -> bool:
    if not python.exists():
        return False
    proc = subprocess.run([str(python), "-c", "import " + ", ".join(modules)],
                          capture_output=True, timeout=120, env=_clean_env())
    return proc.returncode == 0


def _make_venv(path: Path, system_site: bool, packages) -> Optional[str]:
    python = path / "bin" / "python"
    try:
        cmd = [sys.executable, "-m", "venv"] + (["--system-site-packages"] if system_site else [])
        subprocess.run(cmd + [str(path)], check=True, capture_output=True, timeout=300)
        subprocess.run([str(python), "-m", "pip", "install", "-q", *packages], check=True,
                       capture_output=True, timeout=900, env=_clean_env())
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as err:
        detail = getattr(err, "stderr", b"") or b""
        return f"cannot create {path}: {err} {detail.decode(errors='replace')[-500:]}"
    return None


def venv_python() -> Path:
    return VENV / "bin" / "python"


def _site_packages(python: Path) -> str:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, timeout=60, env=_clean_env(), check=True)
    return out.stdout.strip()


def _setup() -> Optional[str]:
    python = venv_python()
    if not _imports(python, MODULES):
        reason = _make_venv(VENV, True, ["-r", str(REQUIREMENTS)])
        if reason:
            return reason
        if not _imports(python, MODULES):
            return f"{VENV} does not import {', '.join(MODULES)}"
    version = subprocess.run([str(python), "-c", "import sys; print(sys.version_info[:2])"],
                             capture_output=True, text=True, env=_clean_env()).stdout.strip()
    if version != str(sys.version_info[:2]):
        return f"{VENV} runs Python {version}, this interpreter {sys.version_info[:2]}"
    site = _site_packages(python)
    if site not in sys.path:
        sys.path.insert(0, site)
    return None


def require_frameworks() -> None:
    """Call at the top of a test module: skip (or fail in CI) when the frameworks are absent."""
    global _problem
    if _problem is None:
        _problem = _setup() or ""
    if _problem:
        if os.environ.get("TENUO_REQUIRE_INTEGRATIONS") == "1":
            pytest.fail(f"integration frameworks unavailable: {_problem}", pytrace=False)
        pytest.skip(f"integration frameworks unavailable: {_problem}", allow_module_level=True)


def reference_fastapi_python() -> str:
    """A Python with tenuo==0.3.3, fastapi and httpx (see the module docstring)."""
    mods = ("tenuo_core", "fastapi", "httpx", "tenuo.fastapi")
    override = os.environ.get("TENUO_REF_PYTHON")
    if override and _imports(Path(override), mods):
        return override
    python = REF_VENV / "bin" / "python"
    if not _imports(python, mods):
        reason = _make_venv(REF_VENV, False, ["tenuo==0.3.3", "fastapi>=0.110,<1", "httpx>=0.27,<1"])
        if reason or not _imports(python, mods):
            reason = reason or f"{REF_VENV} lacks {mods}"
            if os.environ.get("TENUO_REQUIRE_INTEGRATIONS") == "1" or \
                    os.environ.get("TENUO_REQUIRE_INTEROP") == "1":
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
    return str(python)


def subprocess_env(**extra: str) -> dict:
    """For a child running this checkout's package under the venv's Python."""
    import tenuo
    env = dict(os.environ)
    env["PYTHONPATH"] = str(PACKAGE_ROOT)
    if os.path.isabs(tenuo._native.library_path):
        env["TENUO_LIBRARY"] = tenuo._native.library_path
    env.update(extra)
    return env
