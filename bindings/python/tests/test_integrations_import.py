"""Import hygiene of the framework integrations, with no framework importable (a meta path
finder in a child interpreter refuses them, whatever is installed): ``import tenuo`` works and
imports none of them; each ``tenuo.<integration>`` raises ImportError naming its pip extra."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from helpers import subprocess_env

BLOCKER = textwrap.dedent("""
    import importlib.abc, sys
    BLOCKED = ("fastapi", "starlette", "httpx", "langchain_core", "langchain", "langgraph", "mcp",
               "pydantic")
    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r} (blocked)", name=name)
            return None
    sys.meta_path.insert(0, Block())
""")


def run(code: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", BLOCKER + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120, env=subprocess_env())
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_import_tenuo_without_frameworks():
    out = run("""
        import json, sys
        import tenuo
        from tenuo import guard, mint_sync, Capability, SigningKey, configure
        frameworks = sorted(m for m in sys.modules
                            if m.split(".")[0] in BLOCKED or m.startswith("tenuo.") and
                            m.split(".")[1] in ("fastapi", "langchain", "langgraph", "mcp"))
        configure(issuer_key=SigningKey.generate(), dev_mode=True, audit_log=False)
        @guard(tool="ping")
        def ping():
            return "pong"
        with mint_sync(Capability("ping")):
            answer = ping()
        print(json.dumps({"frameworks": frameworks, "answer": answer}))
    """)
    assert out == {"frameworks": [], "answer": "pong"}


@pytest.mark.parametrize("extra", ["fastapi", "langchain", "langgraph", "mcp"])
def test_missing_extra_names_the_pip_command(extra):
    out = run(f"""
        import json
        try:
            import tenuo.{extra}
        except ImportError as err:
            print(json.dumps({{"message": str(err), "type": type(err).__name__}}))
        else:
            print(json.dumps({{"message": None}}))
    """)
    assert out["message"] is not None, f"tenuo.{extra} imported without its framework"
    assert f"pip install tenuo[{extra}]" in out["message"]
