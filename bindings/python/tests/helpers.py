"""Shared test constants and helpers (imported by the test modules and conftest)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGE_ROOT = HERE.parent  # bindings/python
REPO = PACKAGE_ROOT.parent.parent

if str(PACKAGE_ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(PACKAGE_ROOT))

import tenuo  # noqa: E402  (fails loudly, with the paths tried, when libtenuo.so is missing)
from tenuo import SigningKey  # noqa: E402

#: 2026-01-01T00:00:00Z: the pinned clock of the unit tests.
NOW = 1_767_225_600


def seed_key(byte: int) -> SigningKey:
    return SigningKey.from_bytes(bytes([byte]) * 32)


def subprocess_env(**extra: str) -> dict:
    """Environment for a child Python that must import this checkout's package."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(PACKAGE_ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    )
    if os.path.isabs(tenuo._native.library_path):
        env["TENUO_LIBRARY"] = tenuo._native.library_path
    env.update(extra)
    return env


def forge_pop(warrant, key: SigningKey, tool: str, args: dict, timestamp: int) -> bytes:
    """A proof-of-possession over ``warrant``'s challenge signed with ANY key.

    libtenuo only signs as the warrant's holder; tests need wrong-key proofs, so this builds the
    signed message the way the protocol does (domain prefixes + the library's challenge bytes).
    """
    window = timestamp - timestamp % 30
    message = b"tenuo-warrant-v1" + b"tenuo-pop-v1" + warrant.pop_challenge(tool, args, window)
    return key.sign_raw(message)
