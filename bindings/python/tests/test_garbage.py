"""No input, however wrong, may crash the interpreter: it must raise a Python exception."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from tenuo import Authorizer, PublicKey, SigningKey, Warrant, WarrantChain
from tenuo import exceptions as exc

from helpers import NOW, subprocess_env

WEIRD = [None, 0, -1, 2 ** 80, 1.5, float("nan"), "", "x" * 10_000, b"", b"\x00" * 100,
         bytearray(b"\xff" * 64), [], {}, (), object(), SigningKey, Warrant, True]


def _mutations(data: bytes, rng: random.Random, count: int):
    for _ in range(count):
        buf = bytearray(data)
        kind = rng.randrange(4)
        if kind == 0 and buf:
            buf[rng.randrange(len(buf))] ^= 1 << rng.randrange(8)
        elif kind == 1 and buf:
            del buf[rng.randrange(len(buf)):]
        elif kind == 2:
            buf.insert(rng.randrange(len(buf) + 1), rng.randrange(256))
        else:
            buf = bytearray(rng.randbytes(rng.randrange(1, 300)))
        yield bytes(buf)


def test_mutated_warrant_bytes(warrant):
    rng = random.Random(1234)
    raw = warrant.to_bytes()
    accepted = 0
    for data in _mutations(raw, rng, 1500):
        try:
            w = Warrant.from_bytes(data)
        except exc.TenuoError:
            continue
        accepted += 1
        # Only changes that leave the signed bytes intact may parse.
        assert w.payload_bytes == warrant.payload_bytes
    assert accepted < 50


def test_random_text_everywhere():
    rng = random.Random(99)
    alphabet = "ABCabc0189-_+/=\n -----BEGIN TENUO WARRANT-----\u00e9\u2603"
    parsers = [Warrant, WarrantChain.parse, SigningKey.parse, PublicKey.parse]
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 200)))
        for parse in parsers:
            try:
                parse(text)
            except exc.TenuoError:
                pass


def test_random_chain_bytes():
    rng = random.Random(7)
    for _ in range(300):
        try:
            WarrantChain.from_bytes(rng.randbytes(rng.randrange(0, 400)))
        except exc.TenuoError:
            pass


@pytest.mark.parametrize("value", WEIRD, ids=lambda v: type(v).__name__)
def test_wrong_types_raise(value, warrant, agent_key, root_key):
    auth = Authorizer(trusted_roots=[root_key.public_key])
    sig = warrant.sign(agent_key, "ping", {}, NOW)
    calls = [
        lambda: Warrant(value),
        lambda: Warrant.from_bytes(value),
        lambda: SigningKey.from_bytes(value),
        lambda: PublicKey.from_bytes(value),
        lambda: SigningKey.parse(value),
        lambda: warrant.sign(value, "ping", {}, NOW),
        lambda: warrant.sign(agent_key, value, {}, NOW),
        lambda: warrant.sign(agent_key, "ping", value, NOW),
        lambda: warrant.sign(agent_key, "ping", {}, value),
        lambda: warrant.why_denied(value, {}),
        lambda: warrant.authorize("ping", {}, value, now=NOW),
        lambda: auth.authorize(value, "ping", {}, sig, now=NOW),
        lambda: auth.authorize(warrant, "ping", {}, value, now=NOW),
        lambda: auth.check_chain(value, "ping", {}, sig, now=NOW),
        lambda: Authorizer(trusted_roots=value),
        lambda: warrant.grant(to=value, allow="ping", key=agent_key),
        lambda: Warrant.mint_builder().tool("x").holder(value),
        lambda: Warrant.mint_builder().tool("x").ttl(value),
        lambda: Warrant.mint_builder().tool("x").mint(value),
        lambda: warrant.bind(value),
    ]
    for call in calls:
        try:
            call()
        except (TypeError, ValueError, exc.TenuoError, OverflowError):
            pass


def test_closed_handles_raise(root_key, agent_key):
    w = Warrant.mint_builder().tool("x").holder(agent_key.public_key).mint(root_key, now=NOW)
    text = str(w)
    w.close()
    w.close()
    for call in [lambda: str(w), lambda: w.tools, lambda: w.sign(agent_key, "x", {}, NOW),
                 lambda: w.to_bytes(), lambda: Authorizer(trusted_roots=[root_key.public_key])
                 .authorize(w, "x", {}, b"\x00" * 64, now=NOW),
                 lambda: w.grant(to=agent_key.public_key, allow="x", key=agent_key)]:
        with pytest.raises(exc.ClosedHandleError):
            call()
    assert repr(w) == "<Warrant closed>"
    with Warrant(text) as again:
        assert again.tools == ["x"]
    key = SigningKey.generate()
    key.close()
    with pytest.raises(exc.ClosedHandleError):
        Warrant(text).sign(key, "x", {}, NOW)


def test_huge_inputs(warrant, agent_key):
    with pytest.raises(exc.TenuoError):
        Warrant("A" * 200_000)
    with pytest.raises(exc.TenuoError):
        Warrant.from_bytes(b"\x83" + b"\x00" * 100_000)
    big_args = {"k%d" % i: "v" * 100 for i in range(2000)}
    assert warrant.allows("ping", big_args)
    assert len(warrant.sign(agent_key, "ping", big_args, NOW)) == 64


def test_fuzz_in_a_child_process():
    """The same kind of garbage in a separate interpreter: a crash shows as a bad exit code."""
    code = r"""
import random, tenuo
from tenuo import Warrant, SigningKey, WarrantChain, PublicKey
from tenuo.exceptions import TenuoError
rng = random.Random(5)
key = SigningKey.from_bytes(bytes(32))
w = Warrant.mint_builder().tool("t").mint(key, now=1767225600)
raw = w.to_bytes()
for i in range(3000):
    data = bytearray(raw)
    for _ in range(rng.randrange(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    for fn in (Warrant.from_bytes, WarrantChain.from_bytes):
        try:
            fn(bytes(data))
        except TenuoError:
            pass
    try:
        Warrant(rng.randbytes(rng.randrange(300)).hex())
    except TenuoError:
        pass
print("survived")
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=subprocess_env(), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "survived" in proc.stdout
