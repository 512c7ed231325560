"""Loading libtenuo.so: search order, loud failures, ABI checks, header coverage."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

import tenuo
from tenuo import _abi, _native

from helpers import PACKAGE_ROOT, REPO, subprocess_env


def import_in_child(env_extra: dict, cwd: Path = None, pythonpath: str = None) -> subprocess.CompletedProcess:
    env = subprocess_env()
    env.pop("TENUO_LIBRARY", None)
    env.update(env_extra)
    if pythonpath is not None:
        env["PYTHONPATH"] = pythonpath
    code = "import tenuo, tenuo._native as n; print('LOADED', n.library_path)"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          cwd=cwd, timeout=60)


def test_candidate_order(monkeypatch):
    monkeypatch.delenv("TENUO_LIBRARY", raising=False)
    paths = _native.candidate_paths()
    assert paths[0] == str(PACKAGE_ROOT / "tenuo" / "_lib" / "libtenuo.so")
    assert paths[-1] == "libtenuo.so.0"
    assert str(REPO / "build" / "lib" / "libtenuo.so") in paths
    assert paths.index(str(REPO / "build" / "lib" / "libtenuo.so")) < paths.index(
        str(REPO / ".build" / "release" / "libtenuo.so"))
    monkeypatch.setenv("TENUO_LIBRARY", "/some/where/libtenuo.so")
    assert _native.candidate_paths() == ["/some/where/libtenuo.so"]


def test_missing_library_names_every_path_and_the_fix():
    proc = import_in_child({"TENUO_LIBRARY": "/nonexistent/libtenuo.so"})
    assert proc.returncode != 0
    assert "ImportError" in proc.stderr
    assert "/nonexistent/libtenuo.so" in proc.stderr and "make lib" in proc.stderr


def test_not_libtenuo():
    libm = next((p for p in ["/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6",
                             "/lib64/libm.so.6"] if os.path.exists(p)), None)
    if libm is None:
        pytest.skip("no libm to load")
    proc = import_in_child({"TENUO_LIBRARY": libm})
    assert proc.returncode != 0 and "is not libtenuo" in proc.stderr


def test_env_override_wins():
    proc = import_in_child({"TENUO_LIBRARY": _native.library_path})
    assert proc.returncode == 0, proc.stderr
    assert f"LOADED {_native.library_path}" in proc.stdout


def test_library_inside_the_package_is_preferred(tmp_path):
    copy = tmp_path / "tenuo"
    shutil.copytree(PACKAGE_ROOT / "tenuo", copy, ignore=shutil.ignore_patterns("__pycache__", "_lib"))
    (copy / "_lib").mkdir()
    shutil.copyfile(os.path.realpath(_native.library_path), copy / "_lib" / "libtenuo.so")
    proc = import_in_child({}, cwd=tmp_path, pythonpath=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    assert f"LOADED {copy / '_lib' / 'libtenuo.so'}" in proc.stdout


class _FakeFn:
    def __init__(self, value):
        self.value = value

    def __call__(self, *args):
        return self.value


def _fake_lib(abi=0, number=100, missing=()):
    lib = types.SimpleNamespace()
    for name in _native.FUNCTION_NAMES:
        if name not in missing:
            setattr(lib, name, _FakeFn(0))
    lib.tenuo_abi_version = _FakeFn(abi)
    lib.tenuo_version_number = _FakeFn(number)
    lib.tenuo_version_string = _FakeFn(b"9.9.9")
    return lib


def test_abi_mismatch_is_an_import_error():
    with pytest.raises(ImportError, match="ABI"):
        _native._check_version(_fake_lib(abi=_native.EXPECTED_ABI_VERSION + 1), "/x/libtenuo.so")
    with pytest.raises(ImportError, match="major version"):
        _native._check_version(_fake_lib(number=(_native.EXPECTED_MAJOR + 1) * 10000), "/x.so")
    _native._check_version(_fake_lib(), "/x.so")  # matching: no error


def test_missing_symbol_is_an_import_error_with_a_version_hint(monkeypatch):
    monkeypatch.delenv("TENUO_ALLOW_PARTIAL_ABI", raising=False)
    lib = _fake_lib(missing=("tenuo_warrant_sign",))
    with pytest.raises(ImportError) as info:
        _native._declare(lib, "/x/libtenuo.so")
    text = str(info.value)
    assert "tenuo_warrant_sign" in text and "9.9.9" in text and "make lib" in text


def test_loaded_library_matches():
    assert tenuo.LIBRARY_VERSION == _native.version_string
    assert _native.abi_version == _native.EXPECTED_ABI_VERSION
    assert tenuo.WIRE_VERSION == 1
    assert (_native.PUBLIC_KEY_BYTES, _native.SIGNATURE_BYTES, _native.SEED_BYTES) == (32, 64, 32)
    assert "libtenuo" in tenuo.info()


def _header_for_loaded_library() -> Path:
    """The header of the checkout the loaded library was built in (else this repo's)."""
    here = Path(os.path.realpath(_native.library_path)).parent
    for parent in [here, *here.parents]:
        candidate = parent / "include" / "tenuo.h"
        if candidate.is_file() and (parent / "Package.swift").is_file():
            return candidate
    return REPO / "include" / "tenuo.h"


def _header_functions() -> dict:
    header = _header_for_loaded_library()
    if not header.exists():
        pytest.skip("include/tenuo.h not present")
    text = re.sub(r"/\*.*?\*/", "", header.read_text(), flags=re.S)
    found = {}
    for match in re.finditer(r"TENUO_API\s+[^;(]*?\b(tenuo_\w+)\s*\(([^)]*)\)\s*;", text, re.S):
        params = match.group(2).strip()
        count = 0 if params in ("", "void") else params.count(",") + 1
        found[match.group(1)] = count
    return found


def test_every_header_function_is_declared_with_its_arity():
    header = _header_functions()
    declared = {name: len(proto[0]) for name, proto in _abi.PROTOTYPES.items()}
    assert sorted(set(header) - set(declared)) == [], "header functions without a prototype"
    assert sorted(set(declared) - set(header)) == [], "prototypes missing from the header"
    wrong = {n: (declared[n], header[n]) for n in header if declared[n] != header[n]}
    assert wrong == {}, "argument counts differ (binding, header)"
