"""Audit events (issue #10) as Python receives them from the library's sink.

The fixed decisions below are the ones Tests/CTests/audit.c makes through the C API; both
suites compare their lines with Tests/Vectors/audit-events.txt, so the same decision gives the
same event in C and in Python (apart from the random ``id``/``ref``).
"""

from __future__ import annotations

import io
import json
import logging
import re

import pytest

from helpers import REPO, seed_key
from tenuo import (Authorizer, Capability, Pattern, SigningKey, Warrant, configure, guard,
                   mint_sync)
from tenuo import _native
from tenuo.audit import REDACTED, audit_logger
from tenuo.config import reset_config
from tenuo.exceptions import AuthorizationDenied, ConstraintViolation, TenuoError

NOW = 1_800_000_000
VECTORS = REPO / "Tests" / "Vectors" / "audit-events.txt"


@pytest.fixture(autouse=True)
def clean_state():
    reset_config()
    yield
    audit_logger.configure(enabled=False, include_arguments=False)
    reset_config()


def expected_lines() -> dict:
    out = {}
    for line in VECTORS.read_text().splitlines():
        if line and not line.startswith("#"):
            name, text = line.split("\t", 1)
            out[name] = text
    return out


def mask(line: str) -> str:
    line = re.sub(r'"id":"evt_[0-9a-f]{16}"', '"id":"evt_' + "x" * 16 + '"', line)
    return re.sub(r'"ref":"[0-9a-f]{8}"', '"ref":"' + "x" * 8 + '"', line)


class Fixed:
    """The C test's decision: seeds 0x01/0x02, id 0x11*16, Pattern("weather *"), now 1.8e9."""

    def __init__(self) -> None:
        self.issuer, self.agent = seed_key(1), seed_key(2)
        self.warrant = (Warrant.mint_builder().capability("search", query=Pattern("weather *"))
                        .holder(self.agent.public_key).ttl(3600).id(bytes([0x11]) * 16)
                        .mint(self.issuer, now=NOW))
        self.auth = Authorizer(trusted_roots=[self.issuer.public_key])

    def decide(self, query: str, pop: bool = True) -> None:
        args = {"query": query}
        sig = bytes(self.warrant.sign(self.agent, "search", args, now=NOW)) if pop else None
        self.auth.authorize(self.warrant, "search", args, signature=sig, now=NOW)


def capture() -> io.StringIO:
    out = io.StringIO()
    audit_logger.configure(enabled=True, stream=out)
    return out


def test_no_sink_until_enabled():
    audit_logger.configure(enabled=False)
    assert _native.audit_sink_count() == 0 and not audit_logger.installed
    out = io.StringIO()
    audit_logger.configure(enabled=False, stream=out)
    Fixed().decide("weather NYC")
    assert out.getvalue() == ""


def test_lines_equal_the_c_suites_vectors():
    want = expected_lines()
    f = Fixed()
    out = capture()
    f.decide("weather NYC")
    with pytest.raises(ConstraintViolation):
        f.decide("stock prices")
    with pytest.raises(TenuoError):
        f.decide("weather NYC", pop=False)
    audit_logger.configure(enabled=True, stream=out, include_arguments=True)
    with pytest.raises(ConstraintViolation):
        f.decide("stock prices")
    lines = [mask(x) for x in out.getvalue().splitlines()]
    assert lines == [want["allow"], want["deny"], want["deny_no_pop"], want["deny_with_arguments"]]


def test_allow_event_field_by_field():
    f = Fixed()
    out = capture()
    f.decide("weather NYC")
    (event,) = [json.loads(x) for x in out.getvalue().splitlines()]
    assert event["event_type"] == "authorization_success" and event["action"] == "authorized"
    assert event["severity"] == "info" and event["service"] == "libtenuo"
    assert event["tool"] == "search" and event["error_code"] is None
    assert event["warrant_id"] == f.warrant.id == "tnu_wrt_" + "11" * 16
    assert event["chain_depth"] == 0 and event["chain_length"] == 1
    assert event["holder"] == f.agent.public_key.to_hex()
    assert event["issuer"] == f.issuer.public_key.to_hex()
    assert event["@timestamp"] == "2027-01-15T08:00:00Z" and event["time_unix"] == NOW
    assert re.fullmatch(r"evt_[0-9a-f]{16}", event["id"]) and event["ref"] == event["id"][4:12]
    assert event["arguments"] == {"query": REDACTED} and event["arguments_redacted"] is True
    assert event["details"] == "Authorization successful for search"


