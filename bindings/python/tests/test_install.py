"""`pip install ./bindings/python` into a fresh venv gives a package that works from any
directory: the wheel carries libtenuo.so, and the seed README snippets run against it."""

from __future__ import annotations

import os
import subprocess
import venv

import pytest

import tenuo
from helpers import PACKAGE_ROOT

from test_seed_readme import bound_source, low_level_source, run_snippet, safe_path_source

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    if os.environ.get("TENUO_SKIP_INSTALL_TEST") == "1":
        pytest.skip("TENUO_SKIP_INSTALL_TEST=1")
    root = tmp_path_factory.mktemp("install")
    env_dir = root / "venv"
    try:
        venv.EnvBuilder(with_pip=True).create(env_dir)
    except (subprocess.CalledProcessError, OSError) as err:
        # Debian's python3 needs the python3-venv package for ensurepip.
        pytest.skip(f"cannot create a venv with pip here ({err}); install python3-venv")
    python = env_dir / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TENUO_LIBRARY")}
    # Ship exactly the library these tests run against.
    env["TENUO_LIBRARY"] = os.path.realpath(tenuo._native.library_path)
    proc = subprocess.run([str(python), "-m", "pip", "install", "-q", str(PACKAGE_ROOT)],
                          capture_output=True, text=True, env=env, cwd=root, timeout=900)
    if proc.returncode != 0:
        if "Could not find a version" in proc.stderr or "NewConnectionError" in proc.stderr:
            pytest.skip("no package index reachable for the build backend")
        pytest.fail(f"pip install failed:\n{proc.stderr[-3000:]}")
    return python, root


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "TENUO_LIBRARY")}
    env.update(extra)
    return env


def test_installed_package_loads_its_own_library(installed):
    python, root = installed
    proc = subprocess.run([str(python), "-c",
                           "import tenuo, tenuo._native as n; print(n.library_path)"],
                          capture_output=True, text=True, env=clean_env(), cwd=root, timeout=60)
    assert proc.returncode == 0, proc.stderr
    path = proc.stdout.strip()
    assert "site-packages" in path and path.endswith("tenuo/_lib/libtenuo.so")
    typed = subprocess.run([str(python), "-c",
                            "import tenuo, os; print(os.path.exists(os.path.join("
                            "os.path.dirname(tenuo.__file__), 'py.typed')))"],
                           capture_output=True, text=True, env=clean_env(), cwd=root)
    assert typed.stdout.strip() == "True"


def test_seed_snippets_run_against_the_installed_package(installed, tmp_path):
    from tenuo import SigningKey

    python, _ = installed
    issuer, agent = SigningKey.generate(), SigningKey.generate()
    env = clean_env(ISSUER_KEY=issuer.to_hex(), AGENT_KEY=agent.to_base64(),
                    AGENT_PUBKEY=agent.public_key.to_pem())
    assert "SAFE PATH OK" in run_snippet(safe_path_source(), tmp_path, str(python), env)
    assert run_snippet(bound_source(), tmp_path, str(python), env).startswith("Authorized!")
    assert "LOW LEVEL OK True" in run_snippet(low_level_source(), tmp_path, str(python), env)
