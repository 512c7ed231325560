"""Fixtures of the integration tests (the frameworks come from integ_env)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from integ_env import _clean_env, reference_fastapi_python  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_agent_layer():
    """Each test starts unconfigured, with an empty key registry and the audit logger off."""
    from tenuo import KeyRegistry, reset_config
    from tenuo.audit import audit_logger

    reset_config()
    KeyRegistry.reset_instance()
    yield
    reset_config()
    KeyRegistry.reset_instance()
    audit_logger.configure(enabled=False)


@pytest.fixture
def audit_events():
    """Every audit event (library and Python) delivered during the test, as dicts."""
    from tenuo.audit import audit_logger

    events: List[Dict[str, Any]] = []
    audit_logger.configure(enabled=True, handler=events.append)
    return events


class RefFastAPI:
    """The reference helper with ``fastapi_decide`` (ref_fastapi_helper.py), one process."""

    def __init__(self, python: str) -> None:
        self.proc = subprocess.Popen(
            [python, "-I", "-W", "ignore", str(HERE / "ref_fastapi_helper.py")],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            env=_clean_env())

    def batch(self, ops: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(json.dumps({"ops": ops}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the reference FastAPI helper exited")
        return json.loads(line)["results"]

    def ok(self, op: str, **fields: Any) -> Dict[str, Any]:
        result = self.batch([dict(op=op, **fields)])[0]
        assert result["ok"], result
        return result

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            self.proc.kill()


@pytest.fixture(scope="module")
def ref_fastapi():
    helper = RefFastAPI(reference_fastapi_python())
    assert helper.ok("version")["version"] == "0.3.3"
    yield helper
    helper.close()
