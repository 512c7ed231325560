"""Shared fixtures. Time is pinned (``helpers.NOW``) wherever a test checks a decision."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from helpers import NOW, seed_key  # noqa: E402
from tenuo import Pattern, Range, SigningKey, Warrant  # noqa: E402


@pytest.fixture
def now() -> int:
    return NOW


@pytest.fixture
def root_key() -> SigningKey:
    return seed_key(1)


@pytest.fixture
def agent_key() -> SigningKey:
    return seed_key(2)


@pytest.fixture
def worker_key() -> SigningKey:
    return seed_key(3)


@pytest.fixture
def stranger_key() -> SigningKey:
    return seed_key(9)


@pytest.fixture
def warrant(root_key: SigningKey, agent_key: SigningKey) -> Warrant:
    """read_file(path=/data/*), deploy(cluster=staging-*, replicas<=15), ping; agent; 1 h."""
    return (
        Warrant.mint_builder()
        .capability("read_file", path=Pattern("/data/*"))
        .capability("deploy", cluster=Pattern("staging-*"), replicas=Range.max_value(15))
        .tool("ping")
        .holder(agent_key.public_key)
        .ttl(3600)
        .mint(root_key, now=NOW)
    )
