"""Every program under bindings/python/examples runs, from another directory, and says OK."""

from __future__ import annotations

import subprocess
import sys

import pytest

from helpers import PACKAGE_ROOT, subprocess_env

#: Examples that need a framework extra (and the MCP example's server): run by
#: tests/integrations/test_integration_examples.py, in the venv that has the frameworks.
NEEDS_FRAMEWORK = {"fastapi_integration.py", "langgraph_protected.py", "mcp_integration.py",
                   "mcp_server.py"}
EXAMPLES = sorted(p for p in (PACKAGE_ROOT / "examples").glob("*.py")
                  if p.name not in NEEDS_FRAMEWORK)


def test_the_seed_examples_that_need_no_framework_exist():
    assert {p.name for p in EXAMPLES} >= {"basic_usage.py", "agent_quickstart.py"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, tmp_path):
    proc = subprocess.run([sys.executable, str(path)], cwd=tmp_path, capture_output=True,
                          text=True, env=subprocess_env(), timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip().splitlines()[-1] == f"{path.stem}: OK"
