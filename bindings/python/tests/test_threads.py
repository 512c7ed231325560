"""Threads: shared keys/warrants/authorizers, and the per-thread error message of the C API."""

from __future__ import annotations

import threading
from typing import Callable, List

from tenuo import Authorizer, SigningKey, Warrant
from tenuo import exceptions as exc

from helpers import NOW


def run_threads(work: Callable[[int], None], count: int = 8) -> List[str]:
    errors: List[str] = []

    def wrapper(index: int) -> None:
        try:
            work(index)
        except Exception as err:  # pragma: no cover - reported by the caller
            errors.append(f"thread {index}: {err!r}")

    threads = [threading.Thread(target=wrapper, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_error_messages_belong_to_their_thread(warrant):
    """Each thread fails differently, many times; every exception carries its own message."""
    raw = warrant.to_bytes()

    def work(index: int) -> None:
        for i in range(300):
            kind = (index + i) % 3
            try:
                if kind == 0:
                    Warrant("@@not base64@@")
                elif kind == 1:
                    Warrant.from_bytes(raw[:-5])
                else:
                    SigningKey.from_bytes(b"short")
            except exc.TenuoError as err:
                # The status travels in the return value, the text in thread-local storage:
                # a text from another thread's failure would show here.
                want = {0: (7, "base64"), 1: (1202, "offset"), 2: (1103, "seed")}[kind]
                if err.status != want[0] or want[1] not in str(err):
                    raise AssertionError(f"kind {kind}: {err.status} {err}")
            else:
                raise AssertionError("garbage accepted")

    assert run_threads(work) == []


def test_shared_objects_across_threads(warrant, agent_key, root_key):
    auth = Authorizer(trusted_roots=[root_key.public_key])
    expected = warrant.sign(agent_key, "read_file", {"path": "/data/0"}, NOW)

    def work(index: int) -> None:
        for i in range(200):
            args = {"path": f"/data/{i % 7}"}
            sig = warrant.sign(agent_key, "read_file", args, NOW)
            auth.authorize(warrant, "read_file", args, sig, now=NOW)
            assert warrant.why_denied("read_file", {"path": "/etc"}, now=NOW).field == "path"
            if i % 7 == 0:
                assert sig == expected
            child = warrant.grant(to=root_key.public_key, allow="ping", key=agent_key, ttl=60,
                                  now=NOW)
            assert child.depth == 1 and str(Warrant(str(child))) == str(child)

    assert run_threads(work) == []
