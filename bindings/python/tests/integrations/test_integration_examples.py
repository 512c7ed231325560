"""The framework examples (examples/fastapi_integration.py, langgraph_protected.py,
mcp_integration.py) run under the frameworks' venv, from another directory, and say OK."""

from __future__ import annotations

import subprocess

from integ_env import PACKAGE_ROOT, require_frameworks, subprocess_env, venv_python

require_frameworks()

import pytest  # noqa: E402

EXAMPLES = ["fastapi_integration.py", "langgraph_protected.py", "mcp_integration.py"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs(name, tmp_path):
    path = PACKAGE_ROOT / "examples" / name
    proc = subprocess.run([str(venv_python()), str(path)], cwd=tmp_path, capture_output=True,
                          text=True, env=subprocess_env(), timeout=180)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == f"{path.stem}: OK"


BLOCK_LANGCHAIN = """
import importlib.abc, runpy, sys
class Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("langchain_core", "langchain", "langgraph"):
            raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
sys.meta_path.insert(0, Block())
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


@pytest.mark.parametrize("name", ["fastapi_integration.py", "mcp_integration.py"])
def test_extra_needs_only_its_own_framework(name, tmp_path):
    """tenuo[mcp] and tenuo[fastapi] work without LangChain installed."""
    path = PACKAGE_ROOT / "examples" / name
    proc = subprocess.run([str(venv_python()), "-c", BLOCK_LANGCHAIN, str(path)], cwd=tmp_path,
                          capture_output=True, text=True, env=subprocess_env(), timeout=180)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == f"{path.stem}: OK"
