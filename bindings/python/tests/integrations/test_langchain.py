"""tenuo.langchain on real langchain-core tools: the seed README snippet (DuckDuckGo replaced
by a local search tool), sync and async invoke, denials before the tool runs, scope mode."""

from __future__ import annotations

import asyncio

from integ_env import require_frameworks

require_frameworks()

import pytest  # noqa: E402
from langchain_core.tools import BaseTool, tool  # noqa: E402

from tenuo import (Capability, ConstraintViolation, Pattern, SigningKey, ToolNotAuthorized,  # noqa: E402
                   Warrant, configure, mint_sync)
from tenuo.exceptions import ConfigurationError, TenuoError, UntrustedRoot  # noqa: E402
from tenuo.langchain import TenuoTool, guard  # noqa: E402

CALLS: list = []


class LocalSearch(BaseTool):
    """A local stand-in for DuckDuckGoSearchRun: same name, one `query` argument."""

    name: str = "search"
    description: str = "Search the local corpus."

    def _run(self, query: str) -> str:
        CALLS.append(("search", query))
        return f"results for {query}"


@tool
def read_file(path: str) -> str:
    """Read a file."""
    CALLS.append(("read_file", path))
    return f"contents of {path}"


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def test_seed_readme_snippet(audit_events):
    # The README block, with LocalSearch for DuckDuckGoSearchRun and no agent/LLM. One line is
    # added (marked): the reference also refuses to run a guarded tool with no trusted root.
    keypair = SigningKey.generate()
    warrant = (Warrant.mint_builder()
               .tools(["search"])
               .mint(keypair))
    bound = warrant.bind(keypair)
    configure(trusted_roots=[keypair.public_key])          # added: whom to trust
    protected_tools = guard([LocalSearch()], bound)
    assert isinstance(protected_tools[0], BaseTool) and protected_tools[0].name == "search"
    assert protected_tools[0].invoke({"query": "weather"}) == "results for weather"
    assert protected_tools[0].invoke("weather") == "results for weather"
    assert [e["action"] for e in audit_events] == ["authorized", "authorized"]
    other = guard([read_file], bound)[0]
    with pytest.raises(ToolNotAuthorized):
        other.invoke({"path": "/etc/passwd"})
    assert CALLS == [("search", "weather"), ("search", "weather")]   # read_file never ran
    assert audit_events[-1]["action"] == "denied" and audit_events[-1]["tool"] == "read_file"


def test_constraints_sync_and_async():
    issuer, agent = SigningKey.generate(), SigningKey.generate()
    w = (Warrant.mint_builder().capability("read_file", path=Pattern("/data/*"))
         .holder(agent.public_key).ttl(300).mint(issuer))
    [t] = guard([read_file], w.bind(agent), trusted_roots=[issuer.public_key])
    assert t.args_schema is read_file.args_schema
    assert t.invoke({"path": "/data/a"}) == "contents of /data/a"
    with pytest.raises(ConstraintViolation):
        t.invoke({"path": "/etc/passwd"})
    assert asyncio.run(t.ainvoke({"path": "/data/b"})) == "contents of /data/b"
    with pytest.raises(ConstraintViolation):
        asyncio.run(t.ainvoke({"path": "/etc/shadow"}))
    # The denial is a TenuoError, not a ToolException: handle_tool_error does not swallow it.
    t.handle_tool_error = True
    with pytest.raises(TenuoError):
        t.invoke({"path": "/etc/passwd"})
    assert CALLS == [("read_file", "/data/a"), ("read_file", "/data/b")]


def test_untrusted_root_when_configured():
    issuer, agent, other = SigningKey.generate(), SigningKey.generate(), SigningKey.generate()
    configure(trusted_roots=[other.public_key])
    w = Warrant.mint_builder().tool("read_file").holder(agent.public_key).ttl(60).mint(issuer)
    with pytest.raises(UntrustedRoot):
        guard([read_file], w.bind(agent))[0].invoke({"path": "/data/a"})
    assert CALLS == []


def test_scope_mode_and_plain_functions():
    configure(issuer_key=SigningKey.generate(), dev_mode=True, audit_log=False)

    def lookup(city: str) -> str:
        """Look up a city."""
        CALLS.append(("lookup", city))
        return city.upper()

    [t] = guard([lookup])
    assert isinstance(t, TenuoTool)
    with pytest.raises(ToolNotAuthorized):
        t.invoke({"city": "paris"})        # outside any scope
    with mint_sync(Capability("lookup", city=Pattern("p*"))):
        assert t.invoke({"city": "paris"}) == "PARIS"
        with pytest.raises(ConstraintViolation):
            t.invoke({"city": "rome"})
    assert CALLS == [("lookup", "paris")]


def test_no_trusted_root_fails_closed():
    agent = SigningKey.generate()
    w = Warrant.mint_builder().tool("read_file").holder(agent.public_key).ttl(60).mint(agent)
    [t] = guard([read_file], w.bind(agent))          # nothing configured, no trusted_roots
    with pytest.raises(ConfigurationError, match="no trusted roots"):
        t.invoke({"path": "/data/a"})
    assert CALLS == []
