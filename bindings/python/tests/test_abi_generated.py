"""The generated ctypes view of the ABI (tenuo/_abi.py) is fresh and is what the binding uses."""

from __future__ import annotations

import ctypes
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from tenuo import _abi, _native, exceptions

ROOT = Path(__file__).resolve().parents[3]
GENERATOR = ROOT / "scripts" / "gen_header.py"


def _generator():
    if not GENERATOR.is_file() or not (ROOT / "Sources" / "Tenuo").is_dir():
        pytest.skip("not running from a source checkout")
    spec = importlib.util.spec_from_file_location("gen_header", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_header"] = module
    spec.loader.exec_module(module)
    return module


def test_generated_module_is_fresh():
    gen = _generator().generate(str(ROOT))
    current = (Path(_abi.__file__)).read_text(encoding="utf-8")
    assert current == gen.python, "tenuo/_abi.py is stale: run `make header` and commit it"


def test_generator_check_mode_fails_on_a_stale_copy(tmp_path):
    mod = _generator()
    stale = tmp_path / "_abi.py"
    stale.write_text(Path(_abi.__file__).read_text(encoding="utf-8").replace("TENUO_SEED_BYTES = 32",
                                                                              "TENUO_SEED_BYTES = 31"))
    assert mod.main(["--root", str(ROOT), "--check-python", str(stale)]) == 1
    assert mod.main(["--root", str(ROOT), "--check-python", _abi.__file__]) == 0


def test_status_names_match_the_library():
    for code, name in _abi.STATUS_NAMES.items():
        assert _native.status_name(code) == name
    assert _abi.TENUO_E_CAPABILITY_EXPANSION == 1503
    assert exceptions.ErrorCode.CAPABILITY_EXPANSION == 1503
    assert exceptions.ErrorCode.to_name(1503) == "capability-expansion"


def test_every_prototype_is_installed_on_the_library():
    for name, (argtypes, restype) in _abi.PROTOTYPES.items():
        fn = getattr(_native.lib, name)
        assert list(fn.argtypes) == list(argtypes), name
        assert fn.restype is restype or (restype is None and fn.restype is None), name


def test_handle_kinds_are_distinct_types():
    assert _abi.WarrantP is not _abi.PublicKeyP
    with pytest.raises(ctypes.ArgumentError):
        _native.lib.tenuo_warrant_free(_abi.PublicKeyP())


def test_constants_agree_with_the_header():
    header = ROOT / "include" / "tenuo.h"
    if not header.is_file():
        pytest.skip("no header")
    for name, value in re.findall(r"^#define (TENUO_[A-Z0-9_]+)\s+(\d+)\b", header.read_text(), re.M):
        assert getattr(_abi, name) == int(value), name