def test_deny_event_field_by_field_and_redaction():
    f = Fixed()
    out = capture()
    with pytest.raises(ConstraintViolation):
        f.decide("stock prices")
    text = out.getvalue()
    assert "stock prices" not in text
    event = json.loads(text)
    assert event["event_type"] == "authorization_failure" and event["action"] == "denied"
    assert event["severity"] == "error"
    assert event["error_code"] == "CONSTRAINT_VIOLATION" and event["wire_code"] == 1501
    assert event["deny_code"] == "CONSTRAINT_MISMATCH" and event["field"] == "query"
    assert event["details"] == "Authorization denied: CONSTRAINT_VIOLATION (argument 'query')"
    assert "suggestion" not in event
    assert event["arguments"] == {"query": REDACTED}

    audit_logger.configure(enabled=True, stream=out, include_arguments=True)
    assert audit_logger.include_arguments
    out.truncate(0), out.seek(0)
    with pytest.raises(ConstraintViolation):
        f.decide("stock prices")
    event = json.loads(out.getvalue())
    assert event["arguments"] == {"query": "stock prices"} and event["arguments_redacted"] is False
    assert "weather *" in event["suggestion"]


def test_chain_and_delegated_decisions_report_depth():
    f = Fixed()
    worker = SigningKey.generate()
    child = f.warrant.grant(to=worker.public_key, allow="search", key=f.agent,
                            query=Pattern("weather NYC*"), now=NOW)
    out = capture()
    args = {"query": "weather NYC"}
    f.auth.check_chain([f.warrant, child], "search", args,
                       signature=bytes(child.sign(worker, "search", args, now=NOW)), now=NOW)
    event = json.loads(out.getvalue())
    assert event["chain_depth"] == 1 and event["chain_length"] == 2
    assert event["warrant_id"] == child.id and event["holder"] == worker.public_key.to_hex()
    assert event["issuer"] == f.issuer.public_key.to_hex()


def test_python_logging_and_custom_handler(caplog):
    f = Fixed()
    audit_logger.configure(use_python_logging=True, logger_name="tenuo")
    with caplog.at_level(logging.INFO, logger="tenuo"):
        f.decide("weather NYC")
        with pytest.raises(ConstraintViolation):
            f.decide("stock prices")
    records = [r for r in caplog.records if r.name == "tenuo"]
    assert [r.levelno for r in records] == [logging.INFO, logging.ERROR]
    assert json.loads(records[1].getMessage())["error_code"] == "CONSTRAINT_VIOLATION"

    seen = []
    audit_logger.configure(handler=seen.append)
    f.decide("weather NYC")
    assert [e["event_type"] for e in seen] == ["authorization_success"]


def test_configure_audit_log_switches_the_sink():
    configure(issuer_key=SigningKey.generate(), dev_mode=True, audit_log=False)
    assert not audit_logger.installed and _native.audit_sink_count() == 0
    configure(issuer_key=SigningKey.generate(), dev_mode=True)
    assert audit_logger.installed and _native.audit_sink_count() == 1


def test_guard_denial_ref_matches_the_logged_event():
    configure(issuer_key=SigningKey.generate(), dev_mode=True)
    out = io.StringIO()
    audit_logger.configure(stream=out)

    @guard(tool="read_file")
    def read_file(path: str) -> str:
        return path

    with mint_sync(Capability("read_file", path=Pattern("/data/*"))):
        assert read_file("/data/a.txt") == "/data/a.txt"
        with pytest.raises(AuthorizationDenied) as e:
            read_file("/etc/passwd")
    events = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["action"] for x in events] == ["authorized", "denied"]
    assert events[1]["ref"] == e.value.ref and e.value.ref in str(e.value)
    assert events[1]["field"] == "path" and "/etc/passwd" not in out.getvalue()

    with pytest.raises(AuthorizationDenied) as e:   # outside any scope: the guard's own event
        read_file("/data/a.txt")
    last = json.loads(out.getvalue().splitlines()[-1])
    assert last["event_type"] == "authorization_failure" and last["tool"] == "read_file"
    assert last["error_code"] == "NO_WARRANT_IN_SCOPE" and last["ref"] == e.value.ref


def test_default_output_is_stderr(capsys):
    audit_logger.configure(enabled=True)
    Fixed().decide("weather NYC")
    captured = capsys.readouterr()
    assert captured.out == "" and json.loads(captured.err)["tool"] == "search"


def test_denial_refs_match_their_own_events_across_threads():
    import threading

    configure(issuer_key=SigningKey.generate(), dev_mode=True)
    events = []
    lock = threading.Lock()

    def keep(event):
        with lock:
            events.append(event)

    audit_logger.configure(handler=keep)

    @guard(tool="fetch")
    def fetch(url: str) -> str:
        return url

    refs, errors = {}, []

    def run(name: str) -> None:
        try:
            with mint_sync(Capability("fetch", url=Pattern(f"https://{name}/*"))) as w:
                mine = []
                for i in range(20):
                    with pytest.raises(AuthorizationDenied) as e:
                        fetch(url=f"https://elsewhere/{name}/{i}")
                    mine.append(e.value.ref)
                refs[name] = (w.id, mine)
        except Exception as err:  # noqa: BLE001
            errors.append(err)

    threads = [threading.Thread(target=run, args=(n,)) for n in ("a", "b", "c", "d")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    by_ref = {e["ref"]: e for e in events}
    for warrant_id, mine in refs.values():
        assert len(set(mine)) == 20
        assert all(by_ref[r]["warrant_id"] == warrant_id and by_ref[r]["action"] == "denied"
                   for r in mine)
